#!/usr/bin/env bash
# The portal's node unit tests: every tests/portal/*.test.mjs except the
# browser test (portal.test.mjs, which run_portal_test.sh runs against a
# live ledgerd), under the first `node` on PATH. Exit code: 0 all passed,
# 1 a test failed, 2 node or the tests are missing.
#
# Debian 12's node is 18, which reads a .js file as CommonJS unless a
# package.json above it says "type": "module". Newer nodes (20.19, 22)
# guess from the syntax instead, which hid exactly that mistake once. The
# guess is turned off wherever a node has it, so that a newer node fails
# where Node 18 would.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

command -v node >/dev/null ||
  { echo "portal unit tests: node not found (scripts/setup.sh installs it)" >&2; exit 2; }
flags=()
if [ "$(node -p "process.allowedNodeEnvironmentFlags.has('--experimental-detect-module')")" = true ]; then
  flags+=(--no-experimental-detect-module)
fi

tests=()
for test in "$here"/*.test.mjs; do
  [ "$(basename "$test")" = portal.test.mjs ] || tests+=("$test")
done
# The glob stays literal when nothing matches.
[ -f "${tests[0]:-}" ] || { echo "portal unit tests: none found in $here" >&2; exit 2; }

echo "portal unit tests: $(command -v node) $(node --version) ${flags[*]}"
status=0
for test in "${tests[@]}"; do
  node "${flags[@]}" "$test" || status=1
done
exit "$status"
