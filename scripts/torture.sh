#!/usr/bin/env bash
# kill -9 torture: kills ledgerd at random moments under HTTP load CYCLES
# times (default 100), restarting it each time, with clients resending
# until acknowledged; then checks that every acknowledged event is in the
# log once, at its seq, and that ledger-audit passes (docs/operations.md).
#   scripts/torture.sh [CYCLES] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-100}
clients=${2:-8}
scripts/setup.sh
scripts/build.sh --target ledger_torture ledgerd ledger-audit
bin=${BUILD_DIR:-build}
exec "$bin/tests/ledger_torture" --cycles "$cycles" --clients "$clients" --seed "${TORTURE_SEED:-$RANDOM}" \
  --ledgerd "$bin/api/ledgerd" --audit "$bin/audit/ledger-audit"
