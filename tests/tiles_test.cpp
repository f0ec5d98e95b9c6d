// The log as C2SP tlog-tiles: ledgerd's /checkpoint and /tile/... over a
// real server, and `ledgerctl tiles` (the real binary) writing the same
// tree as static files beside it. Expected hashes come from the stored
// events, hashed here by RFC 6962's definition.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/store.hpp"
#include "ledger/tiles.hpp"
#include "ledgerd_process.hpp"
#include "routes/tile_routes.hpp"
#include "tiles_util.hpp"

namespace ledger::api {
namespace {

namespace fs = std::filesystem;
using testing::Concat;
using testing::Mth;

// 6 events of the fixture and 600 more: two full level-0 tiles, a partial
// one of 94, and a partial level-1 tile of 2.
constexpr int kMoreEvents = 600;
constexpr int kBatchEvents = 200;

class TilesTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    AddRates(100, kMoreEvents);
    ASSERT_TRUE(log_->MakeCheckpoint().ok());
    StartServer();
  }

  void AddRates(int first, int count) {
    for (int start = first; start < first + count; start += kBatchEvents) {
      std::vector<Json> events;
      for (int n = start; n < std::min(start + kBatchEvents, first + count); ++n)
        events.push_back(BatchEvent("lottery.rate_set", "rate-" + std::to_string(n), RateBody(n)));
      auto posted = ledger_->Submit(Batch("reg", std::move(events), *regulator_));
      ASSERT_TRUE(posted.ok()) << posted.error().ToString();
    }
  }

  // Leaf hashes of events [from, to), hashed here from the stored bytes.
  std::vector<Hash> Leaves(uint64_t from, uint64_t to) {
    std::vector<Hash> leaves;
    for (uint64_t seq = from; seq < to; ++seq) leaves.push_back(LeafHash(*log_->ReadEvent(seq)));
    return leaves;
  }

  Reply Fetch(const std::string& path) { return Get(port_, path); }

  void ExpectProblem(const std::string& path, int status, const std::string& field) {
    Reply reply = Fetch(path);
    EXPECT_EQ(reply.status, status) << path << ": " << reply.body;
    if (reply.status == status) {
      EXPECT_EQ(reply.JsonBody()["errors"][0]["field"], field) << path << ": " << reply.body;
    }
    EXPECT_EQ(reply.Header("cache-control"), "no-store") << path;
  }

  static std::string HeaderOf(const Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return {};
  }

  testing::ToolRun Tiles(const std::string& out) {
    return testing::RunTool(tmp_, "cli/ledgerctl", {"tiles", "--data", dir_, "--out", out});
  }

  // Every file of `out` is what ledgerd serves at its path, byte for byte.
  void ExpectServedAsStored(const std::string& out) {
    const std::vector<std::string> files = testing::FilesUnder(out);
    ASSERT_FALSE(files.empty());
    for (const std::string& file : files) {
      Reply reply = Fetch("/" + file);
      EXPECT_EQ(reply.status, 200) << file << ": " << reply.body;
      EXPECT_TRUE(reply.body == testing::ReadText(out + "/" + file)) << file << " differs";
    }
  }
};

TEST_F(TilesTest, AFullTileIsServedImmutable) {
  ASSERT_EQ(log_->size(), kTreeSize + kMoreEvents);
  Reply tile = Fetch("/tile/0/001");
  ASSERT_EQ(tile.status, 200) << tile.body;
  EXPECT_EQ(tile.Header("content-type"), "application/octet-stream");
  EXPECT_EQ(tile.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(tile.body.size(), kFullTileBytes);
  EXPECT_TRUE(tile.body == Concat(Leaves(256, 512)));
  std::vector<Hash> stored;
  for (uint64_t seq = 256; seq < 512; ++seq) stored.push_back(*log_->LeafHashAt(seq));
  EXPECT_TRUE(tile.body == Concat(stored));
}

TEST_F(TilesTest, APartialTileIsServedAtEveryWidthTheLogHolds) {
  const uint64_t size = log_->size();
  const uint16_t width = static_cast<uint16_t>(size - 512);
  Reply partial = Fetch("/tile/0/002.p/" + std::to_string(width));
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.Header("cache-control"), "public, max-age=86400, immutable");
  EXPECT_TRUE(partial.body == Concat(Leaves(512, size)));
  Reply narrower = Fetch("/tile/0/002.p/1");
  ASSERT_EQ(narrower.status, 200);
  EXPECT_TRUE(narrower.body == partial.body.substr(0, kTileHashBytes));
  // A full tile's first hashes, as a tree of a smaller size saw them.
  Reply prefix = Fetch("/tile/0/000.p/5");
  ASSERT_EQ(prefix.status, 200);
  EXPECT_TRUE(prefix.body == Concat(Leaves(0, 5)));
  // Level 1: the MTH of each full level-0 tile.
  Reply level1 = Fetch("/tile/1/000.p/2");
  ASSERT_EQ(level1.status, 200) << level1.body;
  const std::vector<Hash> leaves = Leaves(0, 512);
  EXPECT_TRUE(level1.body == Concat({Mth(std::span(leaves).first(256)), Mth(std::span(leaves).subspan(256))}));
}

// As a static server: HEAD is routed (the session sends the GET's headers
// without the body); other methods are 405.
TEST_F(TilesTest, HeadIsAnsweredAndPostIsNot) {
  Response head = Call("/tile/0/000", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_type, "application/octet-stream");
  EXPECT_EQ(Call("/checkpoint", "HEAD").status, 200);
  Response post = Call("/tile/0/000", "POST");
  EXPECT_EQ(post.status, 405);
}

TEST_F(TilesTest, TilesBeyondTheLogAre404) {
  const uint16_t width = static_cast<uint16_t>(log_->size() - 512);
  ExpectProblem("/tile/0/002.p/" + std::to_string(width + 1), 404, "width");
  ExpectProblem("/tile/0/002", 404, "index");
  ExpectProblem("/tile/0/003", 404, "index");
  ExpectProblem("/tile/1/000", 404, "index");
  ExpectProblem("/tile/1/000.p/3", 404, "width");
  ExpectProblem("/tile/2/000.p/1", 404, "index");
  ExpectProblem("/tile/8/000.p/1", 404, "index");
  ExpectProblem("/tile/entries/003.p/1", 404, "index");
}

TEST_F(TilesTest, MalformedPathsAre400NamingTheSegment) {
  ExpectProblem("/tile/00/000", 400, "level");
  ExpectProblem("/tile/64/000", 400, "level");
  ExpectProblem("/tile/0/0001", 400, "index");
  ExpectProblem("/tile/0/001/000", 400, "index");
  ExpectProblem("/tile/0/x000/001", 400, "index");
  ExpectProblem("/tile/0/x018/x446/x744/x073/x709/x551/616", 400, "index");
  ExpectProblem("/tile/0/000.p/0", 400, "width");
  ExpectProblem("/tile/0/000.p/256", 400, "width");
  ExpectProblem("/tile/entries/000.p/01", 400, "width");
}

TEST_F(TilesTest, EntryBundlesHoldTheEventsLengthPrefixed) {
  const uint64_t size = log_->size();
  for (const auto& [path, first, end] :
       {std::tuple<std::string, uint64_t, uint64_t>{"/tile/entries/000", 0, 256},
        {"/tile/entries/002.p/" + std::to_string(size - 512), 512, size}}) {
    Reply bundle = Fetch(path);
    ASSERT_EQ(bundle.status, 200) << path << ": " << bundle.body;
    EXPECT_EQ(bundle.Header("content-type"), "application/octet-stream");
    EXPECT_FALSE(bundle.Header("cache-control").empty());
    std::string_view rest = bundle.body;
    for (uint64_t seq = first; seq < end; ++seq) {
      ASSERT_GE(rest.size(), 2u) << path << " ends before seq " << seq;
      const std::size_t length = (static_cast<uint8_t>(rest[0]) << 8) | static_cast<uint8_t>(rest[1]);
      ASSERT_GE(rest.size(), 2 + length);
      EXPECT_EQ(rest.substr(2, length), *log_->ReadEvent(seq)) << "seq " << seq;
      rest.remove_prefix(2 + length);
    }
    EXPECT_TRUE(rest.empty()) << path << " has " << rest.size() << " bytes more";
  }
}

// A ledger written before the limit was 65,535 bytes could hold a larger
// event: its bundle is refused whole, never served with a truncated length.
TEST_F(TilesTest, ABundleWithAnEventOverTheLimitIs500NamingItsSeq) {
  WriteSet writes(log_->store());
  writes.Put(Column::kEvents, SeqKey(3), std::string(kMaxBundleEntryBytes + 1, ' '));
  ASSERT_TRUE(log_->mutable_store().Write(writes, /*sync=*/true).ok());
  Reply bundle = Fetch("/tile/entries/000");
  EXPECT_EQ(bundle.status, 500) << bundle.body;
  EXPECT_NE(bundle.body.find("event 3 is 65536 bytes"), std::string::npos) << bundle.body;
  EXPECT_EQ(bundle.Header("cache-control"), "no-store");
  EXPECT_EQ(Fetch("/tile/0/000").status, 200);  // the hashes are still served
}

// A 404 kept by a cache would hide a tile that exists a second later.
TEST_F(TilesTest, ErrorAnswersAreNeverCached) {
  for (const std::string path : {"/tile/0/003", "/tile/entries/003.p/1", "/tile/00/000", "/tile/0/000.p/256"}) {
    Reply reply = Fetch(path);
    EXPECT_GE(reply.status, 400) << path;
    EXPECT_EQ(reply.Header("cache-control"), "no-store") << path << ": " << reply.body;
  }
  Response head = Call("/tile/0/003", "HEAD");
  EXPECT_EQ(head.status, 404);
  EXPECT_EQ(HeaderOf(head, "Cache-Control"), "no-store");
}

// Bundles are built whole in memory: beyond the limit of builds at once,
// 503 with Retry-After, not cached; hash tiles are not limited.
TEST_F(TilesTest, BundleBuildsOverTheLimitAre503) {
  for (const std::size_t limit : {std::size_t{0}, std::size_t{1}}) {
    Router router;
    AddTileRoutes(router, *log_, {.max_bundle_builds = limit});
    Response bundle = router.Handle(Request{"GET", "/tile/entries/000", {}, {}});
    if (limit == 0) {
      EXPECT_EQ(bundle.status, 503) << bundle.body;
      EXPECT_EQ(HeaderOf(bundle, "Retry-After"), "1");
      EXPECT_EQ(HeaderOf(bundle, "Cache-Control"), "no-store");
      EXPECT_NE(bundle.body.find("limit of 0 entry bundles"), std::string::npos) << bundle.body;
    } else {
      EXPECT_EQ(bundle.status, 200) << bundle.body;
      // The slot was given back: a second build passes too.
      EXPECT_EQ(router.Handle(Request{"HEAD", "/tile/entries/001", {}, {}}).status, 200);
    }
    EXPECT_EQ(router.Handle(Request{"GET", "/tile/0/000", {}, {}}).status, 200);
  }
}

TEST_F(TilesTest, CheckpointIsTheV1CheckpointCachedBriefly) {
  Reply tiled = Fetch("/checkpoint");
  Reply v1 = Fetch("/v1/checkpoint");
  ASSERT_EQ(tiled.status, 200);
  EXPECT_EQ(tiled.body, v1.body);
  EXPECT_EQ(tiled.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(tiled.Header("cache-control"), "public, max-age=2");
  auto verifier = ParseVerifierKey(log_->verifier_key());
  ASSERT_TRUE(verifier.ok());
  auto checkpoint = VerifyCheckpoint(tiled.body, *verifier);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->size, log_->size());
}

TEST_F(TilesTest, LedgerctlWritesTheTreeLedgerdServesThenOnlyWhatIsNew) {
  const std::string out = tmp_.Sub("static");
  testing::ToolRun first = Tiles(out);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("tiles: size " + std::to_string(log_->size()) + " (from 0)"),
            std::string::npos) << first.out;
  EXPECT_EQ(testing::ReadText(out + "/checkpoint"), Fetch("/checkpoint").body);
  EXPECT_TRUE(fs::exists(out + "/tile/0/000") && fs::exists(out + "/tile/entries/002.p/94") &&
              fs::exists(out + "/tile/1/000.p/2"));
  ExpectServedAsStored(out);

  // A tile the second run has no reason to touch is removed: it stays so.
  fs::remove(out + "/tile/0/000");
  const uint64_t before = log_->size();
  AddRates(1000, 300);
  ASSERT_TRUE(log_->MakeCheckpoint().ok());
  testing::ToolRun second = Tiles(out);
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.out.find("(from " + std::to_string(before) + ")"), std::string::npos) << second.out;
  EXPECT_FALSE(fs::exists(out + "/tile/0/000"));
  EXPECT_TRUE(fs::exists(out + "/tile/0/002") && fs::exists(out + "/tile/0/003.p/138") &&
              fs::exists(out + "/tile/1/000.p/3"));
  ExpectServedAsStored(out);

  testing::ToolRun third = Tiles(out);
  ASSERT_EQ(third.code, 0) << third.err;
  EXPECT_NE(third.out.find("already up to date"), std::string::npos) << third.out;
}

// A crash between a temporary's creation and its rename leaves it; the
// next run removes exactly the writer's temporaries, nothing else.
TEST_F(TilesTest, LedgerctlRemovesTheTemporaryFilesACrashedRunLeft) {
  const std::string out = tmp_.Sub("static");
  ASSERT_EQ(Tiles(out).code, 0);
  const std::vector<std::string> stale = {".checkpoint.tmp-Ab12Cd", "tile/0/.002.tmp-zzzzzz",
                                          "tile/entries/002.p/.95.tmp-000000"};
  const std::vector<std::string> kept = {".checkpoint.tmp-Ab12C", "tile/0/002.tmp-ABCDEF",
                                         "tile/0/..tmp-ABCDEF", ".well-known"};
  for (const std::string& name : stale) std::ofstream(out + "/" + name) << "partial";
  for (const std::string& name : kept) std::ofstream(out + "/" + name) << "the operator's";

  testing::ToolRun run = Tiles(out);  // up to date: nothing else to write
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("already up to date"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("removed 3 temporary files"), std::string::npos) << run.err;
  for (const std::string& name : stale) EXPECT_FALSE(fs::exists(out + "/" + name)) << name;
  for (const std::string& name : kept) EXPECT_TRUE(fs::exists(out + "/" + name)) << name;
}

TEST_F(TilesTest, LedgerctlRefusesACheckpointOfAnotherLedger) {
  const std::string out = tmp_.Sub("static");
  ASSERT_EQ(Tiles(out).code, 0);
  auto other_key = PrivateKey::Generate();
  ASSERT_TRUE(other_key.ok());
  const std::string other = SignCheckpoint({log_->origin(), 3, Hash{}}, log_->origin(), *other_key);
  std::ofstream(out + "/checkpoint", std::ios::trunc) << other;
  testing::ToolRun run = Tiles(out);
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_NE(run.err.find("is not a checkpoint of this ledger"), std::string::npos) << run.err;
  EXPECT_EQ(testing::ReadText(out + "/checkpoint"), other);  // nothing written
}

TEST_F(TilesTest, LedgerctlRefusesACheckpointNotConsistentWithTheLedger) {
  const std::string out = tmp_.Sub("static");
  auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
  ASSERT_TRUE(key.ok());
  Hash forged = *log_->RootAt(3);
  forged[0] ^= 1;
  fs::create_directories(out);
  std::ofstream(out + "/checkpoint") << SignCheckpoint({log_->origin(), 3, forged}, log_->origin(), *key);
  testing::ToolRun run = Tiles(out);
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_NE(run.err.find("are not consistent"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(out + "/tile"));

  std::ofstream(out + "/checkpoint", std::ios::trunc)
      << SignCheckpoint({log_->origin(), log_->size() + 1, forged}, log_->origin(), *key);
  run = Tiles(out);
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_NE(run.err.find("ahead of the ledger"), std::string::npos) << run.err;
}

TEST_F(TilesTest, LedgerctlTilesWithoutOutIsAUsageError) {
  testing::ToolRun run = testing::RunTool(tmp_, "cli/ledgerctl", {"tiles", "--data", dir_});
  EXPECT_EQ(run.code, 2) << run.err;
  EXPECT_NE(run.err.find("--out"), std::string::npos) << run.err;
  run = Tiles(tmp_.Sub("ledger") + "/CURRENT");
  EXPECT_EQ(run.code, 2) << run.err;
  EXPECT_NE(run.err.find("--out"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ledger::api
