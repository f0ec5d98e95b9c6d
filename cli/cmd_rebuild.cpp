// ledgerctl rebuild: recompute every projection (org records, idem records,
// the accounting read models) from the log alone; with --check, only
// compare them with the stored ones. Run it with ledgerd stopped.
#include <ostream>

#include "command.hpp"
#include "ledger/rebuild.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kRebuildFlags[] = {
    {"data", "DIR", true, "the ledger directory (ledgerd must not be running on it)"},
    {"check", "", false, "compare only; write nothing; exit 1 if the stored projections differ"},
};

void PrintReport(const RebuildReport& report, std::ostream& out) {
  out << "events: " << report.events << "\n"
      << "projection_keys: " << report.keys << "\n"
      << "differences: " << report.differences << "\n";
  for (const ProjectionDifference& d : report.first)
    out << "  " << d.what << " " << d.column << " " << d.key << "\n";
  if (report.differences > report.first.size())
    out << "  … and " << report.differences - report.first.size() << " more\n";
}

int RunRebuild(const ParsedFlags& flags, CommandIo& io) {
  const bool check = flags.Has("check");
  auto progress = [&io](uint64_t done, uint64_t total) {
    io.err << "ledgerctl rebuild: replayed " << done << " of " << total << " events\n" << std::flush;
  };
  auto report = RebuildProjections(flags.Get("data"), /*write=*/!check, progress);
  if (!report.ok()) return Fail(io, "rebuild", report.error(), kExitRefused);
  PrintReport(*report, io.out);
  if (check) return report->differences == 0 ? kExitOk : kExitRefused;
  io.out << (report->written ? "rebuilt: the stored projections now match the log\n"
                             : "nothing to rebuild: the stored projections match the log\n");
  return kExitOk;
}

}  // namespace

Command RebuildCommand() {
  return {"rebuild",
          "Recompute the projections (orgs, idem records, funds, lots, traces, statistics) "
          "from the log and replace the stored ones; with --check, only compare.",
          kRebuildFlags, &RunRebuild};
}

}  // namespace ledger::cli
