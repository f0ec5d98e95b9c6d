// Projects in the browser (steps 2n to 2q of portal.test.mjs): every
// project the demo seeded (the summary's `projects`) against
// GET /v1/projects/{id} to the fen — header, amounts, tranches,
// evaluations, timeline in Chinese — with the tranche the ledger refused
// before its evaluation shown evaluated and paid; the org pages listing
// their projects (GET /v1/projects?org=); the lottery page's funded
// projects by purpose and region against GET /v1/stats and each region's
// list (GET /v1/projects?region=), with answers changed in transit for
// the notes; and a fund's committed and usable money.
import { join } from 'node:path';
import { fail, getJson, gotoPage, kPhone, until } from './browser_util.mjs';

const kStatsPattern = '**/v1/stats**';

const shownFen = (text) => BigInt((text || '').replace(/[^0-9-]/g, '') || 'NaN');
const fenMatches = (cell, fen) => cell && cell.fen === BigInt(fen).toString() && shownFen(cell.text) === BigInt(fen);

// The event types of a project's timeline, as the Chinese page must name them.
const kTypesZh = {
  'project.applied': '项目申报', 'project.approved': '项目批准', 'project.rejected': '项目未获批准',
  'funds.transferred': '转账', 'disbursement.made': '拨付', 'expense.recorded': '费用',
  'project.milestone_reported': '报告阶段成果', 'project.evaluated': '项目评估',
  'commitment.released': '释放承诺资金', 'project.closed': '项目结项', 'event.reversed': '冲正',
};

// Waits for the project page to settle and reads what it shows.
async function readProjectPage(page, where) {
  await until(`${where}: project page`, () => page.locator('[data-testid=project-amounts], main [data-testid=error]').count(),
    (n) => n > 0, 'the project');
  const error = await page.locator('main [data-testid=error]').count();
  if (error > 0) fail(`${where}: project page`, 'no error', await page.locator('main [data-testid=error]').first().innerText());
  await until(`${where}: org and fund names`, () => page.locator('main [data-state=pending]').count(), (n) => n === 0, 'all named');
  return page.evaluate(() => {
    const one = (id) => document.querySelector(`main [data-testid=${id}]`);
    const fenOf = (el) => ({ fen: el?.dataset.fen, text: el?.textContent });
    const link = (id) => { const a = one(id)?.querySelector('[data-testid=org-name]'); return a ? { id: a.dataset.org, text: a.textContent } : null; };
    const rows = (selector, read) => [...document.querySelectorAll(selector)].map(read);
    return {
      title: document.querySelector('h2.page-title').textContent,
      status: one('project-status')?.dataset.status,
      applicant: link('project-applicant'), approver: link('project-approver'), approverText: one('project-approver')?.textContent,
      programme: one('project-programme')?.textContent, purpose: one('project-purpose')?.dataset.purpose,
      region: one('project-region')?.textContent, paid: fenOf(one('project-paid')),
      amounts: Object.fromEntries(rows('[data-testid=project-amounts] tr', (tr) => [tr.dataset.kind, fenOf(tr.querySelector('td'))])),
      tranches: rows('[data-testid=project-tranches] tbody tr', (tr) => ({ no: Number(tr.dataset.no), state: tr.dataset.state,
        needs: tr.dataset.needsEvaluation, evaluated: tr.dataset.evaluated,
        amount: fenOf(tr.querySelector('[data-kind=amount]')), paid: fenOf(tr.querySelector('[data-kind=paid]')) })),
      evaluations: rows('[data-testid=evaluation]', (tr) => ({ seq: Number(tr.dataset.seq), grade: tr.dataset.grade, tranche: tr.dataset.tranche })),
      milestones: rows('[data-testid=milestone]', (tr) => Number(tr.dataset.tranche)),
      timeline: rows('[data-testid=timeline-entry]', (li) => ({ seq: Number(li.dataset.seq), type: li.dataset.type,
        date: li.dataset.date, text: li.querySelector('.timeline-type').textContent, shownDate: li.querySelector('.timeline-date').textContent })),
      closed: one('project-closed')?.dataset ?? null,
      mismatches: document.querySelectorAll('[data-testid=project-amounts-mismatch], [data-testid=project-tranches-mismatch]').length,
    };
  });
}

async function orgName(base, id) {
  return (await getJson(base, `/v1/orgs/${encodeURIComponent(id)}`)).name;
}

// What the tranche row must say, from the API's tranche.
function wantTrancheState(tr, closed) {
  if (tr.paid_fen >= tr.amount_fen) return 'paid';
  if (tr.paid_fen > 0) return 'partly';
  if (closed) return 'closed';
  if (!tr.needs_evaluation) return 'due';
  if (tr.evaluated) return 'evaluated';
  return tr.milestone_reported ? 'milestone' : 'waiting';
}

function compareHeader(shown, p, names, where) {
  if (shown.title !== p.title) fail(`${where}: title`, p.title, shown.title);
  if (shown.status !== p.status) fail(`${where}: status`, p.status, shown.status);
  if (shown.applicant?.id !== p.applicant || shown.applicant?.text !== names[p.applicant])
    fail(`${where}: applicant`, `${p.applicant} named "${names[p.applicant]}"`, JSON.stringify(shown.applicant));
  if (p.approver === null ? shown.approver !== null : shown.approver?.id !== p.approver || shown.approver?.text !== names[p.approver])
    fail(`${where}: approver`, p.approver === null ? 'none yet' : `${p.approver} named "${names[p.approver]}"`, JSON.stringify(shown.approver ?? shown.approverText));
  for (const [what, want, got] of [['programme', p.programme, shown.programme], ['purpose', p.purpose, shown.purpose], ['region', p.region, shown.region]])
    if (want !== got) fail(`${where}: ${what}`, want, got);
  if (!fenMatches(shown.paid, p.paid_fen)) fail(`${where}: paid (big)`, `${p.paid_fen} fen`, JSON.stringify(shown.paid));
  for (const kind of ['requested', 'approved', 'committed', 'paid', 'released'])
    if (!fenMatches(shown.amounts[kind], p[`${kind}_fen`])) fail(`${where}: ${kind}`, `${p[`${kind}_fen`]} fen`, JSON.stringify(shown.amounts[kind]));
  if (p.closed && (shown.closed?.date !== p.closed || shown.closed?.leftover !== p.leftover))
    fail(`${where}: closed`, `${p.closed}, leftover ${p.leftover}`, JSON.stringify(shown.closed));
  if (shown.mismatches !== 0) fail(`${where}: mismatch notes`, 'none (the API adds up)', shown.mismatches);
}

function compareDetails(shown, p, where) {
  if (shown.tranches.length !== p.tranches.length) fail(`${where}: tranches`, p.tranches.length, shown.tranches.length);
  p.tranches.forEach((tr, i) => {
    const row = shown.tranches[i];
    const state = wantTrancheState(tr, p.status === 'closed');
    if (row.no !== tr.no || !fenMatches(row.amount, tr.amount_fen) || !fenMatches(row.paid, tr.paid_fen) || row.state !== state ||
        row.needs !== String(tr.needs_evaluation) || row.evaluated !== String(tr.evaluated))
      fail(`${where}: tranche ${tr.no}`, `${tr.amount_fen} fen, ${tr.paid_fen} paid, ${state}`, JSON.stringify(row));
  });
  const evals = p.evaluations.map((e) => `${e.seq}:${e.grade}:${e.tranche ?? ''}`).join(' ');
  const shownEvals = shown.evaluations.map((e) => `${e.seq}:${e.grade}:${e.tranche}`).join(' ');
  if (shownEvals !== evals) fail(`${where}: evaluations`, evals || 'none', shownEvals || 'none');
  if (shown.milestones.join(' ') !== p.milestones.map((m) => m.tranche).join(' '))
    fail(`${where}: milestones`, p.milestones.map((m) => m.tranche).join(' ') || 'none', shown.milestones.join(' ') || 'none');
  if (shown.timeline.length !== p.timeline.length) fail(`${where}: timeline`, `${p.timeline.length} events`, `${shown.timeline.length}`);
  p.timeline.forEach((e, i) => {
    const row = shown.timeline[i];
    if (row.seq !== e.seq || row.type !== e.type || row.date !== e.date || row.shownDate !== e.date || row.text !== kTypesZh[e.type])
      fail(`${where}: timeline ${i}`, `#${e.seq} ${e.date} ${kTypesZh[e.type]} (${e.type})`, JSON.stringify(row));
  });
}

// Step 2n: every seeded project's page, in Chinese, against the API; the
// tranche refused before its evaluation is shown evaluated and paid, its
// payment after the milestone and the evaluation.
export async function stepProjects(ctx) {
  const { page, base, summary } = ctx;
  if (!summary.projects?.length) fail('the seeded projects', 'projects in the summary', 'none');
  const refusal = summary.refusals.find((r) => r.field === 'body.tranche');
  if (!refusal || !refusal.refused || refusal.status !== 422)
    fail('the seeded refusal', 'a tranche payment refused with 422 naming body.tranche', JSON.stringify(summary.refusals));
  const statuses = [];
  for (const { id } of summary.projects) {
    const p = await getJson(base, `/v1/projects/${encodeURIComponent(id)}`);
    const names = {};
    for (const org of [p.applicant, p.approver].filter(Boolean)) names[org] = await orgName(base, org);
    await gotoPage(page, base, `/project/${encodeURIComponent(id)}`, 'zh');
    const shown = await readProjectPage(page, `project ${id}`);
    compareHeader(shown, p, names, `project ${id}`);
    compareDetails(shown, p, `project ${id}`);
    statuses.push(`${id} ${p.status} ${p.paid_fen}/${p.approved_fen}`);
  }
  const { project, tranche } = refusal.body;
  const p = await getJson(base, `/v1/projects/${encodeURIComponent(project)}`);
  const tr = p.tranches.find((x) => x.no === tranche);
  if (!tr?.needs_evaluation || !tr.evaluated || tr.paid_fen !== refusal.body.amount_fen)
    fail(`project ${project}: tranche ${tranche}`, `evaluated and paid ${refusal.body.amount_fen} fen`, JSON.stringify(tr));
  const seqOf = (type) => p.timeline.filter((e) => e.type === type).map((e) => e.seq);
  if (!(Math.max(...seqOf('project.evaluated')) < Math.max(...seqOf(refusal.type))))
    fail(`project ${project}: timeline`, `the payment after the evaluation`, JSON.stringify(p.timeline));
  ctx.project = p;
  return `${statuses.join('; ')}; ${project} tranche ${tranche} refused (422 body.tranche), then paid after its evaluation`;
}

// Step 2o: the org pages list the projects of GET /v1/projects?org=.
export async function stepOrgProjects(ctx) {
  const { page, base, project } = ctx;
  const out = [];
  for (const org of [project.applicant, project.approver]) {
    const list = (await getJson(base, `/v1/projects?org=${encodeURIComponent(org)}&limit=500`)).projects;
    await gotoPage(page, base, `/org/${encodeURIComponent(org)}`, 'zh');
    await until(`org ${org}: projects`, () => page.locator('[data-testid=org-projects-section] :is([data-testid=org-projects], [data-testid=empty], [data-testid=error])').count(),
      (n) => n > 0, 'the projects');
    const rows = await page.$$eval('[data-testid=org-projects] tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.project,
      href: tr.querySelector('a').getAttribute('href'), approved: tr.querySelector('[data-kind=approved]').dataset.fen,
      paid: tr.querySelector('[data-kind=paid]').dataset.fen, status: tr.querySelector('[data-testid=project-status]').dataset.status })));
    const want = list.map((p) => `${p.id}:${p.status}:${p.approved_fen}:${p.paid_fen}`).join(' ');
    const got = rows.map((r) => `${r.id}:${r.status}:${r.approved}:${r.paid}`).join(' ');
    if (got !== want) fail(`org ${org}: projects`, want, got);
    for (const r of rows) if (r.href !== `#/project/${encodeURIComponent(r.id)}`) fail(`org ${org}: link of ${r.id}`, `#/project/${r.id}`, r.href);
    out.push(`${org}: ${rows.length}`);
  }
  return `projects listed on the org pages (${out.join(', ')})`;
}

async function readLotteryProjects(page, where) {
  await until(`${where}: funded projects`, () => page.locator('[data-testid=lottery-projects] :is([data-testid=lp-region-projects], [data-testid=lp-noregions], [data-testid=empty], [data-testid=error])').count(),
    (n) => n > 0, 'the funded projects');
  return page.evaluate(() => {
    const cell = (tr) => ({ fen: tr.querySelector('[data-kind=approved]').dataset.fen, text: tr.querySelector('[data-kind=approved]').textContent });
    return {
      purposes: [...document.querySelectorAll('[data-testid=lp-purpose] tbody tr')].map((tr) => ({ key: tr.dataset.purpose, count: tr.dataset.count, ...cell(tr) })),
      regions: [...document.querySelectorAll('[data-testid=lp-region] tbody tr')].map((tr) => ({ key: tr.dataset.region, count: tr.dataset.count, ...cell(tr) })),
      bars: [...document.querySelectorAll('[data-testid=chart-lottery-projects] g')].map((g) => g.dataset.fen),
      lists: Object.fromEntries([...document.querySelectorAll('[data-testid=lp-region-projects]')].map((div) => [div.dataset.region,
        [...div.querySelectorAll('tbody tr')].map((tr) => `${tr.dataset.project}:${tr.querySelector('[data-testid=project-status]').dataset.status}:` +
          `${tr.querySelector('[data-kind=approved]').dataset.fen}:${tr.querySelector('[data-kind=paid]').dataset.fen}`)])),
      noRegions: document.querySelectorAll('[data-testid=lp-noregions]').length,
      mismatch: document.querySelectorAll('[data-testid=lp-mismatch]').length,
    };
  });
}

function compareBuckets(rows, want, label, where) {
  const sorted = [...want].sort((a, b) => (a[label] < b[label] ? -1 : 1));
  const got = [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
  const text = (list) => list.map((x) => `${x.key ?? x[label]}:${x.count}:${x.fen ?? x.amount_fen}`).join(' ');
  if (text(got) !== text(sorted)) fail(`${where}: by ${label}`, text(sorted), text(got));
  for (const row of got) if (shownFen(row.text) !== BigInt(row.fen)) fail(`${where}: ${row.key} amount text`, `${row.fen} fen`, row.text);
}

const sum = (list) => list.reduce((s, x) => s + BigInt(x.amount_fen), 0n);

async function compareLottery(page, base, stats, byRegion, where) {
  const shown = await readLotteryProjects(page, where);
  compareBuckets(shown.purposes, stats.lottery_projects.by_purpose, 'purpose', where);
  const barSum = shown.bars.reduce((s, fen) => s + BigInt(fen), 0n);
  if (barSum !== sum(stats.lottery_projects.by_purpose)) fail(`${where}: bars by purpose`, `${sum(stats.lottery_projects.by_purpose)} fen in all`, `${barSum} fen`);
  compareBuckets(shown.regions, byRegion, 'region', where);
  if (sum(byRegion) !== sum(stats.lottery_projects.by_purpose) || shown.mismatch !== 0)
    fail(`${where}: regions against purposes`, `${sum(stats.lottery_projects.by_purpose)} fen both, no note`, `${sum(byRegion)} fen, ${shown.mismatch} note(s)`);
  for (const { region } of byRegion) {
    const list = (await getJson(base, `/v1/projects?region=${region}&limit=500`)).projects;
    const want = list.map((p) => `${p.id}:${p.status}:${p.approved_fen}:${p.paid_fen}`).join(' ');
    if ((shown.lists[region] ?? []).join(' ') !== want) fail(`${where}: projects of region ${region}`, want, (shown.lists[region] ?? []).join(' '));
  }
  return shown;
}

// Serves `answer` for GET /v1/stats while `run` runs.
async function withStats(page, answer, run) {
  await page.route(kStatsPattern, (route) => route.fulfill({ json: answer }));
  try {
    await run();
  } finally {
    await page.unroute(kStatsPattern);
  }
}

// Step 2p: the lottery page's funded projects by purpose and by region,
// to the fen, and each region's projects; then, served in transit, a
// region 1 fen off (a note) and an answer without regions (a note, no
// regions).
export async function stepLotteryProjects(ctx) {
  const { page, base } = ctx;
  const stats = await getJson(base, '/v1/stats?honour_limit=1');
  const counted = stats.lottery_projects;
  if (!counted?.by_purpose?.length || !Array.isArray(counted.by_region))
    fail('GET /v1/stats lottery_projects', 'by_purpose and by_region of the seeded projects', JSON.stringify(counted));
  await gotoPage(page, base, '/lottery', 'zh');
  const shown = await compareLottery(page, base, stats, counted.by_region, 'lottery page');
  if (shown.noRegions !== 0) fail('lottery page: no-regions note', 'none', shown.noRegions);

  const [first, ...rest] = counted.by_region;
  const off = [{ ...first, amount_fen: first.amount_fen + 1 }, ...rest];
  await withStats(page, { ...stats, lottery_projects: { ...counted, by_region: off } }, async () => {
    await gotoPage(page, base, '/lottery', 'zh');
    const read = await readLotteryProjects(page, 'lottery page, a region 1 fen off');
    if (read.mismatch !== 1) fail('lottery page, a region 1 fen off: note', 'shown', 'none');
  });
  const { by_region: regions, ...withoutRegions } = counted;
  await withStats(page, { ...stats, lottery_projects: withoutRegions }, async () => {
    await gotoPage(page, base, '/lottery', 'zh');
    await until('lottery page without by_region: note', () => page.locator('[data-testid=lp-noregions]').count(), (n) => n === 1, 'shown');
    if (await page.locator('[data-testid=lp-region], [data-testid=lp-region-projects]').count() !== 0)
      fail('lottery page without by_region: regions', 'none', 'shown');
  });
  return `${counted.by_purpose.length} purpose(s), ${regions.length} region(s), ${Object.keys(shown.lists).length} region list(s);` +
    ' a region 1 fen off: note; no by_region: note, no regions';
}

// Step 2q: a fund with money committed shows committed and usable; one
// without shows neither. The project page fits a phone.
export async function stepFundCommitments(ctx) {
  const { page, base, summary, browser, shots, project } = ctx;
  let committed = null;
  let free = null;
  for (const id of summary.funds) {
    const f = await getJson(base, `/v1/funds/${encodeURIComponent(id)}?lots_limit=1`);
    if (f.committed_fen > 0 && !committed) committed = f;
    if (f.committed_fen === 0 && !free) free = f;
  }
  if (!committed) fail('a seeded fund with money committed', 'committed_fen > 0', 'none');
  await gotoPage(page, base, `/fund/${encodeURIComponent(committed.id)}`, 'zh');
  const read = (id) => page.locator(`[data-testid=${id}]`).first().getAttribute('data-fen', { timeout: 1000 }).catch(() => null);
  const got = { committed: await until(`fund ${committed.id}: committed`, () => read('fund-committed'), (x) => x !== null, `${committed.committed_fen}`),
    usable: await read('fund-usable') };
  if (got.committed !== String(committed.committed_fen) || got.usable !== String(committed.usable_fen) ||
      committed.usable_fen !== committed.balance_fen - committed.committed_fen)
    fail(`fund ${committed.id}`, `committed ${committed.committed_fen}, usable ${committed.usable_fen} fen`, JSON.stringify(got));
  await gotoPage(page, base, `/fund/${encodeURIComponent(free.id)}`, 'zh');
  await page.locator('[data-testid=fund-balance]').waitFor();
  if (await page.locator('[data-testid=fund-committed]').count() !== 0) fail(`fund ${free.id}: committed`, 'not shown (nothing committed)', 'shown');

  const phone = await browser.newContext({ viewport: kPhone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  let width;
  try {
    const small = await phone.newPage();
    small.on('pageerror', (error) => ctx.errors.push(`${small.url()}: ${error.message}`));
    await gotoPage(small, base, `/project/${encodeURIComponent(project.id)}`, 'zh');
    await readProjectPage(small, 'phone: project');
    width = await small.evaluate(() => document.documentElement.scrollWidth);
    await small.screenshot({ path: join(shots, 'project-phone.png'), fullPage: true });
  } finally {
    await phone.close();
  }
  if (width > kPhone.width) fail('phone: project page scrollWidth', `<= ${kPhone.width} px`, `${width} px`);
  return `${committed.id}: committed ${committed.committed_fen}, usable ${committed.usable_fen} fen; ${free.id}: none shown;` +
    ` project page ${width} px on a phone (project-phone.png)`;
}
