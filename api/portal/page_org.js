// #/org/<id>: an organisation's registry entry and where it sits, funds,
// campaigns and disclosure record (org_public.js), projects (projects.js),
// regulatory ratios by year and recent money events. The ratios come from GET /v1/orgs/{id}/ratios: the
// totals each year, the checks that apply (`rules`) and the warnings
// ledger-audit gives (docs/ratios.md). The page recomputes each ratio from
// the fen with BigInt, and shows the audit's own sentence for a warned year.

import { enc, getJSON } from './api.js';
import { clear, empty, errorBox, facts, h, loading, numCell, section, table } from './dom.js';
import { exportSection } from './export_links.js';
import { t, vocab } from './i18n.js';
import { formatYuan, percent, toFen } from './money.js';
import { fundLink, orgLink, rememberName } from './names.js';
import { campaignsSection, disclosureSection } from './org_public.js';
import { fill } from './page_home.js';
import { projectsSection } from './projects.js';

const SPENDING_TYPES = new Set(['disbursement.made', 'expense.recorded']);
const FIELDS = ['income', 'charitable', 'management', 'fundraising', 'welfare', 'remitted'];

const ceilDiv = (a, b) => (a + b - 1n) / b;

// The audit's checks (docs/ratios.md), each named by the `rules` key that
// says it applies and gives its limit in percent. `bound` is the amount the
// limit allows, exact to the fen as the audit rounds it: the charitable
// spending required is rounded up, the management allowed and the
// remittance due are rounded down. `atLeast` checks pass when part >= bound,
// the others when part <= bound.
const CHECKS = [
  { id: 'charitable_spending', rule: 'charitable_spending_min_percent', atLeast: true, noBase: 'noincome',
    part: (y) => y.charitable, whole: (y, prev) => prev.income, bound: (whole, pct) => ceilDiv(whole * pct, 100n) },
  { id: 'management_expenses', rule: 'management_max_percent', atLeast: false, noBase: 'exempt',
    part: (y) => y.management, whole: (y) => y.total, bound: (whole, pct) => (whole * pct) / 100n },
  { id: 'central_remittance', rule: 'central_remittance_min_percent', atLeast: true, noBase: 'nowelfare',
    part: (y) => y.remitted, whole: (y) => y.welfare, bound: (whole, pct) => (whole * pct) / 100n },
];

function zeroYear(year, currentYear) {
  const y = { year, complete: year < currentYear };
  for (const f of FIELDS) y[f] = 0n;
  return y;
}

// The years to show: those the API lists, plus the ones it leaves out
// because nothing was counted in them but which are judged all the same (a
// year after a year of income; any year a warning names).
function yearsOf(ratios) {
  const current = Number(ratios.current_year);
  const byYear = new Map();
  for (const raw of ratios.years || []) {
    const y = zeroYear(Number(raw.year), current);
    for (const f of FIELDS) y[f] = toFen(raw[`${f}_fen`] ?? 0);
    y.complete = raw.complete === true;
    byYear.set(y.year, y);
  }
  const extra = (ratios.warnings || []).map((w) => Number(w.year));
  if ('charitable_spending_min_percent' in (ratios.rules || {}))
    for (const y of byYear.values()) if (y.income > 0n && y.year + 1 <= current) extra.push(y.year + 1);
  for (const year of extra) if (!byYear.has(year)) byYear.set(year, zeroYear(year, current));
  for (const y of byYear.values()) y.total = y.charitable + y.management + y.fundraising;
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

// One check of one year: the ratio, the amount the limit allows and the
// status (met, warning, exempt, open: year not complete, noincome /
// nowelfare: nothing to compare with). `warning` is the served one, if any.
function judge(check, y, prev, rules, warning) {
  const pct = BigInt(rules[check.rule]);
  const part = check.part(y);
  const whole = check.whole(y, prev);
  const bound = whole > 0n ? check.bound(whole, pct) : null;
  let status;
  if (!y.complete) status = 'open';
  else if (check.id === 'management_expenses' && part < toFen(rules.management_exempt_below_fen ?? 0)) status = 'exempt';
  else if (whole === 0n) status = check.noBase;
  else status = (check.atLeast ? part >= bound : part <= bound) ? 'met' : 'warning';
  const agrees = (status === 'warning') === Boolean(warning);
  return { check, part, whole, pct, bound, status: warning ? 'warning' : status, agrees,
    shown: percent(part, whole, !check.atLeast) };
}

function fenCell(fen) {
  return h('td', { class: 'num', 'data-fen': fen.toString() }, formatYuan(fen));
}

function amountsTable(y, lottery) {
  const measures = ['income', 'charitable', 'management', 'fundraising', 'total', ...(lottery ? ['welfare', 'remitted'] : [])];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'ratio-amounts', 'data-testid': 'ratio-amounts' },
    h('caption', {}, t('ratios.amounts', { year: y.year })),
    h('tbody', {}, measures.map((m) => h('tr', { 'data-measure': m },
      h('th', { scope: 'row' }, t(`ratios.m.${m}`)), fenCell(y[m]))))));
}

// On a narrow screen each row stands as a small card, its cells labelled
// by data-label (style.css), so the status never hides off to the side.
function checkRow(j, y, rules) {
  const { check, part, whole, pct, bound, status } = j;
  const sign = check.atLeast ? '≥' : '≤';
  const limit = bound === null ? `${sign} ${pct}%` : t('ratios.limit', { sign, pct: pct.toString(), amount: formatYuan(bound) });
  const exempt = { amount: formatYuan(toFen(rules.management_exempt_below_fen ?? 0)) };
  const statusKey = status === 'warning' ? `ratios.status.warning.${check.atLeast ? 'below' : 'above'}` : `ratios.status.${status}`;
  return h('tr', { 'data-check': check.id, 'data-status': status, 'data-limit': pct.toString() },
    h('th', { scope: 'row' }, t(`ratios.check.${check.id}`, { prev: y.year - 1 })),
    h('td', { class: 'num', 'data-label': t('ratios.col.ratio'), 'data-testid': 'ratio-pct', 'data-part-fen': part.toString(),
      'data-whole-fen': whole.toString(), 'data-up': String(!check.atLeast) },
    h('span', {}, h('span', { class: 'pct' }, j.shown ?? '—'),
      whole > 0n && h('span', { class: 'fraction' }, `${formatYuan(part)} / ${formatYuan(whole)}`))),
    h('td', { 'data-label': t('ratios.col.limit'), 'data-testid': 'ratio-limit' }, limit),
    h('td', { 'data-label': t('ratios.col.status') },
      h('span', { class: `status status-${status}`, 'data-testid': 'ratio-status' }, t(statusKey, exempt))));
}

function checksTable(judged, y, rules) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'ratio-checks', 'data-testid': 'ratio-checks' },
    h('caption', {}, t('ratios.checks', { year: y.year })),
    h('thead', {}, h('tr', {}, ['ratios.col.check', 'ratios.col.ratio', 'ratios.col.limit', 'ratios.col.status']
      .map((key, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : null }, t(key))))),
    h('tbody', {}, judged.map((j) => checkRow(j, y, rules)))));
}

function warningLine(w) {
  return h('p', { class: 'banner banner-note', 'data-testid': 'ratio-warning', 'data-check': w.check, 'data-year': String(w.year) },
    h('strong', {}, t('ratios.warning')), ' ', h('span', { lang: 'en' }, w.message));
}

function yearBlock(y, prev, ratios, taken) {
  const rules = ratios.rules || {};
  const served = (id) => (ratios.warnings || []).find((w) => w.check === id && Number(w.year) === y.year);
  const judged = CHECKS.filter((c) => c.rule in rules).map((c) => judge(c, y, prev, rules, served(c.id)));
  const warnings = judged.map((j) => served(j.check.id)).filter(Boolean);
  for (const w of warnings) taken.add(w);
  const lottery = 'central_remittance_min_percent' in rules || y.welfare > 0n || y.remitted > 0n;
  return h('div', { class: 'ratio-year', 'data-testid': 'ratio-year', 'data-year': String(y.year), 'data-complete': String(y.complete) },
    h('h3', {}, t('ratios.year', { year: y.year }), ' ',
      h('span', { class: `year-tag ${y.complete ? 'done' : 'open'}` }, t(y.complete ? 'ratios.complete' : 'ratios.incomplete'))),
    !y.complete && h('p', { class: 'note', 'data-testid': 'ratio-open' }, t('ratios.open')),
    amountsTable(y, lottery),
    judged.length > 0 && checksTable(judged, y, rules),
    warnings.map(warningLine),
    judged.some((j) => !j.agrees) && h('p', { class: 'note', 'data-testid': 'ratio-disagree' }, t('ratios.disagree')));
}

function explanation(rules) {
  const items = [];
  if ('charitable_spending_min_percent' in rules) items.push(t('ratios.explain.charitable', { pct: rules.charitable_spending_min_percent }));
  if ('management_max_percent' in rules) {
    items.push(t('ratios.explain.management', { pct: rules.management_max_percent,
      exempt: formatYuan(toFen(rules.management_exempt_below_fen ?? 0)) }));
  }
  if ('central_remittance_min_percent' in rules) items.push(t('ratios.explain.remittance', { pct: rules.central_remittance_min_percent }));
  if (items.length === 0) return [h('p', { class: 'note', 'data-testid': 'ratio-norules' }, t('ratios.norules'))];
  return [h('ul', { class: 'ratio-rules' }, items.map((x) => h('li', {}, x))),
    h('p', { class: 'note' }, t('ratios.explain.years')), h('p', { class: 'note' }, t('ratios.explain.warning'))];
}

function ratiosContent(ratios) {
  const rules = ratios.rules || {};
  const years = yearsOf(ratios);
  const out = explanation(rules);
  if (years.length === 0) return [...out, empty(t('ratios.none'))];
  const taken = new Set();
  years.forEach((y, i) => {
    const prev = i > 0 && years[i - 1].year === y.year - 1 ? years[i - 1] : zeroYear(y.year - 1, Infinity);
    out.push(yearBlock(y, prev, ratios, taken));
  });
  // A warning for a check this page does not know still shows, word for word.
  out.push(...(ratios.warnings || []).filter((w) => !taken.has(w)).map(warningLine));
  return out;
}

function recentRows(recent) {
  return recent.map((r) => {
    const href = SPENDING_TYPES.has(r.type) ? `#/disbursement/${r.seq}` : `#/log/${r.seq}`;
    return [h('a', { href }, String(r.seq)), vocab('etype', r.type), orgLink(r.by)];
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
  rememberName('org', org.id, org.name);
  root.querySelector('.page-title').textContent = `${org.name} (${org.id})`;
  const q = org.qualification;
  const head = section(t('org.title'), facts([
    [t('org.kind'), vocab('orgkind', org.kind)],
    [t('org.roles'), (org.roles || []).map((r) => vocab('role', r)).join('、')],
    org.region && [t('org.location'), h('span', { 'data-testid': 'org-location', 'data-region': org.region, 'data-level': org.level },
      t('org.location.value', { region: org.region, level: vocab('level', org.level) }))],
    q && [t('org.qualification'), h('span', { 'data-testid': 'org-qualification', 'data-qualified': String(q.qualified) },
      q.qualified ? t('org.qualified', { certificate: q.certificate, date: q.date }) : t('org.unqualified', { date: q.date }))],
  ]));
  if (org.suspended) head.append(h('p', { class: 'banner banner-reversed' }, t('org.suspended', { reason: org.suspended.reason })));
  const funds = org.funds || [];
  const fundBox = section(t('org.funds'), funds.length === 0 ? empty(t('org.nofunds'))
    : table([t('common.fund'), t('fund.balance')],
      funds.map((f) => [fundLink(f.id), numCell(formatYuan(f.balance_fen))]), 'org-funds'));
  const recent = org.recent || [];
  const recentBox = section(t('org.recent'), recent.length === 0 ? empty()
    : table([t('common.seq'), t('fund.kind'), t('common.org')], recentRows(recent), 'org-recent'));
  const ratios = section(t('ratios.title'));
  ratios.dataset.testid = 'org-ratios';
  const [campaigns, loadCampaigns] = campaignsSection(org.id);
  const [disclosure, loadDisclosure] = disclosureSection(org.id);
  const [projects, loadOrgProjects] = projectsSection(org.id);
  root.append(head, fundBox, campaigns, projects, ratios, disclosure, recentBox, exportSection(org.id));
  await Promise.all([loadCampaigns(), loadDisclosure(), loadOrgProjects(),
    fill(ratios, async () => ratiosContent(await getJSON(`/v1/orgs/${enc(org.id)}/ratios`)), t('org.notfound'))]);
}
