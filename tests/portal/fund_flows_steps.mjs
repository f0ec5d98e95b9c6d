// The fund page's inflows and outflows by month, in the browser (steps 2c,
// 2d and 2e of portal.test.mjs): the chart and table against
// GET /v1/funds/{id}/flows and the fund's totals, paging, and months that
// do not add up.
import { join } from 'node:path';
import { attr, fail, getJson, gotoPage, until } from './browser_util.mjs';

const kMaxFlowPages = 10;      // the fund page fetches at most this many pages of months

// The fund's months as the API serves them, every page (at most 10).
async function apiFlows(base, fundId) {
  const months = [];
  let from = null;
  for (let pages = 0; pages < kMaxFlowPages; pages += 1) {
    const query = from === null ? '' : `from=${from}&`;
    const page = await getJson(base, `/v1/funds/${encodeURIComponent(fundId)}/flows?${query}limit=1000`);
    if (page.fund !== fundId) fail('GET flows: fund', fundId, page.fund);
    months.push(...page.months);
    from = page.next;
    if (from === null) return months;
  }
  fail(`GET /v1/funds/${fundId}/flows`, `at most ${kMaxFlowPages} pages`, 'more');
}

// The rows of the fund page's month table: month and data-fen of each cell.
async function flowRows(page) {
  return page.$$eval('[data-testid=fund-flows-table] tbody tr', (rows) => rows.map((row) => {
    const cell = (kind) => row.querySelector(`[data-kind=${kind}]`);
    return {
      month: row.cells[0].textContent.trim(),
      inflow: cell('inflow')?.dataset.fen, outflow: cell('outflow')?.dataset.fen, balance: cell('balance')?.dataset.fen,
      inflowText: cell('inflow')?.textContent, outflowText: cell('outflow')?.textContent,
    };
  }));
}

// Waits for the fund page's flows section to settle (a table, an empty
// state or an error) and returns its table rows.
export async function settledFlows(page, where) {
  await until(`${where}: flows section`, () => page.locator(
    '[data-testid=fund-flows-table], [data-testid=empty], [data-testid=error]').count(), (n) => n > 0, 'a table');
  const error = await page.locator('[data-testid=error]').count();
  if (error > 0) fail(`${where}: flows section`, 'no error', await page.locator('[data-testid=error]').first().innerText());
  return flowRows(page);
}

const shownFen = (text) => BigInt((text || '').replace(/[^0-9]/g, '') || 'NaN');

// Step 2c: the fund page charts its inflows and outflows by month; the month
// table adds up, to the fen, to the totals on the page and in the API, and
// every month is the API's.
export async function stepFundFlows(ctx) {
  const { page, base, pick } = ctx;
  const id = pick.trace.fund;
  const fund = await getJson(base, `/v1/funds/${encodeURIComponent(id)}`);
  const months = await apiFlows(base, id);
  if (months.length === 0) fail(`GET flows of ${id}`, 'some months (the fund received the picked receipt)', 'none');
  await gotoPage(page, base, `/fund/${encodeURIComponent(id)}`, 'zh');
  const rows = await settledFlows(page, 'fund page');
  const bars = await page.$$eval('[data-testid=fund-flows-chart] rect.bar', (rects) => rects.map((r) => r.dataset.fen));
  if (bars.length !== 2 * months.length) fail('[data-testid=fund-flows-chart] bars', `${2 * months.length} (2 a month)`, bars.length);

  const wantMonths = months.map((m) => m.month).join(' ');
  if (rows.map((r) => r.month).join(' ') !== wantMonths) fail('flow table months', wantMonths, rows.map((r) => r.month).join(' '));
  const sum = (key) => rows.reduce((total, r) => total + BigInt(r[key]), 0n);
  const pageIn = BigInt(await attr(page, '[data-testid=fund-inflow]', 'data-fen'));
  const pageOut = BigInt(await attr(page, '[data-testid=fund-outflow]', 'data-fen'));
  const checks = [
    ['sum of the table\'s inflow', sum('inflow'), pageIn, 'fund-inflow on the page'],
    ['sum of the table\'s inflow', sum('inflow'), BigInt(fund.inflow_fen), 'inflow_fen of GET /v1/funds'],
    ['sum of the table\'s outflow', sum('outflow'), pageOut, 'fund-outflow on the page'],
    ['sum of the table\'s outflow', sum('outflow'), BigInt(fund.outflow_fen), 'outflow_fen of GET /v1/funds'],
  ];
  for (const [what, got, want, source] of checks) if (got !== want) fail(what, `${want} fen (${source})`, `${got} fen`);

  // One month in full: the busiest by outflow, against the API and its text.
  const busiest = months.reduce((a, b) => (b.outflow_fen > a.outflow_fen ? b : a));
  const row = rows.find((r) => r.month === busiest.month);
  if (BigInt(row.inflow) !== BigInt(busiest.inflow_fen) || BigInt(row.outflow) !== BigInt(busiest.outflow_fen))
    fail(`flow table row ${busiest.month}`, `${busiest.inflow_fen} in / ${busiest.outflow_fen} out (GET flows)`, `${row.inflow} / ${row.outflow}`);
  if (shownFen(row.inflowText) !== BigInt(busiest.inflow_fen) || shownFen(row.outflowText) !== BigInt(busiest.outflow_fen))
    fail(`flow table row ${busiest.month} text`, `${busiest.inflow_fen} / ${busiest.outflow_fen} fen as yuan`, `"${row.inflowText}" / "${row.outflowText}"`);
  const i = months.indexOf(busiest);
  if (bars[2 * i] !== String(busiest.inflow_fen) || bars[2 * i + 1] !== String(busiest.outflow_fen))
    fail(`chart bars of ${busiest.month}`, `${busiest.inflow_fen}, ${busiest.outflow_fen}`, `${bars[2 * i]}, ${bars[2 * i + 1]}`);

  // The running balance ends at the fund's balance (a lone month has no line).
  const dots = await page.$$eval('[data-testid=fund-balance-chart] circle', (cs) => cs.map((c) => c.dataset.fen));
  const wantDots = months.length > 1 ? months.length : 0;
  if (dots.length !== wantDots) fail('[data-testid=fund-balance-chart] points', wantDots, dots.length);
  const last = rows[rows.length - 1].balance;
  if (BigInt(last ?? 'NaN') !== BigInt(fund.balance_fen) || (wantDots > 0 && dots[dots.length - 1] !== String(fund.balance_fen)))
    fail('running balance after the last month', `${fund.balance_fen} fen (balance_fen)`, `${last} in the table, ${dots[dots.length - 1]} in the chart`);
  const notes = await page.locator('[data-testid=flows-mismatch], [data-testid=flows-truncated]').count();
  if (notes !== 0) fail('mismatch or truncation notes', 'none', notes);
  await page.locator('section:has([data-testid=fund-flows-chart])').screenshot({ path: join(ctx.shots, 'fund-flows-zh.png') });
  return `fund ${id}: ${months.length} months, in ${sum('inflow')} / out ${sum('outflow')} fen = GET /v1/funds;` +
    ` ${busiest.month} = GET flows; balance ends at ${last}; fund-flows-zh.png`;
}

// Step 2d: the page follows `next` (pages shrunk to 5 months in transit),
// and stops after 10 pages, saying so (pages shrunk to 1 month).
export async function stepFundFlowPages(ctx) {
  const { page, base, pick } = ctx;
  const id = pick.trace.fund;
  const fund = await getJson(base, `/v1/funds/${encodeURIComponent(id)}`);
  const months = await apiFlows(base, id);
  const seen = [];
  const shrinkTo = (limit) => async (route) => {
    const url = new URL(route.request().url());
    seen.push(url.search);
    url.searchParams.set('limit', String(limit));
    return route.continue({ url: url.toString() });
  };
  const pattern = '**/v1/funds/*/flows**';
  let detail;
  await page.route(pattern, shrinkTo(5));
  try {
    await gotoPage(page, base, `/fund/${encodeURIComponent(id)}`, 'en');
    const rows = await settledFlows(page, 'fund page, 5 months a page');
    const wantPages = Math.max(1, Math.ceil(months.length / 5));
    if (seen.length !== wantPages) fail('flows requests at 5 months a page', wantPages, `${seen.length}: ${seen.join(' ')}`);
    const total = rows.reduce((s, r) => s + BigInt(r.inflow), 0n);
    if (rows.length !== months.length || total !== BigInt(fund.inflow_fen))
      fail('flow table over several pages', `${months.length} months, ${fund.inflow_fen} fen in`, `${rows.length} months, ${total} fen`);
    detail = `${wantPages} pages of 5 months: ${rows.length} months, ${total} fen in`;
  } finally {
    await page.unroute(pattern);
  }
  seen.length = 0;
  await page.route(pattern, shrinkTo(1));
  try {
    await gotoPage(page, base, `/fund/${encodeURIComponent(id)}`, 'en');
    const rows = await settledFlows(page, 'fund page, 1 month a page');
    const truncated = await page.locator('[data-testid=flows-truncated]').count();
    const balance = rows.filter((r) => r.balance !== undefined).length === 0 ? 0 : 1;
    const want = Math.min(months.length, kMaxFlowPages);
    if (seen.length !== want || rows.length !== want) fail('flows at 1 month a page', `${want} requests and rows`, `${seen.length} and ${rows.length}`);
    if ((months.length > kMaxFlowPages) !== (truncated === 1) || (truncated === 1) !== (balance === 0))
      fail('truncation note / running balance', months.length > kMaxFlowPages ? 'note, no balance' : 'no note, a balance',
        `${truncated} note(s), ${balance ? 'a' : 'no'} balance column`);
    detail += `; 1 month a page: ${seen.length} requests, ${truncated ? 'stopped and said so' : 'all months'}`;
  } finally {
    await page.unroute(pattern);
  }
  return detail;
}

// Step 2e: months that do not add up to the fund's totals (the last one
// dropped in transit) give a note and no running balance at all; no months
// give the empty state (and the same note, since this fund has flows).
export async function stepFundFlowMismatch(ctx) {
  const { page, base, pick } = ctx;
  const id = pick.trace.fund;
  const months = await apiFlows(base, id);
  const pattern = '**/v1/funds/*/flows**';
  const rewrite = (edit) => async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    edit(body);
    return route.fulfill({ response, json: body });
  };
  const inSection = (testid) => page.locator(`[data-testid=fund-flows] [data-testid=${testid}]`).count();
  const cases = [
    ['last month dropped', (body) => { body.months.pop(); }, months.length - 1, 'fund-flows-chart'],
    ['no months', (body) => { body.months = []; }, 0, 'empty'],
  ];
  for (const [name, edit, wantRows, shown] of cases) {
    await page.route(pattern, rewrite(edit));
    try {
      await gotoPage(page, base, `/fund/${encodeURIComponent(id)}`, 'en');
      const rows = await settledFlows(page, `fund page, ${name}`);
      const found = {
        rows: rows.length, [shown]: await inSection(shown), mismatch: await inSection('flows-mismatch'),
        balanceChart: await inSection('fund-balance-chart'), negative: await inSection('flows-negative'),
        balanceCells: await page.locator('[data-testid=fund-flows-table] [data-kind=balance]').count(),
      };
      const want = { rows: wantRows, [shown]: 1, mismatch: 1, balanceChart: 0, negative: 0, balanceCells: 0 };
      if (JSON.stringify(found) !== JSON.stringify(want)) fail(`fund page, ${name}`, JSON.stringify(want), JSON.stringify(found));
    } finally {
      await page.unroute(pattern);
    }
  }
  return 'a month short: note, no running balance; no months: empty state and note';
}
