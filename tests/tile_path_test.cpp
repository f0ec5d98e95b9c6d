// Tile paths, widths and tiles over a tree in memory (ledger/tiles.hpp),
// without a store or a socket. The hashes a tile must hold are computed
// here from the leaves, by RFC 6962's definition, not by the code under test.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/encoding.hpp"
#include "ledger/store.hpp"
#include "ledger/tiles.hpp"
#include "tiles_util.hpp"

namespace ledger {
namespace {

using testing::Concat;
using testing::Mth;

Hash LeafOf(uint64_t n) { return LeafHash("leaf " + std::to_string(n)); }

TEST(TilePath, IndexIsWrittenInThreeDigitElements) {
  EXPECT_EQ(TilePath({false, 0, 1234067, kTileWidth}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({false, 0, 0, kTileWidth}), "tile/0/000");
  EXPECT_EQ(TilePath({false, 3, 999, 17}), "tile/3/999.p/17");
  EXPECT_EQ(TilePath({true, 0, 1000, 1}), "tile/entries/x001/000.p/1");
  EXPECT_EQ(TilePath({false, 0, UINT64_MAX, kTileWidth}), "tile/0/x018/x446/x744/x073/x709/x551/615");
}

TEST(TilePath, EveryPathParsesBackToItsTile) {
  for (const TileId& tile : {TileId{false, 0, 1234067, kTileWidth}, TileId{true, 0, 0, 255},
                             TileId{false, 63, 5, 1}, TileId{false, 7, UINT64_MAX, kTileWidth},
                             TileId{true, 0, 1'000'000, kTileWidth}}) {
    const std::string path = TilePath(tile);
    auto parsed = ParseTilePath(path.substr(std::string("tile/").size()));
    ASSERT_TRUE(parsed.ok()) << path << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, tile) << path;
  }
}

TEST(TilePath, MalformedPathsAreRefusedNamingTheSegment) {
  const std::pair<const char*, const char*> cases[] = {
      {"00/000", "level"},           {"64/000", "level"},          {"x/000", "level"},
      {"/000", "level"},             {"0", "index"},               {"0/", "index"},
      {"0/0001", "index"},           {"0/01", "index"},            {"0/001/002", "index"},
      {"0/y001/002", "index"},       {"0/x000/001", "index"},      {"0/abc", "index"},
      {"0/x001/x002/x003/x004/x005/x006/x007/008", "index"},
      {"0/x018/x446/x744/x073/x709/x551/616", "index"},
      {"0/000.p/0", "width"},        {"0/000.p/256", "width"},     {"0/000.p/07", "width"},
      {"0/000.p/", "width"},         {"0/000.p", "index"},         {"0/000.p/1/2", "index"},
      {"entries/000.q/1", "index"},  {"entries", "index"},
  };
  for (const auto& [path, field] : cases) {
    auto parsed = ParseTilePath(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument) << path;
    EXPECT_EQ(parsed.error().field, field) << path << ": " << parsed.error().message;
  }
}

TEST(TileWidth, FollowsTheSpecsExampleOfATreeOf70000) {
  // tlog-tiles: 273 full level-0 tiles, a partial one of 112; one full
  // level-1 tile, a partial one of 17; a partial level-2 tile of 1.
  EXPECT_EQ(FullTileCount(0, 70'000), 273u);
  EXPECT_EQ(PartialTileWidth(0, 70'000), 112);
  EXPECT_EQ(FullTileCount(1, 70'000), 1u);
  EXPECT_EQ(PartialTileWidth(1, 70'000), 17);
  EXPECT_EQ(FullTileCount(2, 70'000), 0u);
  EXPECT_EQ(PartialTileWidth(2, 70'000), 1);
  EXPECT_EQ(TileLevelCount(70'000), 3);
  EXPECT_EQ(TileWidthAt(0, 272, 70'000), kTileWidth);
  EXPECT_EQ(TileWidthAt(0, 273, 70'000), 112);
  EXPECT_EQ(TileWidthAt(0, 274, 70'000), 0);
  EXPECT_EQ(TileWidthAt(3, 0, 70'000), 0);
}

TEST(TileWidth, ATreeOf256HasOneFullTileAndALevelOnePartial) {
  EXPECT_EQ(TileWidthAt(0, 0, 256), kTileWidth);
  EXPECT_EQ(TileWidthAt(0, 1, 256), 0);
  EXPECT_EQ(TileWidthAt(1, 0, 256), 1);
  EXPECT_EQ(TileLevelCount(256), 2);
  EXPECT_EQ(TileLevelCount(0), 0);
}

TEST(TileWidth, HighLevelsOfTheLargestTreeAreEmptyWithoutOverflow) {
  EXPECT_EQ(TileLevelCount(UINT64_MAX), 8);
  EXPECT_EQ(PartialTileWidth(7, UINT64_MAX), 255);
  EXPECT_EQ(TileWidthAt(8, 0, UINT64_MAX), 0);
  EXPECT_EQ(TileWidthAt(63, 0, UINT64_MAX), 0);
  EXPECT_EQ(TileWidthAt(0, UINT64_MAX, UINT64_MAX), 0);
}

// 65,536 + 300 leaves: two full level-1 hashes' worth of checks, a full
// level-1 tile, and partial tiles at levels 0, 1 and 2.
class TileTree : public ::testing::Test {
 protected:
  static constexpr uint64_t kLeaves = 65'536 + 300;
  void SetUp() override {
    for (uint64_t n = 0; n < kLeaves; ++n) {
      leaves_.push_back(LeafOf(n));
      tree_.Append(leaves_.back());
    }
  }
  // The MTH of tile `index` of level 0, for 256 consecutive leaves.
  Hash Level0TileRoot(uint64_t index) const {
    return Mth(std::span<const Hash>(leaves_).subspan(index * kTileWidth, kTileWidth));
  }
  std::vector<Hash> leaves_;
  MemoryTree tree_;
};

TEST_F(TileTree, ALevelZeroTileHoldsTheLeafHashes) {
  auto tile = ReadTile(tree_, {false, 0, 3, kTileWidth});
  ASSERT_TRUE(tile.ok()) << tile.error().ToString();
  EXPECT_EQ(tile->size(), kFullTileBytes);
  EXPECT_EQ(*tile, Concat(std::vector<Hash>(leaves_.begin() + 3 * 256, leaves_.begin() + 4 * 256)));
}

TEST_F(TileTree, AFullLevelOneTileHoldsTheRootsOfTheLevelZeroTiles) {
  ASSERT_EQ(TileWidthAt(1, 0, kLeaves), kTileWidth);
  auto tile = ReadTile(tree_, {false, 1, 0, kTileWidth});
  ASSERT_TRUE(tile.ok()) << tile.error().ToString();
  std::vector<Hash> expected;
  for (uint64_t i = 0; i < kTileWidth; ++i) expected.push_back(Level0TileRoot(i));
  EXPECT_EQ(*tile, Concat(expected));
  // The level-2 partial tile's one hash is the MTH of the full level-1 tile.
  auto level2 = ReadTile(tree_, {false, 2, 0, 1});
  ASSERT_TRUE(level2.ok());
  EXPECT_EQ(*level2, Concat({Mth(expected)}));
}

TEST_F(TileTree, APartialTileIsAPrefixOfItsFullTile) {
  ASSERT_EQ(PartialTileWidth(0, kLeaves), 300 - 256);
  auto partial = ReadTile(tree_, {false, 0, 257, 44});
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(*partial, Concat(std::vector<Hash>(leaves_.begin() + 257 * 256, leaves_.end())));
  auto level1 = ReadTile(tree_, {false, 1, 1, 1});
  ASSERT_TRUE(level1.ok());
  EXPECT_EQ(*level1, Concat({Level0TileRoot(256)}));
}

TEST(EntryBundle, EachEventIsPrefixedWithItsBigEndianLength) {
  std::string bundle;
  ASSERT_TRUE(AppendBundleEntry(0, "ab", bundle).ok());
  ASSERT_TRUE(AppendBundleEntry(1, std::string(300, 'x'), bundle).ok());
  EXPECT_EQ(bundle.substr(0, 4), std::string("\x00\x02" "ab", 4));
  EXPECT_EQ(bundle.substr(4, 2), std::string("\x01\x2c", 2));
  EXPECT_EQ(bundle.size(), 4 + 2 + 300u);
}

TEST(EntryBundle, TheLargestEventFitsAndOneByteMoreIsRefusedNamingItsSeq) {
  std::string bundle;
  ASSERT_TRUE(AppendBundleEntry(7, std::string(kMaxBundleEntryBytes, 'x'), bundle).ok());
  EXPECT_EQ(bundle.substr(0, 2), "\xff\xff");
  std::string untouched = bundle;
  Status over = AppendBundleEntry(8, std::string(kMaxBundleEntryBytes + 1, 'x'), bundle);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kCorruption);
  EXPECT_NE(over.error().message.find("event 8 "), std::string::npos) << over.error().message;
  EXPECT_EQ(bundle, untouched);  // no truncated length written
}

// An events column in memory, counting the steps a reader takes.
class MemoryEvents final : public StoreCursor {
 public:
  explicit MemoryEvents(uint64_t count) {
    for (uint64_t seq = 0; seq < count; ++seq) rows_[SeqKey(seq)] = "event " + std::to_string(seq);
  }
  void Seek(std::string_view key) override { at_ = rows_.lower_bound(std::string(key)); }
  bool Valid() const override { return at_ != rows_.end(); }
  void Next() override {
    ++at_;
    ++steps_;
  }
  std::string_view key() const override { return at_->first; }
  std::string_view value() const override { return at_->second; }
  Status status() const override { return Status::Ok(); }

  std::map<std::string, std::string> rows_;
  std::map<std::string, std::string>::const_iterator at_ = rows_.end();
  uint64_t steps_ = 0;
};

TEST(EntryBundle, IsTheTilesEventsReadInOnePassAndNoFurther) {
  MemoryEvents events(600);
  auto bundle = ReadEntryBundle(events, {true, 0, 1, 7});
  ASSERT_TRUE(bundle.ok()) << bundle.error().ToString();
  std::string expected;
  for (uint64_t seq = 256; seq < 263; ++seq) ASSERT_TRUE(AppendBundleEntry(seq, events.rows_[SeqKey(seq)], expected).ok());
  EXPECT_EQ(*bundle, expected);
  EXPECT_EQ(events.steps_, 6u);  // from the first event to the seventh, not past it
}

TEST(EntryBundle, AMissingEventIsCorruptionNamingItsSeq) {
  MemoryEvents events(600);
  events.rows_.erase(SeqKey(300));
  auto gap = ReadEntryBundle(events, {true, 0, 1, kTileWidth});
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code, Code::kCorruption);
  EXPECT_EQ(gap.error().message, "event 300 is missing");
  auto beyond = ReadEntryBundle(events, {true, 0, 2, 89});  // events 512..600: 600 is not stored
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().message, "event 600 is missing");
  EXPECT_TRUE(ReadEntryBundle(events, {true, 0, 2, 88}).ok());
}

TEST(EntryBundle, AnEventOverTheLimitFailsTheWholeBundleNamingItsSeq) {
  MemoryEvents events(300);
  events.rows_[SeqKey(260)] = std::string(kMaxBundleEntryBytes + 1, 'x');
  auto over = ReadEntryBundle(events, {true, 0, 1, 10});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kCorruption);
  EXPECT_NE(over.error().message.find("event 260 is 65536 bytes"), std::string::npos) << over.error().message;
}

}  // namespace
}  // namespace ledger
