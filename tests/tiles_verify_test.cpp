// The tiles checked by an independent verifier (tests/tiles/verify_tiles.mjs,
// plain Node.js with no welfare-ledger code): as the real ledgerd serves
// them, as the real `ledgerctl tiles` writes them, and refused once a
// static file is tampered with. The ledger holds more than 65,536 events,
// so a full level-1 tile is verified too.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/tiles.hpp"
#include "ledger_fixture.hpp"
#include "ledgerd_process.hpp"
#include "raw_http_client.hpp"
#include "submit_util.hpp"

namespace ledger::testing {
namespace {

namespace fs = std::filesystem;

// Genesis and 66,000 rate settings: 257 full level-0 tiles, one full
// level-1 tile and partial tiles at levels 0, 1 and 2.
constexpr int kEvents = 66'000;
constexpr int kBatchEvents = 1000;

using NodeRun = ToolRun;

// `script` under node (found on PATH), to completion.
NodeRun Node(const TempDir& scratch, const std::string& script, std::vector<std::string> args) {
  args.insert(args.begin(), {"/usr/bin/env", "node", script});
  return RunCommand(scratch, std::move(args));
}

NodeRun Verify(const TempDir& scratch, std::vector<std::string> args) {
  return Node(scratch, LEDGER_TILES_VERIFIER, std::move(args));
}

class TilesVerifier : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fixture_ = new LedgerFixture();
    auto ledger = fixture_->OpenLedger();
    ASSERT_NE(ledger, nullptr);
    for (int first = 0; first < kEvents; first += kBatchEvents) {
      std::vector<Json> events;
      for (int n = first; n < first + kBatchEvents; ++n)
        events.push_back(BatchEvent("lottery.rate_set", "rate-" + std::to_string(n), RateBody(n)));
      auto posted = ledger->Submit(Batch("civil-affairs", std::move(events), fixture_->regulator()));
      ASSERT_TRUE(posted.ok()) << posted.error().ToString();
    }
    ASSERT_TRUE(ledger->log().MakeCheckpoint().ok());
    ASSERT_GT(ledger->log().size(), 65'536u);
    key_ = new std::string(ledger->log().verifier_key());
    ledger.reset();
    static_dir_ = new std::string(fixture_->data_dir() + "-static");
    ToolRun run = RunTool(scratch_root(), "cli/ledgerctl",
                          {"tiles", "--data", fixture_->data_dir(), "--out", *static_dir_});
    ASSERT_EQ(run.code, 0) << run.err;
  }
  static void TearDownTestSuite() {
    delete fixture_;  // its directory holds the static tree too
    delete key_;
    delete static_dir_;
  }
  static const TempDir& scratch_root() {
    static TempDir dir;
    return dir;
  }

  std::string Data() const { return fixture_->data_dir(); }

  // A copy of the static tree that a test may tamper with.
  std::string StaticCopy(const std::string& name) {
    const std::string out = scratch_.Sub(name);
    fs::copy(*static_dir_, out, fs::copy_options::recursive);
    return out;
  }

  static void FlipByte(const std::string& path, std::size_t at) {
    ASSERT_TRUE(fs::exists(path)) << path;
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(at));
    const char c = static_cast<char>(file.get());
    file.seekp(static_cast<std::streamoff>(at));
    file.put(static_cast<char>(c ^ 0x01));
  }

  static LedgerFixture* fixture_;
  static std::string* key_;
  static std::string* static_dir_;  // written once by the real ledgerctl
  TempDir scratch_;
};
LedgerFixture* TilesVerifier::fixture_ = nullptr;
std::string* TilesVerifier::key_ = nullptr;
std::string* TilesVerifier::static_dir_ = nullptr;

TEST_F(TilesVerifier, AcceptsTheTreeLedgerdServesAndItsInclusionProof) {
  LedgerdProcess ledgerd(Data());
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  EXPECT_EQ(Get(ledgerd.port(), "/v1/log/key").body, *key_ + "\n");
  NodeRun run = Verify(scratch_, {"--key", *key_, "--url",
                                  "http://127.0.0.1:" + std::to_string(ledgerd.port())});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("verified: size"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("3 levels"), std::string::npos) << run.out;
}

// The portal's proof check from tiles (api/portal/tile_proof.js) computes
// the audit paths /v1/proof/inclusion gives, over the real ledgerd.
TEST_F(TilesVerifier, ThePortalsPathFromTilesIsTheApis) {
  LedgerdProcess ledgerd(Data());
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  NodeRun run = Node(scratch_, LEDGER_PORTAL_TILE_TEST,
                     {"--url", "http://127.0.0.1:" + std::to_string(ledgerd.port())});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find(", 0 failed"), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find("FAIL"), std::string::npos) << run.err;
}

TEST_F(TilesVerifier, AcceptsTheStaticTreeLedgerctlWritesBesideARunningLedgerd) {
  LedgerdProcess ledgerd(Data());
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  const std::string out = scratch_.Sub("static");
  ToolRun written = RunTool(scratch_, "cli/ledgerctl", {"tiles", "--data", Data(), "--out", out});
  ASSERT_EQ(written.code, 0) << written.err;
  ASSERT_TRUE(fs::exists(out + "/tile/1/000"));
  NodeRun run = Verify(scratch_, {"--key", *key_, "--dir", out});
  EXPECT_EQ(run.code, 0) << run.err;
}

TEST_F(TilesVerifier, RefusesAStaticTreeWithAFlippedByteInATileOrABundle) {
  const std::string level0 = StaticCopy("level0");
  FlipByte(level0 + "/tile/0/100", 100);
  NodeRun run = Verify(scratch_, {"--key", *key_, "--dir", level0});
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.err.find("mismatch: tile/entries/100: entry 3 (seq 25603) does not hash"),
            std::string::npos) << run.err;

  const std::string level1 = StaticCopy("level1");
  FlipByte(level1 + "/tile/1/000", kTileHashBytes * 7);
  run = Verify(scratch_, {"--key", *key_, "--dir", level1});
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.err.find("mismatch: tile/1/000: hash 7 is not the MTH"), std::string::npos) << run.err;

  const std::string bundle = StaticCopy("bundle");
  FlipByte(bundle + "/tile/entries/005", 40);
  run = Verify(scratch_, {"--key", *key_, "--dir", bundle});
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.err.find("mismatch: tile/entries/005"), std::string::npos) << run.err;

  // Untouched, the same tree verifies: the refusals were the flipped bytes'.
  run = Verify(scratch_, {"--key", *key_, "--dir", *static_dir_});
  EXPECT_EQ(run.code, 0) << run.err;
}

TEST_F(TilesVerifier, RefusesACheckpointUnderAnotherKey) {
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  const std::string origin = key_->substr(0, key_->find('+'));
  NodeRun run = Verify(scratch_, {"--key", VerifierKeyString(origin, other->public_key()), "--dir", *static_dir_});
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.err.find("no signature by the verifier key"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ledger::testing
