#include "ledger/store.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace ledger {
namespace {

using testing::TempDir;

std::unique_ptr<Store> OpenNew(const TempDir& dir) {
  auto store = Store::Open({.dir = dir.Sub("db"), .create_if_missing = true});
  EXPECT_TRUE(store.ok()) << store.error().ToString();
  return std::move(*store);
}

TEST(Store, SeqKeysSortAsNumbers) {
  EXPECT_LT(SeqKey(1), SeqKey(2));
  EXPECT_LT(SeqKey(255), SeqKey(256));
  EXPECT_LT(SeqKey(0xffffffffULL), SeqKey(0x100000000ULL));
  EXPECT_EQ(*DecodeSeqKey(SeqKey(1234567890123ULL)), 1234567890123ULL);
  EXPECT_EQ(DecodeSeqKey("short").error().code, Code::kCorruption);
}

TEST(Store, OpenRefusesMissingDirectoryUnlessCreating) {
  TempDir dir;
  auto store = Store::Open({.dir = dir.Sub("absent")});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Code::kIoError);
}

TEST(Store, WriteSetIsVisibleAfterWriteAndSurvivesReopen) {
  TempDir dir;
  {
    auto store = OpenNew(dir);
    WriteSet writes(*store);
    writes.Put(Column::kEvents, SeqKey(0), "zero");
    writes.Put(Column::kMeta, "origin", "example.org/log");
    EXPECT_EQ(writes.Count(), 2u);
    ASSERT_TRUE(store->Write(writes, true).ok());
  }
  auto store = Store::Open({.dir = dir.Sub("db")});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(**(*store)->Get(Column::kEvents, SeqKey(0)), "zero");
  EXPECT_EQ(**(*store)->Get(Column::kMeta, "origin"), "example.org/log");
  // Columns are separate key spaces.
  EXPECT_FALSE((*store)->Get(Column::kMeta, SeqKey(0))->has_value());
}

TEST(Store, MultiGetReturnsOneSlotPerKeyInOrder) {
  TempDir dir;
  auto store = OpenNew(dir);
  WriteSet writes(*store);
  writes.Put(Column::kState, "a", "1");
  writes.Put(Column::kState, "c", "3");
  ASSERT_TRUE(store->Write(writes, false).ok());
  std::vector<std::string> keys = {"c", "b", "a"};
  auto values = store->MultiGet(Column::kState, keys);
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values->size(), 3u);
  EXPECT_EQ((*values)[0], "3");
  EXPECT_FALSE((*values)[1].has_value());
  EXPECT_EQ((*values)[2], "1");
}

TEST(Store, ScanVisitsKeysInOrderFromStartUntilStopped) {
  TempDir dir;
  auto store = OpenNew(dir);
  WriteSet writes(*store);
  for (uint64_t i = 0; i < 10; ++i) writes.Put(Column::kEvents, SeqKey(i), std::to_string(i));
  ASSERT_TRUE(store->Write(writes, false).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store->Scan(Column::kEvents, SeqKey(4), [&](auto, std::string_view v) {
    seen.emplace_back(v);
    return seen.size() < 3;
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"4", "5", "6"}));
  EXPECT_EQ(**store->LastKey(Column::kEvents), SeqKey(9));
  EXPECT_FALSE(store->LastKey(Column::kCheckpoints)->has_value());
}

TEST(Store, DeleteRemovesAKey) {
  TempDir dir;
  auto store = OpenNew(dir);
  WriteSet put(*store);
  put.Put(Column::kIdem, "k", "v");
  ASSERT_TRUE(store->Write(put, false).ok());
  WriteSet del(*store);
  del.Delete(Column::kIdem, "k");
  ASSERT_TRUE(store->Write(del, false).ok());
  EXPECT_FALSE(store->Get(Column::kIdem, "k")->has_value());
}

TEST(Store, ReadOnlyOpenSeesDataBesideAWriter) {
  TempDir dir;
  auto writer = OpenNew(dir);
  WriteSet writes(*writer);
  writes.Put(Column::kEvents, SeqKey(0), "e0");
  ASSERT_TRUE(writer->Write(writes, true).ok());
  auto reader = Store::Open({.dir = dir.Sub("db"), .read_only = true});
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_EQ(**(*reader)->Get(Column::kEvents, SeqKey(0)), "e0");
  WriteSet refused(**reader);
  refused.Put(Column::kEvents, SeqKey(1), "e1");
  EXPECT_FALSE((*reader)->Write(refused, true).ok());
}

TEST(Store, FollowerSeesOnePointInEveryColumnWhileTheWriterGoesOn) {
  TempDir dir;
  auto writer = OpenNew(dir);
  auto write_pair = [&](uint64_t seq) {
    WriteSet writes(*writer);
    writes.Put(Column::kEvents, SeqKey(seq), std::to_string(seq));
    writes.Put(Column::kState, "applied", SeqKey(seq + 1));
    ASSERT_TRUE(writer->Write(writes, true).ok());
  };
  write_pair(0);
  ASSERT_TRUE(writer->Flush().ok());  // one write in table files, one in the WAL only
  write_pair(1);
  auto follower = Store::Open({.dir = dir.Sub("db"), .follow = true});
  ASSERT_TRUE(follower.ok()) << follower.error().ToString();
  write_pair(2);
  ASSERT_TRUE(writer->Flush().ok());

  // The writer's later write and flush change nothing the follower sees.
  EXPECT_EQ(**(*follower)->LastKey(Column::kEvents), SeqKey(1));
  EXPECT_EQ(**(*follower)->Get(Column::kState, "applied"), SeqKey(2));
  EXPECT_FALSE((*follower)->Get(Column::kEvents, SeqKey(2))->has_value());
  WriteSet refused(**follower);
  refused.Put(Column::kEvents, SeqKey(3), "3");
  EXPECT_FALSE((*follower)->Write(refused, true).ok());
}

TEST(Store, FollowerOfAMissingStoreIsAnIoError) {
  TempDir dir;
  auto follower = Store::Open({.dir = dir.Sub("absent"), .follow = true});
  ASSERT_FALSE(follower.ok());
  EXPECT_EQ(follower.error().code, Code::kIoError);
}

TEST(Store, NodeReaderReportsAMissingNodeAsCorruption) {
  TempDir dir;
  auto store = OpenNew(dir);
  Hash h{};
  h[0] = 7;
  WriteSet writes(*store);
  writes.Put(Column::kTree, NodeKey({0, 0}),
             std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
  ASSERT_TRUE(store->Write(writes, false).ok());
  NodeId present[] = {{0, 0}};
  EXPECT_EQ((*store->nodes().ReadNodes(present))[0], h);
  NodeId absent[] = {{0, 0}, {1, 0}};
  auto r = store->nodes().ReadNodes(absent);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kCorruption);
  EXPECT_NE(r.error().message.find("(1, 0)"), std::string::npos);
}

}  // namespace
}  // namespace ledger
