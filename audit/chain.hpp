// The chain part of an audit: seq contiguity, the hash chain and the Merkle
// tree, recomputed from the events' bytes alone. It reads only the two
// envelope members it needs ("seq", "prev") with a small scanner instead of
// parsing the whole event, so a chain-only audit runs at hashing speed; a
// full audit parses every event strictly as well (rules.hpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ledger/merkle.hpp"
#include "ledger/status.hpp"

namespace ledger::audit {

struct Envelope {
  uint64_t seq = 0;
  std::string_view prev;  // the 64 hex digits, inside the scanned bytes
};

// Finds the top-level "seq" (a non-negative integer) and "prev" (a string)
// of a stored event. Errors (kInvalidArgument, field "seq" or "prev" or ""):
// not a JSON object at the top level, a member missing or twice, the wrong
// kind of value. Nested members of the same names are skipped, as are
// values it does not need; it never reads past the bytes given.
Result<Envelope> ScanEnvelope(std::string_view bytes);

class ChainChecker {
 public:
  // Checks the event the source keeps at `key`: it must be the next seq
  // (field "seq": a missing event, or one stored under another seq's
  // key) and its "prev" must be the leaf hash of the event before it
  // (field "prev"). Yes: its leaf joins the tree. Errors are
  // kInvalidArgument and change nothing.
  Status Append(uint64_t key, std::string_view bytes);

  uint64_t size() const { return frontier_.size(); }
  Hash Root() const { return frontier_.Root(); }
  const Hash& LastLeaf() const { return last_leaf_; }  // 32 zero bytes before the first event
  const Frontier& frontier() const { return frontier_; }
  // Goes on from a tree verified before (a --follow run).
  void Restore(Frontier frontier, const Hash& last_leaf) {
    frontier_ = std::move(frontier);
    last_leaf_ = last_leaf;
  }

 private:
  Frontier frontier_;
  Hash last_leaf_{};
};

}  // namespace ledger::audit
