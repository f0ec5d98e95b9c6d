// The portal's aggregates: what each kind of event counts, where, and that
// taking an event back leaves no trace of it. The counting (ApplyStats) is
// fed event bodies over a state in memory and read back from its stats/ and
// honour/ records; the last test goes through ApplyEvent, as the ledger does.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "accounts_util.hpp"
#include "ledger/domain/aggregates.hpp"
#include "ledger/domain/memory_kv.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/stats.hpp"

namespace ledger {
namespace {

const std::string kOrg = "gd-lottery";
constexpr Purpose kPurpose = Purpose::kElderly;  // of the fund the money entered

template <class R>
std::optional<R> Read(const MemoryKv& kv, const std::string& key) {
  Overlay overlay(&kv);
  State state(overlay);
  auto found = state.Find<R>(key);
  EXPECT_TRUE(found.ok()) << found.error().ToString();
  return found.ok() ? *found : std::nullopt;
}

// Every key of the state, in order.
std::vector<std::string> KeysIn(const MemoryKv& kv) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : kv.data()) keys.push_back(key.second);
  return keys;
}

// The aggregates of the events counted so far, held in a state in memory.
class Stats : public ::testing::Test {
 protected:
  // Counts `body` (sign +1) or takes it back (sign -1) as event `seq` posted
  // by `poster`, into a fund for kPurpose.
  void Count(EventKind kind, const Json& body, const std::string& poster, uint64_t seq, int sign) {
    auto decoded = DecodeBody(EventTypeOf(kind), body);
    ASSERT_TRUE(decoded.ok()) << EventTypeOf(kind).name << ": " << decoded.error().ToString();
    Overlay overlay(&kv_);
    State state(overlay);
    const OrgId org(poster);
    Status counted = ApplyStats(*decoded, StatsEvent{Seq(seq), org, kPurpose}, sign, state);
    ASSERT_TRUE(counted.ok()) << counted.error().ToString();
    kv_.Commit(overlay);
  }

  std::optional<StatsBucket> Bucket(std::string_view path) const {
    return Read<StatsBucket>(kv_, keys::Stats(path));
  }
  std::optional<HonourEntry> Honour(uint64_t seq) const { return Read<HonourEntry>(kv_, keys::Honour(Seq(seq))); }
  // Only aggregates are counted here, so these are all stats/ and honour/ keys.
  std::vector<std::string> Keys() const { return KeysIn(kv_); }

 private:
  MemoryKv kv_;
};

TEST_F(Stats, SalesReportCountsSalesAndWelfareByGameAndMonth) {
  const Json body = {{"period", "2026-10"}, {"game", "ssq"}, {"sales_fen", 1000000},
                     {"welfare_rate_bp", 3600}, {"welfare_fen", 360000}, {"fund", "gd-welfare"}};
  Count(EventKind::kLotterySalesReported, body, kOrg, 7, 1);
  EXPECT_EQ(Bucket("lottery/ssq/2026-10"), (StatsBucket{1000000, 1, 360000}));
  EXPECT_EQ(Keys(), std::vector<std::string>{keys::Stats("lottery/ssq/2026-10")});  // that bucket only
  Count(EventKind::kLotterySalesReported, body, kOrg, 7, -1);
  EXPECT_EQ(Bucket("lottery/ssq/2026-10"), std::nullopt);
  EXPECT_EQ(Keys(), std::vector<std::string>{});
}

TEST_F(Stats, DonationCountsInEveryDimensionAndNamedDonorsJoinTheHonourList) {
  const Json body = {{"receipt", "R-1"}, {"fund", "f"}, {"amount_fen", 500},
                     {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "enterprise"},
                                {"display_name", "Pengcheng Logistics"}}},
                     {"channel", "bank"}, {"date", "2026-11-23"}};
  Count(EventKind::kDonationReceived, body, "charity", 9, 1);
  const std::vector<std::string> paths = {"donations/total", "donations/month/2026-11", "donations/purpose/elderly",
                                          "donations/channel/bank", "donations/org/charity"};
  for (const std::string& path : paths) EXPECT_EQ(Bucket(path), (StatsBucket{500, 1, 0})) << path;
  EXPECT_EQ(Honour(9), (HonourEntry{9, "Pengcheng Logistics", 500, "charity", "2026-11-23"}));
  EXPECT_EQ(Keys().size(), paths.size() + 1) << "five buckets and one honour entry";
  Count(EventKind::kDonationReceived, body, "charity", 9, -1);
  EXPECT_EQ(Honour(9), std::nullopt);
  EXPECT_EQ(Keys(), std::vector<std::string>{});
}

TEST_F(Stats, TransfersAndFundsAreNotCounted) {
  const Json transfer = {{"from", "a"}, {"to", "b"}, {"amount_fen", 5}, {"reason", "grant"},
                         {"reference", "r"}, {"date", "2026-11-15"}};
  Count(EventKind::kFundsTransferred, transfer, kOrg, 3, 1);
  Count(EventKind::kFundOpened, testing::FundBody("a", kOrg, "elderly", true), kOrg, 4, 1);
  EXPECT_EQ(Keys(), std::vector<std::string>{});
}

TEST_F(Stats, SpendingCountsByPurposeCategoryAndOrg) {
  const Json disbursement = {{"fund", "f"}, {"amount_fen", 300},
                             {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                             {"purpose", "elderly"}, {"reference", "r"}, {"date", "2026-11-15"}};
  const Json expense = {{"fund", "f"}, {"amount_fen", 20}, {"category", "management"}, {"date", "2026-11-15"}};
  Count(EventKind::kDisbursementMade, disbursement, "charity", 4, 1);
  Count(EventKind::kExpenseRecorded, expense, "charity", 5, 1);
  EXPECT_EQ(Bucket("spending/purpose/elderly"), (StatsBucket{300, 1, 0}));
  EXPECT_EQ(Bucket("spending/category/management"), (StatsBucket{20, 1, 0}));
  EXPECT_EQ(Bucket("spending/org/charity"), (StatsBucket{320, 2, 0}));
}

// Through the ledger's one dispatcher: the purpose is the fund's, and a
// reversal takes back every bucket and the honour entry.
TEST_F(Stats, ADonationCountsItsFundsPurposeAndItsReversalLeavesNoTrace) {
  testing::Books books;
  books.Open(testing::kCharity, "care", "disabled", false);
  Json body = testing::DonationBody("R-1", "care", 800);
  body["donor"]["display_name"] = "Pengcheng Logistics";
  const uint64_t donation = books.Post(EventKind::kDonationReceived, testing::kCharity, body);
  EXPECT_EQ(Read<StatsBucket>(books.kv(), keys::Stats("donations/purpose/disabled")), (StatsBucket{800, 1, 0}));
  EXPECT_EQ(Read<HonourEntry>(books.kv(), keys::Honour(Seq(donation))),
            (HonourEntry{donation, "Pengcheng Logistics", 800, testing::kCharity, "2026-03-14"}));
  books.Reverse(testing::kCharity, donation);
  for (const std::string& key : KeysIn(books.kv())) {
    EXPECT_FALSE(key.starts_with(keys::kStatsPrefix)) << key << " is left";
    EXPECT_FALSE(key.starts_with(keys::kHonourPrefix)) << "an honour entry is left";
  }
}

}  // namespace
}  // namespace ledger
