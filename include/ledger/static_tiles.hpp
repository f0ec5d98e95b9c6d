// The log written out as C2SP tlog-tiles static files (`ledgerctl tiles`,
// docs/checkpoints.md "Tiles"), so that any web server, object store or
// CDN can serve every public read of the log: OUT/checkpoint,
// OUT/tile/<L>/<N>[.p/<W>] and OUT/tile/entries/<N>[.p/<W>], byte for byte
// what ledgerd serves at the same paths.
//
// The size published is the ledger's latest stored checkpoint. It runs
// beside ledgerd: the store is opened as a follower (StoreOptions::follow),
// one point of its history. It is incremental: when OUT holds a checkpoint
// already, that checkpoint must verify with this ledger's key and the new
// one must be consistent with it (an RFC 9162 consistency proof), else
// nothing is written; then only the tiles that are new since are written.
// Every file is written to a temporary name in its directory, fsynced and
// renamed; the checkpoint last, once every tile it needs is durable, so a
// reader never sees a checkpoint whose tiles are missing. A crash leaves
// temporary files (".NAME.tmp-XXXXXX"): once OUT's checkpoint is shown to
// be this ledger's, every file of exactly that pattern under OUT is
// removed (one walk of OUT per run) before anything is written. Memory stays
// flat however long the log: the work goes one tile at a time.
// Not thread-safe against another run writing the same OUT.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Progress is reported every this many files written, and once at the end.
inline constexpr uint64_t kTilesProgressFiles = 1000;

struct TilesProgress {
  uint64_t files = 0;  // tiles and bundles written so far
  uint64_t bytes = 0;  // their bytes
  uint64_t size = 0;   // the tree size being published
};
using TilesProgressFn = std::function<void(const TilesProgress&)>;

struct StaticTilesOptions {
  std::string data_dir;  // a ledger, served by ledgerd or not
  std::string out_dir;   // created if missing
  TilesProgressFn progress;
};

struct StaticTilesReport {
  uint64_t from_size = 0;  // the size OUT published before (0: none)
  uint64_t size = 0;       // the size it publishes now
  Hash root{};
  uint64_t tiles = 0;    // hash tiles written
  uint64_t bundles = 0;  // entry bundles written
  uint64_t bytes = 0;    // of tiles and bundles
  bool checkpoint_written = false;  // false: OUT was up to date
  // Temporary files (".NAME.tmp-XXXXXX") a crashed run left, removed first.
  uint64_t temporaries_removed = 0;
  int attempts = 1;  // opens of the ledger (a live writer may tear one)
};

// Errors name the option at fault: "data" (kInvalidArgument: no ledger
// there), "out" (kInvalidArgument: not a directory; kConflict: its
// checkpoint is not this ledger's, is of a larger size, or is not
// consistent with the ledger's — the message says which). kNotFound when
// the ledger has made no checkpoint yet; kIoError, kCorruption, or
// kUnavailable after kMaxCopyAttempts torn opens, naming no option.
Result<StaticTilesReport> WriteStaticTiles(const StaticTilesOptions& options);

}  // namespace ledger
