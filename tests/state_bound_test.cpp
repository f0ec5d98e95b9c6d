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
    Reopen({.state_cache_entries = kCacheLimit});
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

  void Reopen(const LedgerOptions& options) {
    ledger_.reset();
    auto key = PrivateKey::ReadPemFile(data_dir() + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok());
    auto opened = Ledger::Open({.dir = data_dir(), .checkpoint_interval = std::chrono::milliseconds(0)},
                               std::move(*key), options);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(*opened);
  }

  // Org o's batch of 25 donations number n0, n0 + 1, ... spread over its funds.
  Json Donations(int o, int n0) {
    std::vector<Json> events;
    for (int n = n0; n < n0 + 25; ++n)
      events.push_back(testing::BatchEvent(
          "donation.received", "d-" + std::to_string(n),
          {{"receipt", "R-" + std::to_string(n)}, {"fund", Fund(o, n % kFundsPerOrg)}, {"amount_fen", 100 + n},
           {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
           {"channel", "online"}, {"date", "2026-10-01"}}));
    return testing::Batch(Org(o), std::move(events), keys_[o]);
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
      Must(Donations(o, (round * kOrgs + o) * 25));
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

// Entries of any size count against the byte limit too: with room for
// many entries but few bytes, the cache holds what the bytes allow.
TEST_F(StateBound, CacheStaysWithinItsByteLimit) {
  constexpr std::size_t kBytes = 8 * 1024;
  Reopen({.state_cache_entries = 100'000, .state_cache_bytes = kBytes});
  std::size_t peak_bytes = 0;
  for (int round = 0; round < 20; ++round)
    for (int o = 0; o < kOrgs; ++o) {
      Must(Donations(o, (round * kOrgs + o) * 25));
      const LedgerMemory memory = ledger_->Memory();
      ASSERT_LE(memory.cached_bytes, kBytes);
      ASSERT_EQ(memory.cache_bytes_limit, kBytes);
      ASSERT_LT(memory.cached_entries, 100u);
      peak_bytes = std::max(peak_bytes, memory.cached_bytes);
    }
  EXPECT_GT(peak_bytes, kBytes / 2);  // used
}

TEST_F(StateBound, ACacheOfNothingDecidesTheSame) {
  Reopen({.state_cache_entries = 0});
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
