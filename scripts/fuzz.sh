#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/) for SECONDS each (default 60),
# building them first in the ASan + UBSan build dir if needed, and prints
# one line per target: its executions and crashes. Exits 1 if any target
# crashed (a sanitizer report, a failed property, a timeout or running out
# of memory); the input that did it is saved as
# $SANITIZE_DIR/tests/fuzz/<target>-crash-<sha1> (docs/testing.md says
# how to reproduce it). New inputs the fuzzers find go to
# $SANITIZE_DIR/tests/fuzz/corpus-scratch/<target>/, never into the
# committed seeds.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
sanitize_dir=${SANITIZE_DIR:-build-sanitize}

scripts/setup.sh --sanitize
if [ ! -f "$sanitize_dir/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S . -B "$sanitize_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DLEDGER_SANITIZE=address,undefined -DLEDGER_BENCH=OFF >/dev/null
fi
cmake --build "$sanitize_dir" -j2 --target fuzz_targets

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
out_dir=$sanitize_dir/tests/fuzz
failed=0
for target in "${targets[@]}"; do
  scratch=$out_dir/corpus-scratch/$target
  log=$out_dir/$target.log
  mkdir -p "$scratch"
  status=0
  "$out_dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out_dir/$target-" "$scratch" "tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # A crash skips the final stats: then the last progress line counts.
  [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  if [ "$status" -eq 0 ]; then
    printf '%-22s %10s executions in %ss, 0 crashes\n' "$target" "${runs:-?}" "$seconds"
  else
    failed=1
    artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    printf '%-22s %10s executions, CRASHED (exit %s): %s; log %s\n' "$target" "${runs:-?}" "$status" \
      "${artifact:-no input saved}" "$log"
  fi
done
exit "$failed"
