// #/lottery (sales and welfare fund by game and month, spending by purpose,
// the projects funded from lottery money: lottery_projects.js) and #/honour
// (the public honour list, a page at a time).

import { getJSON } from './api.js';
import { barChart, columnChart } from './charts.js';
import { clear, empty, errorBox, h, loading, numCell, section, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { fundedProjectsSection } from './lottery_projects.js';
import { formatYuan, toFen } from './money.js';
import { orgLink } from './names.js';

// The four traditional aims of welfare-lottery money first (扶老、助残、
// 救孤、济困), then the rest of the purpose vocabulary.
const PURPOSES = ['elderly', 'disabled', 'orphans', 'poverty', 'disaster', 'medical', 'education', 'community', 'general'];
const HONOUR_PAGE = 50;

async function loadStats(root, query) {
  const spin = root.appendChild(loading());
  try {
    const stats = await getJSON(`/v1/stats${query}`);
    spin.remove();
    return stats;
  } catch (err) {
    spin.replaceWith(errorBox(err));
    return null;
  }
}

function byMonth(rows) {
  const months = new Map();
  for (const r of rows) months.set(r.period, (months.get(r.period) ?? 0n) + toFen(r.welfare_fen));
  return [...months.keys()].sort().map((m) => ({ label: m, fen: months.get(m) }));
}

function lotteryTable(rows) {
  const sorted = [...rows].sort((a, b) => (a.period === b.period ? (a.game < b.game ? -1 : 1) : (a.period < b.period ? -1 : 1)));
  return table([t('lottery.period'), t('lottery.game'), t('lottery.sales'), t('lottery.welfare'), t('common.count')],
    sorted.map((r) => [r.period, vocab('game', r.game), numCell(formatYuan(r.sales_fen)), numCell(formatYuan(r.welfare_fen)), numCell(String(r.count))]),
    'lottery-table');
}

function allocations(byPurpose) {
  const known = new Map((byPurpose || []).map((p) => [p.purpose, p.amount_fen]));
  const labels = [...PURPOSES, ...[...known.keys()].filter((p) => !PURPOSES.includes(p))];
  const items = labels.map((p) => ({ label: vocab('purpose', p), fen: known.get(p) ?? 0, cls: PURPOSES.indexOf(p) < 4 ? 'c-main' : '' }));
  return [barChart(items, t('lottery.alloc'), 'chart-purpose'), h('p', { class: 'note' }, t('lottery.alloc.note'))];
}

export async function lotteryPage(root) {
  clear(root, h('h2', { class: 'page-title' }, t('lottery.title')));
  const stats = await loadStats(root, '?honour_limit=1');
  if (!stats) return;
  const rows = stats.lottery || [];
  const sales = section(t('lottery.bygame'));
  if (rows.length === 0) sales.append(empty(t('lottery.none')));
  else sales.append(columnChart(byMonth(rows), t('lottery.chart'), 'chart-lottery-month'), lotteryTable(rows));
  const [funded, loadFunded] = fundedProjectsSection(stats);
  root.append(sales, section(t('lottery.alloc'), allocations(stats.spending?.by_purpose)), funded);
  await loadFunded();
}

export async function honourPage(root, from) {
  clear(root, h('h2', { class: 'page-title' }, t('honour.title')), h('p', {}, t('honour.intro')));
  const start = /^(0|[1-9]\d{0,15})$/.test(from || '') ? from : '0';
  const stats = await loadStats(root, `?honour_from=${start}&honour_limit=${HONOUR_PAGE}`);
  if (!stats) return;
  const list = stats.honour || [];
  if (list.length === 0) { root.append(empty(t('honour.none'))); return; }
  root.append(table([t('honour.name'), t('common.amount'), t('common.date'), t('common.org')],
    list.map((x) => [x.display_name, numCell(formatYuan(x.amount_fen)), x.date, orgLink(x.org)]),
    'honour'));
  const nav = h('nav', { class: 'pager', 'aria-label': t('honour.title') });
  if (start !== '0') nav.append(h('a', { href: '#/honour', class: 'button secondary' }, t('common.prev')));
  if (stats.honour_next !== null && stats.honour_next !== undefined) {
    nav.append(h('a', { href: `#/honour/${stats.honour_next}`, class: 'button', 'data-testid': 'honour-next' }, t('common.next')));
  }
  root.append(nav);
}
