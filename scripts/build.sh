#!/usr/bin/env bash
# Configures and builds welfare-ledger (Release) into ${BUILD_DIR:-build}.
# Extra arguments are passed to `cmake --build` (for example --target ledgerd).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build_dir" -j2 "$@"
