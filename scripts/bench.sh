#!/usr/bin/env bash
# Builds and runs the welfare-ledger benchmarks; prints the numbers and
# keeps a copy in ${BUILD_DIR:-build}/bench-results.txt.
#   SECONDS_PER_RUN  time per append run (default 5)
#   PROOF_EVENTS     size of the log for proof latency (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --target ledger_bench
bin=${BUILD_DIR:-build}
work=$(mktemp -d "${TMPDIR:-/tmp}/welfare-ledger-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$bin/bench-results.txt"
{
  echo "# welfare-ledger benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
  "$bin/bench/ledger_bench" append --dir "$work" --seconds "${SECONDS_PER_RUN:-5}" --threads 1,8,64
  "$bin/bench/ledger_bench" proofs --dir "$work" --events "${PROOF_EVENTS:-1000000}" --samples 20000
} | tee "$out"
