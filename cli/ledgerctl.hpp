// ledgerctl: keys, ledger creation, canonical JSON, signing, posting, backups
// (DESIGN.md §10, docs/cli.md). The whole tool is this one call, so that tests run it
// in-process; main() only forwards argv.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace ledger::cli {

// Exit codes, a public contract (DESIGN.md §10).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;  // verification failed or request refused
inline constexpr int kExitUsage = 2;    // usage or input error

// Runs one command. `args` excludes the program name: args[0] is the
// command ("keygen", "init", "canon", "sign", "post", "rebuild", "backup",
// "restore", "tiles") or "--help". Reads input from
// `in` only when the command takes stdin; writes results to `out` and
// diagnostics (naming the flag, field or path at fault) to `err`. Returns an
// exit code above. Never throws.
int RunLedgerctl(std::span<const std::string> args, std::istream& in,
                 std::ostream& out, std::ostream& err);

}  // namespace ledger::cli
