// Memory that does not grow with history: with a cache limit set, however
// many events the ledger decides, the cached state records and the
// submissions waiting for the writer stay within their limits (counted,
// not timed), while the cache is really used.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

constexpr std::size_t kCacheLimit = 64;
constexpr int kOrgs = 4;
constexpr int kFundsPerOrg = 10;

class StateBound : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    auto key = PrivateKey::ReadPemFile(data_dir() + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok());
    auto opened = Ledger::Open({.dir = data_dir(), .checkpoint_interval = std::chrono::milliseconds(0)},
                               std::move(*key), {.state_cache_entries = kCacheLimit});
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(*opened);
    for (int o = 0; o < kOrgs; ++o) {
      keys_.push_back(*PrivateKey::Generate());
      Must(testing::SignedSubmission("org.registered", "civil-affairs", "reg-" + Org(o),
                                     testing::RegisterBody(Org(o), "charity", {"fundraise", "disburse"},
                                                           keys_.back().public_key()),
                                     regulator()));
      for (int f = 0; f < kFundsPerOrg; ++f)
        Must(testing::SignedSubmission("fund.opened", Org(o), "open-" + std::to_string(f),
                                       {{"id", Fund(o, f)}, {"owner", Org(o)}, {"kind", "donations"},
                                        {"purpose", "general"}, {"restricted", false}, {"name", Fund(o, f)}},
                                       keys_[o]));
    }
  }

  static std::string Org(int o) { return "org-" + std::to_string(o); }
  static std::string Fund(int o, int f) { return "fund-" + std::to_string(o) + "-" + std::to_string(f); }
  void Must(const Json& doc) {
    auto r = ledger_->Submit(doc);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  std::unique_ptr<Ledger> ledger_;
  std::vector<PrivateKey> keys_;
};

TEST_F(StateBound, CacheAndQueueStayWithinTheirLimitsWhateverTheHistory) {
  std::size_t peak_cached = 0;
  for (int round = 0; round < 60; ++round) {
    for (int o = 0; o < kOrgs; ++o) {
      std::vector<Json> events;
      for (int k = 0; k < 25; ++k) {
        const int n = (round * kOrgs + o) * 25 + k;
        events.push_back(testing::BatchEvent(
            "donation.received", "d-" + std::to_string(n),
            {{"receipt", "R-" + std::to_string(n)}, {"fund", Fund(o, n % kFundsPerOrg)}, {"amount_fen", 100 + n},
             {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
             {"channel", "online"}, {"date", "2026-10-01"}}));
      }
      Must(testing::Batch(Org(o), std::move(events), keys_[o]));
      const LedgerMemory memory = ledger_->Memory();
      ASSERT_LE(memory.cached_entries, kCacheLimit);
      ASSERT_EQ(memory.cache_limit, kCacheLimit);
      ASSERT_EQ(memory.queued_submissions, 0u);  // Submit has returned: nothing waits
      peak_cached = std::max(peak_cached, memory.cached_entries);
    }
  }
  EXPECT_EQ(ledger_->log().size(), 1u + kOrgs * (1 + kFundsPerOrg) + 60u * kOrgs * 25);
  EXPECT_EQ(peak_cached, kCacheLimit);  // used, and full
}

TEST_F(StateBound, ACacheOfNothingDecidesTheSame) {
  auto key = PrivateKey::ReadPemFile(data_dir() + "/" + kLogKeyFile);
  ASSERT_TRUE(key.ok());
  ledger_.reset();
  auto opened = Ledger::Open({.dir = data_dir(), .checkpoint_interval = std::chrono::milliseconds(0)},
                             std::move(*key), {.state_cache_entries = 0});
  ASSERT_TRUE(opened.ok());
  ledger_ = std::move(*opened);
  Must(testing::SignedSubmission("donation.received", Org(0), "uncached",
                                 {{"receipt", "U-1"}, {"fund", Fund(0, 0)}, {"amount_fen", 100},
                                  {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
                                  {"channel", "online"}, {"date", "2026-10-01"}},
                                 keys_[0]));
  EXPECT_EQ(ledger_->Memory().cached_entries, 0u);
  EXPECT_EQ((*ledger_->FundJson(Fund(0, 0), 0, 10))["balance_fen"], 100);
}

}  // namespace
}  // namespace ledger
