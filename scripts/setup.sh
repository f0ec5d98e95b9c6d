#!/usr/bin/env bash
# Installs the Debian packages welfare-ledger needs to build and test, and
# the portal test's pinned playwright-core (tests/portal/package-lock.json)
# and the OpenAPI tests' validators (tests/openapi/package-lock.json).
# With --sanitize, also what the sanitized suite and the fuzzers need
# (scripts/test.sh --sanitize, scripts/fuzz.sh). Does nothing when they are
# all present. Run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config git openssl lld
  librocksdb-dev libssl-dev libboost-dev libboost-system-dev
  nlohmann-json3-dev libgtest-dev
  # Workbooks (.xlsx) of ledgerd's exports and ledger-audit's report; unzip
  # lets the tests read them back.
  libxlsxwriter-dev unzip
  # The portal's browser test: headless Chromium, and a CJK font so that
  # its screenshots of the Chinese pages show characters, not boxes.
  chromium fonts-wqy-microhei
)
# The sanitizers and libFuzzer come with clang (Debian 12: clang 14) and
# its runtime libraries; llvm brings llvm-symbolizer, which turns a
# report's addresses into files and lines.
if [ "${1:-}" = "--sanitize" ]; then
  packages+=(clang libclang-rt-14-dev llvm)
fi
# node and npm may come from Debian (nodejs, npm) or from a newer nodejs
# package that bundles npm; either will do, so ask for the command.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d tests/portal/node_modules ]; then
  echo "setup: installing the portal test's node modules (npm ci)" >&2
  (cd tests/portal && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d tests/openapi/node_modules ]; then
  echo "setup: installing the OpenAPI tests' node modules (npm ci)" >&2
  (cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error)
fi
