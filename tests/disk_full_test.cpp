// A full disk: the ledger's files go through a file system that refuses
// every write with ENOSPC while told to (ledger/store/fault_fs.hpp). The
// writer must answer kUnavailable (503 over HTTP), lose nothing it
// acknowledged, keep serving reads, and, once space is back, a restart
// must serve everything acknowledged and take submissions again.
//
// The ledger does not yet resume by itself when space returns: the first
// failed write stops its writer until the process restarts (the test
// states that, so that a change of it is noticed; docs/operations.md).
#include <gtest/gtest.h>

#include "ledger/store/fault_fs.hpp"
#include "storage_fault_fixture.hpp"

namespace ledger {
namespace {

using testing::DonationLoad;
using testing::ExpectValidChain;
using testing::StorageFaultLedger;

constexpr int kSubmitterThreads = 4;
constexpr std::size_t kAcksBeforeFull = 200;

TEST(DiskFull, SubmissionsAreRefusedUnavailableAndNothingAcknowledgedIsLost) {
  StorageFaultLedger f;
  auto fs = MakeFaultInjectingFs();
  std::unique_ptr<Ledger> ledger = f.OpenLedger({.file_system = fs->file_system()});
  ASSERT_TRUE(ledger);
  std::map<uint64_t, Hash> acked;
  {
    DonationLoad load(*ledger, f, kSubmitterThreads, 0);
    ASSERT_TRUE(load.WaitForAcks(kAcksBeforeFull));
    fs->SetNoSpace(true);
    load.Join();  // each submitter stops at its first refusal
    acked = load.acked();
    ASSERT_EQ(load.errors().size(), static_cast<std::size_t>(kSubmitterThreads));
    for (const Error& e : load.errors()) {
      EXPECT_EQ(e.code, Code::kUnavailable) << e.ToString();
    }
  }
  EXPECT_GT(fs->counts().writes_refused, 0u);
  // The refusal says why.
  auto refused = ledger->Submit(f.Donation(900'000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kUnavailable);
  EXPECT_NE(refused.error().message.find("No space left"), std::string::npos)
      << refused.error().ToString();
  // Reads go on, and show exactly what was acknowledged.
  const uint64_t size = ledger->log().size();
  for (const auto& [seq, leaf] : acked) {
    ASSERT_LT(seq, size);
    EXPECT_EQ(*ledger->log().LeafHashAt(seq), leaf);
  }
  EXPECT_EQ(ExpectValidChain(ledger->log()), size);

  // Space comes back: this process stays stopped (no resume yet)...
  fs->SetNoSpace(false);
  auto still = ledger->Submit(f.Donation(900'001));
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.error().code, Code::kUnavailable);
  ledger.reset();

  // ...and a restart serves everything acknowledged and takes submissions.
  ledger = f.OpenLedger();
  ASSERT_TRUE(ledger);
  ASSERT_GE(ledger->log().size(), size);
  for (const auto& [seq, leaf] : acked) EXPECT_EQ(*ledger->log().LeafHashAt(seq), leaf);
  EXPECT_EQ(ExpectValidChain(ledger->log()), ledger->log().size());
  auto next = ledger->Submit(f.Donation(900'002));
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  ledger.reset();
  std::string report;
  EXPECT_EQ(f.Audit(report), 0) << report;
  std::printf("disk full: %zu acknowledged events checked, %llu writes refused\n", acked.size(),
              static_cast<unsigned long long>(fs->counts().writes_refused));
}

}  // namespace
}  // namespace ledger
