// ledger-audit's command line (docs/audit.md, docs/cli.md):
//
//   ledger-audit (--data DIR | --log FILE | --url URL) [--json FILE]
//                [--log-key KEY] [--chain-only] [--no-projections] [--no-ratios]
//                [--follow [--state FILE]] [--witness KEYFILE --witness-name ID] [--quiet]
//   ledger-audit export --data DIR --out FILE
//
// Exit codes: 0 the ledger verified, 1 a check failed, 2 usage or input
// error (bad flags, a source that cannot be opened, an unreadable key).
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace ledger::audit {

// `args` are the words after the program name; `err` also gets the
// progress lines unless --quiet.
int RunAuditCli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace ledger::audit
