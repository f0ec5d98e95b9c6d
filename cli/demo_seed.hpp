// ledger-demo-seed: posts a synthetic city year (demo_scenario.hpp) to a
// running ledgerd through its public API, signed with real keys, so that
// the portal has something true to show. Idempotent: a second run with the
// same options and keys posts nothing new.
//
//   ledger-demo-seed --url http://127.0.0.1:8080 --regulator-key REG.pem
//     --regulator-id ID --keys DIR [--scale N] [--donations N] [--seed S]
//     [--summary FILE] [--quiet]
//
// Exit codes (as ledgerctl's): 0 seeded, 1 the ledger refused an event or
// could not be reached, 2 usage or input error.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace ledger::demo {

// `args` excludes the program name. Progress goes to `err` (redrawn in
// place when `err_is_terminal`), the summary to `out`. Never throws.
int RunDemoSeed(std::span<const std::string> args, std::ostream& out, std::ostream& err,
                bool err_is_terminal);

}  // namespace ledger::demo
