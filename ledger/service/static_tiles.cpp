#include "ledger/static_tiles.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "ledger/backup.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/log/log_meta.hpp"
#include "ledger/merkle.hpp"
#include "ledger/service/tile_files.hpp"
#include "ledger/store.hpp"
#include "ledger/tiles.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCheckpointFile = "checkpoint";
// A torn open (the writer deleted a file it read) is tried again after
// this, times the attempt.
constexpr std::chrono::milliseconds kRetryDelay{200};

Status RequireDirectories(const StaticTilesOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(options.data_dir, ec))
    return Error::Invalid("data", options.data_dir + " is not a directory");
  if (!fs::exists(fs::path(options.data_dir) / "CURRENT", ec))
    return Error::Invalid("data", options.data_dir + " holds no ledger (no RocksDB CURRENT file)");
  if (fs::exists(options.out_dir, ec) && !fs::is_directory(options.out_dir, ec))
    return Error::Invalid("out", options.out_dir + " exists and is not a directory");
  return Status::Ok();
}

struct Published {
  Checkpoint checkpoint;
  std::string note;
};

// The ledger's latest checkpoint, verified with its own key and, on a
// second path, against the root of its stored tree.
Result<Published> LatestCheckpoint(const Store& store, const VerifierKey& verifier) {
  LEDGER_ASSIGN_OR_RETURN(const std::optional<std::string> last, store.LastKey(Column::kCheckpoints));
  if (!last) return Error::NotFound("the ledger has made no checkpoint yet");
  LEDGER_ASSIGN_OR_RETURN(const std::optional<std::string> note, store.Get(Column::kCheckpoints, *last));
  if (!note) return Error::Corruption("the latest checkpoint vanished while read");
  auto checkpoint = VerifyCheckpoint(*note, verifier);
  if (!checkpoint)
    return Error::Corruption("the ledger's latest checkpoint does not verify with its own key: " +
                             checkpoint.error().ToString());
  LEDGER_ASSIGN_OR_RETURN(const Hash root, RootAt(checkpoint->size, store.nodes()));
  if (root != checkpoint->root)
    return Error::Corruption("the ledger's checkpoint of size " + std::to_string(checkpoint->size) +
                             " does not match its stored tree");
  return Published{*checkpoint, *note};
}

Error Refused(const std::string& message) { return Error{Code::kConflict, "out", message}; }

// What OUT published before (nullopt: nothing yet), once it is shown to be
// this ledger's and consistent with `latest`.
Result<std::optional<Published>> PreviousCheckpoint(const std::string& out, const Store& store,
                                                    const VerifierKey& verifier,
                                                    const Checkpoint& latest) {
  const std::string path = (fs::path(out) / kCheckpointFile).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<Published>();
  Result<std::string> read = ReadFile(path);
  if (!read) {
    if (read.error().code != Code::kInvalidArgument) return read.error();
    return Refused(path + " is not a checkpoint: " + read.error().message);  // too large
  }
  std::string note = std::move(*read);
  auto before = VerifyCheckpoint(note, verifier);
  if (!before)
    return Refused(path + " is not a checkpoint of this ledger (origin " + verifier.name +
                   "): " + before.error().ToString());
  const std::string sizes = path + " (size " + std::to_string(before->size) +
                            ") and the ledger's latest checkpoint (size " +
                            std::to_string(latest.size) + ")";
  if (before->size > latest.size)
    return Refused(sizes + ": the directory is ahead of the ledger (a ledger restored from an "
                           "older backup?); nothing is written");
  Status consistent = Status::Ok();
  if (before->size == latest.size) {
    if (before->root != latest.root) consistent = Error::Refused("root", "the roots differ");
  } else if (before->size > 0) {
    LEDGER_ASSIGN_OR_RETURN(const std::vector<Hash> proof,
                            ConsistencyProof(before->size, latest.size, store.nodes()));
    consistent = VerifyConsistency(before->size, latest.size, before->root, latest.root, proof);
  }
  if (!consistent.ok())
    return Refused(sizes + " are not consistent: " + consistent.error().ToString() +
                   "; nothing is written");
  return std::optional<Published>(Published{*before, std::move(note)});
}

class TreeExport {
 public:
  TreeExport(const Store& store, TileFileWriter& files, const StaticTilesOptions& options,
             StaticTilesReport& report)
      : store_(store), events_(store.NewCursor(Column::kEvents)), files_(files), options_(options),
        report_(report) {}

  // Every tile and bundle new between the two sizes: the full ones that
  // were partial or absent at `from`, and the partial ones of `to`.
  Status Run(uint64_t from, uint64_t to) {
    for (uint8_t level = 0; level < TileLevelCount(to); ++level) {
      for (bool entries : {false, true}) {
        if (entries && level != 0) continue;
        for (uint64_t n = FullTileCount(level, from); n < FullTileCount(level, to); ++n)
          LEDGER_RETURN_IF_ERROR(WriteTile({entries, level, n, kTileWidth}));
        const uint16_t width = PartialTileWidth(level, to);
        if (width != 0)
          LEDGER_RETURN_IF_ERROR(WriteTile({entries, level, FullTileCount(level, to), width}));
      }
    }
    Report();
    return Status::Ok();
  }

 private:
  Status WriteTile(const TileId& tile) {
    Result<std::string> bytes = tile.entries ? ReadEntryBundle(*events_, tile) : ReadTile(store_.nodes(), tile);
    if (!bytes) return bytes.error();
    LEDGER_RETURN_IF_ERROR(files_.Write(TilePath(tile), *bytes));
    ++(tile.entries ? report_.bundles : report_.tiles);
    report_.bytes += bytes->size();
    if ((report_.tiles + report_.bundles) % kTilesProgressFiles == 0) Report();
    return Status::Ok();
  }
  void Report() {
    if (options_.progress) options_.progress({report_.tiles + report_.bundles, report_.bytes, report_.size});
  }

  const Store& store_;
  std::unique_ptr<StoreCursor> events_;  // one for the run: each bundle seeks it
  TileFileWriter& files_;
  const StaticTilesOptions& options_;
  StaticTilesReport& report_;
};

Result<StaticTilesReport> WriteFromStore(const Store& store, const StaticTilesOptions& options) {
  LEDGER_ASSIGN_OR_RETURN(const LogMeta meta, ReadLogMeta(store, options.data_dir));
  LEDGER_ASSIGN_OR_RETURN(const VerifierKey verifier,
                          ParseVerifierKey(VerifierKeyString(meta.origin, meta.log_key)));
  LEDGER_ASSIGN_OR_RETURN(const Published latest, LatestCheckpoint(store, verifier));
  LEDGER_ASSIGN_OR_RETURN(const std::optional<Published> before,
                          PreviousCheckpoint(options.out_dir, store, verifier, latest.checkpoint));
  StaticTilesReport report;
  report.size = latest.checkpoint.size;
  report.root = latest.checkpoint.root;
  report.from_size = before ? before->checkpoint.size : 0;
  // OUT is this ledger's (or new): what a crashed run left is removed
  // before anything is written, and even when nothing is.
  TileFileWriter files(options.out_dir);
  LEDGER_ASSIGN_OR_RETURN(report.temporaries_removed, files.RemoveStaleTemporaries());
  if (before && before->note == latest.note) return report;  // up to date

  TreeExport tree(store, files, options, report);
  LEDGER_RETURN_IF_ERROR(tree.Run(report.from_size, report.size));
  // The checkpoint last, once every tile it needs is durable.
  LEDGER_RETURN_IF_ERROR(files.Finish());
  LEDGER_RETURN_IF_ERROR(files.Write(kCheckpointFile, latest.note));
  LEDGER_RETURN_IF_ERROR(files.Finish());
  report.checkpoint_written = true;
  return report;
}

}  // namespace

Result<StaticTilesReport> WriteStaticTiles(const StaticTilesOptions& options) {
  LEDGER_RETURN_IF_ERROR(RequireDirectories(options));
  for (int attempt = 1;; ++attempt) {
    auto store = Store::Open({.dir = options.data_dir, .sequential = true, .follow = true});
    Result<StaticTilesReport> report =
        store.ok() ? WriteFromStore(**store, options) : Result<StaticTilesReport>(store.error());
    if (report.ok()) report->attempts = attempt;
    if (report.ok() || report.error().code != Code::kUnavailable || attempt == kMaxCopyAttempts)
      return report;
    std::this_thread::sleep_for(kRetryDelay * attempt);
  }
}

}  // namespace ledger
