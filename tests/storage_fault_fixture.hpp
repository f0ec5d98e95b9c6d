// A ledger for the storage fault tests (power loss, a full disk, flipped
// bits): one org with a fund, donations posted through Ledger::Submit from
// many threads, and what each acknowledged, to check against what the
// reopened ledger holds.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cli.hpp"
#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"
#include "test_dates.hpp"

namespace ledger::testing {

class StorageFaultLedger : public LedgerFixture {
 public:
  static constexpr const char* kOrg = "org-faults";
  static constexpr const char* kFund = "fund-faults";

  StorageFaultLedger() : org_key_(*PrivateKey::Generate()) {
    auto ledger = OpenLedger();
    EXPECT_TRUE(ledger);
    if (!ledger) return;
    Expect(ledger->Submit(SignedSubmission("org.registered", "civil-affairs", "reg-faults",
                                           RegisterBody(kOrg, "charity", {"fundraise", "disburse"},
                                                        org_key_.public_key()),
                                           regulator())));
    Expect(ledger->Submit(SignedSubmission(
        "fund.opened", kOrg, "open-faults",
        {{"id", kFund}, {"owner", kOrg}, {"kind", "donations"}, {"purpose", "general"},
         {"restricted", false}, {"name", "Fund for storage faults"}},
        org_key_)));
  }

  // Donation number `n` (distinct receipt and idem for each n).
  Json Donation(int n) const {
    return SignedSubmission(
        "donation.received", kOrg, "d-" + std::to_string(n),
        {{"receipt", "R-" + std::to_string(n)}, {"fund", kFund}, {"amount_fen", 100 + n % 1000},
         {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
         {"channel", "online"}, {"date", TodayInBeijing()}},
        org_key_);
  }

  // Runs `ledger-audit --data` over the (closed) data directory; its exit
  // code (0: passed), with what it printed in `report`.
  int Audit(std::string& report) const {
    const std::vector<std::string> args = {"--data", data_dir(), "--quiet"};
    std::ostringstream out, err;
    const int code = audit::RunAuditCli(args, out, err);
    report = out.str() + err.str();
    return code;
  }

 private:
  static void Expect(const Result<SubmitOutcome>& r) {
    EXPECT_TRUE(r.ok()) << r.error().ToString();
  }
  PrivateKey org_key_;
};

// Submits donations from `threads` threads until a submission fails or
// Stop(), keeping every acknowledged (seq -> leaf hash). Numbers donations
// from `first` on, so that rounds do not repeat an idem.
class DonationLoad {
 public:
  DonationLoad(Ledger& ledger, const StorageFaultLedger& f, int threads, int first) {
    for (int t = 0; t < threads; ++t)
      threads_.emplace_back([this, &ledger, &f, t, threads, first] {
        for (int n = first + t; !stop_.load(); n += threads) {
          auto r = ledger.Submit(f.Donation(n));
          if (!r.ok()) {
            std::lock_guard lock(mu_);
            errors_.push_back(r.error());
            return;
          }
          std::lock_guard lock(mu_);
          for (const EventResult& e : r->results) acked_[e.seq] = e.leaf_hash;
          acked_cv_.notify_all();
        }
      });
  }
  ~DonationLoad() {
    Stop();
    Join();
  }

  // Waits until `count` submissions were acknowledged, or a thread failed,
  // or `bound` passed; true if `count` were.
  bool WaitForAcks(std::size_t count, std::chrono::seconds bound = std::chrono::seconds(60)) {
    std::unique_lock lock(mu_);
    return acked_cv_.wait_for(lock, bound, [&] { return acked_.size() >= count || !errors_.empty(); }) &&
           acked_.size() >= count;
  }
  void Stop() { stop_ = true; }
  // Waits for every thread to stop (after Stop, or its first refusal).
  void Join() {
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  // After Join.
  const std::map<uint64_t, Hash>& acked() const { return acked_; }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable acked_cv_;
  std::map<uint64_t, Hash> acked_;  // guarded by mu_
  std::vector<Error> errors_;       // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace ledger::testing
