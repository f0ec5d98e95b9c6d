// Shared by the portal's browser test steps: bounded waits, API reads and
// page navigation. Every failure is a StepFailure saying what was expected
// and what was found.
export const kWaitMs = 10_000;        // bound on every wait for the page
export const kPollMs = 50;
export const kDesktop = { width: 1280, height: 800 };
export const kPhone = { width: 375, height: 740 };

export class StepFailure extends Error {}

export function fail(what, expected, found) {
  throw new StepFailure(`${what}: expected ${expected}, found ${found}`);
}

export async function getJson(base, path) {
  const response = await fetch(base + path);
  if (!response.ok) fail(`GET ${path}`, 'HTTP 200', `HTTP ${response.status}: ${await response.text()}`);
  return response.json();
}

export const sumFen = (items) => items.reduce((total, item) => total + item.amount_fen, 0);

// Polls `read` until `accept(value)` holds; the page may navigate meanwhile,
// so a read that throws is retried. Fails with the last value seen.
export async function until(what, read, accept, expected, timeoutMs = kWaitMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '(nothing read)';
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      last = `(error: ${error.message.split('\n')[0]})`;
    }
    if (Date.now() > deadline) fail(`${what} (after ${timeoutMs} ms)`, expected, JSON.stringify(last));
    await new Promise((resolve) => setTimeout(resolve, kPollMs));
  }
}

export const attr = (page, selector, name) =>
  page.locator(selector).first().getAttribute(name, { timeout: kPollMs * 4 });
export const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
export const h1Text = (page) => page.locator('h1').first().innerText({ timeout: kPollMs * 4 });
export const hasCjk = (text) => /[\u3400-\u9fff]/.test(text);

export async function gotoPage(page, base, route, lang) {
  await page.goto('about:blank');
  await page.goto(`${base}/?lang=${lang}#${route}`, { waitUntil: 'networkidle' });
  await page.mouse.move(0, 0);  // no hover left from an earlier click
  await until(`#${route}: loading placeholders`, () => page.locator('[data-testid=loading]').count(),
    (count) => count === 0, 'none left');
}
