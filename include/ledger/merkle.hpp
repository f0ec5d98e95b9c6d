// The RFC 6962 / RFC 9162 Merkle tree: hashing, roots, inclusion and
// consistency proofs, and their verification.
//
// A tree of size n is stored as its complete subtrees: node (level, index)
// is the hash of leaves [index·2^level, (index+1)·2^level). Every other
// subtree hash is derived from those, so a proof or a root costs O(log n)
// node reads. Proofs are exactly RFC 9162 §2.1.3–2.1.4 audit paths.
//
// The free functions are thread-safe (each thread hashes with its own
// context); a Frontier or MemoryTree is not, and belongs to one writer.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

// A proof never holds more hashes than this (two per level of a 2^64 tree).
inline constexpr std::size_t kMaxProofHashes = 128;

Hash LeafHash(std::span<const uint8_t> leaf);  // SHA-256(0x00 ‖ leaf)
inline Hash LeafHash(std::string_view leaf) { return LeafHash(AsBytes(leaf)); }
Hash NodeHash(const Hash& left, const Hash& right);  // SHA-256(0x01 ‖ l ‖ r)
Hash EmptyRoot();  // SHA-256 of the empty string

struct NodeId {
  uint8_t level;
  uint64_t index;
  friend bool operator==(const NodeId&, const NodeId&) = default;
};

// Reads stored complete-subtree hashes. Implemented by the store, and by
// MemoryTree for tests and replay.
class NodeReader {
 public:
  virtual ~NodeReader() = default;
  // The hashes of `ids`, in order; an absent node is kCorruption.
  virtual Result<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) const = 0;
};

// The right edge of a growing tree: the complete subtrees whose sizes are
// the binary digits of the tree size (at most 64 hashes). Appending a leaf
// reports every node that became complete, so the caller can persist it.
class Frontier {
 public:
  Frontier() = default;
  // Rebuilds the frontier of a tree of `size` from stored nodes.
  static Result<Frontier> Load(uint64_t size, const NodeReader& nodes);

  // The frontier of a tree of `size` whose complete subtrees (largest,
  // leftmost first) are `subtrees`: one per set bit of `size`, else
  // kInvalidArgument. For a frontier kept elsewhere (an audit's replay).
  static Result<Frontier> FromSubtrees(uint64_t size, std::vector<Hash> subtrees);
  const std::vector<Hash>& subtrees() const { return subtrees_; }

  uint64_t size() const { return size_; }
  // Adds a leaf; `on_complete` is called for the leaf (level 0) and for each
  // interior node that it completes, bottom-up.
  void Append(const Hash& leaf_hash,
              const std::function<void(NodeId, const Hash&)>& on_complete);
  Hash Root() const;  // EmptyRoot() for size 0

 private:
  uint64_t size_ = 0;
  std::vector<Hash> subtrees_;  // largest (leftmost) first
};

// The node ids whose hashes make up the root of a tree of `size`.
std::vector<NodeId> RootNodes(uint64_t size);

// Root hash of the first `size` leaves. Precondition: size <= stored size.
Result<Hash> RootAt(uint64_t size, const NodeReader& nodes);

// Audit path for leaf `index` in the tree of `size` (index < size).
Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const NodeReader& nodes);
// Consistency proof between sizes 0 < from <= to; empty when from == to.
Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to,
                                           const NodeReader& nodes);

// Verifiers need no tree. They return kUnprocessable with a reason when the
// proof does not verify, kInvalidArgument for impossible parameters.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root);
Status VerifyConsistency(uint64_t from, uint64_t to, const Hash& root_from,
                         const Hash& root_to, std::span<const Hash> proof);

// The same verifiers for hashes as decoded from outside, of any length. A
// root, leaf hash or proof hash that is not 32 bytes is kInvalidArgument,
// except that from == to needs no hashing: it verifies when the proof is
// empty and the roots are equal byte for byte, as the RFC 6962 test data of
// transparency-dev/merkle (tests/vectors/rfc6962) expects.
Status VerifyInclusionRaw(uint64_t index, uint64_t size,
                          std::span<const uint8_t> leaf_hash,
                          std::span<const Bytes> proof,
                          std::span<const uint8_t> root);
Status VerifyConsistencyRaw(uint64_t from, uint64_t to,
                            std::span<const uint8_t> root_from,
                            std::span<const uint8_t> root_to,
                            std::span<const Bytes> proof);

// A whole tree in memory, for tests and for replaying a log without a store.
class MemoryTree : public NodeReader {
 public:
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return frontier_.size(); }
  Hash Root() const { return frontier_.Root(); }
  Result<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) const override;

 private:
  Frontier frontier_;
  std::vector<std::vector<Hash>> levels_;  // levels_[l][i] = node (l, i)
};

}  // namespace ledger
