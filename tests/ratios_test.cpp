// Regulatory ratios (DESIGN.md §8, docs/ratios.md): what counts as income
// and spending, in which year, and each check at its exact threshold. The
// accounts are built by applying real event bodies, as the audit tool's
// replay does; every number below is computed by hand. The management
// expense check is in ratios_management_test.cpp.
#include "ledger/ratios.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ratios_fixture.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

using testing::DonationBody;
using testing::FundBody;
using testing::IncomeBody;
using testing::TransferBody;
using testing::TrustBody;

// --- YearOfTimestamp --------------------------------------------------------

TEST(YearOfTimestamp, IsTheYearInChinaStandardTime) {
  EXPECT_EQ(YearOfTimestamp("2026-12-31T15:59:59.999Z").value(), 2026);
  EXPECT_EQ(YearOfTimestamp("2026-12-31T16:00:00.000Z").value(), 2027);
  EXPECT_EQ(YearOfTimestamp("2026-01-01T00:00:00.000Z").value(), 2026);  // 08:00 in Beijing
  EXPECT_EQ(YearOfTimestamp("2025-12-31T23:59:59.999Z").value(), 2026);
  EXPECT_EQ(YearOfTimestamp("2026-06-30T20:00:00.000Z").value(), 2026);  // only 31 December moves
  EXPECT_EQ(YearOfTimestamp("2028-02-29T12:00:00.000Z").value(), 2028);  // a leap day
}

TEST(YearOfTimestamp, RefusesAnythingButTheStoredForm) {
  for (const char* ts :
       {"", "2026-12-31T16:00:00Z", "2026-12-31 16:00:00.000Z", "2026-12-31T16:00:00.000",
        "2026-12-31T16:00:00.000z", "2026-12-31T16:00:00.000+08:00", "2026-12-31T16:00:00.0000Z",
        "2026-13-01T00:00:00.000Z", "2026-00-10T00:00:00.000Z", "2026-02-29T00:00:00.000Z",
        "2026-04-31T00:00:00.000Z", "2026-12-00T00:00:00.000Z", "2026-12-31T24:00:00.000Z",
        "2026-12-31T23:60:00.000Z", "2026-12-31T23:59:60.000Z", "2026-12-3lT16:00:00.000Z",
        "-026-12-31T16:00:00.000Z", " 2026-12-31T16:00:00.000Z"}) {
    Result<int> year = YearOfTimestamp(ts);
    ASSERT_FALSE(year.ok()) << ts;
    EXPECT_EQ(year.error().code, Code::kInvalidArgument) << ts;
    EXPECT_EQ(year.error().field, "ts") << ts;
  }
  EXPECT_EQ(YearOfTimestamp("2026-02-29T00:00:00.000Z").error().message,
            "\"2026-02-29T00:00:00.000Z\" is not a UTC time YYYY-MM-DDThh:mm:ss.mmmZ");
}

// --- what counts -------------------------------------------------------------

TEST_F(Ratios, SourcesAndSpendingCountForTheFundOwnerInTheEventsYear) {
  Donate(2025, kCharity, 1'000'000);
  Disburse(2026, kCharity, 100'000);
  Expense(2026, kCharity, 20'000, "program");
  Expense(2026, kCharity, 30'000, "management");
  Expense(2026, kCharity, 40'000, "fundraising");
  EXPECT_EQ(Totals(kCharity, 2025), (Fens{.income = 1'000'000}));
  EXPECT_EQ(Totals(kCharity, 2026),
            (Fens{.charitable = 120'000, .management = 30'000, .fundraising = 40'000}));
}

TEST_F(Ratios, TrustContributionsAndIncomeAreIncome) {
  Post(2026, EventKind::kTrustEstablished, kTrustee, TrustBody("edu-trust", "education"));
  Post(2026, EventKind::kTrustContributed, kTrustee, DonationBody("T-1", "edu-trust", 500'000));
  Post(2026, EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("edu-trust", 12'345));
  EXPECT_EQ(Totals(kTrustee, 2026), (Fens{.income = 512'345}));
}

TEST_F(Ratios, GrantIsSpendingForTheGiverAndIncomeForTheReceiver) {
  Donate(2026, kFoundation, 900'000);
  Grant(2026, kFoundation, kNanshan, 300'000);
  EXPECT_EQ(Totals(kFoundation, 2026), (Fens{.income = 900'000, .charitable = 300'000}));
  EXPECT_EQ(Totals(kNanshan, 2026), (Fens{.income = 300'000}));
}

TEST_F(Ratios, TransferBetweenFundsOfOneOrgIsNeitherIncomeNorSpending) {
  Post(2025, EventKind::kFundOpened, kCharity,
       FundBody("sz-charity-elderly", kCharity, "elderly", true));
  Post(2025, EventKind::kFundOpened, kLottery,
       FundBody("gd-lottery-reserve", kLottery, "general", false, "lottery_welfare"));
  Donate(2025, kCharity, 1'000'000);
  Post(2026, EventKind::kFundsTransferred, kCharity,
       TransferBody(Fund(kCharity), "sz-charity-elderly", 800'000, "allocation"));
  Sales(2026, "2026-03", 1'000'000, 360'000);
  Post(2026, EventKind::kFundsTransferred, kLottery,
       TransferBody(Fund(kLottery), "gd-lottery-reserve", 360'000, "remittance"));
  EXPECT_EQ(Totals(kCharity, 2026), Fens{});
  EXPECT_EQ(Totals(kLottery, 2026), (Fens{.welfare = 360'000}));
  // So the charity spent nothing on charity in 2026, and the centre remitted nothing.
  EXPECT_EQ(Judge(2027),
            (std::vector<Judged>{{"central_remittance", kLottery, 2026, 0, 360'000},
                                 {"charitable_spending", kCharity, 2026, 0, 1'000'000}}));
}

// --- charitable spending >= 70% of the prior year's income ------------------

TEST_F(Ratios, CharitableSpendingOfExactlySeventyPercentPasses) {
  Donate(2025, kCharity, 1'000'000);
  Disburse(2026, kCharity, 700'000);
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, CharitableSpendingOneFenBelowSeventyPercentWarns) {
  Donate(2025, kCharity, 1'000'000);
  Disburse(2026, kCharity, 699'999);
  std::vector<RatioWarning> warnings = Warnings(2027);
  ASSERT_EQ(Judgements(warnings),
            (std::vector<Judged>{{"charitable_spending", kCharity, 2026, 699'999, 1'000'000}}));
  EXPECT_EQ(warnings[0].message,
            "sz-charity spent 6,999.99 yuan on charitable activities in 2026, 69.99% of its 2025 "
            "income of 10,000.00 yuan; at least 70% (7,000.00 yuan) is expected, 0.01 yuan short");
}

TEST_F(Ratios, SeventyPercentOfAnOddIncomeIsRoundedUp) {
  Donate(2025, kCharity, 1'000'001);  // 70% is 700,000.7 fen: 700,001 is needed
  const uint64_t short_by_a_fen = Disburse(2026, kCharity, 700'000);
  EXPECT_EQ(Judge(2027),
            (std::vector<Judged>{{"charitable_spending", kCharity, 2026, 700'000, 1'000'001}}));
  Reverse(2027, kCharity, short_by_a_fen);
  Disburse(2026, kCharity, 700'001);
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, CharitableSpendingIsNotJudgedWithoutPriorYearIncome) {
  Donate(2026, kCharity, 1'000'000);  // its first year: nothing to compare with
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, AYearWithNoEventsAfterAYearOfIncomeWarns) {
  Donate(2025, kCharity, 1'000'000);
  Donate(2027, kCharity, 1);  // 2026 passed without charitable spending
  EXPECT_EQ(Judge(2028),
            (std::vector<Judged>{{"charitable_spending", kCharity, 2026, 0, 1'000'000}}));
}

// --- which orgs --------------------------------------------------------------

TEST_F(Ratios, AnOrgWithoutFundraiseIsNotChecked) {
  Donate(2025, kFoundation, 30'000'000);
  Grant(2025, kFoundation, kNanshan, 30'000'000);
  // Nanshan spends nothing on charity in 2026, and only on management:
  // both checks would warn, if it could raise funds from the public.
  Expense(2026, kNanshan, 20'000'000, "management");
  EXPECT_EQ(Totals(kNanshan, 2025), (Fens{.income = 30'000'000}));
  EXPECT_EQ(Totals(kNanshan, 2026), (Fens{.management = 20'000'000}));
  EXPECT_EQ(Judge(2027),
            (std::vector<Judged>{{"charitable_spending", kFoundation, 2026, 0, 30'000'000}}));
}

TEST_F(Ratios, TheIncompleteCurrentYearIsNotJudged) {
  Donate(2025, kCharity, 1'000'000);
  Sales(2026, "2026-01", 1'000'000, 360'000);
  Expense(2026, kCharity, 1'000'000, "management");  // nothing charitable, all management
  EXPECT_EQ(Judge(2026), std::vector<Judged>{});
  EXPECT_EQ(Judge(2027),
            (std::vector<Judged>{{"central_remittance", kLottery, 2026, 0, 360'000},
                                 {"charitable_spending", kCharity, 2026, 0, 1'000'000}}));
}

// --- central remittance >= 50% of the welfare share -------------------------

TEST_F(Ratios, RemittanceOfHalfTheWelfareShareRoundedDownPasses) {
  // floor(1,000,003 × 3600 / 10000) = 360,001 fen; half, rounded down: 180,000.
  Sales(2026, "2026-03", 1'000'003, 360'001);
  Grant(2026, kLottery, kCentral, 180'000, "remittance");
  EXPECT_EQ(Totals(kLottery, 2026),
            (Fens{.charitable = 180'000, .welfare = 360'001, .remitted = 180'000}));
  EXPECT_EQ(Totals(kCentral, 2026), (Fens{.income = 180'000}));
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, RemittanceOneFenShortWarns) {
  Sales(2026, "2026-03", 1'000'003, 360'001);
  Grant(2026, kLottery, kCentral, 179'999, "remittance");
  Grant(2026, kLottery, kCentral, 100'000, "allocation");  // not a remittance
  std::vector<RatioWarning> warnings = Warnings(2027);
  ASSERT_EQ(Judgements(warnings),
            (std::vector<Judged>{{"central_remittance", kLottery, 2026, 179'999, 360'001}}));
  EXPECT_EQ(warnings[0].message,
            "gd-lottery-center remitted 1,799.99 yuan to the central level in 2026, 49.99% of the "
            "3,600.01 yuan welfare share of its sales reported that year; at least 50% (1,800.00 "
            "yuan) is due, 0.01 yuan short");
}

TEST_F(Ratios, RemittanceMadeEarlyNextYearCountsInThatYear) {
  Sales(2026, "2026-12", 1'000'000, 360'000);
  Grant(2027, kLottery, kCentral, 180'000, "remittance");  // for December 2026, paid in January
  Sales(2027, "2027-01", 1'000'000, 360'000);
  EXPECT_EQ(Judge(2028), (std::vector<Judged>{{"central_remittance", kLottery, 2026, 0, 360'000}}));
}

// --- reversals ----------------------------------------------------------------

TEST_F(Ratios, ReversedDonationLeavesTheYearItWasCountedIn) {
  Donate(2025, kCharity, 1'000'000);
  const auto before = YearRecords();
  const uint64_t donation = Donate(2025, kCharity, 500'000);
  EXPECT_EQ(Totals(kCharity, 2025), (Fens{.income = 1'500'000}));
  Reverse(2026, kCharity, donation);
  EXPECT_EQ(Totals(kCharity, 2025), (Fens{.income = 1'000'000}));
  EXPECT_EQ(Totals(kCharity, 2026), Fens{});
  EXPECT_TRUE(YearRecords() == before) << "the reversal left a trace of the donation";
  Disburse(2026, kCharity, 700'000);  // 70% of what is left
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, ReversedDisbursementLeavesTheYearItWasCountedIn) {
  Donate(2025, kCharity, 1'000'000);
  Disburse(2026, kCharity, 600'000);
  const uint64_t disbursement = Disburse(2026, kCharity, 100'000);
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
  Reverse(2027, kCharity, disbursement);
  EXPECT_EQ(Totals(kCharity, 2026), (Fens{.charitable = 600'000}));
  EXPECT_EQ(Totals(kCharity, 2027), Fens{});
  EXPECT_EQ(Judge(2027),
            (std::vector<Judged>{{"charitable_spending", kCharity, 2026, 600'000, 1'000'000}}));
}

TEST_F(Ratios, ReversedGrantLeavesBothOrgsInItsYear) {
  Donate(2026, kFoundation, 900'000);
  Grant(2026, kFoundation, kNanshan, 200'000);
  const uint64_t grant = Grant(2026, kFoundation, kNanshan, 300'000);
  Reverse(2027, kFoundation, grant);
  EXPECT_EQ(Totals(kFoundation, 2026), (Fens{.income = 900'000, .charitable = 200'000}));
  EXPECT_EQ(Totals(kNanshan, 2026), (Fens{.income = 200'000}));
  EXPECT_EQ(Totals(kFoundation, 2027), Fens{});
  EXPECT_EQ(Totals(kNanshan, 2027), Fens{});
}

TEST_F(Ratios, ReversedSalesReportAndRemittanceLeaveTheirYear) {
  Sales(2026, "2026-03", 1'000'000, 360'000);
  const uint64_t april = Sales(2026, "2026-04", 1'000'000, 360'000);
  const uint64_t remittance =
      Grant(2026, kLottery, kCentral, 360'000, "remittance");  // March's lot
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
  Reverse(2027, kLottery, april);
  EXPECT_EQ(Totals(kLottery, 2026),
            (Fens{.charitable = 360'000, .welfare = 360'000, .remitted = 360'000}));
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
  Reverse(2027, kLottery, remittance);
  EXPECT_EQ(Totals(kLottery, 2026), (Fens{.welfare = 360'000}));
  EXPECT_EQ(Totals(kCentral, 2026), Fens{});
  EXPECT_EQ(Totals(kLottery, 2027), Fens{});
  EXPECT_EQ(Judge(2027), (std::vector<Judged>{{"central_remittance", kLottery, 2026, 0, 360'000}}));
}

// --- order --------------------------------------------------------------------

TEST_F(Ratios, WarningsAreOrderedByCheckOrgAndYear) {
  Donate(2025, kFoundation, 40'000'000);
  Donate(2025, kCharity, 1'000'000);
  Sales(2025, "2025-06", 1'000'000, 360'000);
  Expense(2026, kFoundation, 20'000'000, "management");  // nothing charitable, all management
  Sales(2027, "2027-06", 1'000'000, 360'000);
  Expense(2027, kFoundation, 1'000'000, "management");
  EXPECT_EQ(Judge(2028), (std::vector<Judged>{
                             {"central_remittance", kLottery, 2025, 0, 360'000},
                             {"central_remittance", kLottery, 2027, 0, 360'000},
                             {"charitable_spending", kCharity, 2026, 0, 1'000'000},
                             {"charitable_spending", kFoundation, 2026, 0, 40'000'000},
                             {"management_expenses", kFoundation, 2026, 20'000'000, 20'000'000}}));
}

}  // namespace
}  // namespace ledger
