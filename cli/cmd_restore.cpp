// ledgerctl restore --from DIR2 --data DIR3 --key FILE: a new data
// directory from a backup, with the log key handed in (a backup never
// holds it), opened as ledgerd would before it is put in place
// (include/ledger/backup.hpp, docs/operations.md).
#include <ostream>

#include "command.hpp"
#include "copy_output.hpp"
#include "ledger/backup.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kRestoreFlags[] = {
    {"from", "DIR2", true, "the backup (made by ledgerctl backup) to restore from; it is only read"},
    {"data", "DIR3", true, "the data directory to create: must not exist, or be an empty directory"},
    {"key", "FILE", true,
     "the ledger's log key (PKCS#8 PEM, from its offline copy); written as DIR3/log-key.pem, "
     "mode 0600"},
};

int RunRestore(const ParsedFlags& flags, CommandIo& io) {
  const std::string& key_path = flags.Get("key");
  Result<PrivateKey> key = PrivateKey::ReadPemFile(key_path);
  if (!key.ok()) return Fail(io, "restore", AboutFile(key.error(), "--key", key_path), kExitUsage);
  RestoreOptions options{.from_dir = flags.Get("from"), .data_dir = flags.Get("data"),
                         .log_key = std::move(*key), .progress = CopyProgressPrinter(io, "restore")};
  Result<CopyReport> report = RestoreLedger(options);
  if (!report.ok()) return FailOnOption(io, "restore", report.error());
  PrintCopySummary(io, "restored", *report, options.data_dir);
  return kExitOk;
}

}  // namespace

Command RestoreCommand() {
  return {"restore",
          "Make a new data directory from a backup, with the log key given by --key; "
          "it is opened as ledgerd would before it is put in place.",
          kRestoreFlags, &RunRestore};
}

}  // namespace ledger::cli
