// The org page's regulatory ratios by year, in the browser (steps 2f and 2g
// of portal.test.mjs): the year tables against GET /v1/orgs/{id}/ratios for
// the demo's orgs, and synthetic answers (served in transit) with complete
// years and warnings, to check the statuses and the exact percentages.
import { join } from 'node:path';
import { fail, getJson, gotoPage, kPhone, until } from './browser_util.mjs';

// check -> the `rules` key that says it applies and gives its limit
const kChecks = {
  charitable_spending: 'charitable_spending_min_percent',
  management_expenses: 'management_max_percent',
  central_remittance: 'central_remittance_min_percent',
};
const kFields = ['income', 'charitable', 'management', 'fundraising', 'welfare', 'remitted'];
const kPattern = '**/v1/orgs/*/ratios';

const shownFen = (text) => BigInt((text || '').replace(/[^0-9-]/g, '') || 'NaN');

// part / whole to two decimals, down, or up for an "at most" limit (the
// audit's rounding, docs/ratios.md); '—' when there is nothing to divide by.
function wantPercent(part, whole, up) {
  if (whole === 0n) return '—';
  const scaled = part * 10000n;
  const basis = up ? (scaled + whole - 1n) / whole : scaled / whole;
  return `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}%`;
}

// The years the page must show: the API's, a year after a year of income
// (judged for charitable spending even when nothing was counted in it) up to
// the current year, and any year a warning names.
function wantYears(ratios) {
  const years = new Set(ratios.years.map((y) => y.year));
  if ('charitable_spending_min_percent' in ratios.rules)
    for (const y of ratios.years) if (y.income_fen > 0 && y.year + 1 <= ratios.current_year) years.add(y.year + 1);
  for (const w of ratios.warnings) years.add(w.year);
  return [...years].sort((a, b) => a - b);
}

// Waits for the ratios section to settle and reads every year block.
async function settledRatios(page, where) {
  await until(`${where}: ratios section`, () => page.locator(
    '[data-testid=org-ratios] :is([data-testid=ratio-year], [data-testid=empty], [data-testid=error])').count(),
  (n) => n > 0, 'year tables');
  const error = await page.locator('[data-testid=org-ratios] [data-testid=error]').count();
  if (error > 0) fail(`${where}: ratios section`, 'no error', await page.locator('[data-testid=error]').first().innerText());
  return page.$$eval('[data-testid=org-ratios] [data-testid=ratio-year]', (blocks) => blocks.map((b) => ({
    year: Number(b.dataset.year),
    complete: b.dataset.complete,
    open: b.querySelectorAll('[data-testid=ratio-open]').length,
    disagree: b.querySelectorAll('[data-testid=ratio-disagree]').length,
    amounts: Object.fromEntries([...b.querySelectorAll('tr[data-measure]')].map((row) => {
      const cell = row.querySelector('td');
      return [row.dataset.measure, { fen: cell.dataset.fen, text: cell.textContent }];
    })),
    checks: [...b.querySelectorAll('tr[data-check]')].map((row) => {
      const pct = row.querySelector('[data-testid=ratio-pct]');
      return {
        check: row.dataset.check, status: row.dataset.status, limit: row.dataset.limit,
        pct: pct.querySelector('.pct').textContent, part: pct.dataset.partFen, whole: pct.dataset.wholeFen, up: pct.dataset.up,
        limitText: row.querySelector('[data-testid=ratio-limit]').textContent,
        statusText: row.querySelector('[data-testid=ratio-status]').textContent,
      };
    }),
    warnings: [...b.querySelectorAll('[data-testid=ratio-warning]')].map((w) => ({
      check: w.dataset.check, year: Number(w.dataset.year), text: w.textContent })),
  })));
}

// Every ratio on the page is part / whole of its own cells, exactly.
function checkPercents(blocks, where) {
  for (const b of blocks) for (const c of b.checks) {
    const want = wantPercent(BigInt(c.part), BigInt(c.whole), c.up === 'true');
    if (c.pct !== want) fail(`${where}: ${b.year} ${c.check} ratio (${c.part} / ${c.whole} fen)`, want, c.pct);
  }
}

// The page against the API: the same years, every amount to the fen (in
// data-fen and in the text), the checks of `rules` with their limits, and
// the current year not judged.
function compareWithApi(blocks, ratios, where) {
  const years = wantYears(ratios);
  const got = blocks.map((b) => b.year);
  if (got.join(' ') !== years.join(' ')) fail(`${where}: years shown`, years.join(' '), got.join(' '));
  const wantChecks = Object.keys(kChecks).filter((c) => kChecks[c] in ratios.rules);
  for (const b of blocks) {
    const api = ratios.years.find((y) => y.year === b.year);
    const want = Object.fromEntries(kFields.map((f) => [f, BigInt(api ? api[`${f}_fen`] : 0)]));
    want.total = want.charitable + want.management + want.fundraising;
    for (const [measure, fen] of Object.entries(want)) {
      const cell = b.amounts[measure];
      if (!cell && (measure === 'welfare' || measure === 'remitted') && fen === 0n && !wantChecks.includes('central_remittance')) continue;
      if (!cell || BigInt(cell.fen) !== fen || shownFen(cell.text) !== fen)
        fail(`${where}: ${b.year} ${measure}`, `${fen} fen (GET ratios)`, cell ? `${cell.fen} fen, "${cell.text}"` : 'no row');
    }
    const wantComplete = String(api ? api.complete : b.year < ratios.current_year);
    if (b.complete !== wantComplete) fail(`${where}: ${b.year} data-complete`, wantComplete, b.complete);
    const shown = b.checks.map((c) => c.check);
    if (shown.join(' ') !== wantChecks.join(' ')) fail(`${where}: ${b.year} checks`, wantChecks.join(' ') || 'none', shown.join(' ') || 'none');
    for (const c of b.checks) {
      const limit = `${c.check === 'management_expenses' ? '≤' : '≥'} ${ratios.rules[kChecks[c.check]]}%`;
      if (c.limit !== String(ratios.rules[kChecks[c.check]]) || !c.limitText.startsWith(limit))
        fail(`${where}: ${b.year} ${c.check} limit`, `"${limit}…" (rules)`, `"${c.limitText}", data-limit ${c.limit}`);
    }
    if (b.disagree !== 0) fail(`${where}: ${b.year} disagreement notes`, 'none', b.disagree);
  }
  const current = blocks.find((b) => b.year === ratios.current_year);
  if (current) {
    const judged = current.checks.filter((c) => c.status !== 'open');
    if (current.complete !== 'false' || current.open !== 1 || judged.length > 0)
      fail(`${where}: current year ${ratios.current_year}`, 'complete=false, a "not complete" note, every check not judged',
        `complete=${current.complete}, ${current.open} note(s), judged: ${judged.map((c) => `${c.check}=${c.status}`).join(' ')}`);
  }
  const warned = blocks.flatMap((b) => b.warnings);
  if (warned.length !== ratios.warnings.length) fail(`${where}: warnings shown`, ratios.warnings.length, warned.length);
  for (const w of ratios.warnings) {
    const shown = warned.find((x) => x.check === w.check && x.year === w.year);
    if (!shown || !shown.text.includes(w.message)) fail(`${where}: warning ${w.check} ${w.year}`, `"${w.message}"`, shown ? `"${shown.text}"` : 'none');
  }
  checkPercents(blocks, where);
}

// A charity holding fundraise and a lottery centre of the demo, each with
// something counted (in the demo's year, by the days the money moved).
async function pickOrgs(base, summary) {
  const picked = {};
  for (const id of summary.orgs) {
    const org = await getJson(base, `/v1/orgs/${encodeURIComponent(id)}`);
    const role = org.kind === 'lottery_center' ? 'lottery'
      : (org.kind === 'charity' && (org.roles || []).includes('fundraise') ? 'charity' : null);
    if (!role || picked[role]) continue;
    const ratios = await getJson(base, `/v1/orgs/${encodeURIComponent(id)}/ratios`);
    if (ratios.years.length > 0) picked[role] = { id, ratios };
  }
  for (const role of ['charity', 'lottery'])
    if (!picked[role]) fail(`pick a demo ${role}`, 'one with years in GET /v1/orgs/{id}/ratios', 'none');
  return picked;
}

// Step 2f: the demo's charity and lottery centre, as the API states them.
export async function stepOrgRatios(ctx) {
  const { page, base, summary } = ctx;
  ctx.ratioOrgs = await pickOrgs(base, summary);
  const notes = [];
  for (const [role, { id, ratios }] of Object.entries(ctx.ratioOrgs)) {
    if (ratios.org !== id) fail(`GET /v1/orgs/${id}/ratios: org`, id, ratios.org);
    const want = role === 'lottery' ? ['central_remittance_min_percent'] : ['charitable_spending_min_percent', 'management_max_percent'];
    for (const key of want) if (!(key in ratios.rules)) fail(`GET /v1/orgs/${id}/ratios: rules`, key, JSON.stringify(ratios.rules));
    await gotoPage(page, base, `/org/${encodeURIComponent(id)}`, 'zh');
    const blocks = await settledRatios(page, `org ${id}`);
    compareWithApi(blocks, ratios, `org ${id}`);
    // The current year shows when something is counted in it, or a year of
    // income before it is judged (a demo's year may end before it).
    if (wantYears(ratios).includes(ratios.current_year) && !blocks.some((b) => b.year === ratios.current_year))
      fail(`org ${id}: year blocks`, `the current year ${ratios.current_year}`, 'none');
    notes.push(`${id}: ${blocks.map((b) => `${b.year}${b.complete === 'true' ? '' : ' (not judged)'}`).join(', ')};` +
      ` ${blocks.flatMap((b) => b.checks).length} check(s), limits ${JSON.stringify(ratios.rules)}`);
  }
  return notes.join('; ');
}

// What the synthetic answers hold, and what each check must show.
function charityAnswer(id, rules) {
  const limit = rules.management_max_percent;
  const kind = limit === 10 ? 'foundation' : 'charity';
  const year = (y, income, charitable, management, complete = true) => ({ year: y, income_fen: income, charitable_fen: charitable,
    management_fen: management, fundraising_fen: 0, welfare_fen: 0, remitted_fen: 0, complete });
  const allowed = (85_000_000n * BigInt(limit)) / 100n;
  return {
    org: id, current_year: 2027, rules,
    years: [year(2023, 10_000, 0, 0), year(2025, 100_000_000, 0, 0), year(2026, 0, 60_000_000, 25_000_000), year(2027, 1_000, 0, 0, false)],
    warnings: [
      { check: 'charitable_spending', year: 2024, numerator_fen: 0, denominator_fen: 10_000,
        message: `${id} spent 0.00 yuan on charitable activities in 2024, 0.00% of its 2023 income of 100.00 yuan; at least 70% (70.00 yuan) is expected, 70.00 yuan short` },
      { check: 'charitable_spending', year: 2026, numerator_fen: 60_000_000, denominator_fen: 100_000_000,
        message: `${id} spent 600,000.00 yuan on charitable activities in 2026, 60.00% of its 2025 income of 1,000,000.00 yuan; at least 70% (700,000.00 yuan) is expected, 100,000.00 yuan short` },
      { check: 'management_expenses', year: 2026, numerator_fen: 25_000_000, denominator_fen: 85_000_000,
        message: `${id} spent 250,000.00 yuan on management in 2026, 29.42% of its total spending of 850,000.00 yuan; a public-fundraising ${kind} may spend at most ${limit}% (${yuan(allowed)} yuan), ${yuan(25_000_000n - allowed)} yuan over` },
    ],
  };
}

function yuan(fen) {
  return `${(fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(fen % 100n).toString().padStart(2, '0')}`;
}

function lotteryAnswer(id, rules) {
  const year = (y, welfare, remitted, complete = true) => ({ year: y, income_fen: 0, charitable_fen: 0, management_fen: 0,
    fundraising_fen: 0, welfare_fen: welfare, remitted_fen: remitted, complete });
  return {
    org: id, current_year: 2027, rules,
    years: [year(2025, 360_001, 180_000), year(2026, 360_001, 179_999), year(2027, 100, 0, false)],
    warnings: [{ check: 'central_remittance', year: 2026, numerator_fen: 179_999, denominator_fen: 360_001,
      message: `${id} remitted 1,799.99 yuan to the central level in 2026, 49.99% of the 3,600.01 yuan welfare share of its sales reported that year; at least 50% (1,800.00 yuan) is due, 0.01 yuan short` }],
  };
}

// year, check -> [status, ratio shown, words in the status (English)]
function charityExpected(rules) {
  const limit = BigInt(rules.management_max_percent);
  return [
    [2023, 'charitable_spending', 'noincome', '—', 'no income the year before'],
    [2023, 'management_expenses', 'exempt', '—', 'exempt'],
    [2024, 'charitable_spending', 'warning', '0.00%', 'below the limit', '≥ 70% (¥70.00)'],
    [2025, 'charitable_spending', 'noincome', '—', 'no income the year before'],
    [2026, 'charitable_spending', 'warning', '60.00%', 'below the limit', '≥ 70% (¥700,000.00)'],
    [2026, 'management_expenses', 'warning', '29.42%', 'above the limit', `≤ ${limit}% (¥${yuan((85_000_000n * limit) / 100n)})`],
    [2027, 'charitable_spending', 'open', '—', 'not judged'],
    [2027, 'management_expenses', 'open', '—', 'not judged'],
  ];
}

const kLotteryExpected = [
  // 49.99% of the share, yet met: the share due is rounded down to the fen
  [2025, 'central_remittance', 'met', '49.99%', 'met', '≥ 50% (¥1,800.00)'],
  [2026, 'central_remittance', 'warning', '49.99%', 'below the limit', '≥ 50% (¥1,800.00)'],
  [2027, 'central_remittance', 'open', '0.00%', 'not judged'],
];

function checkExpected(blocks, expected, where) {
  for (const [year, check, status, pct, words, limitText] of expected) {
    const row = blocks.find((b) => b.year === year)?.checks.find((c) => c.check === check);
    if (!row || row.status !== status || row.pct !== pct || !row.statusText.includes(words) || (limitText && row.limitText !== limitText))
      fail(`${where}: ${year} ${check}`, `${status}, ${pct}, "${words}"${limitText ? `, limit "${limitText}"` : ''}`,
        row ? `${row.status}, ${row.pct}, "${row.statusText}", limit "${row.limitText}"` : 'no row');
  }
}

// The warned year 2026 and the running year 2027 of the synthetic charity.
async function shootWarnedYears(page, path) {
  const from = await page.locator('[data-testid=ratio-year][data-year="2026"]').boundingBox();
  const to = await page.locator('[data-testid=ratio-year][data-year="2027"]').boundingBox();
  await page.screenshot({ path, fullPage: true,
    clip: { x: from.x - 16, y: from.y - 8, width: from.width + 32, height: Math.ceil(to.y + to.height - from.y + 24) } });
}

async function withAnswer(page, answer, run) {
  let served = 0;
  await page.route(kPattern, (route) => { served += 1; return route.fulfill({ json: answer }); });
  try {
    const result = await run();
    if (served === 0) fail('synthetic ratios', 'the page to fetch GET /v1/orgs/{id}/ratios', 'no request');
    return result;
  } finally {
    await page.unroute(kPattern);
  }
}

// Step 2g: complete years with warnings (served in transit): the served
// sentence, "below/above the limit", exempt and not-judged years, the
// exact percentages; the served warnings dropped give a disagreement note;
// and the section fits a phone.
export async function stepOrgRatioWarnings(ctx) {
  const { page, base, browser, shots } = ctx;
  const { charity, lottery } = ctx.ratioOrgs;
  const cases = [
    [charity.id, charityAnswer(charity.id, charity.ratios.rules), charityExpected(charity.ratios.rules)],
    [lottery.id, lotteryAnswer(lottery.id, lottery.ratios.rules), kLotteryExpected],
  ];
  for (const [id, answer, expected] of cases) {
    await withAnswer(page, answer, async () => {
      await gotoPage(page, base, `/org/${encodeURIComponent(id)}`, 'en');
      const blocks = await settledRatios(page, `org ${id}, synthetic`);
      compareWithApi(blocks, answer, `org ${id}, synthetic`);
      checkExpected(blocks, expected, `org ${id}, synthetic`);
      if (id === charity.id) await shootWarnedYears(page, join(shots, 'org-ratios.png'));
    });
  }
  const silent = { ...cases[0][1], warnings: [] };
  await withAnswer(page, silent, async () => {
    await gotoPage(page, base, `/org/${encodeURIComponent(charity.id)}`, 'en');
    const blocks = await settledRatios(page, `org ${charity.id}, warnings dropped`);
    const notes = Object.fromEntries(blocks.map((b) => [b.year, b.disagree]));
    const want = { 2023: 0, 2024: 1, 2025: 0, 2026: 1, 2027: 0 };
    if (JSON.stringify(notes) !== JSON.stringify(want)) fail('disagreement notes by year, warnings dropped', JSON.stringify(want), JSON.stringify(notes));
  });
  const phone = await browser.newContext({ viewport: kPhone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  let width;
  try {
    const small = await phone.newPage();
    small.on('pageerror', (error) => ctx.errors.push(`${small.url()}: ${error.message}`));
    await withAnswer(small, cases[0][1], async () => {
      await gotoPage(small, base, `/org/${encodeURIComponent(charity.id)}`, 'zh');
      await settledRatios(small, 'phone: org page');
      width = await small.evaluate(() => document.documentElement.scrollWidth);
      await small.locator('[data-testid=ratio-year][data-year="2026"]').screenshot({ path: join(shots, 'org-ratios-phone.png') });
    });
  } finally {
    await phone.close();
  }
  if (width > kPhone.width) fail('phone: org page scrollWidth', `<= ${kPhone.width} px`, `${width} px`);
  return `${charity.id}: 60.00% and 0.00% below, 29.42% above the limit, exempt and not-judged years; ` +
    `${lottery.id}: 49.99% met and 49.99% below; warnings dropped: 2 disagreement notes; ${width} px on a phone; org-ratios.png, org-ratios-phone.png`;
}
