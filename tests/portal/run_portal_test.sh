#!/usr/bin/env bash
# The portal's browser test, end to end: a fresh ledger in a temp dir, a real
# ledgerd on 127.0.0.1 (port chosen by the kernel), a small synthetic year
# posted by ledger-demo-seed, then headless Chromium (portal.test.mjs).
# Usage: run_portal_test.sh BUILD_DIR. Screenshots go to
# BUILD_DIR/portal-screenshots/. Exit code: the browser test's (0 passed,
# 1 failed); 2 when something it needs is missing or the ledger cannot be
# set up.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
test_name="portal test"
origin=ledger.example.org/portal-test
chromium=${CHROMIUM:-/usr/bin/chromium}
# Seeding stays small so that the whole test runs in well under a minute.
donations=${PORTAL_TEST_DONATIONS:-300}
# shellcheck source=../seeded_ledgerd.sh
source "$here/../seeded_ledgerd.sh"
need "$chromium" "install it: scripts/setup.sh"
need "$here/node_modules/playwright-core" "install it: scripts/setup.sh"
started=$(date +%s)
start_seeded_ledgerd

cd "$here"
status=0
node portal.test.mjs --url "$url" --summary "$tmp/summary.json" \
  --screenshots "$build/portal-screenshots" --chromium "$chromium" || status=$?
echo "portal test: finished in $(($(date +%s) - started)) s (exit $status)"
exit "$status"
