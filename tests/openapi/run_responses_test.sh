#!/usr/bin/env bash
# The ctest `openapi_responses`: a fresh ledger in a temp dir, a real ledgerd
# on 127.0.0.1 (port chosen by the kernel), a small synthetic year posted by
# ledger-demo-seed (tests/seeded_ledgerd.sh, as for the portal test),
# then validate_responses.mjs checks real answers against docs/openapi.yaml.
# Usage: run_responses_test.sh BUILD_DIR. Exit code: the check's (0 every
# answer matched, 1 a mismatch); 2 when something it needs is missing or
# the ledger cannot be set up.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
test_name="openapi responses"
origin=ledger.example.org/openapi-test
# Over 256 events, so that full tiles exist; small enough to seed in a second.
donations=${OPENAPI_TEST_DONATIONS:-300}
# shellcheck source=../seeded_ledgerd.sh
source "$here/../seeded_ledgerd.sh"
need "$here/node_modules/ajv" "install it: scripts/setup.sh"
start_seeded_ledgerd

cd "$here"
status=0
node validate_responses.mjs --url "$url" --summary "$tmp/summary.json" \
  --ledgerctl "$ledgerctl" --keys "$tmp/org-keys" || status=$?
exit "$status"
