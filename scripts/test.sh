#!/usr/bin/env bash
# Sets up, builds (Release, -j2) and runs every test of welfare-ledger.
#
# --sanitize: the sanitized suite instead (docs/testing.md), with clang:
#   1. build-sanitize: everything under AddressSanitizer + UBSan, every
#      test, and each fuzz target over its corpus and for a few seconds;
#   2. build-tsan: the concurrency tests (label `concurrency`) under
#      ThreadSanitizer.
# Any finding fails the run. SANITIZE_DIR and TSAN_DIR move the build dirs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--sanitize" ]; then
  scripts/setup.sh
  scripts/build.sh
  cd "${BUILD_DIR:-build}"
  exec ctest --output-on-failure -j2 --timeout 900
fi

scripts/setup.sh --sanitize
sanitize_dir=${SANITIZE_DIR:-build-sanitize}
tsan_dir=${TSAN_DIR:-build-tsan}
suppressions=$PWD/tests/tsan.supp

# Every report stops the process with a stack; leaks are findings too.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_init_order=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$suppressions"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# configure_and_build DIR SANITIZERS [cmake --build arguments]: -O1 and the
# sanitizer flags come from the LEDGER_SANITIZE option (cmake/sanitizers.cmake);
# Debug leaves assert() on in the headers we use (Beast, nlohmann); no benchmarks.
configure_and_build() {
  local dir=$1 sanitizers=$2
  shift 2
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
      -DLEDGER_SANITIZE="$sanitizers" -DLEDGER_BENCH=OFF >/dev/null
  fi
  cmake --build "$dir" -j2 "$@"
}

echo "== ASan + UBSan: every test and the fuzz targets ($sanitize_dir)"
configure_and_build "$sanitize_dir" address,undefined
# Excluded: the portal's tests run JavaScript (node, headless Chromium),
# not our C++; a sanitized ledgerd under Chromium would only be too slow
# for the browser test's timeouts. The OpenAPI tests (label openapi) check
# the document and the answers' shapes, which sanitizers do not change.
# The Release suite runs them.
(cd "$sanitize_dir" && ctest --output-on-failure -j2 --timeout 900 -LE '^(portal|browser|openapi)$')

echo "== TSan: the concurrency tests ($tsan_dir)"
configure_and_build "$tsan_dir" thread --target concurrency_tests
(cd "$tsan_dir" && ctest --output-on-failure -j2 --timeout 900 -L '^concurrency$')
