// The Merkle tree against public data: the RFC 6962 reference tree of
// transparency-dev/merkle (every node and every root) and every inclusion
// and consistency proof case of its test data, each its own test case.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ledger/merkle.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Rfc6962Dir() { return testing::VectorsDir() + "/rfc6962"; }

json ReadJson(const std::string& path) {
  return json::parse(testing::ReadText(path));
}

Hash HexHash(const std::string& hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  Hash hash{};
  if (bytes.ok() && bytes->size() == hash.size())
    std::copy(bytes->begin(), bytes->end(), hash.begin());
  else
    ADD_FAILURE() << "not a 32-byte hex hash: " << hex;
  return hash;
}

Bytes B64(const json& value) {
  auto bytes = Base64Decode(value.get<std::string>());
  EXPECT_TRUE(bytes.ok()) << value;
  return bytes.ok() ? *bytes : Bytes{};
}

// A null proof in the data means an empty one.
std::vector<Bytes> B64List(const json& values) {
  std::vector<Bytes> list;
  if (values.is_null()) return list;
  for (const json& value : values) list.push_back(B64(value));
  return list;
}

// ---- The reference tree -----------------------------------------------------

class ReferenceTree : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = ReadJson(Rfc6962Dir() + "/tree.json");
    for (const json& input : data_["leaf_inputs"]) {
      auto leaf = HexDecode(input.get<std::string>());
      ASSERT_TRUE(leaf.ok());
      leaf_hashes_.push_back(LeafHash(*leaf));
      tree_.Append(leaf_hashes_.back());
    }
    ASSERT_EQ(leaf_hashes_.size(), 8u);
  }
  json data_;
  std::vector<Hash> leaf_hashes_;
  MemoryTree tree_;
};

TEST_F(ReferenceTree, LeafHashesMatchLevelZero) {
  const json& level0 = data_["node_hashes_by_level"][0];
  ASSERT_EQ(level0.size(), leaf_hashes_.size());
  for (std::size_t i = 0; i < level0.size(); ++i)
    EXPECT_EQ(leaf_hashes_[i], HexHash(level0[i])) << "leaf " << i;
}

TEST_F(ReferenceTree, EveryStoredNodeMatches) {
  const json& levels = data_["node_hashes_by_level"];
  std::vector<NodeId> ids;
  std::vector<Hash> want;
  for (std::size_t level = 0; level < levels.size(); ++level) {
    for (std::size_t index = 0; index < levels[level].size(); ++index) {
      ids.push_back({static_cast<uint8_t>(level), index});
      want.push_back(HexHash(levels[level][index]));
    }
  }
  ASSERT_EQ(ids.size(), 15u);  // 8 + 4 + 2 + 1
  auto got = tree_.ReadNodes(ids);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, want);
}

TEST_F(ReferenceTree, RootForEverySizeMatches) {
  const json& roots = data_["roots_by_size"];
  ASSERT_EQ(roots.size(), 9u);
  EXPECT_EQ(EmptyRoot(), HexHash(roots[0]));
  MemoryTree growing;
  for (std::size_t size = 0; size < roots.size(); ++size) {
    if (size > 0) growing.Append(leaf_hashes_[size - 1]);
    EXPECT_EQ(RootAt(size, tree_).value(), HexHash(roots[size])) << "size " << size;
    EXPECT_EQ(growing.Root(), HexHash(roots[size])) << "size " << size;
  }
}

// The base cases of the proof data are proofs in this same tree: ours must
// be byte for byte the same hashes in the same order.
TEST_F(ReferenceTree, HappyPathProofsAreReproducedExactly) {
  int compared = 0;
  for (const char* kind : {"inclusion", "consistency"}) {
    for (int base = 0; base <= 4; ++base) {
      const std::string path =
          Rfc6962Dir() + "/" + kind + "/" + std::to_string(base) + "/happy-path.json";
      const json c = ReadJson(path);
      const auto want = B64List(c["proof"]);
      auto proof = std::string(kind) == "inclusion"
                       ? InclusionProof(c["leafIdx"].get<uint64_t>(),
                                        c["treeSize"].get<uint64_t>(), tree_)
                       : ConsistencyProof(c["size1"].get<uint64_t>(),
                                          c["size2"].get<uint64_t>(), tree_);
      ASSERT_TRUE(proof.ok()) << path << ": " << proof.error().ToString();
      std::vector<Bytes> got;
      for (const Hash& hash : *proof) got.emplace_back(hash.begin(), hash.end());
      EXPECT_EQ(got, want) << path;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 10);
}

// ---- Every proof case of the data, one test each ---------------------------

std::vector<std::string> CaseFiles(const std::string& kind) {
  std::vector<std::string> files;
  std::error_code missing;  // runs at registration: no throw, the guard test fails
  for (const auto& entry :
       fs::recursive_directory_iterator(Rfc6962Dir() + "/" + kind, missing))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(fs::relative(entry.path(), Rfc6962Dir()).string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - std::string(".json").size());
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class InclusionCase : public ::testing::TestWithParam<std::string> {};
class ConsistencyCase : public ::testing::TestWithParam<std::string> {};

TEST_P(InclusionCase, VerdictMatchesWantErr) {
  const json c = ReadJson(Rfc6962Dir() + "/" + GetParam());
  const auto proof = B64List(c["proof"]);
  const Status verdict =
      VerifyInclusionRaw(c["leafIdx"].get<uint64_t>(), c["treeSize"].get<uint64_t>(),
                         B64(c["leafHash"]), proof, B64(c["root"]));
  const bool want_err = c["wantErr"].get<bool>();
  EXPECT_EQ(!verdict.ok(), want_err)
      << c["desc"] << (verdict.ok() ? "" : ": " + verdict.error().ToString());
}

TEST_P(ConsistencyCase, VerdictMatchesWantErr) {
  const json c = ReadJson(Rfc6962Dir() + "/" + GetParam());
  const auto proof = B64List(c["proof"]);
  const Status verdict =
      VerifyConsistencyRaw(c["size1"].get<uint64_t>(), c["size2"].get<uint64_t>(),
                           B64(c["root1"]), B64(c["root2"]), proof);
  const bool want_err = c["wantErr"].get<bool>();
  EXPECT_EQ(!verdict.ok(), want_err)
      << c["desc"] << (verdict.ok() ? "" : ": " + verdict.error().ToString());
}

INSTANTIATE_TEST_SUITE_P(Rfc6962, InclusionCase,
                         ::testing::ValuesIn(CaseFiles("inclusion")), CaseName);
INSTANTIATE_TEST_SUITE_P(Rfc6962, ConsistencyCase,
                         ::testing::ValuesIn(CaseFiles("consistency")), CaseName);

// Guards against a moved data folder silently instantiating nothing.
TEST(ProofVectors, AllCaseFilesArePresent) {
  EXPECT_EQ(CaseFiles("inclusion").size(), 98u);
  EXPECT_EQ(CaseFiles("consistency").size(), 98u);
}

}  // namespace
}  // namespace ledger
