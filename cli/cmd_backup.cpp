// ledgerctl backup --data DIR --out DIR2: a consistent copy of a ledger,
// taken while ledgerd serves it, without the private log key
// (include/ledger/backup.hpp, docs/operations.md).
#include <ostream>

#include "command.hpp"
#include "copy_output.hpp"
#include "ledger/backup.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kBackupFlags[] = {
    {"data", "DIR", true, "the ledger to back up (ledgerd may be serving it)"},
    {"out", "DIR2", true,
     "the backup to create: must not exist, or be an empty directory; never holds the private "
     "log key"},
};

int RunBackup(const ParsedFlags& flags, CommandIo& io) {
  BackupOptions options{.data_dir = flags.Get("data"), .out_dir = flags.Get("out"),
                        .progress = CopyProgressPrinter(io, "backup")};
  Result<CopyReport> report = BackupLedger(options);
  if (!report.ok()) return FailOnOption(io, "backup", report.error());
  PrintCopySummary(io, "backup", *report, options.out_dir);
  return kExitOk;
}

}  // namespace

Command BackupCommand() {
  return {"backup",
          "Copy a ledger, while ledgerd serves it, to a new directory: one point of its history, "
          "every column; the private log key is never copied.",
          kBackupFlags, &RunBackup};
}

}  // namespace ledger::cli
