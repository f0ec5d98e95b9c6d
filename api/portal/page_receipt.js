// #/receipt/<receipt>: a donation and where every fen of it went;
// #/disbursement/<seq>: the reverse view, which sources paid for a spending.

import { enc, getJSON } from './api.js';
import { stackedBar } from './charts.js';
import { clear, errorBox, facts, h, loading, section } from './dom.js';
import { flowDiagram } from './flow.js';
import { t, vocab } from './i18n.js';
import { formatYuan, sumFen, toFen } from './money.js';
import { fundLink, fundName, orgLink } from './names.js';
import { proofStatus } from './proofview.js';
import { receiptStatusSection } from './receipt_record.js';

const RECEIPT = /^[A-Za-z0-9._-]{1,64}$/;

// The search box of the home and receipt pages.
export function receiptForm(initial = '') {
  const input = h('input', { id: 'receipt-input', name: 'receipt', type: 'search', value: initial, autocomplete: 'off',
    spellcheck: 'false', maxlength: 64, placeholder: 'SZCF-2026-000123', 'aria-describedby': 'receipt-help' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    if (value) location.hash = `#/receipt/${enc(value)}`;
  } },
  h('label', { for: 'receipt-input' }, t('receipt.label')),
  h('div', { class: 'search-row' }, input, h('button', { id: 'receipt-go', type: 'submit' }, t('receipt.go'))),
  h('p', { id: 'receipt-help', class: 'note' }, t('home.search.help')));
  return form;
}

function link(href, text) { return h('a', { href }, text); }

// Adds the donation's date and organisation to its facts list.
async function donationDetails(seq, list) {
  try {
    const ev = await getJSON(`/v1/events/${seq}`);
    const body = ev.body || {};
    list.append(...facts([
      body.date && [t('common.date'), body.date],
      [t('common.org'), orgLink(ev.org)],
    ]).childNodes);
  } catch { /* the trace already says what matters; the date is a nicety */ }
}

// The names of every fund the trace names, for the flow diagram.
async function fundNames(trace) {
  const ids = new Set([trace.fund]);
  for (const hop of trace.hops || []) { ids.add(hop.from); ids.add(hop.to); }
  for (const list of [trace.held, trace.spent, trace.expensed]) for (const x of list || []) ids.add(x.fund);
  const names = new Map();
  await Promise.all([...ids].map(async (id) => names.set(id, (await fundName(id)) || id)));
  return names;
}

export async function receiptPage(root, receipt) {
  clear(root, h('h2', { class: 'page-title' }, t('receipt.title', { receipt })), receiptForm(receipt));
  if (!RECEIPT.test(receipt)) {
    root.append(h('p', { class: 'state state-error', role: 'alert', 'data-testid': 'error' }, t('receipt.invalid')));
    return;
  }
  const spin = root.appendChild(loading());
  let trace;
  try {
    trace = await getJSON(`/v1/receipts/${enc(receipt)}/trace`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('receipt.notfound')));
    return;
  }
  spin.remove();
  const summary = section(trace.type === 'trust.contributed' ? t('receipt.trust') : t('receipt.donation'),
    h('p', { class: 'amount-big', 'data-testid': 'receipt-amount', 'data-fen': toFen(trace.amount_fen).toString() }, formatYuan(trace.amount_fen)),
    facts([
      [t('common.fund'), fundLink(trace.fund)],
      [t('common.seq'), link(`#/log/${trace.seq}`, String(trace.seq))],
    ]));
  if (trace.reversed) {
    summary.classList.add('reversed');
    summary.append(h('p', { class: 'banner banner-reversed', 'data-testid': 'receipt-reversed', role: 'status' }, t('receipt.reversed')));
  }
  donationDetails(trace.seq, summary.querySelector('dl'));
  root.append(summary, receiptStatusSection(receipt), section(t('proof.title'), proofStatus(trace.seq)));

  const spent = sumFen(trace.spent || []);
  const expensed = sumFen(trace.expensed || []);
  const held = sumFen(trace.held || []);
  const where = section(t('receipt.where'));
  if (spent + expensed + held > 0n) {
    where.append(stackedBar([
      { label: t('receipt.disbursed'), fen: spent, cls: 'c-spent' },
      { label: t('receipt.expensed'), fen: expensed, cls: 'c-expense' },
      { label: t('flow.held'), fen: held, cls: 'c-held' },
    ], t('receipt.where')));
  }
  where.append(h('p', {}, t('receipt.summary', { spent: formatYuan(spent), expensed: formatYuan(expensed), held: formatYuan(held) })));
  if (!trace.reversed && spent + expensed === 0n && (trace.hops || []).length === 0) where.append(h('p', { class: 'note' }, t('flow.empty')));
  root.append(where);
  where.append(flowDiagram(trace, await fundNames(trace)));
}

function sourceRow(src) {
  let label;
  if (src.receipt) label = link(`#/receipt/${enc(src.receipt)}`, src.receipt);
  else if (src.type === 'lottery.sales_reported') label = t('disb.lottery');
  else if (src.type === 'trust.income_recorded') label = t('disb.income');
  else label = src.type;
  return h('li', { class: 'source', 'data-testid': 'source', 'data-fen': toFen(src.amount_fen).toString(), 'data-type': src.type },
    h('span', { class: 'source-label' }, label),
    h('span', { class: 'source-amount' }, formatYuan(src.amount_fen)),
    h('a', { class: 'source-seq', href: `#/log/${src.source_seq}` }, t('disb.source', { seq: src.source_seq })));
}

export async function disbursementPage(root, seq) {
  clear(root, h('h2', { class: 'page-title' }, t('disb.title', { seq })));
  const spin = root.appendChild(loading());
  let d;
  try {
    d = await getJSON(`/v1/disbursements/${enc(seq)}/sources`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('disb.notfound')));
    return;
  }
  spin.remove();
  if (d.category) root.querySelector('.page-title').textContent = t('disb.expense', { seq: d.seq });
  const head = section(d.category ? t('flow.expensed', { category: vocab('category', d.category) }) : t('flow.disbursed', { purpose: vocab('purpose', d.purpose) }),
    h('p', { class: 'amount-big', 'data-testid': 'disbursement-amount', 'data-fen': toFen(d.amount_fen).toString() }, formatYuan(d.amount_fen)),
    facts([[t('common.fund'), fundLink(d.fund)], [t('common.seq'), link(`#/log/${d.seq}`, String(d.seq))]]));
  if (d.reversed) {
    head.classList.add('reversed');
    head.append(h('p', { class: 'banner banner-reversed', 'data-testid': 'disbursement-reversed', role: 'status' }, t('disb.reversed')));
  }
  const sources = d.sources || [];
  root.append(head, section(t('proof.title'), proofStatus(d.seq)),
    section(t('disb.sources'), h('ul', { class: 'sources', 'data-testid': 'sources' }, sources.map(sourceRow))));
}
