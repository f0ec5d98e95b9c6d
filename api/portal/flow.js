// The receipt page's flow diagram: from the donation into its fund, through
// every transfer (hop) to other funds, down to the disbursements by purpose,
// the expenses by category and the balance still held, each a box with the
// fen it carries. Funds are laid out in the order the money reached them
// (breadth first from the donation's fund), one card each, so the diagram
// reads top to bottom on a phone and a transfer back never loops.

import { h } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';

function node(kind, fen, label, { href, sub } = {}) {
  const body = [h('span', { class: 'flow-label' }, label), h('span', { class: 'flow-amount' }, formatYuan(fen))];
  if (sub) body.push(h('span', { class: 'flow-sub' }, sub));
  const attrs = { class: `flow-node flow-${kind}`, 'data-testid': 'flow-node', 'data-kind': kind, 'data-fen': toFen(fen).toString() };
  return href ? h('a', { ...attrs, href }, body) : h('div', attrs, body);
}

// Funds in the order the donation's money reached them.
function fundOrder(trace) {
  const order = [trace.fund];
  for (let i = 0; i < order.length; i++) {
    for (const hop of trace.hops || []) {
      if (hop.from === order[i] && !order.includes(hop.to)) order.push(hop.to);
    }
  }
  for (const list of [trace.held, trace.spent, trace.expensed]) {
    for (const item of list || []) if (!order.includes(item.fund)) order.push(item.fund);
  }
  return order;
}

function depths(trace, order) {
  const depth = { [trace.fund]: 0 };
  for (const fund of order) {
    for (const hop of trace.hops || []) {
      if (hop.from === fund && depth[hop.to] === undefined) depth[hop.to] = (depth[fund] ?? 0) + 1;
    }
  }
  return depth;
}

function fundCard(trace, fund, depth, names) {
  const hops = trace.hops || [];
  let received = fund === trace.fund ? toFen(trace.amount_fen) : 0n;
  for (const hop of hops) if (hop.to === fund) received += toFen(hop.amount_fen);

  const outs = new Map();
  for (const hop of hops.filter((x) => x.from === fund)) {
    outs.set(hop.to, (outs.get(hop.to) ?? 0n) + toFen(hop.amount_fen));
  }
  const children = [];
  for (const [to, fen] of outs) {
    children.push(h('a', { class: 'flow-edge', href: `#/fund/${encodeURIComponent(to)}`, title: to },
      h('span', { 'aria-hidden': 'true' }, '↳ '), t('flow.out', { to: names.get(to) ?? to }), ' ', h('strong', {}, formatYuan(fen))));
  }
  for (const s of (trace.spent || []).filter((x) => x.fund === fund)) {
    children.push(node('disbursement', s.amount_fen, t('flow.disbursed', { purpose: vocab('purpose', s.purpose) }),
      { href: `#/disbursement/${s.seq}`, sub: t('common.event', { seq: s.seq }) }));
  }
  for (const e of (trace.expensed || []).filter((x) => x.fund === fund)) {
    children.push(node('expense', e.amount_fen, t('flow.expensed', { category: vocab('category', e.category) }),
      { href: `#/disbursement/${e.seq}`, sub: t('common.event', { seq: e.seq }) }));
  }
  for (const held of (trace.held || []).filter((x) => x.fund === fund)) {
    children.push(node('held', held.amount_fen, t('flow.held')));
  }
  const card = h('div', { class: `flow-card depth-${Math.min(depth, 3)}`, 'data-fund': fund },
    node('fund', received, names.get(fund) ?? fund, { href: `#/fund/${encodeURIComponent(fund)}`, sub: t('flow.received') }),
    h('div', { class: 'flow-children' }, children));
  return card;
}

// `names` maps a fund id to its name (an id missing from it shows as it is).
export function flowDiagram(trace, names = new Map()) {
  const order = fundOrder(trace);
  const depth = depths(trace, order);
  const donation = node('donation', trace.amount_fen, trace.receipt,
    { sub: `${vocab('receipt', trace.type === 'trust.contributed' ? 'trust' : 'donation')} · ${t('common.event', { seq: trace.seq })}` });
  const cards = order.map((fund) => [h('div', { class: 'flow-arrow', 'aria-hidden': 'true' }, '↓'), fundCard(trace, fund, depth[fund] ?? 1, names)]);
  return h('div', { class: 'flow', 'data-testid': 'flow', role: 'group', 'aria-label': t('flow.label') }, donation, cards);
}
