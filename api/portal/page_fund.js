// #/fund/<id>: balance, counters, money committed to projects, inflow and
// outflow by month, FIFO lots.
// (The org page is page_org.js.)

import { enc, getJSON } from './api.js';
import { groupedColumnChart, lineChart } from './charts.js';
import { clear, empty, errorBox, facts, h, loading, numCell, section, table } from './dom.js';
import { exportSection } from './export_links.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';
import { orgLink } from './names.js';
import { fill } from './page_home.js';

const LOTS_PAGE = 50;
const FLOWS_PAGE = 1000;      // the most months GET /v1/funds/{id}/flows gives at once
const FLOWS_MAX_PAGES = 10;   // so a page fetches at most 10,000 months

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

// Committed and usable money, when some of the fund is committed to
// approved projects (usable = balance − committed).
function commitmentFacts(f) {
  if (f.committed_fen === undefined || toFen(f.committed_fen) <= 0n) return [];
  const amount = (testid, fen) => h('span', { 'data-testid': testid, 'data-fen': toFen(fen).toString() }, formatYuan(fen));
  return [[t('fund.committed'), amount('fund-committed', f.committed_fen)],
    [t('fund.usable'), [amount('fund-usable', f.usable_fen), h('span', { class: 'note fund-committed-note' }, t('fund.committed.note'))]]];
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
      ...commitmentFacts(f),
      f.budget_fen !== undefined && [t('fund.budget'), formatYuan(f.budget_fen)],
      [t('fund.purpose'), vocab('purpose', f.purpose)],
      [t('fund.restricted'), f.restricted ? t('common.yes') : t('common.no')],
      [t('fund.kind'), vocab('kind', f.kind)],
      [t('fund.owner'), orgLink(f.owner)],
    ]));
  const flows = section(t('flows.title'));
  flows.dataset.testid = 'fund-flows';
  root.append(head, flows, lotsSection(f.id, f), exportSection(f.owner, f.id));
  await fill(flows, async () => flowsContent(f, await loadFlows(f.id)));
}

// The fund's months, following `next` for at most FLOWS_MAX_PAGES pages;
// `truncated` says that there were more months than were fetched.
async function loadFlows(id) {
  const months = [];
  let from = null;
  for (let pages = 0; pages < FLOWS_MAX_PAGES; pages += 1) {
    const query = from === null ? '' : `from=${enc(from)}&`;
    const page = await getJSON(`/v1/funds/${enc(id)}/flows?${query}limit=${FLOWS_PAGE}`);
    months.push(...(page.months || []));
    from = page.next ?? null;
    if (from === null) return { months, truncated: false };
  }
  return { months, truncated: true };
}

// Each month in fen, with the running balance after it (cumulative inflow
// minus cumulative outflow since the fund's first flow).
function runningBalance(months) {
  let balance = 0n;
  return months.map((m) => {
    const inflow = toFen(m.inflow_fen);
    const outflow = toFen(m.outflow_fen);
    balance += inflow - outflow;
    return { month: m.month, inflow, outflow, balance };
  });
}

// Whether the months add up to the fund's own counters, to the fen; the
// running balance is shown only then, so that it ends at the balance above.
function addsUp(f, rows) {
  const inflow = rows.reduce((s, r) => s + r.inflow, 0n);
  const outflow = rows.reduce((s, r) => s + r.outflow, 0n);
  const balance = rows.length ? rows[rows.length - 1].balance : 0n;
  return { inflow, outflow, ok: inflow === toFen(f.inflow_fen) && outflow === toFen(f.outflow_fen) && balance === toFen(f.balance_fen) };
}

function fenCell(kind, fen) {
  return h('td', { class: 'num', 'data-kind': kind, 'data-fen': fen.toString() }, formatYuan(fen));
}

function flowsTable(rows, sums, withBalance) {
  const headers = [t('flows.month'), t('flows.inflow'), t('flows.outflow'), withBalance && t('flows.balance')].filter(Boolean);
  const tbl = table(headers, rows.map((r) => [r.month, fenCell('inflow', r.inflow), fenCell('outflow', r.outflow),
    withBalance && fenCell('balance', r.balance)].filter(Boolean)), 'fund-flows-table');
  const el = tbl.querySelector('table');
  el.prepend(h('caption', {}, t('flows.table')));
  el.append(h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('flows.total')),
    fenCell('inflow', sums.inflow), fenCell('outflow', sums.outflow), withBalance && fenCell('balance', rows[rows.length - 1].balance))));
  return tbl;
}

function flowsContent(f, { months, truncated }) {
  const rows = runningBalance(months);
  const sums = addsUp(f, rows);
  const meaning = h('p', { class: 'note' }, t('flows.meaning'));
  const note = truncated
    ? h('p', { class: 'banner banner-note', 'data-testid': 'flows-truncated' }, t('flows.truncated', { months: rows.length, pages: FLOWS_MAX_PAGES, path: `/v1/funds/${f.id}/flows` }))
    : !sums.ok && h('p', { class: 'banner banner-note', 'data-testid': 'flows-mismatch' }, t('flows.mismatch', {
      inflow: formatYuan(sums.inflow), fundInflow: formatYuan(f.inflow_fen), outflow: formatYuan(sums.outflow), fundOutflow: formatYuan(f.outflow_fen) }));
  if (rows.length === 0) return [empty(t('flows.none')), note, meaning];
  const chart = groupedColumnChart(rows.map((r) => ({ label: r.month, fens: [r.inflow, r.outflow] })),
    [{ name: t('flows.inflow'), cls: 'c-in' }, { name: t('flows.outflow'), cls: 'c-out' }], t('flows.chart'), 'fund-flows-chart');
  const out = [h('h3', {}, t('flows.chart')), chart, meaning, note];
  const withBalance = !note;
  if (withBalance && rows.length > 1) {  // one month's balance is the table's last cell
    out.push(h('h3', {}, t('flows.balance.chart')),
      lineChart(rows.map((r) => ({ label: r.month, fen: r.balance })), t('flows.balance.chart'), 'fund-balance-chart'));
  }
  if (withBalance && rows.some((r) => r.balance < 0n)) out.push(h('p', { class: 'note', 'data-testid': 'flows-negative' }, t('flows.negative')));
  out.push(flowsTable(rows, sums, withBalance));
  return out;
}
