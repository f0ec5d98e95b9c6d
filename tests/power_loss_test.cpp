// Power loss: unlike kill -9 (crash_test.cpp), a power cut also loses what
// the page cache held. The ledger runs on a file system that keeps, per
// file, only what was synced (ledger/store/fault_fs.hpp); submissions come
// from many threads; at a random point the power goes. Every acknowledged
// submission must be in the reopened ledger at its seq with its leaf hash,
// the chain, root and checkpoints must check out, the state must agree with
// the log (ledger-audit passes) and submitting must go on. Meanwhile a
// thread flushes the memtables now and then, so that cuts also land while
// tables, the manifest and new WAL files are being written; half the cuts
// come right after a write (before its sync), half between requests.
#include <chrono>
#include <atomic>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/store.hpp"
#include "ledger/store/fault_fs.hpp"
#include "storage_fault_fixture.hpp"

namespace ledger {
namespace {

using testing::DonationLoad;
using testing::ExpectValidChain;
using testing::StorageFaultLedger;

// Each round is a new cut at a new moment; under the sanitizers a round
// costs ~9 s, so they run a third of them (tests/CMakeLists.txt).
#ifdef LEDGER_SANITIZED
constexpr int kRounds = 10;
#else
constexpr int kRounds = 30;
#endif
constexpr int kSubmitterThreads = 8;
constexpr std::size_t kMaxAcksBeforeCut = 400;

constexpr uint64_t kMaxWritesBeforeCut = 40;
constexpr auto kFlushEvery = std::chrono::milliseconds(7);

struct Totals {
  std::size_t acked = 0;
  uint64_t syncs = 0;
  uint64_t bytes_dropped = 0;
  uint64_t files_cut = 0;
};

// One round: submit until `cut_after` acknowledgements, cut the power,
// abandon the ledger; returns what was acknowledged.
std::map<uint64_t, Hash> SubmitAndCutPower(const StorageFaultLedger& f, int round,
                                           std::size_t cut_after, uint64_t cut_after_writes,
                                           CrashOptions crash, Totals& totals) {
  auto fs = MakeFaultInjectingFs();
  std::unique_ptr<Ledger> ledger = f.OpenLedger(
      {.checkpoint_interval = std::chrono::milliseconds(3), .file_system = fs->file_system()});
  EXPECT_TRUE(ledger);
  if (!ledger) return {};
  std::atomic<bool> cut{false};
  std::thread flusher([&] {
    while (!cut.load()) {
      (void)ledger->log().mutable_store().Flush();  // fails once the power is gone
      std::this_thread::sleep_for(kFlushEvery);
    }
  });
  DonationLoad load(*ledger, f, kSubmitterThreads, round * 1'000'000);
  EXPECT_TRUE(load.WaitForAcks(cut_after)) << "round " << round;
  if (cut_after_writes > 0) fs->CrashAfterWrites(cut_after_writes, crash);
  else fs->Crash(crash);
  load.Join();  // each submitter stops at its first refusal
  cut = true;
  flusher.join();
  // No submission may fail before the cut; after it, each fails.
  EXPECT_EQ(load.errors().size(), static_cast<std::size_t>(kSubmitterThreads));
  ledger.reset();  // its flush and close fail: the machine is off
  totals.acked += load.acked().size();
  totals.bytes_dropped += fs->counts().bytes_dropped;
  totals.files_cut += fs->counts().files_cut;
  totals.syncs += fs->counts().syncs;
  return load.acked();
}

// The model itself: a synced write survives the cut, an unsynced one is
// lost, and nothing written after the cut reaches the disk.
TEST(PowerLoss, TheFaultFileSystemKeepsOnlyWhatWasSynced) {
  testing::TempDir dir;
  auto fs = MakeFaultInjectingFs();
  {
    auto store = Store::Open({.dir = dir.Sub("db"), .create_if_missing = true,
                              .file_system = fs->file_system()});
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    WriteSet synced(**store);
    synced.Put(Column::kMeta, "synced", "kept");
    ASSERT_TRUE((*store)->Write(synced, /*sync=*/true).ok());
    WriteSet unsynced(**store);
    unsynced.Put(Column::kMeta, "unsynced", "lost");
    ASSERT_TRUE((*store)->Write(unsynced, /*sync=*/false).ok());
    fs->Crash();
    WriteSet late(**store);
    late.Put(Column::kMeta, "late", "never written");
    EXPECT_FALSE((*store)->Write(late, /*sync=*/true).ok());
  }  // closing cannot flush either
  EXPECT_GT(fs->counts().bytes_dropped, 0u);
  auto store = Store::Open({.dir = dir.Sub("db")});
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->Get(Column::kMeta, "synced")->value_or("missing"), "kept");
  EXPECT_FALSE((*store)->Get(Column::kMeta, "unsynced")->has_value());
  EXPECT_FALSE((*store)->Get(Column::kMeta, "late")->has_value());
}

TEST(PowerLoss, AcknowledgedSubmissionsSurviveLosingEverythingUnsynced) {
  StorageFaultLedger f;
  std::mt19937 rng(20261207);
  Totals totals;
  const auto started = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) {
    const std::size_t cut_after = 1 + rng() % kMaxAcksBeforeCut;
    const uint64_t cut_after_writes = round % 2 == 0 ? 1 + rng() % kMaxWritesBeforeCut : 0;
    // Some cuts keep a random prefix of the unsynced tail: a torn write.
    const CrashOptions crash{.torn_tails = round % 4 >= 2, .seed = static_cast<uint32_t>(rng())};
    const std::map<uint64_t, Hash> acked =
        SubmitAndCutPower(f, round, cut_after, cut_after_writes, crash, totals);
    ASSERT_GE(acked.size(), cut_after) << "round " << round;

    std::unique_ptr<Ledger> ledger = f.OpenLedger();  // on the disk itself, as after a reboot
    ASSERT_TRUE(ledger) << "round " << round;
    const Log& log = ledger->log();
    for (const auto& [seq, leaf] : acked) {
      ASSERT_LT(seq, log.size()) << "round " << round << ": acknowledged seq " << seq << " lost";
      ASSERT_EQ(*log.LeafHashAt(seq), leaf) << "round " << round << ": seq " << seq << " changed";
    }
    ASSERT_EQ(ExpectValidChain(log), log.size()) << "round " << round;
    auto verifier = *ParseVerifierKey(log.verifier_key());
    auto cp = VerifyCheckpoint(*log.LatestCheckpoint(), verifier);
    ASSERT_TRUE(cp.ok()) << "round " << round;
    EXPECT_EQ(cp->root, *log.RootAt(cp->size));
    // Submitting goes on after the reboot.
    auto next = ledger->Submit(f.Donation(round * 1'000'000 + 999'999));
    ASSERT_TRUE(next.ok()) << next.error().ToString();
    EXPECT_EQ(next->results[0].seq, ledger->log().size() - 1);
    ledger.reset();

    std::string report;
    ASSERT_EQ(f.Audit(report), 0) << "round " << round << ":\n" << report;
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // The fault model must have bitten: unsynced bytes existed and were lost.
  EXPECT_GT(totals.bytes_dropped, 0u);
  std::printf("power loss: %d rounds, %zu acknowledged events checked, %llu syncs, %llu files cut, "
              "%llu unsynced bytes dropped, %.1f s\n",
              kRounds, totals.acked, static_cast<unsigned long long>(totals.syncs),
              static_cast<unsigned long long>(totals.files_cut),
              static_cast<unsigned long long>(totals.bytes_dropped), seconds);
}

}  // namespace
}  // namespace ledger
