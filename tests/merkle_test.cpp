// Properties of the Merkle tree: agreement with a reference RFC 6962 §2.1
// implementation written straight from the RFC's recursive definitions,
// proofs that verify for every leaf and every pair of sizes, tampered proofs
// that do not, preconditions as errors, and the cost of a proof.
#include <bit>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/merkle.hpp"

namespace ledger {
namespace {

constexpr uint64_t kMaxPropertySize = 300;   // trees checked exhaustively
constexpr uint64_t kMaxReferenceSize = 128;  // sizes compared with the RFC recursion

// ---- Reference implementation: RFC 6962 §2.1, recursion as written ---------

Hash RefLeaf(std::string_view data) {
  std::string bytes(1, '\x00');
  bytes += data;
  return Sha256(bytes);
}

Hash RefNode(const Hash& left, const Hash& right) {
  std::string bytes(1, '\x01');
  bytes.append(left.begin(), left.end());
  bytes.append(right.begin(), right.end());
  return Sha256(bytes);
}

// k: the largest power of two smaller than n (n > 1).
std::size_t RefSplit(std::size_t n) {
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[n]) over leaf hashes.
Hash RefRoot(std::span<const Hash> leaves) {
  if (leaves.empty()) return Sha256(std::string_view());
  if (leaves.size() == 1) return leaves[0];
  const std::size_t k = RefSplit(leaves.size());
  return RefNode(RefRoot(leaves.first(k)), RefRoot(leaves.subspan(k)));
}

// PATH(m, D[n]).
std::vector<Hash> RefPath(std::size_t m, std::span<const Hash> leaves) {
  if (leaves.size() <= 1) return {};
  const std::size_t k = RefSplit(leaves.size());
  std::vector<Hash> path;
  if (m < k) {
    path = RefPath(m, leaves.first(k));
    path.push_back(RefRoot(leaves.subspan(k)));
  } else {
    path = RefPath(m - k, leaves.subspan(k));
    path.push_back(RefRoot(leaves.first(k)));
  }
  return path;
}

// SUBPROOF(m, D[n], b).
std::vector<Hash> RefSubproof(std::size_t m, std::span<const Hash> leaves, bool b) {
  const std::size_t n = leaves.size();
  if (m == n) {
    if (b) return {};
    return {RefRoot(leaves)};
  }
  const std::size_t k = RefSplit(n);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = RefSubproof(m, leaves.first(k), b);
    proof.push_back(RefRoot(leaves.subspan(k)));
  } else {
    proof = RefSubproof(m - k, leaves.subspan(k), false);
    proof.push_back(RefRoot(leaves.first(k)));
  }
  return proof;
}

// ---- Fixtures ---------------------------------------------------------------

std::vector<Hash> TestLeaves(uint64_t count) {
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < count; ++i) leaves.push_back(RefLeaf("leaf " + std::to_string(i)));
  return leaves;
}

MemoryTree TreeOf(std::span<const Hash> leaves) {
  MemoryTree tree;
  for (const Hash& leaf : leaves) tree.Append(leaf);
  return tree;
}

// Counts calls and ids, to hold proofs to one batched read.
class CountingReader : public NodeReader {
 public:
  explicit CountingReader(const NodeReader& inner) : inner_(inner) {}
  Result<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) const override {
    ++calls;
    ids_read += ids.size();
    return inner_.ReadNodes(ids);
  }
  mutable int calls = 0;
  mutable std::size_t ids_read = 0;

 private:
  const NodeReader& inner_;
};

// The error code, or nullopt for success: a comparison that fails, not a
// crash, when a call unexpectedly succeeds.
template <class R>
std::optional<Code> CodeOf(const R& result) {
  if (result.ok()) return std::nullopt;
  return result.error().code;
}

template <class R>
std::optional<std::string> FieldOf(const R& result) {
  if (result.ok()) return std::nullopt;
  return result.error().field;
}

Hash Flipped(Hash hash, std::size_t byte) {
  hash[byte] ^= 0x01;
  return hash;
}

// ---- Hashing ----------------------------------------------------------------

TEST(MerkleHash, LeafHashIsSha256OfZeroByteAndLeaf) {
  EXPECT_EQ(LeafHash("abc"), RefLeaf("abc"));
  EXPECT_EQ(LeafHash(""), RefLeaf(""));
}

TEST(MerkleHash, NodeHashIsSha256OfOneByteLeftRight) {
  const Hash left = RefLeaf("l");
  const Hash right = RefLeaf("r");
  EXPECT_EQ(NodeHash(left, right), RefNode(left, right));
  EXPECT_NE(NodeHash(left, right), NodeHash(right, left));
}

TEST(MerkleHash, EmptyRootIsSha256OfEmptyString) {
  EXPECT_EQ(HexEncode(EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// ---- Roots and nodes --------------------------------------------------------

TEST(MerkleRoot, RootAtAgreesWithReferenceMthForEverySize) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 0; size <= kMaxPropertySize; ++size) {
    auto root = RootAt(size, tree);
    ASSERT_TRUE(root.ok()) << root.error().ToString();
    ASSERT_EQ(*root, RefRoot(std::span(leaves).first(size))) << "size " << size;
  }
}

TEST(MerkleRoot, RootAtOverBiggerTreeEqualsRootOfTreeWithOnlyThoseLeaves) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree big = TreeOf(leaves);
  MemoryTree growing;
  EXPECT_EQ(growing.Root(), EmptyRoot());
  for (uint64_t size = 1; size <= kMaxPropertySize; ++size) {
    growing.Append(leaves[size - 1]);
    ASSERT_EQ(RootAt(size, big).value(), growing.Root()) << "size " << size;
  }
}

TEST(MerkleRoot, RootNodesAreTheBinaryDecompositionLargestFirst) {
  const std::vector<NodeId> want = {{3, 0}, {1, 4}, {0, 10}};  // 11 = 8 + 2 + 1
  EXPECT_EQ(RootNodes(11), want);
  EXPECT_TRUE(RootNodes(0).empty());
  const std::vector<NodeId> max = RootNodes(UINT64_MAX);
  ASSERT_EQ(max.size(), 64u);
  EXPECT_EQ(max.front(), (NodeId{63, 0}));
  EXPECT_EQ(max.back(), (NodeId{0, UINT64_MAX - 1}));
}

TEST(MerkleFrontier, AppendReportsEveryCompleteNodeOnceWithItsSubtreeHash) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  Frontier frontier;
  std::map<std::pair<int, uint64_t>, Hash> reported;
  for (uint64_t i = 0; i < leaves.size(); ++i) {
    int reports = 0;
    frontier.Append(leaves[i], [&](NodeId id, const Hash& hash) {
      ++reports;
      EXPECT_TRUE(reported.emplace(std::pair(int{id.level}, id.index), hash).second);
    });
    // A leaf completes itself and one node per trailing one bit of i.
    EXPECT_EQ(reports, 1 + std::countr_one(i)) << "leaf " << i;
  }
  for (const auto& [key, hash] : reported) {
    const auto [level, index] = key;
    const uint64_t width = uint64_t{1} << level;
    EXPECT_EQ(hash, RefRoot(std::span(leaves).subspan(index * width, width)))
        << "node (" << level << ", " << index << ")";
  }
  EXPECT_EQ(reported.size(), 2 * kMaxPropertySize - std::popcount(kMaxPropertySize));
}

TEST(MerkleFrontier, LoadReproducesRootAndContinuesAppending) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 0; size <= kMaxPropertySize; size += 7) {
    CountingReader reader(tree);
    auto loaded = Frontier::Load(size, reader);
    ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
    EXPECT_LE(reader.calls, 1);
    EXPECT_EQ(loaded->size(), size);
    EXPECT_EQ(loaded->Root(), RefRoot(std::span(leaves).first(size)));
    for (uint64_t next = size; next < std::min(size + 9, kMaxPropertySize); ++next)
      loaded->Append(leaves[next], [](NodeId, const Hash&) {});
    EXPECT_EQ(loaded->Root(), RefRoot(std::span(leaves).first(loaded->size())));
  }
}

TEST(MerkleFrontier, LoadBeyondStoredNodesIsCorruption) {
  const auto leaves = TestLeaves(5);
  const MemoryTree tree = TreeOf(leaves);
  auto loaded = Frontier::Load(6, tree);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(CodeOf(loaded), Code::kCorruption);
}

// ---- Proofs match the RFC recursion ----------------------------------------

TEST(MerkleProof, InclusionProofIsRfcPathForEveryLeaf) {
  const auto leaves = TestLeaves(kMaxReferenceSize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 1; size <= kMaxReferenceSize; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(index, size, tree);
      ASSERT_TRUE(proof.ok()) << proof.error().ToString();
      ASSERT_EQ(*proof, RefPath(index, std::span(leaves).first(size)))
          << "leaf " << index << " of " << size;
    }
  }
}

TEST(MerkleProof, ConsistencyProofIsRfcSubproofForEveryPair) {
  const auto leaves = TestLeaves(kMaxReferenceSize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t to = 1; to <= kMaxReferenceSize; ++to) {
    for (uint64_t from = 1; from <= to; ++from) {
      auto proof = ConsistencyProof(from, to, tree);
      ASSERT_TRUE(proof.ok()) << proof.error().ToString();
      ASSERT_EQ(*proof, RefSubproof(from, std::span(leaves).first(to), true))
          << from << " -> " << to;
    }
  }
}

// ---- Every proof verifies ---------------------------------------------------

TEST(MerkleProof, EveryInclusionProofVerifiesAgainstRootAt) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 1; size <= kMaxPropertySize; ++size) {
    const Hash root = RootAt(size, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      const auto proof = InclusionProof(index, size, tree).value();
      const Status verdict = VerifyInclusion(index, size, leaves[index], proof, root);
      ASSERT_TRUE(verdict.ok()) << "leaf " << index << " of " << size << ": "
                                << verdict.error().ToString();
    }
  }
}

TEST(MerkleProof, EveryConsistencyProofVerifiesBetweenRootAts) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  std::vector<Hash> roots;
  for (uint64_t size = 0; size <= kMaxPropertySize; ++size)
    roots.push_back(RootAt(size, tree).value());
  for (uint64_t to = 1; to <= kMaxPropertySize; ++to) {
    for (uint64_t from = 1; from <= to; ++from) {
      const auto proof = ConsistencyProof(from, to, tree).value();
      const Status verdict = VerifyConsistency(from, to, roots[from], roots[to], proof);
      ASSERT_TRUE(verdict.ok()) << from << " -> " << to << ": "
                                << verdict.error().ToString();
    }
  }
}

TEST(MerkleProof, ConsistencyProofBetweenEqualSizesIsEmptyAndReadsNothing) {
  const MemoryTree empty;
  CountingReader reader(empty);
  auto proof = ConsistencyProof(7, 7, reader);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(proof->empty());
  EXPECT_EQ(reader.calls, 0);
}

// ---- Tampered proofs fail ---------------------------------------------------

TEST(MerkleTamper, InclusionFailsWithAnyProofByteFlipped) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 2; size <= kMaxPropertySize; size += (size < 40 ? 1 : 13)) {
    const Hash root = RootAt(size, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      const auto proof = InclusionProof(index, size, tree).value();
      for (std::size_t h = 0; h < proof.size(); ++h) {
        // Every byte for small trees; one byte per hash, varied, for the rest.
        for (std::size_t byte = 0; byte < 32; ++byte) {
          if (size >= 40 && byte != (index + h) % 32) continue;
          auto bad = proof;
          bad[h] = Flipped(bad[h], byte);
          const Status verdict = VerifyInclusion(index, size, leaves[index], bad, root);
          ASSERT_FALSE(verdict.ok()) << index << "/" << size << " hash " << h;
          ASSERT_EQ(CodeOf(verdict), Code::kUnprocessable);
        }
      }
    }
  }
}

TEST(MerkleTamper, InclusionFailsWithFlippedLeafOrRoot) {
  const auto leaves = TestLeaves(64);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 1; size <= 64; ++size) {
    const Hash root = RootAt(size, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      const auto proof = InclusionProof(index, size, tree).value();
      const std::size_t byte = (index * 7) % 32;
      EXPECT_EQ(CodeOf(VerifyInclusion(index, size, Flipped(leaves[index], byte), proof, root)),
            Code::kUnprocessable);
      EXPECT_EQ(CodeOf(VerifyInclusion(index, size, leaves[index], proof, Flipped(root, byte))),
            Code::kUnprocessable);
    }
  }
}

TEST(MerkleTamper, InclusionFailsForAnotherLeafIndex) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 2; size <= kMaxPropertySize; ++size) {
    const Hash root = RootAt(size, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      const auto proof = InclusionProof(index, size, tree).value();
      const uint64_t other = (index + 1) % size;
      const Status verdict = VerifyInclusion(other, size, leaves[index], proof, root);
      ASSERT_FALSE(verdict.ok()) << index << " as " << other << " of " << size;
      ASSERT_EQ(CodeOf(verdict), Code::kUnprocessable);
    }
  }
}

TEST(MerkleTamper, InclusionProofDoesNotVerifyInTheNeighbouringSizes) {
  const auto leaves = TestLeaves(kMaxPropertySize + 1);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 2; size <= kMaxPropertySize; ++size) {
    const Hash bigger = RootAt(size + 1, tree).value();
    const Hash smaller = RootAt(size - 1, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      const auto proof = InclusionProof(index, size, tree).value();
      const Status as_bigger = VerifyInclusion(index, size + 1, leaves[index], proof, bigger);
      ASSERT_EQ(CodeOf(as_bigger), Code::kUnprocessable) << index << "/" << size;
      if (index + 1 < size) {
        const Status as_smaller =
            VerifyInclusion(index, size - 1, leaves[index], proof, smaller);
        ASSERT_EQ(CodeOf(as_smaller), Code::kUnprocessable) << index << "/" << size;
      }
    }
  }
}

TEST(MerkleTamper, InclusionFailsWithTruncatedOrExtendedProof) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t size = 1; size <= kMaxPropertySize; ++size) {
    const Hash root = RootAt(size, tree).value();
    for (uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(index, size, tree).value();
      auto extended = proof;
      extended.push_back(root);
      ASSERT_EQ(CodeOf(VerifyInclusion(index, size, leaves[index], extended, root)),
                Code::kUnprocessable);
      if (proof.empty()) continue;
      proof.pop_back();
      ASSERT_EQ(CodeOf(VerifyInclusion(index, size, leaves[index], proof, root)),
                Code::kUnprocessable);
    }
  }
}

TEST(MerkleTamper, ConsistencyFailsWithAnyProofByteFlipped) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t to = 2; to <= kMaxPropertySize; to += (to < 40 ? 1 : 11)) {
    const Hash root_to = RootAt(to, tree).value();
    for (uint64_t from = 1; from < to; ++from) {
      const Hash root_from = RootAt(from, tree).value();
      const auto proof = ConsistencyProof(from, to, tree).value();
      for (std::size_t h = 0; h < proof.size(); ++h) {
        for (std::size_t byte = 0; byte < 32; ++byte) {
          if (to >= 40 && byte != (from + h) % 32) continue;
          auto bad = proof;
          bad[h] = Flipped(bad[h], byte);
          const Status verdict = VerifyConsistency(from, to, root_from, root_to, bad);
          ASSERT_FALSE(verdict.ok()) << from << " -> " << to << " hash " << h;
          ASSERT_EQ(CodeOf(verdict), Code::kUnprocessable);
        }
      }
    }
  }
}

TEST(MerkleTamper, ConsistencyFailsWithFlippedOrSwappedRoots) {
  const auto leaves = TestLeaves(64);
  const MemoryTree tree = TreeOf(leaves);
  for (uint64_t to = 2; to <= 64; ++to) {
    const Hash root_to = RootAt(to, tree).value();
    for (uint64_t from = 1; from < to; ++from) {
      const Hash root_from = RootAt(from, tree).value();
      const auto proof = ConsistencyProof(from, to, tree).value();
      const std::size_t byte = (from * 5) % 32;
      EXPECT_EQ(CodeOf(VerifyConsistency(from, to, Flipped(root_from, byte), root_to, proof)),
            Code::kUnprocessable) << from << " -> " << to;
      EXPECT_EQ(CodeOf(VerifyConsistency(from, to, root_from, Flipped(root_to, byte), proof)),
            Code::kUnprocessable) << from << " -> " << to;
      EXPECT_EQ(CodeOf(VerifyConsistency(from, to, root_to, root_from, proof)),
                Code::kUnprocessable) << from << " -> " << to;
    }
  }
}

TEST(MerkleTamper, ConsistencyProofDoesNotVerifyForNeighbouringSizes) {
  const auto leaves = TestLeaves(kMaxPropertySize + 1);
  const MemoryTree tree = TreeOf(leaves);
  std::vector<Hash> roots;
  for (uint64_t size = 0; size <= kMaxPropertySize + 1; ++size)
    roots.push_back(RootAt(size, tree).value());
  for (uint64_t to = 2; to <= kMaxPropertySize; ++to) {
    for (uint64_t from = 1; from < to; ++from) {
      const auto proof = ConsistencyProof(from, to, tree).value();
      // Claimed with the other size's true roots, so only the proof is wrong.
      auto claim = [&](uint64_t f, uint64_t t) {
        return VerifyConsistency(f, t, roots[f], roots[t], proof);
      };
      ASSERT_EQ(CodeOf(claim(from, to + 1)), Code::kUnprocessable) << from << "->" << to;
      if (from > 1) {
        ASSERT_EQ(CodeOf(claim(from - 1, to)), Code::kUnprocessable) << from << "->" << to;
      }
      if (from + 1 < to) {
        ASSERT_EQ(CodeOf(claim(from + 1, to)), Code::kUnprocessable) << from << "->" << to;
      }
    }
  }
}

TEST(MerkleTamper, ConsistencyFailsWithTruncatedOrExtendedProof) {
  const auto leaves = TestLeaves(kMaxPropertySize);
  const MemoryTree tree = TreeOf(leaves);
  std::vector<Hash> roots;
  for (uint64_t size = 0; size <= kMaxPropertySize; ++size)
    roots.push_back(RootAt(size, tree).value());
  for (uint64_t to = 1; to <= kMaxPropertySize; ++to) {
    for (uint64_t from = 1; from <= to; ++from) {
      auto proof = ConsistencyProof(from, to, tree).value();
      auto extended = proof;
      extended.push_back(roots[to]);
      ASSERT_EQ(CodeOf(VerifyConsistency(from, to, roots[from], roots[to], extended)),
                Code::kUnprocessable) << from << " -> " << to;
      if (proof.empty()) continue;
      proof.pop_back();
      ASSERT_EQ(CodeOf(VerifyConsistency(from, to, roots[from], roots[to], proof)),
                Code::kUnprocessable) << from << " -> " << to;
    }
  }
}

// ---- Preconditions are errors, not crashes ---------------------------------

TEST(MerklePreconditions, InclusionProofForLeafOutsideTreeIsInvalidArgument) {
  const MemoryTree tree = TreeOf(TestLeaves(4));
  auto past_end = InclusionProof(4, 4, tree);
  ASSERT_FALSE(past_end.ok());
  EXPECT_EQ(CodeOf(past_end), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(past_end), "index");
  EXPECT_EQ(CodeOf(InclusionProof(0, 0, tree)), Code::kInvalidArgument);
  EXPECT_EQ(CodeOf(InclusionProof(UINT64_MAX, 4, tree)), Code::kInvalidArgument);
}

TEST(MerklePreconditions, ConsistencyFromZeroOrBackwardsIsInvalidArgument) {
  const MemoryTree tree = TreeOf(TestLeaves(4));
  auto from_zero = ConsistencyProof(0, 3, tree);
  ASSERT_FALSE(from_zero.ok());
  EXPECT_EQ(CodeOf(from_zero), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(from_zero), "from");
  EXPECT_EQ(CodeOf(ConsistencyProof(0, 0, tree)), Code::kInvalidArgument);
  auto backwards = ConsistencyProof(4, 3, tree);
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(CodeOf(backwards), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(backwards), "from");
}

TEST(MerklePreconditions, ProofsBeyondStoredTreeAreCorruption) {
  const MemoryTree tree = TreeOf(TestLeaves(4));
  EXPECT_EQ(CodeOf(RootAt(5, tree)), Code::kCorruption);
  EXPECT_EQ(CodeOf(InclusionProof(0, 5, tree)), Code::kCorruption);
  EXPECT_EQ(CodeOf(ConsistencyProof(2, 5, tree)), Code::kCorruption);
}

TEST(MerklePreconditions, VerifyInclusionRefusesImpossibleIndexOrSize) {
  const Hash leaf = RefLeaf("x");
  EXPECT_EQ(CodeOf(VerifyInclusion(0, 0, leaf, {}, leaf)), Code::kInvalidArgument);
  auto past_end = VerifyInclusion(1, 1, leaf, {}, leaf);
  EXPECT_EQ(CodeOf(past_end), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(past_end), "index");
  EXPECT_EQ(CodeOf(VerifyInclusion(UINT64_MAX, 1, leaf, {}, leaf)),
            Code::kInvalidArgument);
}

TEST(MerklePreconditions, VerifyConsistencyRefusesFromZeroOrBackwards) {
  const Hash root = EmptyRoot();
  EXPECT_EQ(CodeOf(VerifyConsistency(0, 0, root, root, {})), Code::kInvalidArgument);
  EXPECT_EQ(CodeOf(VerifyConsistency(0, 1, root, root, {})), Code::kInvalidArgument);
  EXPECT_EQ(CodeOf(VerifyConsistency(2, 1, root, root, {})), Code::kInvalidArgument);
}

TEST(MerklePreconditions, VerifyConsistencyEqualSizesNeedEmptyProofAndEqualRoots) {
  const Hash a = RefLeaf("a");
  const Hash b = RefLeaf("b");
  EXPECT_TRUE(VerifyConsistency(5, 5, a, a, {}).ok());
  EXPECT_EQ(CodeOf(VerifyConsistency(5, 5, a, b, {})), Code::kUnprocessable);
  const std::vector<Hash> one = {a};
  EXPECT_EQ(CodeOf(VerifyConsistency(5, 5, a, a, one)), Code::kUnprocessable);
}

TEST(MerklePreconditions, VerifyConsistencyEmptyProofBetweenDifferentSizesFails) {
  const Hash a = RefLeaf("a");
  for (uint64_t from : {1, 2, 3, 5, 6, 7}) {
    const Status verdict = VerifyConsistency(from, from + 1, a, a, {});
    EXPECT_EQ(CodeOf(verdict), Code::kUnprocessable) << from;
    EXPECT_EQ(FieldOf(verdict), "proof") << from;
  }
}

// ---- Verifiers over hashes of unchecked length -----------------------------

std::vector<Bytes> AsBytesList(std::span<const Hash> hashes) {
  std::vector<Bytes> list;
  for (const Hash& hash : hashes) list.emplace_back(hash.begin(), hash.end());
  return list;
}

TEST(MerkleRawVerify, AcceptsValidProofsAsBytes) {
  const auto leaves = TestLeaves(13);
  const MemoryTree tree = TreeOf(leaves);
  const Hash root = tree.Root();
  const Hash root_5 = RootAt(5, tree).value();
  const auto inclusion = AsBytesList(InclusionProof(9, 13, tree).value());
  EXPECT_TRUE(VerifyInclusionRaw(9, 13, leaves[9], inclusion, root).ok());
  const auto consistency = AsBytesList(ConsistencyProof(5, 13, tree).value());
  EXPECT_TRUE(VerifyConsistencyRaw(5, 13, root_5, root, consistency).ok());
}

TEST(MerkleRawVerify, HashOfWrongLengthIsInvalidArgumentNamingIt) {
  const auto leaves = TestLeaves(13);
  const MemoryTree tree = TreeOf(leaves);
  const Hash root = tree.Root();
  auto proof = AsBytesList(InclusionProof(9, 13, tree).value());
  const Bytes short_root(root.begin(), root.end() - 1);
  EXPECT_EQ(FieldOf(VerifyInclusionRaw(9, 13, leaves[9], proof, short_root)), "root");
  EXPECT_EQ(FieldOf(VerifyInclusionRaw(9, 13, Bytes{}, proof, root)), "leaf_hash");
  proof[1].push_back(0);
  const Status long_hash = VerifyInclusionRaw(9, 13, leaves[9], proof, root);
  EXPECT_EQ(CodeOf(long_hash), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(long_hash), "proof[1]");
  const Status short_old_root = VerifyConsistencyRaw(5, 13, short_root, root, {});
  EXPECT_EQ(CodeOf(short_old_root), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(short_old_root), "root_from");
}

TEST(MerkleRawVerify, EqualSizesCompareRootsByteForByteWhateverTheirLength) {
  const Bytes placeholder = {'d', 'o', 'n', '\'', 't'};
  const Bytes other = {'c', 'a', 'r', 'e'};
  EXPECT_TRUE(VerifyConsistencyRaw(4, 4, placeholder, placeholder, {}).ok());
  EXPECT_EQ(CodeOf(VerifyConsistencyRaw(4, 4, placeholder, other, {})),
            Code::kUnprocessable);
  EXPECT_EQ(CodeOf(VerifyConsistencyRaw(0, 0, placeholder, placeholder, {})),
            Code::kInvalidArgument);
}

// ---- Limits and extreme sizes -----------------------------------------------

// Leaf 0 is always a left child, so its root is the leaf folded with the
// proof from the left: a path of any depth can be built without a tree.
Hash RootOfLeafZero(Hash leaf, std::span<const Hash> proof) {
  for (const Hash& sibling : proof) leaf = RefNode(leaf, sibling);
  return leaf;
}

TEST(MerkleLimits, DeepestInclusionProofVerifiesForLargestTree) {
  const Hash leaf = RefLeaf("first");
  const std::vector<Hash> proof = TestLeaves(64);  // depth of a 2^64 - 1 tree
  const Hash root = RootOfLeafZero(leaf, proof);
  EXPECT_TRUE(VerifyInclusion(0, UINT64_MAX, leaf, proof, root).ok());
  const std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
  EXPECT_EQ(CodeOf(VerifyInclusion(0, UINT64_MAX, leaf, shorter, RootOfLeafZero(leaf, shorter))),
            Code::kUnprocessable);
}

TEST(MerkleLimits, ProofOfMaxHashesIsCheckedAndOneMoreIsRefused) {
  const Hash leaf = RefLeaf("first");
  const std::vector<Hash> at_limit = TestLeaves(kMaxProofHashes);
  const Status checked = VerifyInclusion(0, UINT64_MAX, leaf, at_limit, leaf);
  EXPECT_EQ(CodeOf(checked), Code::kUnprocessable);  // too deep, but examined
  const std::vector<Hash> over_limit = TestLeaves(kMaxProofHashes + 1);
  const Status refused = VerifyInclusion(0, UINT64_MAX, leaf, over_limit, leaf);
  EXPECT_EQ(CodeOf(refused), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(refused), "proof");
  const Status refused_consistency =
      VerifyConsistency(1, UINT64_MAX, leaf, leaf, over_limit);
  EXPECT_EQ(CodeOf(refused_consistency), Code::kInvalidArgument);
  EXPECT_EQ(FieldOf(refused_consistency), "proof");
}

TEST(MerkleLimits, ConsistencyFromHalfOfLargestTreeVerifies) {
  // SUBPROOF(2^63, D[2^64 - 1], true) is the single hash of the right half.
  const Hash left_half = RefLeaf("left");
  const Hash right_part = RefLeaf("right");
  const std::vector<Hash> proof = {right_part};
  const Hash root_to = RefNode(left_half, right_part);
  EXPECT_TRUE(VerifyConsistency(uint64_t{1} << 63, UINT64_MAX, left_half, root_to, proof).ok());
  EXPECT_EQ(CodeOf(VerifyConsistency(uint64_t{1} << 63, UINT64_MAX, right_part, root_to, proof)),
            Code::kUnprocessable);
}

// ---- Cost -------------------------------------------------------------------

TEST(MerkleCost, EachProofAndRootIsOneBatchedRead) {
  const MemoryTree tree = TreeOf(TestLeaves(kMaxPropertySize));
  for (uint64_t to = 2; to <= kMaxPropertySize; to += 3) {
    CountingReader reader(tree);
    ASSERT_TRUE(RootAt(to, reader).ok());
    ASSERT_TRUE(InclusionProof(to / 3, to, reader).ok());
    ASSERT_TRUE(ConsistencyProof(to / 2, to, reader).ok());
    EXPECT_EQ(reader.calls, 3) << "size " << to;
    // Each of the three needs O(log n) nodes: at most two per level.
    EXPECT_LE(reader.ids_read, 3u * 2 * std::bit_width(to)) << "size " << to;
  }
}

}  // namespace
}  // namespace ledger
