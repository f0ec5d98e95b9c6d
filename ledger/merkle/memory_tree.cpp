// MemoryTree: every complete node in memory, filled by the Frontier's
// completion reports, so that proofs run exactly as they do over the store.
#include <string>

#include "ledger/merkle.hpp"

namespace ledger {

void MemoryTree::Append(const Hash& leaf_hash) {
  frontier_.Append(leaf_hash, [this](NodeId id, const Hash& hash) {
    if (levels_.size() <= id.level) levels_.resize(id.level + 1);
    std::vector<Hash>& level = levels_[id.level];
    // Nodes complete left to right on each level, so each is the next one.
    LEDGER_CHECK(level.size() == id.index);
    level.push_back(hash);
  });
}

Result<std::vector<Hash>> MemoryTree::ReadNodes(std::span<const NodeId> ids) const {
  std::vector<Hash> hashes;
  hashes.reserve(ids.size());
  for (const NodeId& id : ids) {
    if (id.level >= levels_.size() || id.index >= levels_[id.level].size())
      return Error::Corruption("node (" + std::to_string(id.level) + ", " +
                               std::to_string(id.index) +
                               ") is not in a tree of size " +
                               std::to_string(size()));
    hashes.push_back(levels_[id.level][id.index]);
  }
  return hashes;
}

}  // namespace ledger
