// The address of an org's export (GET /v1/orgs/{id}/export, docs/api.md):
// pure, so that node tests it without a browser (tests/portal/
// export_url.test.mjs). Parameters the API does not take are left out,
// never sent empty: the API refuses an unknown or malformed one by name.

export const EXPORT_WHATS = ['donations', 'flows', 'disbursements', 'grants'];
export const EXPORT_FORMATS = ['csv', 'xlsx'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

// { org, what, format, fund?, from?, to? } → '/v1/orgs/<org>/export?…'.
// A from/to that is not YYYY-MM-DD is left out (the range stays open
// there); format json is the grants' 360Giving file only.
export function exportURL({ org, what, format, fund, from, to }) {
  if (!EXPORT_WHATS.includes(what)) throw new Error(`unknown export ${what}`);
  if (!(EXPORT_FORMATS.includes(format) || (format === 'json' && what === 'grants'))) {
    throw new Error(`no ${format} export of ${what}`);
  }
  const params = new URLSearchParams({ format, what });
  if (fund) params.set('fund', fund);
  if (from && DAY.test(from)) params.set('from', from);
  if (to && DAY.test(to)) params.set('to', to);
  return `/v1/orgs/${encodeURIComponent(org)}/export?${params.toString()}`;
}
