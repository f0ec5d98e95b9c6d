// C2SP tlog-tiles: the log's Merkle tree and its events as static
// resources (docs/checkpoints.md, "Tiles"). A tile at level L, index N holds
// the hashes of the complete subtrees (8·L, N·256 + i) for i < width, which
// the store keeps already: a tile is one batched read of at most 256 nodes.
// An entry bundle holds the same range's events, each as a big-endian
// uint16 length and the canonical bytes whose RFC 6962 leaf hash is the
// level-0 tile's hash.
//
// Everything here is pure and thread-safe, except ReadTile and
// ReadEntryBundle, which are as thread-safe as what they read through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/merkle.hpp"
#include "ledger/status.hpp"

namespace ledger {

class StoreCursor;  // ledger/store.hpp

inline constexpr uint16_t kTileWidth = 256;  // hashes in a full tile
inline constexpr std::size_t kTileHashBytes = 32;
inline constexpr std::size_t kFullTileBytes = kTileWidth * kTileHashBytes;  // 8192
// Levels a path may name (the spec's range). A 2^64 tree fills levels 0 to
// 7 only; higher levels parse but are never present.
inline constexpr uint8_t kMaxTileLevel = 63;
// An index below 2^64 takes at most 7 three-digit path elements.
inline constexpr std::size_t kMaxTileIndexElements = 7;
// An entry's length in a bundle is a uint16.
inline constexpr std::size_t kMaxBundleEntryBytes = 65'535;

struct TileId {
  bool entries = false;  // an entry bundle (its level is 0)
  uint8_t level = 0;
  uint64_t index = 0;
  uint16_t width = kTileWidth;  // 1..256; kTileWidth: a full tile
  bool full() const { return width == kTileWidth; }
  friend bool operator==(const TileId&, const TileId&) = default;
};

// The resource's path below the log's prefix, without a leading '/':
// "tile/0/x001/234", "tile/entries/000.p/17", "tile/1/000.p/2".
std::string TilePath(const TileId& tile);

// Parses what follows "tile/" in a path: "<L>/<N>[.p/<W>]" or
// "entries/<N>[.p/<W>]". Strict, so that one tile has one path: L decimal
// 0..63 without leading zeros; N as 3-digit elements, all but the last
// prefixed 'x', at most kMaxTileIndexElements, below 2^64 and without a
// leading element of zeros; W decimal 1..255 without leading zeros.
// kInvalidArgument naming "level", "index" or "width" and quoting the
// segment at fault.
Result<TileId> ParseTilePath(std::string_view rest);

// Hashes of the tile (level, index) that a tree of `tree_size` holds:
// kTileWidth when the tile is full, 0 when the tile is empty.
uint16_t TileWidthAt(uint8_t level, uint64_t index, uint64_t tree_size);

// Full tiles at `level` in a tree of `tree_size` (those with a smaller
// index), and the width of the partial one after them (0: none).
uint64_t FullTileCount(uint8_t level, uint64_t tree_size);
uint16_t PartialTileWidth(uint8_t level, uint64_t tree_size);
// Levels with at least one hash in a tree of `tree_size` (0 for the empty
// tree): a tile of a level >= this is always empty.
uint8_t TileLevelCount(uint64_t tree_size);

// The tile's bytes: its `width` hashes in order, read in one batch.
// Precondition: !tile.entries and tile.width <= TileWidthAt(level, index,
// size of the tree `nodes` hold).
Result<std::string> ReadTile(const NodeReader& nodes, const TileId& tile);

// Appends one event (the event at `seq`) to a bundle: its length as a
// big-endian uint16, then its bytes. kCorruption naming the seq when the
// event is over kMaxBundleEntryBytes, which the log never stores (its
// kMaxEventBytes is the same): a length is never truncated.
Status AppendBundleEntry(uint64_t seq, std::string_view event, std::string& bundle);

// The entry bundle of `tile` (tile.entries: the events index·256 to
// index·256 + width − 1), read in one pass over `events`, a cursor over the
// store's events column (Store::NewCursor(Column::kEvents)); each event is
// appended to the bundle as it is read, so memory is the bundle alone (at
// most kTileWidth · (2 + kMaxBundleEntryBytes) bytes). The one bundle
// builder: ledgerd's GET /tile/entries/... and `ledgerctl tiles` both call
// it, which is what makes their bytes equal. kCorruption naming the seq of
// a missing event or of one over kMaxBundleEntryBytes; the cursor's error
// if reading fails. As thread-safe as the cursor (one per call).
Result<std::string> ReadEntryBundle(StoreCursor& events, const TileId& tile);

}  // namespace ledger
