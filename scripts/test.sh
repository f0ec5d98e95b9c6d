#!/usr/bin/env bash
# Sets up, builds (Release, -j2) and runs every test of welfare-ledger.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j2 --timeout 900
