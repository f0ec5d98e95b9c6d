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
ledgerctl="$build/cli/ledgerctl"
ledgerd="$build/api/ledgerd"
seeder="$build/cli/ledger-demo-seed"
chromium=${CHROMIUM:-/usr/bin/chromium}
# Seeding stays small so that the whole test runs in well under a minute.
donations=${PORTAL_TEST_DONATIONS:-300}
ready_timeout_s=10
seed_timeout_s=60

need() {
  [ -e "$1" ] || { echo "portal test: missing $1 ($2)" >&2; exit 2; }
}
need "$ledgerctl" "build it: scripts/build.sh"
need "$ledgerd" "build it: scripts/build.sh"
need "$seeder" "build it: scripts/build.sh"
need "$chromium" "install it: scripts/setup.sh"
need "$here/node_modules/playwright-core" "install it: scripts/setup.sh"
command -v node >/dev/null || { echo "portal test: node not found (scripts/setup.sh)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/portal-test.XXXXXX")
ledgerd_pid=""
cleanup() {
  if [ -n "$ledgerd_pid" ]; then
    kill "$ledgerd_pid" 2>/dev/null || true
    wait "$ledgerd_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() {
  echo "portal test: $1" >&2
  if [ -f "$tmp/ledgerd.log" ]; then
    echo "--- ledgerd log (last 20 lines) ---" >&2
    tail -n 20 "$tmp/ledgerd.log" >&2
  fi
  exit 2
}

started=$(date +%s)
mkdir -m 700 "$tmp/keys"
"$ledgerctl" keygen --out "$tmp/keys/regulator.pem" >/dev/null
"$ledgerctl" init --data "$tmp/ledger" --origin ledger.example.org/portal-test \
  --regulator-id test-civil-affairs --regulator-name "Civil Affairs Bureau (test)" \
  --regulator-key "$tmp/keys/regulator.pem.pub" >/dev/null

# Port 0: the kernel picks a free port, and ledgerd names it on stderr.
"$ledgerd" --data "$tmp/ledger" --listen 127.0.0.1:0 2>"$tmp/ledgerd.log" >/dev/null &
ledgerd_pid=$!
url=""
for _ in $(seq $((ready_timeout_s * 10))); do
  url=$(grep -o -m1 'listening on http://[0-9.]*:[0-9]*' "$tmp/ledgerd.log" | sed 's/^listening on //' || true)
  [ -n "$url" ] && break
  kill -0 "$ledgerd_pid" 2>/dev/null || fail_setup "ledgerd exited before listening"
  sleep 0.1
done
[ -n "$url" ] || fail_setup "ledgerd did not listen within ${ready_timeout_s} s"
echo "portal test: ledgerd at $url"

mkdir -m 700 "$tmp/org-keys"
timeout "$seed_timeout_s" "$seeder" --url "$url" --regulator-key "$tmp/keys/regulator.pem" \
  --regulator-id test-civil-affairs --keys "$tmp/org-keys" --donations "$donations" \
  --summary "$tmp/summary.json" --quiet >"$tmp/seed.log" 2>&1 || {
  cat "$tmp/seed.log" >&2
  fail_setup "ledger-demo-seed failed or took over ${seed_timeout_s} s"
}
echo "portal test: $(head -n 1 "$tmp/seed.log")"

cd "$here"
status=0
node portal.test.mjs --url "$url" --summary "$tmp/summary.json" \
  --screenshots "$build/portal-screenshots" --chromium "$chromium" || status=$?
echo "portal test: finished in $(($(date +%s) - started)) s (exit $status)"
exit "$status"
