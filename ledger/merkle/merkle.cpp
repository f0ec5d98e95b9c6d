// RFC 6962 / RFC 9162 tree hashing and proofs over stored complete subtrees.
//
// Every subtree that the RFC recursion (MTH, PATH, SUBPROOF) names is either
// a complete aligned power of two, which is stored, or a range whose hash
// folds from the complete nodes of its binary decomposition. A proof is
// therefore planned first (which ranges, in which order, made of which
// nodes), fetched with one ReadNodes call, then folded.
#include "ledger/merkle.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

namespace ledger {
namespace {

constexpr uint8_t kLeafPrefix[1] = {0x00};
constexpr uint8_t kNodePrefix[1] = {0x01};

// One reusable SHA-256 context per thread. This is a cache of an OpenSSL
// context, not shared state: no value flows between calls through it, and
// each thread has its own, as Sha256Hasher requires.
Sha256Hasher& ThreadHasher() {
  thread_local Sha256Hasher hasher;
  return hasher;
}

// A subtree of the RFC recursion: leaves [begin, end).
struct Range {
  uint64_t begin;
  uint64_t end;
};

// The largest power of two strictly below n (n >= 2): where the RFC splits.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// Appends the complete nodes [begin, end) decomposes into, largest first.
// Holds for every range of the RFC recursion, whose begin is a multiple of
// every power of two not above its width.
void AppendRangeNodes(Range range, std::vector<NodeId>& ids) {
  uint64_t begin = range.begin;
  while (begin < range.end) {
    const uint64_t width = std::bit_floor(range.end - begin);
    LEDGER_CHECK((begin & (width - 1)) == 0);
    const int level = std::countr_zero(width);
    ids.push_back({static_cast<uint8_t>(level), begin >> level});
    begin += width;
  }
}

// The hash of a range from its nodes, largest first: the recursion splits
// off the largest power of two on the left, so smaller subtrees nest deeper
// on the right.
Hash FoldRight(std::span<const Hash> nodes) {
  LEDGER_CHECK(!nodes.empty());
  Hash acc = nodes.back();
  for (std::size_t i = nodes.size() - 1; i-- > 0;) acc = NodeHash(nodes[i], acc);
  return acc;
}

// Reads the nodes of `ranges` in one call and returns one hash per range.
Result<std::vector<Hash>> HashRanges(std::span<const Range> ranges,
                                     const NodeReader& nodes) {
  std::vector<NodeId> ids;
  std::vector<std::size_t> node_counts;
  node_counts.reserve(ranges.size());
  for (const Range& range : ranges) {
    const std::size_t before = ids.size();
    AppendRangeNodes(range, ids);
    node_counts.push_back(ids.size() - before);
  }
  std::vector<Hash> hashes;
  hashes.reserve(ranges.size());
  if (ids.empty()) return hashes;
  auto read = nodes.ReadNodes(ids);
  if (!read.ok()) return read.error();
  LEDGER_CHECK_MSG(read->size() == ids.size(),
                   "ReadNodes returned " + std::to_string(read->size()) +
                       " hashes for " + std::to_string(ids.size()) + " ids");
  std::span<const Hash> remaining(*read);
  for (std::size_t count : node_counts) {
    hashes.push_back(FoldRight(remaining.first(count)));
    remaining = remaining.subspan(count);
  }
  return hashes;
}

// PATH(index, D[0:size]) of RFC 6962 §2.1.1 as ranges, leaf sibling first.
std::vector<Range> InclusionRanges(uint64_t index, uint64_t size) {
  std::vector<Range> top_down;
  Range current{0, size};
  while (current.end - current.begin > 1) {
    const uint64_t mid = current.begin + SplitPoint(current.end - current.begin);
    if (index < mid) {
      top_down.push_back({mid, current.end});
      current.end = mid;
    } else {
      top_down.push_back({current.begin, mid});
      current.begin = mid;
    }
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

// SUBPROOF(from, D[0:to], true) of RFC 6962 §2.1.2 as ranges, innermost
// first. Precondition: 0 < from < to.
std::vector<Range> ConsistencyRanges(uint64_t from, uint64_t to) {
  std::vector<Range> top_down;
  Range current{0, to};
  uint64_t old_width = from;  // how much of `current` the old tree covers
  bool is_old_root = true;    // `current` is the whole old tree's ancestor
  while (true) {
    const uint64_t width = current.end - current.begin;
    if (old_width == width) {
      if (!is_old_root) top_down.push_back(current);
      break;
    }
    const uint64_t split = SplitPoint(width);
    const uint64_t mid = current.begin + split;
    if (old_width <= split) {
      top_down.push_back({mid, current.end});
      current.end = mid;
    } else {
      top_down.push_back({current.begin, mid});
      current.begin = mid;
      old_width -= split;
      is_old_root = false;
    }
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

Error Mismatch(std::string message) {
  return {Code::kUnprocessable, "proof", std::move(message)};
}

Status CheckLeafIndex(uint64_t index, uint64_t size) {
  if (index >= size)
    return Error::Invalid("index", "leaf " + std::to_string(index) +
                                       " is not in a tree of size " +
                                       std::to_string(size));
  return Status::Ok();
}

// RFC 9162 defines consistency only for 0 < from <= to; an empty old tree
// proves nothing, so from == 0 is refused rather than trivially accepted.
Status CheckConsistencySizes(uint64_t from, uint64_t to) {
  if (from == 0)
    return Error::Invalid("from", "a consistency proof needs from >= 1");
  if (from > to)
    return Error::Invalid("from", "from " + std::to_string(from) +
                                      " is larger than to " + std::to_string(to));
  return Status::Ok();
}

Status CheckProofLength(std::size_t hashes) {
  if (hashes > kMaxProofHashes)
    return Error::Invalid("proof", "holds " + std::to_string(hashes) +
                                       " hashes, at most " +
                                       std::to_string(kMaxProofHashes) + " allowed");
  return Status::Ok();
}

// Shifts fn and sn right together until fn's lowest bit is set or fn is 0.
void ShiftPastZeros(uint64_t& fn, uint64_t& sn) {
  if (fn == 0) return;
  const int zeros = std::countr_zero(fn);
  fn >>= zeros;
  sn >>= zeros;
}

Result<Hash> ToHash(std::span<const uint8_t> bytes, std::string field) {
  Hash hash;
  if (bytes.size() != hash.size())
    return Error::Invalid(std::move(field), "is " + std::to_string(bytes.size()) +
                                                " bytes long, a hash is 32");
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

Result<std::vector<Hash>> ToHashes(std::span<const Bytes> proof) {
  LEDGER_RETURN_IF_ERROR(CheckProofLength(proof.size()));
  std::vector<Hash> hashes;
  hashes.reserve(proof.size());
  for (std::size_t i = 0; i < proof.size(); ++i) {
    if (proof[i].size() != Hash().size())  // the field name is built only on error
      return ToHash(proof[i], "proof[" + std::to_string(i) + "]").error();
    hashes.push_back(ToHash(proof[i], {}).value());
  }
  return hashes;
}

}  // namespace

Hash LeafHash(std::span<const uint8_t> leaf) {
  return ThreadHasher().Digest({std::span<const uint8_t>(kLeafPrefix), leaf});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return ThreadHasher().Digest({std::span<const uint8_t>(kNodePrefix),
                                std::span<const uint8_t>(left),
                                std::span<const uint8_t>(right)});
}

Hash EmptyRoot() { return ThreadHasher().Digest({}); }

std::vector<NodeId> RootNodes(uint64_t size) {
  std::vector<NodeId> ids;
  AppendRangeNodes({0, size}, ids);
  return ids;
}

// ---- Frontier --------------------------------------------------------------

Result<Frontier> Frontier::Load(uint64_t size, const NodeReader& nodes) {
  Frontier frontier;
  const std::vector<NodeId> ids = RootNodes(size);
  if (!ids.empty()) {
    auto read = nodes.ReadNodes(ids);
    if (!read.ok()) return read.error();
    LEDGER_CHECK(read->size() == ids.size());
    frontier.subtrees_ = std::move(read).value();
  }
  frontier.size_ = size;
  return frontier;
}

Result<Frontier> Frontier::FromSubtrees(uint64_t size, std::vector<Hash> subtrees) {
  if (subtrees.size() != static_cast<std::size_t>(std::popcount(size)))
    return Error::Invalid("frontier", "a tree of " + std::to_string(size) + " leaves has " +
                                          std::to_string(std::popcount(size)) + " complete subtrees, not " +
                                          std::to_string(subtrees.size()));
  Frontier frontier;
  frontier.size_ = size;
  frontier.subtrees_ = std::move(subtrees);
  return frontier;
}

void Frontier::Append(const Hash& leaf_hash,
                      const std::function<void(NodeId, const Hash&)>& on_complete) {
  LEDGER_CHECK(size_ < UINT64_MAX);
  Hash node = leaf_hash;
  NodeId id{0, size_};
  on_complete(id, node);
  // Each set low bit of the old size is a complete subtree on the frontier
  // that the new node now pairs with, carrying like binary addition.
  while ((size_ >> id.level) & 1) {
    LEDGER_CHECK(!subtrees_.empty());
    node = NodeHash(subtrees_.back(), node);
    subtrees_.pop_back();
    id = {static_cast<uint8_t>(id.level + 1), id.index >> 1};
    on_complete(id, node);
  }
  subtrees_.push_back(node);
  ++size_;
  LEDGER_CHECK(subtrees_.size() == static_cast<std::size_t>(std::popcount(size_)));
}

Hash Frontier::Root() const {
  if (subtrees_.empty()) return EmptyRoot();
  return FoldRight(subtrees_);
}

// ---- Roots and proofs from stored nodes ------------------------------------

Result<Hash> RootAt(uint64_t size, const NodeReader& nodes) {
  if (size == 0) return EmptyRoot();
  const Range whole{0, size};
  auto hashes = HashRanges({&whole, 1}, nodes);
  if (!hashes.ok()) return hashes.error();
  return hashes->front();
}

Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const NodeReader& nodes) {
  LEDGER_RETURN_IF_ERROR(CheckLeafIndex(index, size));
  return HashRanges(InclusionRanges(index, size), nodes);
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to,
                                           const NodeReader& nodes) {
  LEDGER_RETURN_IF_ERROR(CheckConsistencySizes(from, to));
  if (from == to) return std::vector<Hash>{};
  return HashRanges(ConsistencyRanges(from, to), nodes);
}

// ---- Verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -------------------------

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root) {
  LEDGER_RETURN_IF_ERROR(CheckLeafIndex(index, size));
  LEDGER_RETURN_IF_ERROR(CheckProofLength(proof.size()));
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Mismatch("proof is longer than the tree is deep");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) ShiftPastZeros(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Mismatch("proof is shorter than the tree is deep");
  if (r != root) return Mismatch("proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t from, uint64_t to, const Hash& root_from,
                         const Hash& root_to, std::span<const Hash> proof) {
  LEDGER_RETURN_IF_ERROR(CheckConsistencySizes(from, to));
  LEDGER_RETURN_IF_ERROR(CheckProofLength(proof.size()));
  if (from == to) {
    if (!proof.empty()) return Mismatch("proof between equal sizes must be empty");
    if (root_from != root_to) return Mismatch("equal sizes with different roots");
    return Status::Ok();
  }
  if (proof.empty()) return Mismatch("proof is empty");
  // A power-of-two old tree is itself a node of the new one; the RFC leaves
  // it out of the proof and the verifier starts from root_from instead.
  const bool starts_at_old_root = std::has_single_bit(from);
  uint64_t fn = from - 1;
  uint64_t sn = to - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = starts_at_old_root ? root_from : proof.front();
  Hash sr = fr;
  for (const Hash& c : proof.subspan(starts_at_old_root ? 0 : 1)) {
    if (sn == 0) return Mismatch("proof is longer than the trees need");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!(fn & 1)) ShiftPastZeros(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Mismatch("proof is shorter than the trees need");
  if (fr != root_from) return Mismatch("proof does not lead to root_from");
  if (sr != root_to) return Mismatch("proof does not lead to root_to");
  return Status::Ok();
}

Status VerifyInclusionRaw(uint64_t index, uint64_t size,
                          std::span<const uint8_t> leaf_hash,
                          std::span<const Bytes> proof,
                          std::span<const uint8_t> root) {
  LEDGER_RETURN_IF_ERROR(CheckLeafIndex(index, size));
  auto leaf = ToHash(leaf_hash, "leaf_hash");
  if (!leaf.ok()) return leaf.error();
  auto root_hash = ToHash(root, "root");
  if (!root_hash.ok()) return root_hash.error();
  auto hashes = ToHashes(proof);
  if (!hashes.ok()) return hashes.error();
  return VerifyInclusion(index, size, *leaf, *hashes, *root_hash);
}

Status VerifyConsistencyRaw(uint64_t from, uint64_t to,
                            std::span<const uint8_t> root_from,
                            std::span<const uint8_t> root_to,
                            std::span<const Bytes> proof) {
  LEDGER_RETURN_IF_ERROR(CheckConsistencySizes(from, to));
  if (from == to) {
    if (!proof.empty()) return Mismatch("proof between equal sizes must be empty");
    if (!std::equal(root_from.begin(), root_from.end(), root_to.begin(), root_to.end()))
      return Mismatch("equal sizes with different roots");
    return Status::Ok();
  }
  auto old_root = ToHash(root_from, "root_from");
  if (!old_root.ok()) return old_root.error();
  auto new_root = ToHash(root_to, "root_to");
  if (!new_root.ok()) return new_root.error();
  auto hashes = ToHashes(proof);
  if (!hashes.ok()) return hashes.error();
  return VerifyConsistency(from, to, *old_root, *new_root, *hashes);
}

}  // namespace ledger
