// A receipt's status on the receipt page, in the browser (step 2k of
// portal.test.mjs): each status the demo's receipts have (the summary's
// and those the log's receipt.* events name; an issued, a voided and a
// red-reversed one among them), with the fiscal e-receipt's numbers and
// the receipt's history, against GET /v1/receipts/{receipt}; the lookup by
// a fiscal e-receipt's numbers (the home page's form and
// #/fiscal/<code>/<number>); and a corrected receipt and its correction
// linking each other.
import { attr, fail, getJson, gotoPage, kWaitMs, until } from './browser_util.mjs';

const kMaxReceiptsRead = 400;      // bound on the receipts read for their statuses
const kMaxEventsScanned = 50_000;  // bound on the log read for receipt.voided / red_reversed
const kEventsPage = 1000;

// The receipts the log's receipt.voided and receipt.red_reversed events
// name, and the first receipt.issued's.
async function receiptsInLog(base) {
  const named = new Set();
  let issued = null;
  let from = 0;
  for (let scanned = 0; scanned < kMaxEventsScanned;) {
    const page = await getJson(base, `/v1/events?from=${from}&limit=${kEventsPage}`);
    for (const ev of page.events) {
      if (ev.type === 'receipt.voided' || ev.type === 'receipt.red_reversed') named.add(ev.body.receipt);
      if (ev.type === 'receipt.issued') issued ??= ev.body.receipt;
    }
    scanned += page.events.length;
    if (page.next === null || page.events.length === 0) break;
    from = page.next;
  }
  return issued === null ? [...named] : [issued, ...named];
}

// One receipt of each status among the demo's (GET /v1/receipts/{r}),
// and the first one corrected by another receipt, if any.
async function receiptsByStatus(base, summary) {
  const amounts = new Map(summary.receipts.map((entry) => [entry.receipt, entry.amount_fen]));
  const receipts = [...new Set([...await receiptsInLog(base), ...summary.receipts.map((entry) => entry.receipt)])];
  const found = {};
  let corrected = null;
  for (const receipt of receipts.slice(0, kMaxReceiptsRead)) {
    const r = await getJson(base, `/v1/receipts/${encodeURIComponent(receipt)}`);
    if (r.receipt !== receipt || (amounts.has(receipt) && r.amount_fen !== amounts.get(receipt)))
      fail(`GET /v1/receipts/${receipt}`, `${amounts.get(receipt)} fen (summary)`, `${r.receipt}, ${r.amount_fen} fen`);
    found[r.status] ??= r;
    if (r.replaced_by && !corrected) corrected = r;
  }
  return { found, corrected };
}

// A corrected receipt links its correction, and the correction links back.
async function checkCorrection(page, base, r) {
  const links = [[r.receipt, 'receipt-replaced-by', r.replaced_by], [r.replaced_by, 'receipt-replaces', r.receipt]];
  for (const [receipt, testid, target] of links) {
    await gotoPage(page, base, `/receipt/${encodeURIComponent(receipt)}`, 'zh');
    const shown = await until(`receipt ${receipt}: [data-testid=${testid}]`,
      () => page.locator(`[data-testid=${testid}]`).first().textContent({ timeout: 200 }), (text) => text === target, target);
    if (shown !== target) fail(`receipt ${receipt}: ${testid}`, target, shown);
  }
}

// Step 2k: the receipt page shows each receipt status the demo has (the
// fiscal e-receipt's numbers with it), and #/fiscal/<code>/<number> finds
// the receipt of an e-receipt (and of a red one).
export async function stepReceiptStatus(ctx) {
  const { page, base, summary } = ctx;
  const { found, corrected } = await receiptsByStatus(base, summary);
  // The demo voids one fiscal e-receipt and red-reverses another.
  for (const status of ['issued', 'voided', 'red_reversed'])
    if (!found[status]) fail('the demo\'s receipts', `one ${status}`, `statuses ${Object.keys(found).join(', ')}`);
  for (const r of Object.values(found)) {
    await gotoPage(page, base, `/receipt/${encodeURIComponent(r.receipt)}`, 'zh');
    const status = await until(`receipt ${r.receipt}: status`, () => attr(page, '[data-testid=receipt-status]', 'data-status'),
      (s) => s !== null, r.status);
    if (status !== r.status) fail(`receipt ${r.receipt}: status`, r.status, status);
    const numbers = await page.$$eval('[data-testid=receipt-record] .fiscal', (els) => els.map((e) => `${e.dataset.code}/${e.dataset.number}`));
    const want = [r.fiscal, r.red].filter(Boolean).map((f) => `${f.code}/${f.number}`);
    if (numbers.join(' ') !== want.join(' ')) fail(`receipt ${r.receipt}: fiscal numbers`, want.join(' ') || 'none', numbers.join(' ') || 'none');
    const history = await page.$$eval('[data-testid=receipt-history] li', (els) => els.map((e) => `${e.dataset.seq}:${e.dataset.type}`));
    const wantHistory = r.history.map((x) => `${x.seq}:${x.type}`);
    if (history.join(' ') !== wantHistory.join(' ')) fail(`receipt ${r.receipt}: history`, wantHistory.join(' '), history.join(' '));
  }
  // An issued e-receipt's numbers through the form, a red one's by link.
  const lookups = [[found.issued.receipt, found.issued.fiscal], [found.red_reversed.receipt, found.red_reversed.red]];
  for (const [i, [receipt, f]] of lookups.entries()) {
    if (i === 0) {  // through the home page's form
      await gotoPage(page, base, '/', 'zh');
      await page.locator('#fiscal-code').fill(f.code, { timeout: kWaitMs });
      await page.locator('#fiscal-number').fill(f.number, { timeout: kWaitMs });
      await page.locator('#fiscal-go').click({ timeout: kWaitMs });
    } else {
      await gotoPage(page, base, `/fiscal/${f.code}/${f.number}`, 'zh');
    }
    const want = `#/receipt/${receipt}`;
    await until(`#/fiscal/${f.code}/${f.number}`, () => decodeURIComponent(new URL(page.url()).hash), (hash) => hash === want, want);
  }
  // Numbers no e-receipt has: the page says so and stays.
  await gotoPage(page, base, '/fiscal/1/1', 'en');
  const missing = await until('#/fiscal/1/1: [data-testid=error]', () => page.locator('main [data-testid=error]').first()
    .textContent({ timeout: 200 }), (text) => text.includes('No receipt has this fiscal e-receipt'), '"No receipt has this fiscal e-receipt."');
  if (!page.url().endsWith('#/fiscal/1/1')) fail('#/fiscal/1/1', 'the page to stay', page.url());
  if (corrected) await checkCorrection(page, base, corrected);
  const statuses = Object.values(found).map((r) => `${r.status} (${r.receipt})`).sort();
  return `${statuses.join(', ')} shown as the API gives them; an e-receipt and a red one found by their numbers, ` +
    `unknown numbers: "${missing}"; ` +
    (corrected ? `${corrected.receipt} and its correction ${corrected.replaced_by} link each other` : 'no corrected receipt');
}
