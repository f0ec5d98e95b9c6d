# Sourced by the tests that need a real ledgerd over a seeded ledger
# (tests/portal/run_portal_test.sh, tests/openapi/run_responses_test.sh):
# a fresh ledger in a temp dir, ledgerd on 127.0.0.1 (port chosen by the
# kernel), a small synthetic year posted by ledger-demo-seed.
#
# Before sourcing, set: build (the build dir), test_name (for messages),
# origin (the ledger's), donations (how many the seeder posts). Then call
# start_seeded_ledgerd. Afterwards: $url, $tmp (removed at exit, ledgerd
# stopped), $tmp/summary.json (the seeder's summary), $tmp/org-keys,
# $tmp/seed.log. Any failure to set up exits 2 with ledgerd's log.

ledgerctl="$build/cli/ledgerctl"
ledgerd="$build/api/ledgerd"
seeder="$build/cli/ledger-demo-seed"
ready_timeout_s=10
seed_timeout_s=60

need() {
  [ -e "$1" ] || { echo "$test_name: missing $1 ($2)" >&2; exit 2; }
}
need "$ledgerctl" "build it: scripts/build.sh"
need "$ledgerd" "build it: scripts/build.sh"
need "$seeder" "build it: scripts/build.sh"
command -v node >/dev/null || { echo "$test_name: node not found (scripts/setup.sh)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/${test_name// /-}.XXXXXX")
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
  echo "$test_name: $1" >&2
  if [ -f "$tmp/ledgerd.log" ]; then
    echo "--- ledgerd log (last 20 lines) ---" >&2
    tail -n 20 "$tmp/ledgerd.log" >&2
  fi
  exit 2
}

start_seeded_ledgerd() {
  mkdir -m 700 "$tmp/keys"
  "$ledgerctl" keygen --out "$tmp/keys/regulator.pem" >/dev/null
  "$ledgerctl" init --data "$tmp/ledger" --origin "$origin" \
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

  mkdir -m 700 "$tmp/org-keys"
  timeout "$seed_timeout_s" "$seeder" --url "$url" --regulator-key "$tmp/keys/regulator.pem" \
    --regulator-id test-civil-affairs --keys "$tmp/org-keys" --donations "$donations" \
    --summary "$tmp/summary.json" --quiet >"$tmp/seed.log" 2>&1 || {
    cat "$tmp/seed.log" >&2
    fail_setup "ledger-demo-seed failed or took over ${seed_timeout_s} s"
  }
  echo "$test_name: ledgerd at $url; $(head -n 1 "$tmp/seed.log")"
}
