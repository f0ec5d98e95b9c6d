// #/ the home page (receipt and fiscal e-receipt search, log size, latest
// checkpoint, totals, the directory of orgs: directory.js) and #/log the
// ledger page (checkpoint, witness cosignatures, proof checker).

import { getJSON, getText } from './api.js';
import { columnChart } from './charts.js';
import { clear, empty, errorBox, facts, h, loading, section, table } from './dom.js';
import { directoryView, loadDirectory } from './directory.js';
import { formatDateTime, t } from './i18n.js';
import { formatYuan, sumFen, toFen } from './money.js';
import { parseCheckpoint } from './proof.js';
import { proofStatus } from './proofview.js';
import { receiptForm } from './page_receipt.js';
import { fiscalForm } from './receipt_record.js';

// Runs load() and puts its result in place of a spinner inside box.
export async function fill(box, load, notFound) {
  const spin = box.appendChild(loading());
  try {
    const content = await load();
    spin.replaceWith(...[content].flat().filter(Boolean));
  } catch (err) {
    spin.replaceWith(errorBox(err, notFound));
  }
}

function amount(testid, fen) {
  return h('span', { class: 'amount', 'data-testid': testid, 'data-fen': toFen(fen).toString() }, formatYuan(fen));
}

function checkpointSummary(text) {
  const cp = parseCheckpoint(text);
  return facts([[t('home.checkpoint'), h('span', { 'data-testid': 'checkpoint-size' }, t('home.checkpoint.size', { size: cp.size.toString() }))]]);
}

function totals(stats) {
  const d = stats.donations || {};
  const s = stats.spending || {};
  const lottery = stats.lottery || [];
  const spent = sumFen(s.by_purpose || []) + sumFen(s.by_category || []);
  const list = facts([
    [t('home.donations'), [amount('total-donations', d.total_fen ?? 0), h('span', { class: 'note' }, ` · ${t('common.count')} ${d.count ?? 0}`)]],
    [t('home.income'), amount('total-income', stats.income?.total_fen ?? 0)],
    [t('home.spent'), amount('total-spent', spent)],
    [t('home.sales'), amount('total-sales', sumFen(lottery, 'sales_fen'))],
    [t('home.welfare'), amount('total-welfare', sumFen(lottery, 'welfare_fen'))],
  ]);
  const months = d.by_month || [];
  const chart = months.length
    ? columnChart(months.map((m) => ({ label: m.month, fen: m.amount_fen })), t('home.bymonth'), 'chart-donations-month')
    : empty();
  return [list, h('h3', {}, t('home.bymonth')), chart];
}

export async function homePage(root) {
  clear(root, h('p', { class: 'tagline' }, t('site.tagline')));
  root.append(section(t('home.search'), receiptForm()), section(t('fiscal.title'), fiscalForm()));
  const ledger = section(t('log.title'));
  const sums = section(t('home.totals'));
  const directory = section(t('dir.title'));
  directory.dataset.testid = 'directory-section';
  root.append(ledger, sums, directory);
  await Promise.all([
    fill(directory, async () => directoryView(await loadDirectory())),
    fill(ledger, async () => {
      const [health, cp] = await Promise.all([getJSON('/healthz'), getText('/v1/checkpoint')]);
      return [facts([[t('home.size'), h('span', { 'data-testid': 'tree-size' }, String(health.tree_size))]]), checkpointSummary(cp)];
    }),
    fill(sums, async () => totals(await getJSON('/v1/stats?honour_limit=1'))),
  ]);
}

function cosignatures(data) {
  const list = data.cosignatures || [];
  if (list.length === 0) return empty(t('log.nowitness'));
  return table([t('log.witness'), t('log.time')],
    list.map((c) => [c.witness, formatDateTime(c.timestamp)]), 'cosignatures');
}

function proofChecker(initial) {
  const result = h('div', { class: 'proof-result-box' });
  const input = h('input', { id: 'proof-seq', name: 'seq', type: 'text', inputmode: 'numeric', pattern: '[0-9]*', value: initial ?? '', autocomplete: 'off' });
  const run = () => {
    const value = input.value.trim();
    if (!/^(0|[1-9]\d{0,15})$/.test(value)) {
      clear(result, h('p', { class: 'state state-error', role: 'alert', 'data-testid': 'proof-result', 'data-state': 'failed' }, t('log.badseq')));
      return;
    }
    clear(result, proofStatus(value, 'proof-result'));
  };
  const form = h('form', { class: 'search', onsubmit: (ev) => { ev.preventDefault(); run(); } },
    h('label', { for: 'proof-seq' }, t('log.seq')),
    h('div', { class: 'search-row' }, input, h('button', { id: 'proof-check', type: 'submit' }, t('log.go'))));
  if (initial !== undefined) run();
  return section(t('log.check'), form, result);
}

export async function logPage(root, seq) {
  clear(root, h('h2', { class: 'page-title' }, t('log.title')));
  const checker = proofChecker(seq);
  const size = section(t('log.size'));
  const cp = section(t('log.checkpoint'));
  const wit = section(t('log.witnesses'));
  root.append(checker);
  if (seq !== undefined) {
    const ev = section(t('log.event'));
    root.append(ev);
    fill(ev, async () => h('pre', { class: 'event', 'data-testid': 'event-json' }, JSON.stringify(await getJSON(`/v1/events/${seq}`), null, 2)));
  }
  root.append(size, cp, wit);
  await Promise.all([
    fill(size, async () => h('p', { class: 'amount-big', 'data-testid': 'tree-size' }, String((await getJSON('/healthz')).tree_size))),
    fill(cp, async () => h('pre', { class: 'checkpoint', 'data-testid': 'checkpoint' }, await getText('/v1/checkpoint'))),
    fill(wit, async () => cosignatures(await getJSON('/v1/cosignatures'))),
  ]);
}
