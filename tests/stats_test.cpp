// The portal's aggregates: what each kind of event counts, where, and that
// taking an event back leaves no trace of it.
#include <string>

#include <gtest/gtest.h>

#include "ledger/stats.hpp"

namespace ledger {
namespace {

const std::string kOrg = "gd-lottery";
const std::string kPurpose = "elderly";

TEST(Stats, SalesReportCountsSalesAndWelfareByGameAndMonth) {
  Stats stats;
  const Json body = {{"period", "2026-10"}, {"game", "ssq"}, {"sales_fen", 1000000},
                     {"welfare_rate_bp", 3600}, {"welfare_fen", 360000}, {"fund", "gd-welfare"}};
  StatsChange change;
  stats.Apply({EventKind::kLotterySalesReported, body, kOrg, 7, kPurpose}, 1, &change);
  const StatsBucket* bucket = stats.Find("lottery/ssq/2026-10");
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(*bucket, (StatsBucket{1000000, 1, 360000}));
  EXPECT_EQ(change.buckets, std::vector<std::string>{"lottery/ssq/2026-10"});
  stats.Apply({EventKind::kLotterySalesReported, body, kOrg, 7, kPurpose}, -1);
  EXPECT_EQ(stats.Find("lottery/ssq/2026-10"), nullptr);
  EXPECT_TRUE(stats.buckets().empty());
}

TEST(Stats, DonationCountsInEveryDimensionAndNamedDonorsJoinTheHonourList) {
  Stats stats;
  const Json body = {{"receipt", "R-1"}, {"fund", "f"}, {"amount_fen", 500},
                     {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "enterprise"},
                                {"display_name", "Pengcheng Logistics"}}},
                     {"channel", "bank"}, {"date", "2026-11-23"}};
  StatsChange change;
  stats.Apply({EventKind::kDonationReceived, body, "charity", 9, kPurpose}, 1, &change);
  for (const char* path : {"donations/total", "donations/month/2026-11", "donations/purpose/elderly",
                           "donations/channel/bank", "donations/org/charity"}) {
    ASSERT_NE(stats.Find(path), nullptr) << path;
    EXPECT_EQ(*stats.Find(path), (StatsBucket{500, 1, 0})) << path;
  }
  ASSERT_EQ(change.honour_added.size(), 1u);
  EXPECT_EQ(change.honour_added[0], (HonourEntry{9, "Pengcheng Logistics", 500, "charity", "2026-11-23"}));
  StatsChange back;
  stats.Apply({EventKind::kDonationReceived, body, "charity", 9, kPurpose}, -1, &back);
  EXPECT_EQ(back.honour_removed, std::vector<uint64_t>{9});
  EXPECT_TRUE(stats.buckets().empty());
}

TEST(Stats, TransfersAndFundsAreNotCounted) {
  Stats stats;
  const Json transfer = {{"from", "a"}, {"to", "b"}, {"amount_fen", 5}, {"reason", "grant"},
                         {"reference", "r"}};
  stats.Apply({EventKind::kFundsTransferred, transfer, kOrg, 3, kPurpose}, 1);
  EXPECT_TRUE(stats.buckets().empty());
}

TEST(Stats, SpendingCountsByPurposeCategoryAndOrg) {
  Stats stats;
  const Json disbursement = {{"fund", "f"}, {"amount_fen", 300},
                             {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                             {"purpose", "elderly"}, {"reference", "r"}};
  const Json expense = {{"fund", "f"}, {"amount_fen", 20}, {"category", "management"}};
  stats.Apply({EventKind::kDisbursementMade, disbursement, "charity", 4, kPurpose}, 1);
  stats.Apply({EventKind::kExpenseRecorded, expense, "charity", 5, kPurpose}, 1);
  EXPECT_EQ(*stats.Find("spending/purpose/elderly"), (StatsBucket{300, 1, 0}));
  EXPECT_EQ(*stats.Find("spending/category/management"), (StatsBucket{20, 1, 0}));
  EXPECT_EQ(*stats.Find("spending/org/charity"), (StatsBucket{320, 2, 0}));
}

}  // namespace
}  // namespace ledger
