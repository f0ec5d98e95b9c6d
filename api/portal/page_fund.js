// #/fund/<id> (balance, counters, FIFO lots, a chart) and #/org/<id>
// (registry entry, funds, recent money events, spending ratio).

import { enc, getJSON } from './api.js';
import { barChart } from './charts.js';
import { clear, empty, errorBox, facts, h, loading, numCell, section, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, percent, toFen } from './money.js';
import { fill } from './page_home.js';

const LOTS_PAGE = 50;
const SPENDING_TYPES = new Set(['disbursement.made', 'expense.recorded']);

function restriction(r) {
  if (!r) return t('fund.lot.none');
  if (r.purpose) return vocab('purpose', r.purpose);
  if (r.project) return t('fund.lot.project', { project: r.project });
  return JSON.stringify(r);
}

function lotRows(lots) {
  return lots.map((lot) => [String(lot.order ?? ''), h('a', { href: `#/log/${lot.source_seq}` }, String(lot.source_seq)),
    numCell(formatYuan(lot.amount_fen)), restriction(lot.restriction)]);
}

function lotsSection(id, first) {
  const box = section(t('fund.lots'));
  if (!first.lots || first.lots.length === 0) { box.append(empty(t('fund.nolots'))); return box; }
  const tbl = table([t('fund.lot.order'), t('fund.lot.source'), t('common.amount'), t('fund.lot.restriction')], lotRows(first.lots), 'lots');
  box.append(tbl);
  const tbody = tbl.querySelector('tbody');
  let next = first.lots_next;
  const more = h('button', { type: 'button', class: 'secondary', 'data-testid': 'lots-more' }, t('common.more'));
  const status = h('div');
  more.addEventListener('click', async () => {
    more.disabled = true;
    const spin = status.appendChild(loading());
    try {
      const page = await getJSON(`/v1/funds/${enc(id)}?lots_from=${next}&lots_limit=${LOTS_PAGE}`);
      for (const cells of lotRows(page.lots || [])) tbody.append(h('tr', {}, cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c)))));
      next = page.lots_next;
      spin.remove();
    } catch (err) {
      spin.replaceWith(errorBox(err));
    }
    more.disabled = false;
    if (next === null || next === undefined) more.remove();
  });
  if (next !== null && next !== undefined) box.append(more);
  box.append(status);
  return box;
}

export async function fundPage(root, id) {
  clear(root, h('h2', { class: 'page-title' }, t('fund.title', { id })));
  const spin = root.appendChild(loading());
  let f;
  try {
    f = await getJSON(`/v1/funds/${enc(id)}?lots_limit=${LOTS_PAGE}`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('fund.notfound')));
    return;
  }
  spin.remove();
  if (f.name) root.querySelector('.page-title').textContent = `${f.name} (${f.id})`;
  const head = section(t('fund.balance'),
    h('p', { class: 'amount-big', 'data-testid': 'fund-balance', 'data-fen': toFen(f.balance_fen).toString() }, formatYuan(f.balance_fen)),
    facts([
      [t('fund.inflow'), h('span', { 'data-testid': 'fund-inflow', 'data-fen': toFen(f.inflow_fen).toString() }, formatYuan(f.inflow_fen))],
      [t('fund.outflow'), h('span', { 'data-testid': 'fund-outflow', 'data-fen': toFen(f.outflow_fen).toString() }, formatYuan(f.outflow_fen))],
      f.budget_fen !== undefined && [t('fund.budget'), formatYuan(f.budget_fen)],
      [t('fund.purpose'), vocab('purpose', f.purpose)],
      [t('fund.restricted'), f.restricted ? t('common.yes') : t('common.no')],
      [t('fund.kind'), vocab('kind', f.kind)],
      [t('fund.owner'), h('a', { href: `#/org/${enc(f.owner)}` }, f.owner)],
    ]));
  const chart = section(t('fund.chart'), barChart([
    { label: t('fund.inflow'), fen: f.inflow_fen, cls: 'c-in' },
    { label: t('fund.outflow'), fen: f.outflow_fen, cls: 'c-out' },
    { label: t('fund.balance'), fen: f.balance_fen, cls: 'c-held' },
  ], t('fund.chart'), 'fund-chart'));
  root.append(head, chart, lotsSection(f.id, f));
}

function findFen(list, key, id) {
  const row = (list || []).find((x) => x[key] === id);
  return row ? toFen(row.amount_fen) : 0n;
}

function ratioBox(stats, id) {
  const received = findFen(stats.donations?.by_org, 'org', id);
  const spent = findFen(stats.spending?.by_org, 'org', id);
  const pct = percent(spent, received);
  const line = pct === null ? t('org.ratio.none')
    : t('org.ratio.value', { received: formatYuan(received), spent: formatYuan(spent), pct });
  return [h('p', { 'data-testid': 'org-ratio', 'data-received-fen': received.toString(), 'data-spent-fen': spent.toString() }, line),
    h('p', { class: 'note' }, t('org.ratio.meaning'))];
}

function recentRows(recent) {
  return recent.map((r) => {
    const href = SPENDING_TYPES.has(r.type) ? `#/disbursement/${r.seq}` : `#/log/${r.seq}`;
    return [h('a', { href }, String(r.seq)), vocab('etype', r.type), r.by];
  });
}

export async function orgPage(root, id) {
  clear(root, h('h2', { class: 'page-title' }, t('org.title')));
  const spin = root.appendChild(loading());
  let org;
  try {
    org = await getJSON(`/v1/orgs/${enc(id)}`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('org.notfound')));
    return;
  }
  spin.remove();
  root.querySelector('.page-title').textContent = `${org.name} (${org.id})`;
  const head = section(t('org.title'), facts([
    [t('org.kind'), vocab('orgkind', org.kind)],
    [t('org.roles'), (org.roles || []).map((r) => vocab('role', r)).join('、')],
  ]));
  if (org.suspended) head.append(h('p', { class: 'banner banner-reversed' }, t('org.suspended', { reason: org.suspended.reason })));
  const funds = org.funds || [];
  const fundBox = section(t('org.funds'), funds.length === 0 ? empty(t('org.nofunds'))
    : table([t('common.fund'), t('fund.balance')],
      funds.map((f) => [h('a', { href: `#/fund/${enc(f.id)}` }, f.id), numCell(formatYuan(f.balance_fen))]), 'org-funds'));
  const recent = org.recent || [];
  const recentBox = section(t('org.recent'), recent.length === 0 ? empty()
    : table([t('common.seq'), t('fund.kind'), t('common.org')], recentRows(recent), 'org-recent'));
  const ratio = section(t('org.ratio'));
  root.append(head, ratio, fundBox, recentBox);
  await fill(ratio, async () => ratioBox(await getJSON('/v1/stats?honour_limit=1'), org.id));
}
