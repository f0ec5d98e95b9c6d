#!/usr/bin/env bash
# Installs the Debian packages welfare-ledger needs to build and test.
# Does nothing when they are all present. Run as root (or with sudo).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git openssl
  librocksdb-dev libssl-dev libboost-dev libboost-system-dev
  nlohmann-json3-dev libgtest-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
