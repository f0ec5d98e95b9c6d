// The transparency portal in a real browser (headless Debian Chromium driven
// by playwright-core) against a real, seeded ledgerd. Every step compares
// what the page shows with what the API says, to the fen.
//
// node portal.test.mjs --url URL --summary SUMMARY.json --screenshots DIR
//                      [--chromium /usr/bin/chromium]
// Exit code: 0 all steps passed, 1 a step failed (it prints what was
// expected and what was found), 2 usage.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  attr, fail, getJson, gotoPage, h1Text, hasCjk, htmlLang, kDesktop, kPhone, kPollMs, kWaitMs, StepFailure,
  sumFen, until,
} from './browser_util.mjs';
import {
  settledFlows, stepFundFlowMismatch, stepFundFlowPages, stepFundFlows,
} from './fund_flows_steps.mjs';
import { stepCampaign, stepCampaignSynthetic, stepOrgDisclosure } from './campaign_steps.mjs';
import { stepDirectory, stepDirectorySearch } from './directory_steps.mjs';
import { stepOrgRatios, stepOrgRatioWarnings } from './org_ratios_steps.mjs';
import { stepFundCommitments, stepLotteryProjects, stepOrgProjects, stepProjects } from './project_steps.mjs';
import { stepExports } from './export_steps.mjs';
import { stepReceiptStatus } from './receipt_status_steps.mjs';

const kMaxTracesFetched = 400; // bound on the search for a partly spent receipt

function usage() {
  console.error('usage: node portal.test.mjs --url URL --summary FILE --screenshots DIR [--chromium PATH]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { chromium: '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!['url', 'summary', 'screenshots', 'chromium'].includes(name) || i + 1 >= argv.length) usage();
    args[name] = argv[i + 1];
  }
  if (!args.url || !args.summary || !args.screenshots) usage();
  args.url = args.url.replace(/\/$/, '');
  return args;
}

async function flowNodes(page) {
  return page.$$eval('[data-testid=flow] [data-testid=flow-node]', (nodes) =>
    nodes.map((node) => ({ kind: node.dataset.kind, fen: node.dataset.fen })));
}

// A receipt that is partly held and partly spent shows every kind of flow
// node. The summary tags its receipts (`kind`: partly_disbursed, held,
// refunded, ...); the traces decide. Refunded (reversed) donations are left
// out: there is nothing left of them to follow.
async function pickReceipt(base, summary) {
  const rank = (entry) => (entry.kind === 'partly_disbursed' ? 0 : 1);
  const candidates = summary.receipts.filter((entry) => entry.kind !== 'refunded')
    .sort((a, b) => rank(a) - rank(b)).slice(0, kMaxTracesFetched);
  let fallback = null;
  for (const entry of candidates) {
    const trace = await getJson(base, `/v1/receipts/${encodeURIComponent(entry.receipt)}/trace`);
    if (trace.reversed) continue;
    const held = sumFen(trace.held);
    const used = sumFen(trace.spent) + sumFen(trace.expensed);
    if (held > 0 && used > 0) return { entry, trace, partly: true };
    if (used > 0 && !fallback) fallback = { entry, trace, partly: false };
  }
  if (fallback) return fallback;
  fail('pick a receipt', 'a seeded receipt of which some fen were spent',
    `none among ${candidates.length} traces`);
}

async function runProofCheck(page, seq, expectedState) {
  await page.locator('#proof-seq').fill(String(seq), { timeout: kWaitMs });
  await page.locator('#proof-check').click({ timeout: kWaitMs });
  return settledProof(page, '[data-testid=proof-result]', 'log page', expectedState);
}

// Waits for a proof line to leave `checking`, then compares: a wrong final
// state fails at once instead of at the timeout.
async function settledProof(page, selector, where, expectedState) {
  const state = await until(`${where} ${selector} data-state`, () => attr(page, selector, 'data-state'),
    (value) => value !== null && value !== 'checking', expectedState);
  if (state !== expectedState) {
    const text = await page.locator(selector).first().innerText().catch(() => '');
    fail(`${where} ${selector} data-state`, expectedState, `${state} ("${text}")`);
  }
  return state;
}

// Step 1: the receipt lookup, in Chinese, down to the fen of every flow node.
async function stepReceipt(ctx) {
  const { page, base, pick } = ctx;
  const { entry, trace } = pick;
  await page.goto(`${base}/?lang=zh`, { waitUntil: 'networkidle' });
  await until('html lang with ?lang=zh', () => htmlLang(page), (l) => l === 'zh-CN', 'zh-CN');
  ctx.h1Zh = await until('header h1 in Chinese', () => h1Text(page), hasCjk, 'Chinese characters');
  await page.locator('#receipt-input').fill(entry.receipt, { timeout: kWaitMs });
  await page.locator('#receipt-go').click({ timeout: kWaitMs });
  const wantHash = `#/receipt/${entry.receipt}`;
  await until('URL after #receipt-go', () => decodeURIComponent(new URL(page.url()).hash),
    (hash) => hash === wantHash, wantHash);
  const shownFen = await until('[data-testid=receipt-amount] data-fen',
    () => attr(page, '[data-testid=receipt-amount]', 'data-fen'),
    (fen) => fen !== null, `${entry.amount_fen}`);
  if (Number(shownFen) !== entry.amount_fen || trace.amount_fen !== entry.amount_fen)
    fail('receipt amount', `${entry.amount_fen} fen (summary)`,
      `${shownFen} fen on the page, ${trace.amount_fen} fen in the trace`);

  const want = { held: sumFen(trace.held), disbursement: sumFen(trace.spent), expense: sumFen(trace.expensed) };
  const sumKinds = (list) => {
    const sums = { held: 0, disbursement: 0, expense: 0 };
    for (const node of list) if (node.kind in sums) sums[node.kind] += Number(node.fen);
    return sums;
  };
  // The diagram may fill in as its data arrives: wait for the sums the trace
  // gives, and if they never come, say below which kind is off.
  let nodes = [];
  await until('[data-testid=flow] nodes', async () => (nodes = await flowNodes(page)),
    (list) => JSON.stringify(sumKinds(list)) === JSON.stringify(want), 'flow nodes').catch((error) => {
    if (!(error instanceof StepFailure)) throw error;
  });
  if (nodes.length === 0) fail('[data-testid=flow] [data-testid=flow-node]', 'flow nodes', 'none');
  for (const node of nodes)
    if (!/^\d+$/.test(node.fen ?? '')) fail(`flow node (${node.kind}) data-fen`, 'an integer', node.fen);
  const got = sumKinds(nodes);
  for (const kind of Object.keys(want))
    if (got[kind] !== want[kind]) fail(`flow nodes of kind ${kind}`, `${want[kind]} fen (trace)`, `${got[kind]} fen`);
  const total = got.held + got.disbursement + got.expense;
  if (total !== entry.amount_fen)
    fail('held + disbursement + expense flow nodes', `${entry.amount_fen} fen`, `${total} fen`);
  const donation = nodes.find((node) => node.kind === 'donation');
  if (!donation || Number(donation.fen) !== entry.amount_fen)
    fail('donation flow node', `${entry.amount_fen} fen`, donation ? `${donation.fen} fen` : 'no donation node');
  return `${entry.receipt}: ${entry.amount_fen} fen = held ${got.held} + disbursed ${got.disbursement}` +
    ` + expensed ${got.expense}` + (pick.partly ? '' : ' (no partly spent receipt was seeded)');
}

// Step 2: the receipt's fund, its balance as the API states it.
async function stepFund(ctx) {
  const { page, base, pick } = ctx;
  const fund = await getJson(base, `/v1/funds/${encodeURIComponent(pick.trace.fund)}`);
  await page.goto(`${base}/?lang=zh#/fund/${encodeURIComponent(pick.trace.fund)}`);
  await until('[data-testid=fund-balance] data-fen',
    () => attr(page, '[data-testid=fund-balance]', 'data-fen'),
    (fen) => fen !== null && Number(fen) === fund.balance_fen, `${fund.balance_fen} (GET /v1/funds)`);
  return `fund ${fund.id}: balance ${fund.balance_fen} fen`;
}

// Step 2b: a refunded (reversed) donation's receipt still opens, marked
// reversed (DESIGN.md §7), not "not found".
async function stepRefunded(ctx) {
  const { page, base, summary } = ctx;
  const refunded = summary.receipts.find((entry) => entry.kind === 'refunded');
  if (!refunded) fail('the seeded refund', 'a receipt tagged refunded in the summary', 'none');
  const trace = await getJson(base, `/v1/receipts/${encodeURIComponent(refunded.receipt)}/trace`);
  if (trace.reversed !== true) fail('GET trace of the refunded receipt', 'reversed: true', JSON.stringify(trace.reversed));
  await gotoPage(page, base, `/receipt/${encodeURIComponent(refunded.receipt)}`, 'zh');
  await until('[data-testid=receipt-reversed]', () => page.locator('[data-testid=receipt-reversed]').count(),
    (count) => count === 1, 'shown once');
  return `receipt ${refunded.receipt} shows as reversed`;
}

// Step 3: the in-browser proof check, on the receipt page and on the log page.
async function stepProof(ctx) {
  const { page, base, pick } = ctx;
  await gotoPage(page, base, `/receipt/${encodeURIComponent(pick.entry.receipt)}`, 'zh');
  await settledProof(page, '[data-testid=proof-status]', 'receipt page', 'verified');
  await gotoPage(page, base, '/log', 'zh');
  await runProofCheck(page, pick.trace.seq, 'verified');
  return `donation seq ${pick.trace.seq} verified on the receipt page and the log page`;
}

// Step 4: a proof with one flipped hex digit must fail the check.
async function stepTamper(ctx) {
  const { page, base, pick } = ctx;
  let served = 0;
  await page.route('**/v1/proof/inclusion**', async (route) => {
    const response = await route.fetch();
    const proof = await response.json();
    if (!Array.isArray(proof.hashes) || proof.hashes.length === 0)
      return route.fulfill({ response, status: 500, body: 'test: no hashes to tamper with' });
    const digit = proof.hashes[0][0];
    proof.hashes[0] = (parseInt(digit, 16) ^ 1).toString(16) + proof.hashes[0].slice(1);
    served += 1;
    return route.fulfill({ response, json: proof });
  });
  try {
    await gotoPage(page, base, '/log', 'zh');  // a fresh page: nothing cached in memory
    await runProofCheck(page, pick.trace.seq, 'failed');
    if (served === 0) fail('tampered proof', 'the check to fetch /v1/proof/inclusion', 'no request');
  } finally {
    await page.unroute('**/v1/proof/inclusion**');
  }
  return `seq ${pick.trace.seq} with one flipped digit in hashes[0]: failed (${served} tampered response(s))`;
}

// Step 5: the language switch turns the page into English.
async function stepLanguage(ctx) {
  const { page } = ctx;
  const before = await h1Text(page);
  await page.locator('[data-testid=lang-switch]').first().click({ timeout: kWaitMs });
  await until('html lang after [data-testid=lang-switch]', () => htmlLang(page), (l) => l === 'en', 'en');
  const after = await until('header h1 in English', () => h1Text(page),
    (text) => /[A-Za-z]/.test(text) && !hasCjk(text) && text !== before,
    `English text other than "${before}"`);
  if (after === ctx.h1Zh) fail('h1 in English', `other than "${ctx.h1Zh}"`, after);
  return `h1 "${before}" -> "${after}"`;
}

// Step 6: the receipt page fits a phone's width.
async function stepPhone(ctx) {
  const { browser, base, pick, shots } = ctx;
  const phone = await browser.newContext({ viewport: kPhone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  try {
    const page = await phone.newPage();
    watchErrors(page, ctx.errors);
    await gotoPage(page, base, `/receipt/${encodeURIComponent(pick.entry.receipt)}`, 'zh');
    await until('phone: [data-testid=receipt-amount] data-fen',
      () => attr(page, '[data-testid=receipt-amount]', 'data-fen'),
      (fen) => Number(fen) === pick.entry.amount_fen, `${pick.entry.amount_fen}`);
    await page.screenshot({ path: join(shots, 'receipt-phone.png') });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > kPhone.width) fail('phone: document scrollWidth', `<= ${kPhone.width} px`, `${width} px`);
    // The fund page with its flow charts and month table fits too.
    await gotoPage(page, base, `/fund/${encodeURIComponent(pick.trace.fund)}`, 'zh');
    const rows = await settledFlows(page, 'phone: fund page');
    const fundWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (fundWidth > kPhone.width) fail('phone: fund page scrollWidth', `<= ${kPhone.width} px`, `${fundWidth} px`);
    await page.locator('section:has([data-testid=fund-flows-chart])').screenshot({ path: join(shots, 'fund-flows-phone.png') });
    return `scrollWidth ${width} px (receipt), ${fundWidth} px (fund, ${rows.length} months) at ${kPhone.width} px;` +
      ' receipt-phone.png, fund-flows-phone.png';
  } finally {
    await phone.close();
  }
}

// Step 7: one screenshot of each page, in English, for docs/portal.md.
async function stepScreenshots(ctx) {
  const { page, base, pick, shots } = ctx;
  const receipt = encodeURIComponent(pick.entry.receipt);
  // The receipt's <main> is taken whole: its flow diagram is below the fold
  // (the header is left out to keep the file small).
  const pages = [
    ['home', '/', '#receipt-input', false],
    ['receipt', `/receipt/${receipt}`, '[data-testid=proof-status][data-state=verified]', true],
    ['lottery', '/lottery', 'h2.page-title', false],
    ['honour', '/honour', 'h2.page-title', false],
  ];
  for (const [name, route, ready, fullPage] of pages) {
    await gotoPage(page, base, route, 'en');
    await page.locator(ready).first().waitFor({ timeout: kWaitMs });
    const path = join(shots, `${name}.png`);
    await (fullPage ? page.locator('main').screenshot({ path }) : page.screenshot({ path }));
  }
  // The fund page from the top down to the end of its month table, which
  // is below the fold (the lots after it are left out).
  await gotoPage(page, base, `/fund/${encodeURIComponent(pick.trace.fund)}`, 'en');
  await page.locator('[data-testid=fund-flows-table]').waitFor({ timeout: kWaitMs });
  const flows = await page.locator('section:has([data-testid=fund-flows-table])').boundingBox();
  await page.screenshot({ path: join(shots, 'fund.png'), fullPage: true,
    clip: { x: 0, y: 0, width: kDesktop.width, height: Math.ceil(flows.y + flows.height + 16) } });
  // The org page of the demo's charity down to the end of its ratios by
  // year (its recent events after them are left out).
  await gotoPage(page, base, `/org/${encodeURIComponent(ctx.ratioOrgs.charity.id)}`, 'en');
  await page.locator('[data-testid=ratio-year]').first().waitFor({ timeout: kWaitMs });
  const ratios = await page.locator('[data-testid=org-ratios]').boundingBox();
  await page.screenshot({ path: join(shots, 'org.png'), fullPage: true,
    clip: { x: 0, y: 0, width: kDesktop.width, height: Math.ceil(ratios.y + ratios.height + 16) } });
  // The demo campaign's page down to the end of its disclosures (its
  // channels and days after them are left out).
  await gotoPage(page, base, `/campaign/${encodeURIComponent(ctx.campaign.id)}`, 'en');
  await page.locator('[data-testid=campaign-disclosures]').waitFor({ timeout: kWaitMs });
  const disclosures = await page.locator('[data-testid=campaign-disclosures]').boundingBox();
  await page.screenshot({ path: join(shots, 'campaign.png'), fullPage: true,
    clip: { x: 0, y: 0, width: kDesktop.width, height: Math.ceil(disclosures.y + disclosures.height + 16) } });
  // The project whose tranche was refused before its evaluation, whole;
  // and the lottery page's funded projects.
  await gotoPage(page, base, `/project/${encodeURIComponent(ctx.project.id)}`, 'en');
  await page.locator('[data-testid=proof-status][data-state=verified]').waitFor({ timeout: kWaitMs });
  await page.locator('main').screenshot({ path: join(shots, 'project.png') });
  await gotoPage(page, base, '/lottery', 'en');
  await page.locator('[data-testid=lp-region]').waitFor({ timeout: kWaitMs });
  await page.locator('[data-testid=lottery-projects]').screenshot({ path: join(shots, 'lottery-projects.png') });
  await gotoPage(page, base, '/log', 'en');
  await runProofCheck(page, pick.trace.seq, 'verified');
  await page.screenshot({ path: join(shots, 'log.png') });
  return `home, receipt, fund, lottery, honour, org, campaign, project, lottery-projects, log -> ${shots}`;
}

function watchErrors(page, errors) {
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const summary = JSON.parse(readFileSync(args.summary, 'utf8'));
  rmSync(args.screenshots, { recursive: true, force: true });  // no stale shots
  mkdirSync(args.screenshots, { recursive: true });
  const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'], headless: true });
  const ctx = { browser, base: args.url, shots: args.screenshots, errors: [], summary };
  const steps = [
    ['1 receipt lookup (zh)', stepReceipt],
    ['2 fund balance', stepFund],
    ['2b refunded receipt shows reversed', stepRefunded],
    ['2c fund flows by month', stepFundFlows],
    ['2d fund flows over several pages', stepFundFlowPages],
    ['2e fund flows that do not add up', stepFundFlowMismatch],
    ['2f org ratios by year', stepOrgRatios],
    ['2g org ratio warnings', stepOrgRatioWarnings],
    ['2h campaign page', stepCampaign],
    ['2i campaign statuses and paging (synthetic)', stepCampaignSynthetic],
    ['2j org disclosure record', stepOrgDisclosure],
    ['2k receipt status', stepReceiptStatus],
    ['2l directory of orgs', stepDirectory],
    ['2m directory search in Chinese', stepDirectorySearch],
    ['2n project pages', stepProjects],
    ['2o projects on the org pages', stepOrgProjects],
    ['2p funded projects on the lottery page', stepLotteryProjects],
    ['2q committed money on the fund page', stepFundCommitments],
    ['2r download buttons on the fund and org pages', stepExports],
    ['3 proof verified in the browser', stepProof],
    ['4 tampered proof fails', stepTamper],
    ['5 language switch', stepLanguage],
    ['6 phone width', stepPhone],
    ['7 screenshots', stepScreenshots],
  ];
  let status = 0;
  try {
    const context = await browser.newContext({ viewport: kDesktop, deviceScaleFactor: 1 });
    ctx.page = await context.newPage();
    watchErrors(ctx.page, ctx.errors);
    ctx.step = '0 pick a receipt';
    ctx.pick = await pickReceipt(args.url, summary);
    for (const [name, run] of steps) {
      ctx.step = name;
      const started = Date.now();
      const detail = await run(ctx);
      console.log(`ok   step ${name}: ${detail} (${Date.now() - started} ms)`);
    }
    ctx.step = '8 no uncaught script errors';
    if (ctx.errors.length > 0) fail('uncaught script errors in the portal', 'none', ctx.errors.join(' | '));
    console.log('ok   step 8 no uncaught script errors in the portal');
  } catch (error) {
    const where = error instanceof StepFailure ? '' : ' (unexpected error)';
    console.log(`FAIL step ${ctx.step}${where}: ${error instanceof StepFailure ? error.message : error.stack}`);
    if (ctx.errors.length > 0) console.log(`     portal script errors: ${ctx.errors.join(' | ')}`);
    if (ctx.page) await ctx.page.screenshot({ path: join(args.screenshots, 'failure.png') }).catch(() => {});
    status = 1;
  } finally {
    await browser.close();
  }
  process.exit(status);
}

await main();
