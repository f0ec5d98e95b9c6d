// The download buttons of the org and fund pages, in the browser (step 2r
// of portal.test.mjs): each button's address is the export the API serves
// (GET /v1/orgs/{id}/export), a range of days typed in reaches every
// address, and the files behind the buttons are what they claim — a CSV
// with its BOM, a workbook (a zip), 360Giving JSON.
import { join } from 'node:path';
import { attr, fail, getJson, gotoPage, until } from './browser_util.mjs';

const kBom = [0xef, 0xbb, 0xbf];

async function download(base, href, type) {
  const response = await fetch(base + href);
  if (response.status !== 200) fail(`GET ${href}`, 'HTTP 200', `HTTP ${response.status}: ${await response.text()}`);
  const got = response.headers.get('content-type');
  if (got !== type) fail(`GET ${href}: content-type`, type, got);
  if (!(response.headers.get('content-disposition') || '').startsWith('attachment; filename="')) {
    fail(`GET ${href}: content-disposition`, 'an attachment with a file name', response.headers.get('content-disposition'));
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function hrefOf(page, testid) {
  return until(`export button ${testid}`, () => attr(page, `[data-testid=${testid}]`, 'href'), Boolean, 'an address');
}

export async function stepExports(ctx) {
  const { page, base, pick } = ctx;
  const fundId = pick.trace.fund;
  const fund = await getJson(base, `/v1/funds/${encodeURIComponent(fundId)}`);
  await gotoPage(page, base, `/fund/${encodeURIComponent(fundId)}`, 'zh');
  const csv = await hrefOf(page, 'export-donations-csv');
  const expected = `/v1/orgs/${encodeURIComponent(fund.owner)}/export?format=csv&what=donations&fund=${encodeURIComponent(fundId)}`;
  if (csv !== expected) fail('fund page: donations CSV button', expected, csv);
  const bytes = await download(base, csv, 'text/csv; charset=utf-8');
  if (!kBom.every((b, i) => bytes[i] === b)) fail('fund page: CSV', 'a UTF-8 BOM first', [...bytes.slice(0, 3)].join());
  const rows = new TextDecoder().decode(bytes).split('\r\n').filter((line) => line.length > 0);
  if (!rows[0].includes('日期 / Date')) fail('fund page: CSV header', '日期 / Date', rows[0]);
  if (rows.length < 2) fail('fund page: CSV rows', 'the picked receipt\'s fund received donations', 'none');
  await page.locator('[data-testid=export-from]').fill('2020-01-01');
  await page.locator('[data-testid=export-to]').fill('2029-12-31');
  const ranged = await until('fund page: a range reaches the buttons', () => hrefOf(page, 'export-flows-xlsx'),
    (href) => href.endsWith('&from=2020-01-01&to=2029-12-31'), 'from and to in the address');
  await page.locator('[data-testid=export]').screenshot({ path: join(ctx.shots, 'export-fund.png') });
  const book = await download(base, ranged,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  if (book[0] !== 0x50 || book[1] !== 0x4b) fail('fund page: XLSX', 'a zip (PK)', [...book.slice(0, 2)].join());

  await gotoPage(page, base, `/org/${encodeURIComponent(fund.owner)}`, 'en');
  const json = await hrefOf(page, 'export-grants-json');
  const grants = JSON.parse(new TextDecoder().decode(await download(base, json, 'application/json; charset=utf-8')));
  if (!Array.isArray(grants.grants)) fail('org page: 360Giving JSON', 'a grants array', JSON.stringify(grants).slice(0, 80));
  const label = await page.locator('[data-testid=export] h2').innerText();
  if (label !== 'Download data') fail('org page: export section title (en)', 'Download data', label);
  await page.locator('[data-testid=export]').screenshot({ path: join(ctx.shots, 'export-org.png') });
  return `fund ${fundId}: ${rows.length - 1} donation rows, workbook ${book.length} bytes; org ${fund.owner}: ${grants.grants.length} grants; export-fund.png, export-org.png`;
}
