// Regulatory ratios: management expenses may be at most 10% (a
// public-fundraising foundation) or 13% (a charity) of a year's total
// spending, judged only from 200,000.00 yuan of management on; each
// threshold is tested at its exact fen and one fen over.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "ledger/ratios.hpp"
#include "ratios_fixture.hpp"

namespace ledger {
namespace {

// Management of 200,000.00 yuan and more is judged (below it is exempt), so
// these years spend 2,000,000.00 yuan in all.

TEST_F(Ratios, FoundationManagementOfExactlyTenPercentPasses) {
  Donate(2026, kFoundation, 200'000'000);
  Disburse(2026, kFoundation, 180'000'000);
  Expense(2026, kFoundation, 20'000'000, "management");
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, FoundationManagementOneFenOverTenPercentWarns) {
  Donate(2026, kFoundation, 200'000'000);
  Disburse(2026, kFoundation, 179'999'999);
  Expense(2026, kFoundation, 20'000'001, "management");
  std::vector<RatioWarning> warnings = Warnings(2027);
  ASSERT_EQ(
      Judgements(warnings),
      (std::vector<Judged>{{"management_expenses", kFoundation, 2026, 20'000'001, 200'000'000}}));
  EXPECT_EQ(warnings[0].message,
            "sz-foundation spent 200,000.01 yuan on management in 2026, 10.01% of its total "
            "spending of 2,000,000.00 yuan; a public-fundraising foundation may spend at most 10% "
            "(200,000.00 yuan), 0.01 yuan over");
}

TEST_F(Ratios, ThirteenPercentWarnsForAFoundationButNotForACharity) {
  for (const char* org : {kFoundation, kCharity}) {
    Donate(2026, org, 200'000'000);
    Disburse(2026, org, 174'000'000);
    Expense(2026, org, 26'000'000, "management");
  }
  EXPECT_EQ(
      Judge(2027),
      (std::vector<Judged>{{"management_expenses", kFoundation, 2026, 26'000'000, 200'000'000}}));
}

TEST_F(Ratios, CharityManagementOneFenOverThirteenPercentWarns) {
  Donate(2026, kCharity, 200'000'000);
  Disburse(2026, kCharity, 173'999'999);
  Expense(2026, kCharity, 26'000'001, "management");
  std::vector<RatioWarning> warnings = Warnings(2027);
  ASSERT_EQ(
      Judgements(warnings),
      (std::vector<Judged>{{"management_expenses", kCharity, 2026, 26'000'001, 200'000'000}}));
  EXPECT_EQ(warnings[0].message,
            "sz-charity spent 260,000.01 yuan on management in 2026, 13.01% of its total spending "
            "of 2,000,000.00 yuan; a public-fundraising charity may spend at most 13% (260,000.00 "
            "yuan), 0.01 yuan over");
}

TEST_F(Ratios, FundraisingExpensesCountInTheTotalSpending) {
  Donate(2026, kFoundation, 200'000'000);
  Disburse(2026, kFoundation, 170'000'000);
  Expense(2026, kFoundation, 20'000'000, "management");
  // 200,000.00 of 1,900,000.00 yuan: over 10%.
  EXPECT_EQ(
      Judge(2027),
      (std::vector<Judged>{{"management_expenses", kFoundation, 2026, 20'000'000, 190'000'000}}));
  Expense(2026, kFoundation, 10'000'000, "fundraising");
  // 200,000.00 of 2,000,000.00 yuan: exactly 10%.
  EXPECT_EQ(Totals(kFoundation, 2026), (Fens{.income = 200'000'000,
                                             .charitable = 170'000'000,
                                             .management = 20'000'000,
                                             .fundraising = 10'000'000}));
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
}

TEST_F(Ratios, ManagementIsNotJudgedBelowTwoHundredThousandYuanOfManagement) {
  // About 15% management either way; only the management expenses decide.
  Donate(2026, kFoundation, 200'000'000);
  Disburse(2026, kFoundation, 113'333'334);
  Expense(2026, kFoundation, 19'999'999, "management");  // 199,999.99 of 1,333,333.33 yuan
  EXPECT_EQ(Judge(2027), std::vector<Judged>{});
  Expense(2026, kFoundation, 1, "management");  // 200,000.00 of 1,333,333.34 yuan
  std::vector<RatioWarning> warnings = Warnings(2027);
  ASSERT_EQ(
      Judgements(warnings),
      (std::vector<Judged>{{"management_expenses", kFoundation, 2026, 20'000'000, 133'333'334}}));
  EXPECT_EQ(warnings[0].message,
            "sz-foundation spent 200,000.00 yuan on management in 2026, 15.00% of its total "
            "spending of 1,333,333.34 yuan; a public-fundraising foundation may spend at most 10% "
            "(133,333.33 yuan), 66,666.67 yuan over");
}

// A reversal posted in a later year takes back exactly what its event
// counted, in the year it was counted, and writes no other org or year.
TEST_F(Ratios, AReversalTakesBackItsEventExactlyInTheEventsYear) {
  Donate(2025, kCharity, 100'000);  // the grant takes this one, the oldest
  const uint64_t gift = Donate(2025, kCharity, 500'000);
  Grant(2025, kCharity, kNanshan, 100'000);
  Donate(2026, kCharity, 7'000);
  const auto before = YearRecords();
  Reverse(2026, kCharity, gift);
  EXPECT_EQ(Totals(kCharity, 2025), (Fens{.income = 100'000, .charitable = 100'000}));
  EXPECT_EQ(Totals(kCharity, 2026), (Fens{.income = 7'000}));
  EXPECT_EQ(Totals(kNanshan, 2025), (Fens{.income = 100'000}));
  EXPECT_EQ(ChangedYears(before, YearRecords()), (std::set<std::string>{keys::OrgYear(OrgId(kCharity), 2025)}));
}

TEST_F(Ratios, ATransferWritesTheTotalsOfBothOrgsItCountedFor) {
  Donate(2026, kCharity, 10'000);
  const auto before = YearRecords();
  Grant(2026, kCharity, kNanshan, 4'000);
  EXPECT_EQ(ChangedYears(before, YearRecords()),
            (std::set<std::string>{keys::OrgYear(OrgId(kCharity), 2026), keys::OrgYear(OrgId(kNanshan), 2026)}));
}

}  // namespace
}  // namespace ledger
