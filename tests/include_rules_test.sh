#!/usr/bin/env bash
# The include rules that keep the architecture what docs/architecture.md
# says it is (DESIGN.md section 1, STYLE.md "dependencies point one way"):
#   - only ledger/store/ includes RocksDB; only ledger/crypto/, api/ and
#     client/ include OpenSSL (the TLS layer lives in api/ and client/);
#     only api/ and client/ include Boost; only ledger/export/ includes
#     libxlsxwriter;
#   - the programs (api/, audit/, cli/, bench/) include the library's
#     public headers (include/ledger/) and none of its internal ones;
#   - audit/ uses the library and client/, not cli/;
#   - the public headers include no internal header;
#   - the domain (ledger/domain/) does no I/O: it includes neither the
#     store, the log nor the service.
# Usage: include_rules_test.sh [SOURCE_DIR]. Prints every violation; exits 1
# if there is any.
set -uo pipefail
cd "${1:-$(dirname "$0")/..}" || exit 2
failures=0
fail() { echo "include rule broken: $*"; failures=$((failures + 1)); }

sources() {  # the C++ files under the given folders
  find "$@" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) 2>/dev/null | sort
}
# file:line:include for every #include of the given pattern
includes() { local pattern=$1; shift; sources "$@" | xargs -r grep -Hn -E "^\s*#\s*include\s+$pattern" ; }

while IFS= read -r hit; do
  case "$hit" in ledger/store/*) ;; *) fail "RocksDB outside ledger/store/: $hit" ;; esac
done < <(includes '<rocksdb/' ledger include api audit cli client bench tests)

while IFS= read -r hit; do
  case "$hit" in ledger/crypto/*|api/*|client/*|tests/fuzz/*) ;; *) fail "OpenSSL outside crypto and TLS: $hit" ;; esac
done < <(includes '<openssl/' ledger include api audit cli client bench tests)

while IFS= read -r hit; do
  case "$hit" in api/*|client/*) ;; *) fail "Boost outside api/ and client/: $hit" ;; esac
done < <(includes '<boost/' ledger include api audit cli client bench tests)

while IFS= read -r hit; do
  case "$hit" in ledger/export/*) ;; *) fail "libxlsxwriter outside ledger/export/: $hit" ;; esac
done < <(includes '<xlsxwriter' ledger include api audit cli client bench tests)

# Programs: a "ledger/..." include must be a public header.
while IFS= read -r hit; do
  header=$(sed -E 's/.*#\s*include\s+"([^"]+)".*/\1/' <<<"$hit")
  [ -f "include/$header" ] || fail "a program includes an internal header: $hit"
done < <(includes '"ledger/' api audit cli bench)

# audit/ may include its own headers, client/'s and the public ones.
while IFS= read -r hit; do
  header=$(sed -E 's/.*#\s*include\s+"([^"]+)".*/\1/' <<<"$hit")
  case "$header" in ledger/*) continue ;; esac
  [ -f "audit/$header" ] || [ -f "client/$header" ] || fail "audit/ includes what is neither its own nor client/'s: $hit"
done < <(includes '"' audit)

# Public headers include only public headers.
while IFS= read -r hit; do
  header=$(sed -E 's/.*#\s*include\s+"([^"]+)".*/\1/' <<<"$hit")
  [ -f "include/$header" ] || fail "a public header includes an internal one: $hit"
done < <(includes '"' include)

# The domain does no I/O.
while IFS= read -r hit; do
  fail "the domain includes an I/O layer: $hit"
done < <(includes '"ledger/(store|log|ledger|rebuild|genesis|store/|log/|service/)[^"]*"' ledger/domain)

if [ "$failures" -gt 0 ]; then
  echo "$failures include rule(s) broken"
  exit 1
fi
echo "include rules hold"
