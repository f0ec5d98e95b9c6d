// ledgerctl tiles --data DIR --out DIR: the log as C2SP tlog-tiles static
// files, written incrementally while ledgerd serves the ledger
// (include/ledger/static_tiles.hpp, docs/checkpoints.md "Tiles").
#include <ostream>

#include "command.hpp"
#include "ledger/encoding.hpp"
#include "ledger/static_tiles.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kTilesFlags[] = {
    {"data", "DIR", true, "the ledger to publish (ledgerd may be serving it)"},
    {"out", "DIR", true,
     "the static tree to write or bring up to date: its checkpoint, if any, must be this "
     "ledger's and consistent with the ledger's latest"},
};

// Progress on stderr once a run is long; a small one is quiet.
TilesProgressFn ProgressPrinter(CommandIo& io) {
  return [&io](const TilesProgress& p) {
    if (p.files < kTilesProgressFiles) return;
    constexpr uint64_t kMebibyte = 1u << 20;
    io.err << "ledgerctl tiles: wrote " << p.files << " tiles and bundles (" << p.bytes / kMebibyte
           << " MiB) for size " << p.size << "\n"
           << std::flush;
  };
}

int RunTiles(const ParsedFlags& flags, CommandIo& io) {
  const StaticTilesOptions options{.data_dir = flags.Get("data"), .out_dir = flags.Get("out"),
                                   .progress = ProgressPrinter(io)};
  Result<StaticTilesReport> report = WriteStaticTiles(options);
  if (!report.ok()) return FailOnOption(io, "tiles", report.error());
  if (report->temporaries_removed != 0)
    io.err << "ledgerctl tiles: removed " << report->temporaries_removed
           << " temporary files an interrupted run left in " << options.out_dir << "\n";
  // "tiles: size S (from F), T tiles, B bundles, N bytes, root HEX, in DIR"
  io.out << "tiles: size " << report->size << " (from " << report->from_size << "), "
         << report->tiles << " tiles, " << report->bundles << " bundles, " << report->bytes
         << " bytes, root " << HexEncode(report->root) << ", "
         << (report->checkpoint_written ? "in " : "already up to date in ") << options.out_dir << "\n";
  return kExitOk;
}

}  // namespace

Command TilesCommand() {
  return {"tiles",
          "Write the log as C2SP tlog-tiles static files (checkpoint, hash tiles, entry "
          "bundles), incrementally, while ledgerd serves it.",
          kTilesFlags, &RunTiles};
}

}  // namespace ledger::cli
