// The home page's directory of organisations, in the browser (steps 2l and
// 2m of portal.test.mjs): every org the API names, by name, with its funds
// (names and balances to the fen) and campaigns (raised and target), and
// the search by a Chinese name narrowing it as the page's rule says.
import { join } from 'node:path';
import { fail, getJson, gotoPage, kPhone, until } from './browser_util.mjs';

const kPageOrgs = 2;  // small pages, to cross page ends
const kNoSuchName = '不存在的机构名称';

const shownFen = (text) => BigInt((text || '').replace(/[^0-9-]/g, '') || 'NaN');

// As api/portal/search.js: NFKC, lower case, no white space.
const normalize = (text) => String(text ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');

// The orgs the directory must list: every org GET /v1/orgs lists (read in
// pages of kPageOrgs), each checked against its own endpoints — the org,
// its campaigns and its funds' names and balances.
async function wantDirectory(base) {
  const ids = [];
  for (let from = ''; ;) {
    const page = await getJson(base, `/v1/orgs?limit=${kPageOrgs}${from ? `&from=${encodeURIComponent(from)}` : ''}`);
    ids.push(...page.orgs.map((o) => o.id));
    if (page.next === null) break;
    from = page.next;
  }
  const orgs = new Map();
  for (const id of ids) {
    const org = await getJson(base, `/v1/orgs/${encodeURIComponent(id)}`);
    const { campaigns } = await getJson(base, `/v1/orgs/${encodeURIComponent(id)}/campaigns`);
    const funds = [];
    for (const f of org.funds || []) {
      const fund = await getJson(base, `/v1/funds/${encodeURIComponent(f.id)}?lots_limit=1`);
      if (fund.balance_fen !== f.balance_fen) fail(`fund ${f.id} balance`, `${f.balance_fen} (GET /v1/orgs/${id})`, `${fund.balance_fen} (GET /v1/funds)`);
      funds.push({ ...f, name: fund.name });
    }
    orgs.set(id, { org, campaigns, funds,
      names: [org.name, org.id, ...funds.map((f) => f.name || f.id), ...campaigns.map((c) => c.title)] });
  }
  return orgs;
}

// Waits for the directory to settle and reads every org in it.
async function readDirectory(page, where) {
  await until(`${where}: directory`, () => page.locator(
    '[data-testid=directory-section] :is([data-testid=directory], [data-testid=empty], [data-testid=error])').count(),
  (n) => n > 0, 'the directory');
  const error = await page.locator('[data-testid=directory-section] [data-testid=error]').count();
  if (error > 0) fail(`${where}: directory`, 'no error', await page.locator('[data-testid=directory-section] [data-testid=error]').innerText());
  await until(`${where}: names`, () => page.locator('[data-testid=directory] [data-state=pending]').count(), (n) => n === 0, 'all named');
  return page.$$eval('[data-testid=directory-org]', (items) => items.map((li) => ({
    id: li.dataset.org,
    hidden: li.hidden,
    name: li.querySelector('[data-testid=org-name]').textContent,
    nameOrg: li.querySelector('[data-testid=org-name]').dataset.org,
    funds: [...li.querySelectorAll('[data-testid=directory-fund]')].map((f) => ({ id: f.dataset.fund, fen: f.dataset.fen,
      text: f.querySelector('.num').textContent, name: f.querySelector('[data-testid=fund-name]').textContent })),
    campaigns: [...li.querySelectorAll('[data-testid=directory-campaign]')].map((c) => ({ id: c.dataset.campaign,
      raised: c.dataset.raisedFen, target: c.dataset.targetFen, title: c.querySelector('a').textContent,
      href: c.querySelector('a').getAttribute('href') })),
  })));
}

function compareOrg(item, want, where) {
  const { org, funds, campaigns } = want;
  if (item.name !== org.name || item.nameOrg !== org.id) fail(`${where}: name`, `"${org.name}" linking ${org.id}`, `"${item.name}" linking ${item.nameOrg}`);
  const ids = item.funds.map((f) => f.id).join(' ');
  const wantIds = funds.map((f) => f.id).join(' ');
  if (ids !== wantIds) fail(`${where}: funds`, wantIds || 'none', ids || 'none');
  funds.forEach((f, i) => {
    const got = item.funds[i];
    if (got.fen !== String(f.balance_fen) || shownFen(got.text) !== BigInt(f.balance_fen))
      fail(`${where}: fund ${f.id} balance`, `${f.balance_fen} fen`, `${got.fen} fen, "${got.text}"`);
    if (got.name !== (f.name || f.id)) fail(`${where}: fund ${f.id} name`, f.name, got.name);
  });
  const cids = item.campaigns.map((c) => c.id).join(' ');
  const wantCids = campaigns.map((c) => c.id).join(' ');
  if (cids !== wantCids) fail(`${where}: campaigns`, wantCids || 'none', cids || 'none');
  campaigns.forEach((c, i) => {
    const got = item.campaigns[i];
    if (got.raised !== String(c.raised_fen) || got.target !== String(c.target_fen) || got.title !== c.title
      || got.href !== `#/campaign/${encodeURIComponent(c.id)}`)
      fail(`${where}: campaign ${c.id}`, `"${c.title}", ${c.raised_fen} of ${c.target_fen} fen`, JSON.stringify(got));
  });
}

// Step 2l: the directory lists every org the API names (every org of the
// demo among them), each as the API states it.
export async function stepDirectory(ctx) {
  const { page, base, summary } = ctx;
  const want = await wantDirectory(base);
  for (const id of summary.orgs) if (!want.has(id)) fail('directory (from the API)', `the demo's org ${id}`, 'not found');
  await gotoPage(page, base, '/', 'zh');
  const items = await readDirectory(page, 'home page');
  const got = items.map((i) => i.id).sort();
  const expected = [...want.keys()].sort();
  if (got.join(' ') !== expected.join(' ')) fail('directory orgs', expected.join(' '), got.join(' '));
  for (const item of items) compareOrg(item, want.get(item.id), `directory ${item.id}`);
  const count = await page.locator('[data-testid=directory-count]').getAttribute('data-shown');
  if (count !== String(items.length) || items.some((i) => i.hidden)) fail('directory before a search', `all ${items.length} shown`, `${count} shown`);
  ctx.directory = want;
  const funds = items.reduce((n, i) => n + i.funds.length, 0);
  const campaigns = items.reduce((n, i) => n + i.campaigns.length, 0);
  return `${items.length} orgs, ${funds} funds, ${campaigns} campaigns, as the API states them`;
}

// A two-character Chinese query that some orgs match and some do not,
// taken from the orgs' own names.
function pickQuery(want) {
  const entries = [...want.values()];
  const counts = new Map();
  for (const e of entries) {
    for (let i = 0; i + 2 <= e.org.name.length; i += 1) {
      const q = e.org.name.slice(i, i + 2);
      if (!/^[\u3400-\u9fff]{2}$/.test(q) || counts.has(q)) continue;
      counts.set(q, entries.filter((x) => x.names.some((n) => normalize(n).includes(q))).length);
    }
  }
  let best = null;
  for (const [q, n] of counts) if (n > 1 && n < entries.length && (!best || n > best[1])) best = [q, n];
  if (!best) fail('pick a search', 'a Chinese pair of characters some but not all orgs\' names hold', 'none');
  return best[0];
}

async function search(page, query, expected, where) {
  await page.locator('#directory-search').fill(query, { timeout: 10_000 });
  const shown = await until(`${where}: orgs shown for "${query}"`, async () => (await page.$$eval('[data-testid=directory-org]',
    (items) => items.filter((li) => !li.hidden).map((li) => li.dataset.org))).sort(),
  (ids) => ids.join(' ') === expected.join(' '), expected.join(' ') || 'none');
  const count = await page.locator('[data-testid=directory-count]').getAttribute('data-shown');
  if (count !== String(expected.length)) fail(`${where}: count for "${query}"`, expected.length, count);
  const none = await page.locator('[data-testid=directory-nomatch]').isVisible();
  if (none !== (expected.length === 0)) fail(`${where}: no-match note for "${query}"`, expected.length === 0 ? 'shown' : 'hidden', none ? 'shown' : 'hidden');
  return shown;
}

// Step 2m: typing part of a Chinese name narrows the directory to the orgs
// whose name, or a fund's or campaign's name, holds it (spaces and
// full-width forms aside); a name no org has leaves a note; clearing the
// box brings every org back; and the directory fits a phone.
export async function stepDirectorySearch(ctx) {
  const { page, base, browser, shots } = ctx;
  const want = ctx.directory;
  const query = pickQuery(want);
  const expected = [...want.values()].filter((e) => e.names.some((n) => normalize(n).includes(normalize(query))))
    .map((e) => e.org.id).sort();
  await gotoPage(page, base, '/', 'en');
  await readDirectory(page, 'home page (en)');
  await search(page, query, expected, 'directory');
  await search(page, ` ${query[0]} ${query[1]} `, expected, 'directory, spaced');
  const exact = [...want.values()].find((e) => e.org.id === expected[0]);
  await search(page, exact.org.name, [...want.values()].filter((e) => e.names.some((n) => normalize(n).includes(normalize(exact.org.name))))
    .map((e) => e.org.id).sort(), 'directory, a whole name');
  await search(page, kNoSuchName, [], 'directory');
  await search(page, '', [...want.keys()].sort(), 'directory, cleared');
  await search(page, query, expected, 'directory');
  await page.locator('[data-testid=directory-section]').screenshot({ path: join(shots, 'directory.png') });
  const phone = await browser.newContext({ viewport: kPhone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  let width;
  try {
    const small = await phone.newPage();
    small.on('pageerror', (error) => ctx.errors.push(`${small.url()}: ${error.message}`));
    await gotoPage(small, base, '/', 'zh');
    await readDirectory(small, 'phone: home page');
    width = await small.evaluate(() => document.documentElement.scrollWidth);
    await small.locator('[data-testid=directory-org]').first().screenshot({ path: join(shots, 'directory-phone.png') });
  } finally {
    await phone.close();
  }
  if (width > kPhone.width) fail('phone: home page scrollWidth', `<= ${kPhone.width} px`, `${width} px`);
  return `"${query}": ${expected.length} of ${want.size} orgs (${expected.join(', ')}); spaced and whole-name queries; ` +
    `"${kNoSuchName}": none, with a note; cleared: all; ${width} px on a phone; directory.png, directory-phone.png`;
}
