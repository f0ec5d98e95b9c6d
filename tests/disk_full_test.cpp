// A full disk: the ledger's files go through a file system that refuses
// every write with ENOSPC while told to (ledger/store/fault_fs.hpp). The
// writer must answer kUnavailable (503 over HTTP), lose nothing it
// acknowledged and keep serving reads; once space is back it must take
// submissions again without a restart, and what it acknowledged before
// and after must survive a power cut and pass the audit.
#include <chrono>
#include <thread>

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
constexpr std::size_t kAcksAfterSpaceReturns = 200;
// How long the ledger may take to notice that space is back: it tries
// every kResumeInterval (1 s), when a submission is refused.
constexpr auto kResumeBound = std::chrono::seconds(30);

void ExpectAllPresent(const Log& log, const std::map<uint64_t, Hash>& acked, const char* when) {
  for (const auto& [seq, leaf] : acked) {
    ASSERT_LT(seq, log.size()) << when << ": acknowledged seq " << seq << " lost";
    ASSERT_EQ(*log.LeafHashAt(seq), leaf) << when << ": seq " << seq << " changed";
  }
}

TEST(DiskFull, SubmissionsAreRefusedUnavailableAndResumeOnceSpaceReturns) {
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
    for (const Error& e : load.errors()) EXPECT_EQ(e.code, Code::kUnavailable) << e.ToString();
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
  ExpectAllPresent(ledger->log(), acked, "disk full");
  EXPECT_EQ(ExpectValidChain(ledger->log()), size);

  // Space comes back: submissions are taken again, within the bound.
  fs->SetNoSpace(false);
  const auto deadline = std::chrono::steady_clock::now() + kResumeBound;
  Result<SubmitOutcome> resumed = Error{Code::kUnavailable, {}, "not tried"};
  for (int n = 900'001; std::chrono::steady_clock::now() < deadline; ++n) {
    resumed = ledger->Submit(f.Donation(n));
    if (resumed.ok()) break;
    ASSERT_EQ(resumed.error().code, Code::kUnavailable) << resumed.error().ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polls the bounded retry
  }
  ASSERT_TRUE(resumed.ok()) << "still refused " << kResumeBound.count()
                            << " s after space returned: " << resumed.error().ToString();
  EXPECT_EQ(resumed->results[0].seq, size);  // no seq was skipped or reused
  acked[resumed->results[0].seq] = resumed->results[0].leaf_hash;
  {
    DonationLoad load(*ledger, f, kSubmitterThreads, 1'000'000);
    ASSERT_TRUE(load.WaitForAcks(kAcksAfterSpaceReturns));
    load.Stop();
    load.Join();
    EXPECT_TRUE(load.errors().empty());
    acked.insert(load.acked().begin(), load.acked().end());
  }
  ExpectAllPresent(ledger->log(), acked, "after space returned");

  // Then the power goes: everything acknowledged, before and after the
  // disk filled, survives; the state agrees with the log.
  fs->Crash();
  ledger.reset();
  ledger = f.OpenLedger();
  ASSERT_TRUE(ledger);
  ExpectAllPresent(ledger->log(), acked, "after the power cut");
  EXPECT_EQ(ExpectValidChain(ledger->log()), ledger->log().size());
  auto next = ledger->Submit(f.Donation(2'000'000));
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  ledger.reset();
  std::string report;
  EXPECT_EQ(f.Audit(report), 0) << report;
  std::printf("disk full: %zu acknowledged events checked, %llu writes refused\n", acked.size(),
              static_cast<unsigned long long>(fs->counts().writes_refused));
}

}  // namespace
}  // namespace ledger
