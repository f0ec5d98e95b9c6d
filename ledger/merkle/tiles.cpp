// Tiles over the stored tree, and entry bundles (C2SP tlog-tiles).
#include <vector>

#include "ledger/encoding.hpp"
#include "ledger/store.hpp"
#include "ledger/tiles.hpp"

namespace ledger {
namespace {

// v >> bits, 0 when bits >= 64 (a plain shift would be undefined).
uint64_t Shifted(uint64_t value, unsigned bits) { return bits >= 64 ? 0 : value >> bits; }

}  // namespace

uint64_t FullTileCount(uint8_t level, uint64_t tree_size) {
  return Shifted(tree_size, 8u * (level + 1u));
}

uint16_t PartialTileWidth(uint8_t level, uint64_t tree_size) {
  return static_cast<uint16_t>(Shifted(tree_size, 8u * level) % kTileWidth);
}

uint16_t TileWidthAt(uint8_t level, uint64_t index, uint64_t tree_size) {
  const uint64_t full = FullTileCount(level, tree_size);
  if (index < full) return kTileWidth;
  if (index == full) return PartialTileWidth(level, tree_size);
  return 0;
}

uint8_t TileLevelCount(uint64_t tree_size) {
  uint8_t levels = 0;
  while (Shifted(tree_size, 8u * levels) != 0) ++levels;
  return levels;
}

Result<std::string> ReadTile(const NodeReader& nodes, const TileId& tile) {
  LEDGER_CHECK(!tile.entries && tile.width >= 1 && tile.width <= kTileWidth);
  // Levels above 7 are never present, so 8·level fits a node's level.
  LEDGER_CHECK(tile.level < 8);
  std::vector<NodeId> ids(tile.width);
  const uint64_t first = tile.index * kTileWidth;
  for (uint16_t i = 0; i < tile.width; ++i)
    ids[i] = NodeId{static_cast<uint8_t>(8 * tile.level), first + i};
  LEDGER_ASSIGN_OR_RETURN(const std::vector<Hash> hashes, nodes.ReadNodes(ids));
  std::string bytes;
  bytes.reserve(hashes.size() * kTileHashBytes);
  for (const Hash& hash : hashes) bytes.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return bytes;
}

Status AppendBundleEntry(uint64_t seq, std::string_view event, std::string& bundle) {
  if (event.size() > kMaxBundleEntryBytes)
    return Error::Corruption("event " + std::to_string(seq) + " is " + std::to_string(event.size()) +
                             " bytes, over the " + std::to_string(kMaxBundleEntryBytes) +
                             " an entry bundle can hold");
  bundle.push_back(static_cast<char>(event.size() >> 8));
  bundle.push_back(static_cast<char>(event.size() & 0xff));
  bundle.append(event);
  return Status::Ok();
}

Result<std::string> ReadEntryBundle(StoreCursor& events, const TileId& tile) {
  LEDGER_CHECK(tile.entries && tile.width >= 1 && tile.width <= kTileWidth);
  const uint64_t first = tile.index * kTileWidth;
  const uint64_t end = first + tile.width;
  std::string bundle;
  uint64_t seq = first;
  // Stops at the tile's last event: no step beyond it, into events the
  // bundle does not hold.
  for (events.Seek(SeqKey(first)); seq < end && events.Valid(); ++seq) {
    auto stored = DecodeSeqKey(events.key());
    if (!stored.ok() || *stored != seq) break;
    LEDGER_RETURN_IF_ERROR(AppendBundleEntry(seq, events.value(), bundle));
    if (seq + 1 < end) events.Next();
  }
  LEDGER_RETURN_IF_ERROR(events.status());
  if (seq != end) return Error::Corruption("event " + std::to_string(seq) + " is missing");
  return bundle;
}

}  // namespace ledger
