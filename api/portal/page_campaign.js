// #/campaign/<id>: a fundraising campaign as filed (GET /v1/campaigns/{id}):
// raised against its target, day by day and by channel, its terms, and the
// disclosures it owes with their deadlines and status. Amounts are fen end
// to end; the days are checked to add up to the campaign's total.

import { enc, getJSON } from './api.js';
import { progressBar, targetChart } from './charts.js';
import { clear, empty, errorBox, facts, h, loading, numCell, section, table } from './dom.js';
import { obligationsTable, statusCounts } from './disclosures.js';
import { t, vocab } from './i18n.js';
import { formatYuan, percent, toFen } from './money.js';
import { fundLink, orgLink } from './names.js';
import { proofStatus } from './proofview.js';

const kDaysPage = 400;     // the most days GET /v1/campaigns/{id} gives at once
const kMaxDayPages = 10;   // so a page fetches at most 4,000 days

export function campaignStatusTag(status) {
  return h('span', { class: `tag campaign-${status}`, 'data-testid': 'campaign-status', 'data-status': status }, vocab('campaign.status', status));
}

// The campaign and all its days, following by_day_next for at most
// kMaxDayPages pages; `truncated` says that there were more days.
async function loadCampaign(id) {
  const c = await getJSON(`/v1/campaigns/${enc(id)}?days_limit=${kDaysPage}`);
  const days = [...(c.by_day || [])];
  let next = c.by_day_next ?? null;
  for (let pages = 1; next !== null && pages < kMaxDayPages; pages += 1) {
    const page = await getJSON(`/v1/campaigns/${enc(id)}?days_from=${enc(next)}&days_limit=${kDaysPage}`);
    days.push(...(page.by_day || []));
    next = page.by_day_next ?? null;
  }
  return { c, days, truncated: next !== null };
}

function fen(testid, amount) {
  return h('span', { class: 'amount', 'data-testid': testid, 'data-fen': toFen(amount).toString() }, formatYuan(amount));
}

function headSection(c) {
  const shown = percent(c.raised_fen, c.target_fen);
  const progress = shown === null ? t('campaign.notarget') : t('campaign.progress', { pct: shown });
  const before = Number(c.filed_days_before_start);  // below zero: filed after the start
  const box = section(t('campaign.raised'),
    h('p', { class: 'amount-big' }, fen('campaign-raised', c.raised_fen)),
    h('p', { class: 'campaign-target' }, t('campaign.target'), ' ', fen('campaign-target', c.target_fen), ' · ',
      h('span', { 'data-testid': 'campaign-progress' }, progress)),
    progressBar(c.raised_fen, c.target_fen, progress, 'campaign-progress-bar'),
    facts([
      [t('common.status'), campaignStatusTag(c.status)],
      [t('campaign.gifts'), h('span', { 'data-testid': 'campaign-gifts' }, String(c.gifts))],
      [t('common.org'), orgLink(c.org)],
      [t('campaign.filing'), c.filing_no],
      [t('common.purpose'), vocab('purpose', c.purpose)],
      [t('campaign.period'), t('campaign.period.value', { start: c.start, end: c.end })],
      c.closed && [t('campaign.closed'), h('span', { 'data-testid': 'campaign-closed' }, c.closed)],
      [t('campaign.region'), c.region],
      [t('campaign.platforms'), (c.platforms || []).join('、') || '—'],
      [t('campaign.funds'), (c.funds || []).flatMap((id, i) => (i ? ['、', fundLink(id)] : [fundLink(id)]))],
      [t('campaign.public'), c.public ? t('common.yes') : t('common.no')],
      [t('campaign.filed'), [t(before < 0 ? 'campaign.filed.after' : 'campaign.filed.value', { date: c.filed_on, days: Math.abs(before) }), ' · ',
        h('a', { href: `#/log/${c.filed_seq}` }, t('common.event', { seq: c.filed_seq }))]],
      (c.amendments || []).length > 0 && [t('campaign.amendments'),
        c.amendments.flatMap((seq, i) => [i ? '、' : '', h('a', { href: `#/log/${seq}` }, t('common.event', { seq }))])],
    ]));
  if (c.late_filing) {
    box.append(h('p', { class: 'banner banner-note', 'data-testid': 'campaign-late' },
      t(before < 0 ? 'campaign.late.after' : 'campaign.late', { days: Math.abs(before) })));
  }
  if (c.summary) box.append(h('h3', {}, t('campaign.summary')), h('p', { 'data-testid': 'campaign-summary' }, c.summary));
  return box;
}

function dayCell(kind, amount) {
  return h('td', { class: 'num', 'data-kind': kind, 'data-fen': amount.toString() }, formatYuan(amount));
}

// The chart and notes (first) and the table of days (second), each a list
// of nodes for its own section.
function daysContent(c, days, truncated) {
  if (days.length === 0) return [[empty(t('campaign.nodays'))], null];
  let sum = 0n;
  const rows = days.map((d) => {
    sum += toFen(d.raised_fen);
    return { date: d.date, raised: toFen(d.raised_fen), gifts: d.gifts, cumulative: sum };
  });
  const total = toFen(c.raised_fen);
  const note = truncated
    ? h('p', { class: 'banner banner-note', 'data-testid': 'campaign-days-truncated' },
      t('campaign.days.truncated', { days: rows.length, path: `/v1/campaigns/${c.id}?days_from=…` }))
    : sum !== total && h('p', { class: 'banner banner-note', 'data-testid': 'campaign-days-mismatch' },
      t('campaign.days.mismatch', { days: formatYuan(sum), total: formatYuan(total) }));
  const chart = targetChart(rows.map((r) => ({ label: r.date, axis: r.date.slice(5), fen: r.cumulative })), c.target_fen,
    t('campaign.chart'), t('campaign.target.line', { amount: formatYuan(c.target_fen) }), 'campaign-chart');
  const tbl = table([t('common.date'), t('campaign.day.raised'), t('common.gifts'), t('campaign.day.cumulative')],
    rows.map((r) => h('tr', { 'data-date': r.date }, h('td', {}, r.date), dayCell('raised', r.raised),
      h('td', { class: 'num', 'data-kind': 'gifts' }, String(r.gifts)), dayCell('cumulative', r.cumulative))), 'campaign-days');
  tbl.querySelector('table').append(h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('common.total')),
    dayCell('raised', sum), h('td', { class: 'num', 'data-kind': 'gifts' }, String(rows.reduce((n, r) => n + r.gifts, 0))), h('td', {}))));
  return [[h('h3', {}, t('campaign.chart')), chart, h('p', { class: 'note' }, t('campaign.days.meaning')), note], [tbl]];
}

function channelsTable(c) {
  const channels = Object.entries(c.by_channel || {});
  if (channels.length === 0) return empty(t('campaign.nodays'));
  return table([t('campaign.channel'), t('campaign.raised'), t('common.gifts')],
    channels.map(([channel, x]) => h('tr', { 'data-channel': channel },
      h('td', {}, vocab('channel', channel)), dayCell('raised', toFen(x.raised_fen)), numCell(String(x.gifts)))), 'campaign-channels');
}

// The gifts that named the platform they came through (an online gift may).
function platformsTable(c) {
  const platforms = Object.entries(c.by_platform || {});
  if (platforms.length === 0) return empty(t('campaign.noplatforms'));
  return table([t('campaign.platform'), t('campaign.raised'), t('common.gifts')],
    platforms.map(([platform, x]) => h('tr', { 'data-platform': platform },
      h('td', {}, platform), dayCell('raised', toFen(x.raised_fen)), numCell(String(x.gifts)))), 'campaign-platforms');
}

function disclosuresSection(c) {
  const list = c.disclosures || [];
  const box = section(t('disc.title'));
  box.dataset.testid = 'campaign-disclosures';
  if (list.length === 0) box.append(empty(t('disc.none')));
  else box.append(statusCounts(list), obligationsTable(list, false));
  box.append(h('p', { class: 'note' }, t('disc.explain')));
  return box;
}

export async function campaignPage(root, id) {
  clear(root, h('h2', { class: 'page-title' }, t('campaign.title')));
  const spin = root.appendChild(loading());
  let loaded;
  try {
    loaded = await loadCampaign(id);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('campaign.notfound')));
    return;
  }
  spin.remove();
  const { c, days, truncated } = loaded;
  root.querySelector('.page-title').textContent = c.title;
  const [chart, dayTable] = daysContent(c, days, truncated);
  const byDay = section(t('campaign.byday'), ...chart);
  byDay.dataset.testid = 'campaign-byday';
  // The disclosures come before the table of days, which may be long.
  root.append(...[headSection(c), byDay, disclosuresSection(c), section(t('campaign.bychannel'), channelsTable(c)),
    section(t('campaign.byplatform'), platformsTable(c)),
    dayTable && section(t('campaign.days.table'), ...dayTable), section(t('proof.title'), proofStatus(c.filed_seq))].filter(Boolean));
}
