// The lottery page's funded projects: the projects approved from lottery
// welfare funds, by purpose and by region, as GET /v1/stats counts them
// (`lottery_projects`: how many and the amounts approved), and the
// projects of each region (GET /v1/projects?region=), each linking its
// page. The page checks that the regions add up to the purposes, to the
// fen; a server too old to count by region gets a note instead.

import { enc } from './api.js';
import { barChart } from './charts.js';
import { empty, h, numCell, section, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';
import { fill } from './page_home.js';
import { loadProjects, projectsTable } from './projects.js';

// The four traditional aims of welfare-lottery money (扶老、助残、救孤、济困).
const LOTTERY_PURPOSES = ['elderly', 'disabled', 'orphans', 'poverty'];
const kMaxRegionLists = 20;  // regions whose projects are listed, lowest codes first

function fenCell(amount) {
  return h('td', { class: 'num', 'data-kind': 'approved', 'data-fen': toFen(amount).toString() }, formatYuan(amount));
}

// The sums of [{amount_fen, count}]: fen as BigInt, and projects.
function totals(list) {
  return { fen: list.reduce((s, x) => s + toFen(x.amount_fen), 0n), count: list.reduce((s, x) => s + Number(x.count), 0) };
}

function purposeContent(byPurpose) {
  const known = new Map(byPurpose.map((x) => [x.purpose, x]));
  const order = [...LOTTERY_PURPOSES, ...[...known.keys()].filter((p) => !LOTTERY_PURPOSES.includes(p)).sort()];
  const chart = barChart(order.map((p) => ({ label: vocab('purpose', p), fen: known.get(p)?.amount_fen ?? 0, cls: 'c-main' })),
    t('lp.chart'), 'chart-lottery-projects');
  const rows = order.filter((p) => known.has(p)).map((p) => h('tr', { 'data-purpose': p, 'data-count': String(known.get(p).count) },
    h('td', {}, vocab('purpose', p)), numCell(String(known.get(p).count)), fenCell(known.get(p).amount_fen)));
  return [h('h3', {}, t('lp.bypurpose')), chart, table([t('common.purpose'), t('lp.count'), t('lp.approved')], rows, 'lp-purpose')];
}

function regionContent(byRegion, purposeTotals) {
  const rows = byRegion.map((x) => h('tr', { 'data-region': x.region, 'data-count': String(x.count) },
    h('td', {}, x.region), numCell(String(x.count)), fenCell(x.amount_fen)));
  const sums = totals(byRegion);
  const off = sums.fen !== purposeTotals.fen || sums.count !== purposeTotals.count;
  return [h('h3', {}, t('lp.byregion')), table([t('lp.region'), t('lp.count'), t('lp.approved')], rows, 'lp-region'),
    off && h('p', { class: 'banner banner-note', 'data-testid': 'lp-mismatch' }, t('lp.mismatch', {
      regions: formatYuan(sums.fen), rcount: sums.count, purposes: formatYuan(purposeTotals.fen), pcount: purposeTotals.count }))];
}

async function regionLists(byRegion) {
  const shown = byRegion.slice(0, kMaxRegionLists);
  const lists = await Promise.all(shown.map((x) => loadProjects(`region=${enc(x.region)}`)));
  return [h('p', { class: 'note' }, t('lp.region.note')),
    ...shown.map((x, i) => h('div', { class: 'region-projects', 'data-testid': 'lp-region-projects', 'data-region': x.region },
      h('h3', {}, t('lp.region.projects', { region: x.region })), projectsTable(lists[i], 'lp-projects', { region: false }))),
    byRegion.length > shown.length && h('p', { class: 'banner banner-note' }, t('lp.regions.truncated', { count: shown.length }))];
}

async function fundedContent(stats) {
  const counted = stats.lottery_projects || {};
  const byPurpose = counted.by_purpose || [];
  if (byPurpose.length === 0) return [empty(t('lp.none'))];
  const head = [h('p', { class: 'note' }, t('lp.note')), ...purposeContent(byPurpose)];
  if (!Array.isArray(counted.by_region)) return [...head, h('p', { class: 'banner banner-note', 'data-testid': 'lp-noregions' }, t('lp.noregions'))];
  const byRegion = [...counted.by_region].sort((a, b) => (a.region < b.region ? -1 : 1));
  return [...head, ...regionContent(byRegion, totals(byPurpose)), ...(await regionLists(byRegion))];
}

// The section and the function that fills it from a GET /v1/stats answer.
export function fundedProjectsSection(stats) {
  const box = section(t('lp.title'));
  box.dataset.testid = 'lottery-projects';
  return [box, () => fill(box, () => fundedContent(stats))];
}
