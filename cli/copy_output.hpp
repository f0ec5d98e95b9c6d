// What `backup` and `restore` print about their copy: progress on stderr
// once a copy is long, one summary line on stdout.
#pragma once

#include <string_view>

#include "command.hpp"
#include "ledger/backup.hpp"

namespace ledger::cli {

// Prints "ledgerctl COMMAND: copied K keys (M MiB): COLUMN …" to io.err
// for copies past kCopyProgressKeys keys; a small ledger's copy is quiet.
CopyProgressFn CopyProgressPrinter(CommandIo& io, std::string_view command);

// "WHAT: N events, K keys, B bytes, root HEX, in DIR\n" to io.out.
void PrintCopySummary(CommandIo& io, std::string_view what, const CopyReport& report,
                      const std::string& dir);

}  // namespace ledger::cli
