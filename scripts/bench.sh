#!/usr/bin/env bash
# Builds and runs the welfare-ledger benchmarks; prints the numbers and
# keeps a copy in ${BUILD_DIR:-build}/bench-results.txt (bench-results-log.txt,
# bench-results-http.txt, bench-results-accounting.txt,
# bench-results-audit.txt, bench-results-open.txt,
# bench-results-overload.txt or bench-results-formats.txt when only one
# part runs).
#   scripts/bench.sh [all|log|http|accounting|audit|open|overload|formats]   which part (default all)
#   SECONDS_PER_RUN  time per append run (default 5)
#   PROOF_EVENTS     size of the log for proof latency (default 1000000)
#   HTTP_SECONDS     time limit per HTTP load run (default 15; each run also
#                    stops at its request count, so the HTTP part stays
#                    under about two minutes)
#   ACCOUNTING_EVENTS         size of the ledger for accounting query latency
#                             (default 1000000; building it takes most of the
#                             accounting part's ~3 minutes)
#   ACCOUNTING_APPEND_EVENTS  events per run of accounting vs the log alone
#                             (default 100000)
#   AUDIT_EVENTS     size of the ledger the audit modes run on (default
#                    1000000; building it, 3 runs of the fast modes and one
#                    of each full audit take the audit part's ~7 minutes)
#   OPEN_SIZES       ledger sizes ledgerd is opened on (default
#                    1000000,3000000; building them takes most of the open
#                    part's ~6 minutes)
#   OVERLOAD_SECONDS time per overload phase (default 10; three phases)
#   OVERLOAD_PENDING ledgerd's --max-pending in the overload part (default 32)
#   FORMATS_EVENTS   donations in the ledger of the open formats part
#                    (default 100000, the export's row limit, which is also
#                    the most it takes; about a minute per 100,000 on 2 cores)
#   REPEAT           repetitions of each open formats measurement; ratios are
#                    given as their min-max range (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
part=${1:-all}
case "$part" in
  all) targets=(ledger_bench http_bench accounting_bench audit_bench open_bench overload_bench formats_bench ledgerd); out_name=bench-results.txt ;;
  log) targets=(ledger_bench); out_name=bench-results-log.txt ;;
  http) targets=(http_bench); out_name=bench-results-http.txt ;;
  accounting) targets=(accounting_bench); out_name=bench-results-accounting.txt ;;
  audit) targets=(audit_bench); out_name=bench-results-audit.txt ;;
  open) targets=(open_bench ledgerd); out_name=bench-results-open.txt ;;
  overload) targets=(overload_bench ledgerd); out_name=bench-results-overload.txt ;;
  formats) targets=(formats_bench); out_name=bench-results-formats.txt ;;
  *) echo "usage: scripts/bench.sh [all|log|http|accounting|audit|open|overload|formats]" >&2; exit 2 ;;
esac
scripts/setup.sh
scripts/build.sh --target "${targets[@]}"
bin=${BUILD_DIR:-build}
work=$(mktemp -d "${TMPDIR:-/tmp}/welfare-ledger-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$bin/$out_name"
{
  echo "# welfare-ledger benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
  if [ "$part" = all ] || [ "$part" = log ]; then
    "$bin/bench/ledger_bench" append --dir "$work" --seconds "${SECONDS_PER_RUN:-5}" --threads 1,8,64
    "$bin/bench/ledger_bench" proofs --dir "$work" --events "${PROOF_EVENTS:-1000000}" --samples 20000
  fi
  if [ "$part" = all ] || [ "$part" = http ]; then
    "$bin/bench/http_bench" --dir "$work" --seconds "${HTTP_SECONDS:-15}"
  fi
  if [ "$part" = all ] || [ "$part" = accounting ]; then
    "$bin/bench/accounting_bench" --dir "$work" --threads 8 --charities 16 \
      --append-events "${ACCOUNTING_APPEND_EVENTS:-100000}" \
      --events "${ACCOUNTING_EVENTS:-1000000}" --samples 20000
  fi
  if [ "$part" = all ] || [ "$part" = audit ]; then
    "$bin/bench/audit_bench" --dir "$work" --threads 4 --runs 3 --full-runs 1 \
      --events "${AUDIT_EVENTS:-1000000}"
  fi
  if [ "$part" = all ] || [ "$part" = open ]; then
    "$bin/bench/open_bench" --dir "$work" --ledgerd "$bin/api/ledgerd" --threads 4 \
      --sizes "${OPEN_SIZES:-1000000,3000000}"
  fi
  if [ "$part" = all ] || [ "$part" = overload ]; then
    "$bin/bench/overload_bench" --dir "$work" --ledgerd "$bin/api/ledgerd" \
      --seconds "${OVERLOAD_SECONDS:-10}" --max-pending "${OVERLOAD_PENDING:-32}"
  fi
  if [ "$part" = all ] || [ "$part" = formats ]; then
    "$bin/bench/formats_bench" --dir "$work" --donations "${FORMATS_EVENTS:-100000}" \
      --repeat "${REPEAT:-3}"
  fi
} | tee "$out"
