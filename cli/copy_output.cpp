#include "copy_output.hpp"

#include <ostream>
#include <string>

#include "ledger/encoding.hpp"

namespace ledger::cli {

CopyProgressFn CopyProgressPrinter(CommandIo& io, std::string_view command) {
  return [&io, command = std::string(command)](const CopyProgress& p) {
    if (p.keys < kCopyProgressKeys) return;
    constexpr uint64_t kMebibyte = 1u << 20;
    io.err << "ledgerctl " << command << ": copied " << p.keys << " keys ("
           << p.bytes / kMebibyte << " MiB); " << p.column << ": " << p.column_keys << "\n"
           << std::flush;
  };
}

void PrintCopySummary(CommandIo& io, std::string_view what, const CopyReport& report,
                      const std::string& dir) {
  io.out << what << ": " << report.events << " events, " << report.keys << " keys, "
         << report.bytes << " bytes, root " << HexEncode(report.root) << ", in " << dir << "\n";
}

}  // namespace ledger::cli
