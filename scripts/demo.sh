#!/usr/bin/env bash
# The welfare-ledger demo: sets up, builds, creates a ledger once under
# ./demo-data (the regulator's key in demo-data/keys), serves it on
# http://127.0.0.1:${PORT:-8080}, seeds it once with a synthetic city year
# (ledger-demo-seed), prints the portal's address and receipts to look up,
# and serves until Ctrl-C, which stops ledgerd cleanly.
#
# Environment: PORT (8080), DEMO_DATA (demo-data), BUILD_DIR (build),
# DEMO_SCALE (1: about 3,000 donations).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --target ledgerd ledgerctl ledger-demo-seed ledger-audit
bin=${BUILD_DIR:-build}
data=${DEMO_DATA:-demo-data}
port=${PORT:-8080}
scale=${DEMO_SCALE:-1}
regulator=civil-affairs-bureau
url=http://127.0.0.1:$port

mkdir -p "$data/keys"
chmod 700 "$data/keys"
if [ ! -f "$data/keys/regulator.pem" ]; then
  "$bin/cli/ledgerctl" keygen --out "$data/keys/regulator.pem" >/dev/null
fi
if [ ! -d "$data/ledger" ]; then
  "$bin/cli/ledgerctl" init --data "$data/ledger" --origin ledger.example.org/demo \
    --regulator-id "$regulator" --regulator-name "市民政局（演示）" \
    --regulator-key "$data/keys/regulator.pem.pub"
fi

# /healthz answers once the ledger is open and the port is bound.
healthy() {
  local status
  # (braces: a bare `exec 2>/dev/null` would silence the whole script)
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  read -r -t 5 _ status _ <&3 || status=""
  exec 3<&-
  [ "$status" = "200" ]
}
if healthy; then
  echo "demo: a server already answers on port $port; stop it or choose another PORT" >&2
  exit 1
fi

# Its access log (stderr) goes to a file, so the demo's own lines stay readable.
"$bin/api/ledgerd" --data "$data/ledger" --listen "127.0.0.1:$port" 2>>"$data/ledgerd.log" &
ledgerd=$!
# A background job of a script ignores the terminal's SIGINT, so Ctrl-C
# reaches only this shell: pass it on as SIGTERM and wait for a clean stop.
stop() {
  trap - INT TERM EXIT
  if kill -0 "$ledgerd" 2>/dev/null; then
    echo "demo: stopping ledgerd" >&2
    kill -TERM "$ledgerd" 2>/dev/null || true
    wait "$ledgerd" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

for _ in $(seq 1 300); do
  healthy && break
  if ! kill -0 "$ledgerd" 2>/dev/null; then
    echo "demo: ledgerd exited before it was ready (is port $port taken?):" >&2
    tail -n 5 "$data/ledgerd.log" >&2
    exit 1
  fi
  sleep 0.1
done
healthy && kill -0 "$ledgerd" 2>/dev/null ||
  { echo "demo: ledgerd did not answer $url/healthz within 30 s" >&2; exit 1; }

# Seeded once: the marker is written only after a run that succeeded (and
# the seeder is idempotent, so an interrupted run is simply run again).
summary=$data/demo-summary.json
if [ ! -f "$data/seeded" ]; then
  echo "demo: seeding a synthetic city year (2025) through the API…" >&2
  "$bin/cli/ledger-demo-seed" --url "$url" --regulator-key "$data/keys/regulator.pem" \
    --regulator-id "$regulator" --keys "$data/keys/orgs" --scale "$scale" --summary "$summary"
  touch "$data/seeded"
fi

echo
echo "demo: the transparency portal:  $url/"
if [ -f "$summary" ]; then
  echo "demo: donation receipts to look up:"
  # Compact JSON with sorted keys: each receipt's "kind" comes just before it.
  grep -o '"kind":"[a-z_]*","org":"[^"]*","receipt":"[^"]*"' "$summary" | grep -v '"refunded"' |
    head -n 5 | while IFS='"' read -r _ _ _ kind _ _ _ _ _ _ _ receipt _; do
      printf '  %-18s %-26s %s\n' "$receipt" "($kind)" "$url/#/receipt/$receipt"
    done
fi
echo "demo: ledger in $data/ledger, access log in $data/ledgerd.log; API at $url/v1/ (Ctrl-C stops)"
wait "$ledgerd"
