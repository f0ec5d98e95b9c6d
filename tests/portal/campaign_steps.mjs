// The campaign page and an org's disclosure record, in the browser (steps
// 2h to 2j of portal.test.mjs): a campaign the demo's orgs filed
// (GET /v1/orgs/{id}/campaigns) against GET /v1/campaigns/{id} to the fen,
// day by day, by channel and disclosure by disclosure; a synthetic campaign
// (served in transit) with every disclosure status, two pages of days, a
// target passed and days that do not add up; and the org's obligations
// against GET /v1/orgs/{id}/obligations.
import { join } from 'node:path';
import { fail, getJson, gotoPage, kPhone, until } from './browser_util.mjs';

const kDaysPage = 400;             // the most days GET /v1/campaigns/{id} gives at once
const kMaxCampaignsRead = 50;      // bound on the search for a campaign with gifts
const kCampaignPattern = '**/v1/campaigns/**';

const shownFen = (text) => BigInt((text || '').replace(/[^0-9-]/g, '') || 'NaN');

// part / whole to two decimals, rounded down, as the page's percent().
function wantPercent(part, whole) {
  if (whole <= 0n) return null;
  const basis = (part * 10000n) / whole;
  return `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}%`;
}

// The campaign as the API serves it, all its days (following by_day_next).
async function apiCampaign(base, id) {
  const c = await getJson(base, `/v1/campaigns/${encodeURIComponent(id)}?days_limit=${kDaysPage}`);
  const days = [...c.by_day];
  for (let next = c.by_day_next; next !== null;) {
    const page = await getJson(base, `/v1/campaigns/${encodeURIComponent(id)}?days_from=${next}&days_limit=${kDaysPage}`);
    days.push(...page.by_day);
    next = page.by_day_next;
  }
  return { ...c, by_day: days, by_day_next: null };
}

// A campaign of the demo's orgs with gifts, preferring one whose
// disclosures show the most statuses.
async function pickCampaign(base, summary) {
  const headers = [];
  for (const org of summary.orgs) {
    const list = await getJson(base, `/v1/orgs/${encodeURIComponent(org)}/campaigns`);
    if (list.org !== org) fail(`GET /v1/orgs/${org}/campaigns: org`, org, list.org);
    headers.push(...list.campaigns);
  }
  if (headers.length === 0) fail('pick a campaign', 'a campaign filed by one of the demo\'s orgs (GET /v1/orgs/{id}/campaigns)', 'none');
  let best = null;
  for (const header of headers.filter((c) => c.gifts > 0).slice(0, kMaxCampaignsRead)) {
    const c = await apiCampaign(base, header.id);
    const statuses = new Set(c.disclosures.map((d) => d.status)).size;
    if (!best || statuses > best.statuses) best = { c, statuses, header };
  }
  if (!best) fail('pick a campaign', 'a demo campaign with gifts', `${headers.length} campaign(s), none with gifts`);
  return best;
}

// Waits for the campaign page to settle and reads what it shows.
async function readCampaignPage(page, where) {
  await until(`${where}: campaign page`, () => page.locator('[data-testid=campaign-raised], [data-testid=error]').count(),
    (n) => n > 0, 'the campaign');
  const error = await page.locator('main [data-testid=error]').count();
  if (error > 0) fail(`${where}: campaign page`, 'no error', await page.locator('[data-testid=error]').first().innerText());
  await until(`${where}: org and fund names`, () => page.locator('main [data-state=pending]').count(), (n) => n === 0, 'all named');
  return page.evaluate(() => {
    const one = (id) => document.querySelector(`[data-testid=${id}]`);
    const rows = (selector, read) => [...document.querySelectorAll(selector)].map(read);
    const fenOf = (cell) => ({ fen: cell?.dataset.fen, text: cell?.textContent });
    return {
      title: document.querySelector('h2.page-title').textContent,
      raised: fenOf(one('campaign-raised')), target: fenOf(one('campaign-target')),
      progress: one('campaign-progress').textContent, gifts: one('campaign-gifts').textContent,
      status: document.querySelector('main [data-testid=campaign-status]').dataset.status,
      late: document.querySelectorAll('[data-testid=campaign-late]').length,
      mismatch: document.querySelectorAll('[data-testid=campaign-days-mismatch]').length,
      bar: Number(document.querySelector('[data-testid=campaign-progress-bar] rect.bar').getAttribute('width')),
      orgs: rows('main [data-testid=org-name]', (a) => ({ id: a.dataset.org, text: a.textContent })),
      funds: rows('main [data-testid=fund-name]', (a) => ({ id: a.dataset.fund, text: a.textContent })),
      days: rows('[data-testid=campaign-days] tbody tr', (tr) => ({ date: tr.dataset.date,
        raised: fenOf(tr.querySelector('[data-kind=raised]')), gifts: tr.querySelector('[data-kind=gifts]').textContent,
        cumulative: tr.querySelector('[data-kind=cumulative]').dataset.fen })),
      total: fenOf(document.querySelector('[data-testid=campaign-days] tfoot [data-kind=raised]')),
      dots: rows('[data-testid=campaign-chart] circle', (c) => c.dataset.fen),
      targetLine: document.querySelector('[data-testid=campaign-chart] g.target')?.dataset.fen ?? null,
      channels: rows('[data-testid=campaign-channels] tbody tr', (tr) => ({ channel: tr.dataset.channel,
        raised: fenOf(tr.querySelector('[data-kind=raised]')), gifts: tr.lastElementChild.textContent })),
      platforms: rows('[data-testid=campaign-platforms] tbody tr', (tr) => ({ platform: tr.dataset.platform,
        raised: fenOf(tr.querySelector('[data-kind=raised]')), gifts: tr.lastElementChild.textContent })),
      obligations: rows('[data-testid=campaign-disclosures] [data-testid=obligation]', (tr) => ({ kind: tr.dataset.kind,
        period: tr.dataset.period, due: tr.dataset.due, status: tr.dataset.status,
        statusText: tr.querySelector('[data-testid=disclosure-status]').textContent, cells: [...tr.cells].map((td) => td.textContent) })),
      counts: { ...(one('disclosure-counts')?.dataset ?? {}) },
    };
  });
}

async function names(base, c) {
  const org = await getJson(base, `/v1/orgs/${encodeURIComponent(c.org)}`);
  const funds = {};
  for (const id of c.funds) funds[id] = (await getJson(base, `/v1/funds/${encodeURIComponent(id)}?lots_limit=1`)).name;
  return { org: org.name, funds };
}

function fenMatches(cell, fen) {
  return cell && cell.fen === BigInt(fen).toString() && shownFen(cell.text) === BigInt(fen);
}

// The page against the campaign as served: every amount to the fen (in
// data-fen and in the text), every day, channel and disclosure.
function compareCampaign(shown, c, named, where) {
  if (shown.title !== c.title) fail(`${where}: title`, c.title, shown.title);
  if (!fenMatches(shown.raised, c.raised_fen)) fail(`${where}: raised`, `${c.raised_fen} fen`, JSON.stringify(shown.raised));
  if (!fenMatches(shown.target, c.target_fen)) fail(`${where}: target`, `${c.target_fen} fen`, JSON.stringify(shown.target));
  const pct = wantPercent(BigInt(c.raised_fen), BigInt(c.target_fen));
  if (pct !== null && !shown.progress.includes(pct)) fail(`${where}: progress`, pct, shown.progress);
  if (shown.gifts !== String(c.gifts)) fail(`${where}: gifts`, c.gifts, shown.gifts);
  if (shown.status !== c.status) fail(`${where}: status`, c.status, shown.status);
  if (shown.late !== (c.late_filing ? 1 : 0)) fail(`${where}: late-filing note`, c.late_filing ? 'shown' : 'none', shown.late);
  const org = shown.orgs.find((o) => o.id === c.org);
  if (!org || org.text !== named.org) fail(`${where}: org`, `${c.org} named "${named.org}"`, JSON.stringify(shown.orgs));
  const funds = shown.funds.map((f) => f.id);
  if (funds.join(' ') !== c.funds.join(' ')) fail(`${where}: funds`, c.funds.join(' '), funds.join(' '));
  for (const f of shown.funds) if (f.text !== named.funds[f.id]) fail(`${where}: fund ${f.id} name`, named.funds[f.id], f.text);

  let sum = 0n;
  if (shown.days.length !== c.by_day.length) fail(`${where}: days`, c.by_day.length, shown.days.length);
  c.by_day.forEach((d, i) => {
    const row = shown.days[i];
    sum += BigInt(d.raised_fen);
    if (row.date !== d.date || !fenMatches(row.raised, d.raised_fen) || row.gifts !== String(d.gifts) || row.cumulative !== sum.toString())
      fail(`${where}: day ${d.date}`, `${d.raised_fen} fen, ${d.gifts} gift(s), ${sum} fen so far`, JSON.stringify(row));
  });
  if (shown.days.length > 0 && !fenMatches(shown.total, sum)) fail(`${where}: days total`, `${sum} fen`, JSON.stringify(shown.total));
  const addsUp = sum === BigInt(c.raised_fen);
  if (shown.mismatch !== (addsUp ? 0 : 1)) fail(`${where}: days-do-not-add-up note`, addsUp ? 'none' : 'shown', shown.mismatch);
  if (shown.dots.length !== c.by_day.length || (sum > 0n && shown.dots.at(-1) !== sum.toString()))
    fail(`${where}: chart points`, `${c.by_day.length}, the last at ${sum} fen`, `${shown.dots.length}, the last at ${shown.dots.at(-1)}`);
  const wantLine = BigInt(c.target_fen) > 0n ? String(c.target_fen) : null;
  if (shown.days.length > 0 && shown.targetLine !== wantLine) fail(`${where}: target line`, wantLine, shown.targetLine);

  const channels = Object.entries(c.by_channel);
  if (shown.channels.length !== channels.length) fail(`${where}: channels`, channels.map(([k]) => k).join(' '), shown.channels.map((x) => x.channel).join(' '));
  for (const [channel, x] of channels) {
    const row = shown.channels.find((r) => r.channel === channel);
    if (!row || !fenMatches(row.raised, x.raised_fen) || row.gifts !== String(x.gifts))
      fail(`${where}: channel ${channel}`, `${x.raised_fen} fen, ${x.gifts} gift(s)`, JSON.stringify(row));
  }
  const platforms = Object.entries(c.by_platform || {});
  if (shown.platforms.length !== platforms.length) fail(`${where}: platforms`, platforms.map(([k]) => k).join(' '), shown.platforms.map((x) => x.platform).join(' '));
  for (const [platform, x] of platforms) {
    const row = shown.platforms.find((r) => r.platform === platform);
    if (!row || !fenMatches(row.raised, x.raised_fen) || row.gifts !== String(x.gifts))
      fail(`${where}: platform ${platform}`, `${x.raised_fen} fen, ${x.gifts} gift(s)`, JSON.stringify(row));
  }
  compareObligations(shown.obligations, c.disclosures, where);
  const counts = { met: 0, late: 0, overdue: 0, open: 0 };
  for (const d of c.disclosures) counts[d.status] += 1;
  if (c.disclosures.length > 0) for (const [status, n] of Object.entries(counts))
    if (shown.counts[status] !== String(n)) fail(`${where}: count of ${status} disclosures`, n, shown.counts[status]);
}

function compareObligations(rows, want, where) {
  if (rows.length !== want.length) fail(`${where}: disclosures`, want.length, rows.length);
  want.forEach((d, i) => {
    const row = rows[i];
    if (row.kind !== d.kind || row.period !== d.period || row.due !== d.due || row.status !== d.status)
      fail(`${where}: disclosure ${i}`, `${d.kind} ${d.period} due ${d.due}: ${d.status}`,
        `${row.kind} ${row.period} due ${row.due}: ${row.status}`);
    if (d.met_on && !row.cells.includes(d.met_on)) fail(`${where}: disclosure ${d.period} published on`, d.met_on, row.cells.join(' | '));
  });
}

// Step 2h: a campaign of the demo, as GET /v1/campaigns/{id} states it.
export async function stepCampaign(ctx) {
  const { page, base, summary } = ctx;
  const { c } = await pickCampaign(base, summary);
  ctx.campaign = c;
  const named = await names(base, c);
  await gotoPage(page, base, `/campaign/${encodeURIComponent(c.id)}`, 'zh');
  const shown = await readCampaignPage(page, `campaign ${c.id}`);
  compareCampaign(shown, c, named, `campaign ${c.id}`);
  // The org page links the campaign and the campaign page links back.
  await gotoPage(page, base, `/org/${encodeURIComponent(c.org)}`, 'zh');
  await until(`org ${c.org}: campaign link`, () => page.locator(`[data-testid=org-campaigns] tr[data-campaign="${c.id}"] a`).count(),
    (n) => n === 1, 'one row linking the campaign');
  const statuses = [...new Set(c.disclosures.map((d) => d.status))].join('/');
  return `${c.id} (${c.org}): ${c.raised_fen} of ${c.target_fen} fen, ${c.gifts} gifts over ${c.by_day.length} days, ` +
    `${Object.keys(c.by_channel).length} channel(s), ${c.disclosures.length} disclosure(s) ${statuses}, status ${c.status}`;
}

// A campaign answer made up around the real one's org and funds: every
// disclosure status, the target passed, two pages of days.
function syntheticCampaign(real) {
  const days = [
    { date: '2027-01-05', raised_fen: 100_000, gifts: 2 },
    { date: '2027-01-06', raised_fen: 1, gifts: 1 },
    { date: '2027-03-31', raised_fen: 20_000_000, gifts: 3 },
    { date: '2027-07-02', raised_fen: 10_000_000, gifts: 1 },
  ];
  return {
    ...real, id: 'synthetic-campaign', title: '测试：合成募捐活动', status: 'open', target_fen: 20_000_000,
    raised_fen: 30_100_001, gifts: 7, start: '2027-01-01', end: '2027-12-31', closed: null, summary: null,
    filed_days_before_start: 3, late_filing: true, amendments: [real.filed_seq],
    by_channel: { online: { raised_fen: 100_001, gifts: 3 }, bank: { raised_fen: 30_000_000, gifts: 4 } },
    by_day: days, by_day_next: null,
    disclosures: [
      { kind: 'campaign_progress', subject: 'synthetic-campaign', period: '2027-Q1', due: '2027-04-30', status: 'met', met_by: real.filed_seq, met_on: '2027-04-20' },
      { kind: 'campaign_progress', subject: 'synthetic-campaign', period: '2027-Q2', due: '2027-07-31', status: 'late', met_by: real.filed_seq, met_on: '2027-08-02' },
      { kind: 'campaign_progress', subject: 'synthetic-campaign', period: '2027-Q3', due: '2027-10-31', status: 'overdue', met_by: null, met_on: null },
      { kind: 'campaign_final', subject: 'synthetic-campaign', period: '2027-12', due: '2028-03-31', status: 'open', met_by: null, met_on: null },
    ],
  };
}

// Serves `answer` for GET /v1/campaigns/..., its days split into pages of
// two (the page must follow by_day_next).
async function withCampaign(page, answer, run) {
  const requests = [];
  await page.route(kCampaignPattern, (route) => {
    const url = new URL(route.request().url());
    requests.push(url.search);
    const from = url.searchParams.get('days_from');
    const start = from === null ? 0 : answer.by_day.findIndex((d) => d.date >= from);
    const by_day = answer.by_day.slice(start, start + 2);
    const next = answer.by_day[start + 2]?.date ?? null;
    return route.fulfill({ json: { ...answer, by_day, by_day_next: next } });
  });
  try {
    await run();
  } finally {
    await page.unroute(kCampaignPattern);
  }
  return requests;
}

// Step 2i: the synthetic campaign in English: the four disclosure statuses
// in words, 150.50% of the target with the bar full, the days of two pages,
// the late filing; days that do not add up get a note; and a phone.
export async function stepCampaignSynthetic(ctx) {
  const { page, base, browser, shots } = ctx;
  const answer = syntheticCampaign(ctx.campaign);
  const named = await names(base, answer);
  const requests = await withCampaign(page, answer, async () => {
    await gotoPage(page, base, '/campaign/synthetic-campaign', 'en');
    const shown = await readCampaignPage(page, 'synthetic campaign');
    compareCampaign(shown, answer, named, 'synthetic campaign');
    if (!shown.progress.includes('150.50%')) fail('synthetic campaign: progress', '150.50% of the target', shown.progress);
    const full = Number(await page.locator('[data-testid=campaign-progress-bar] rect.progress-track').getAttribute('width'));
    if (Math.abs(shown.bar - full) > 0.01) fail('synthetic campaign: progress bar', `full (${full})`, shown.bar);
    const words = { met: 'on time', late: 'published late', overdue: 'overdue', open: 'not yet due' };
    for (const row of shown.obligations)
      if (row.statusText !== words[row.status]) fail(`synthetic campaign: ${row.period} status`, words[row.status], row.statusText);
    await page.locator('main').screenshot({ path: join(shots, 'campaign-synthetic.png') });
  });
  if (requests.length < 2) fail('synthetic campaign: day pages', 'two requests or more (by_day_next followed)', requests.join(' '));
  const short = { ...answer, raised_fen: answer.raised_fen + 5 };
  await withCampaign(page, short, async () => {
    await gotoPage(page, base, '/campaign/synthetic-campaign', 'en');
    const shown = await readCampaignPage(page, 'synthetic campaign, days short');
    if (shown.mismatch !== 1) fail('synthetic campaign, days 5 fen short of the total: note', 'shown', 'none');
  });
  const phone = await browser.newContext({ viewport: kPhone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  let width;
  try {
    const small = await phone.newPage();
    small.on('pageerror', (error) => ctx.errors.push(`${small.url()}: ${error.message}`));
    await withCampaign(small, answer, async () => {
      await gotoPage(small, base, '/campaign/synthetic-campaign', 'zh');
      await readCampaignPage(small, 'phone: synthetic campaign');
      width = await small.evaluate(() => document.documentElement.scrollWidth);
      await small.screenshot({ path: join(shots, 'campaign-phone.png') });
    });
  } finally {
    await phone.close();
  }
  if (width > kPhone.width) fail('phone: campaign page scrollWidth', `<= ${kPhone.width} px`, `${width} px`);
  return `met, late, overdue, not yet due; 150.50% with the bar full; ${requests.length} day pages; ` +
    `5 fen short: note shown; ${width} px on a phone; campaign-synthetic.png, campaign-phone.png`;
}

// The demo org whose obligations show the most statuses, one of them
// overdue (the demo leaves a disclosure overdue).
async function pickDisclosingOrg(base, summary) {
  let best = null;
  for (const org of summary.orgs) {
    const record = await getJson(base, `/v1/orgs/${encodeURIComponent(org)}/obligations`);
    if (record.org !== org) fail(`GET /v1/orgs/${org}/obligations: org`, org, record.org);
    const statuses = new Set(record.obligations.map((o) => o.status));
    if (statuses.has('overdue') && (!best || statuses.size > best.statuses)) best = { org, record, statuses: statuses.size };
  }
  if (!best) fail('pick an org', 'a demo org with an overdue disclosure (GET /v1/orgs/{id}/obligations)', 'none');
  return best;
}

// Step 2j: a demo org's disclosure record against
// GET /v1/orgs/{id}/obligations.
export async function stepOrgDisclosure(ctx) {
  const { page, base, summary } = ctx;
  const { org, record } = await pickDisclosingOrg(base, summary);
  await gotoPage(page, base, `/org/${encodeURIComponent(org)}`, 'zh');
  await until(`org ${org}: disclosure record`, () => page.locator('[data-testid=org-disclosure] [data-testid=disclosure-asof]').count(),
    (n) => n === 1, 'the record');
  const shown = await page.evaluate(() => ({
    obligations: [...document.querySelectorAll('[data-testid=org-disclosure] [data-testid=obligation]')].map((tr) => ({
      kind: tr.dataset.kind, subject: tr.dataset.subject, period: tr.dataset.period, due: tr.dataset.due, status: tr.dataset.status,
      cells: [...tr.cells].map((td) => td.textContent) })),
    published: [...document.querySelectorAll('[data-testid=org-disclosure] [data-testid=disclosure]')].map((tr) => ({
      seq: tr.dataset.seq, kind: tr.dataset.kind, period: tr.dataset.period,
      href: tr.querySelector('[data-testid=disclosure-document]')?.getAttribute('href') ?? null })),
    asOf: document.querySelector('[data-testid=disclosure-asof]').textContent,
  }));
  compareObligations(shown.obligations, record.obligations, `org ${org} obligations`);
  record.obligations.forEach((o, i) => {
    if (shown.obligations[i].subject !== o.subject) fail(`org ${org}: obligation ${i} subject`, o.subject, shown.obligations[i].subject);
  });
  const want = record.disclosures.map((d) => `${d.seq}:${d.kind}:${d.period}`).join(' ');
  const got = shown.published.map((d) => `${d.seq}:${d.kind}:${d.period}`).join(' ');
  if (got !== want) fail(`org ${org}: published disclosures`, want || 'none', got || 'none');
  record.disclosures.forEach((d, i) => {
    const href = /^https?:\/\//i.test(d.url) ? d.url : null;
    if (shown.published[i].href !== href) fail(`org ${org}: disclosure ${d.seq} document`, href ?? 'no link', shown.published[i].href ?? 'no link');
  });
  if (!shown.asOf.includes(record.as_of)) fail(`org ${org}: as of`, record.as_of, shown.asOf);
  const statuses = {};
  for (const o of record.obligations) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  return `${org}: ${record.obligations.length} obligation(s) ${JSON.stringify(statuses)}, ${record.disclosures.length} published, as of ${record.as_of}`;
}
