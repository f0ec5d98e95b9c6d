#!/usr/bin/env bash
# Runs a welfare-ledger node on an embedded RocksDB under ./demo-data:
# sets up, builds, creates the ledger once (with a demo regulator key),
# then serves the API on http://127.0.0.1:${PORT:-8080} until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --target ledgerd ledgerctl
bin=${BUILD_DIR:-build}
data=${DEMO_DATA:-demo-data}
port=${PORT:-8080}

mkdir -p "$data/keys"
chmod 700 "$data/keys"
if [ ! -f "$data/keys/regulator.pem" ]; then
  "$bin/cli/ledgerctl" keygen --out "$data/keys/regulator.pem"
fi
if [ ! -d "$data/ledger" ]; then
  "$bin/cli/ledgerctl" init --data "$data/ledger" --origin ledger.example.org/demo \
    --regulator-id civil-affairs-bureau --regulator-name "Civil Affairs Bureau (demo)" \
    --regulator-key "$data/keys/regulator.pem.pub"
fi
echo "demo: ledger in $data/ledger; API at http://127.0.0.1:$port/ (Ctrl-C stops)"
echo "demo: try  curl http://127.0.0.1:$port/v1/checkpoint"
exec "$bin/api/ledgerd" --data "$data/ledger" --listen "127.0.0.1:$port"
