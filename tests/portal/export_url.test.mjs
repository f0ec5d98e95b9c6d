// The export download addresses (api/portal/export_url.js): what the
// portal's buttons ask GET /v1/orgs/{id}/export for.
//
//   node tests/portal/export_url.test.mjs     (exit 1 on any failure)

import { EXPORT_WHATS, exportURL } from '../../api/portal/export_url.js';
import { check, report } from './checks.mjs';

function throws(f) {
  try { f(); } catch { return true; }
  return false;
}

check(exportURL({ org: 'szc', what: 'donations', format: 'csv' }) === '/v1/orgs/szc/export?format=csv&what=donations',
  'the two required parameters, nothing else');
check(exportURL({ org: 'szc', what: 'flows', format: 'xlsx', fund: 'szc-general', from: '2026-01-01', to: '2026-12-31' }) ===
  '/v1/orgs/szc/export?format=xlsx&what=flows&fund=szc-general&from=2026-01-01&to=2026-12-31',
  'a fund and a range of days');
check(exportURL({ org: 'szc', what: 'grants', format: 'json' }) === '/v1/orgs/szc/export?format=json&what=grants',
  'the grants as 360Giving JSON');
check(exportURL({ org: 'szc', what: 'disbursements', format: 'csv', from: '', to: '2026-2-1' }) ===
  '/v1/orgs/szc/export?format=csv&what=disbursements', 'an empty or malformed day is left out');
check(exportURL({ org: 'a b', what: 'donations', format: 'csv' }).startsWith('/v1/orgs/a%20b/export?'),
  'the org id is percent-encoded');
check(throws(() => exportURL({ org: 'szc', what: 'donations', format: 'json' })), 'json is for grants only');
check(throws(() => exportURL({ org: 'szc', what: 'gifts', format: 'csv' })), 'an unknown export throws');
check(EXPORT_WHATS.join() === 'donations,flows,disbursements,grants', 'the four exports, in the API\'s words');

report('export urls');
