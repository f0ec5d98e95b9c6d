// ledgerd as a function, so that main only forwards argv and tests can run
// the command-line paths in-process.
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace ledger::api {

// Exit codes (docs/api.md, DESIGN §10).
inline constexpr int kExitOk = 0;        // stopped by SIGINT or SIGTERM, or --help
inline constexpr int kExitFailure = 1;   // could not read the key (or others may), open the log or bind
inline constexpr int kExitUsage = 2;     // unknown flag, missing --data, bad --listen

// Parses `args` (after the program name), opens the ledger, serves until
// SIGINT or SIGTERM, then stops the server and closes the log. Usage and
// progress go to `out` (--help) and `err`; access-log lines to stderr.
int RunLedgerd(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace ledger::api
