// Disclosure deadlines (include/ledger/obligations.hpp), computed by hand:
// months added across month ends, 29 February and year ends; a long
// campaign's quarters; the four statuses.
#include <gtest/gtest.h>

#include "ledger/obligations.hpp"

namespace ledger {
namespace {

std::vector<std::string> Summary(const std::vector<Obligation>& owed) {
  std::vector<std::string> out;
  for (const Obligation& o : owed) out.push_back(std::string(NameOf(o.kind)) + " " + o.period + " due " + o.due.text);
  return out;
}

TEST(Obligations, MonthsAddedKeepTheDayOrTakeTheMonthsLastDay) {
  EXPECT_EQ(AddMonths(Date{"2026-11-30"}, 3).text, "2027-02-28");
  EXPECT_EQ(AddMonths(Date{"2027-11-30"}, 3).text, "2028-02-29");  // 2028 is a leap year
  EXPECT_EQ(AddMonths(Date{"2026-08-31"}, 3).text, "2026-11-30");
  EXPECT_EQ(AddMonths(Date{"2026-10-31"}, 3).text, "2027-01-31");  // across the year end
  EXPECT_EQ(AddMonths(Date{"2028-02-29"}, 3).text, "2028-05-29");
  EXPECT_EQ(AddMonths(Date{"2027-12-15"}, 3).text, "2028-03-15");
  EXPECT_EQ(AddMonths(Date{"2026-01-31"}, 1).text, "2026-02-28");
  EXPECT_EQ(AddMonths(Date{"2099-12-31"}, 6).text, "2100-06-30");
}

TEST(Obligations, ACampaignOfSixMonthsOrLessOwesOnlyItsFinalDisclosure) {
  // 2026-03-01 + 6 months = 2026-09-01: a campaign ending that day is not longer.
  EXPECT_EQ(Summary(CampaignObligations("c", Date{"2026-03-01"}, Date{"2026-09-01"}, Date{"2026-09-01"})),
            std::vector<std::string>{"campaign_final 2026-09 due 2026-12-01"});
  EXPECT_EQ(Summary(CampaignObligations("c", Date{"2026-11-30"}, Date{"2026-11-30"}, Date{"2026-11-30"})),
            std::vector<std::string>{"campaign_final 2026-11 due 2027-02-28"});
}

TEST(Obligations, ALongCampaignDisclosesEveryQuarterBeforeItsLastDay) {
  // 2026-08-15 to 2027-08-31: quarters 2026-Q3 .. 2027-Q2 end before it;
  // 2027-Q3 is covered by the final disclosure.
  EXPECT_EQ(Summary(CampaignObligations("c", Date{"2026-08-15"}, Date{"2027-08-31"}, Date{"2027-08-31"})),
            (std::vector<std::string>{"campaign_progress 2026-Q3 due 2026-10-31",
                                      "campaign_progress 2026-Q4 due 2027-01-31",
                                      "campaign_progress 2027-Q1 due 2027-04-30",
                                      "campaign_progress 2027-Q2 due 2027-07-31",
                                      "campaign_final 2027-08 due 2027-11-30"}));
  // Ending on a quarter's last day: that quarter goes into the final one,
  // due on 29 February of a leap year.
  EXPECT_EQ(Summary(CampaignObligations("c", Date{"2027-01-01"}, Date{"2027-11-30"}, Date{"2027-11-30"})),
            (std::vector<std::string>{"campaign_progress 2027-Q1 due 2027-04-30",
                                      "campaign_progress 2027-Q2 due 2027-07-31",
                                      "campaign_progress 2027-Q3 due 2027-10-31",
                                      "campaign_final 2027-11 due 2028-02-29"}));
}

TEST(Obligations, ClosingALongCampaignEarlyKeepsTheQuartersItOwed) {
  // Filed for 2027-01-01 to 2027-12-31, closed on 2027-05-10: Q1 was owed
  // (due 2027-04-30); the final one is due three months after the close.
  EXPECT_EQ(Summary(CampaignObligations("c", Date{"2027-01-01"}, Date{"2027-12-31"}, Date{"2027-05-10"})),
            (std::vector<std::string>{"campaign_progress 2027-Q1 due 2027-04-30",
                                      "campaign_final 2027-05 due 2027-08-10"}));
}

TEST(Obligations, YearlyReportsAreDueInTheFollowingYear) {
  const Obligation annual = AnnualReportObligation("sz-charity", 2026);
  EXPECT_EQ(annual.due.text, "2027-05-31");
  EXPECT_EQ(annual.period, "2026");
  EXPECT_EQ(TrustReportObligation("trust-a", 2027).due.text, "2028-03-31");
}

TEST(Obligations, StatusIsMetLateOverdueOrOpenAsOfToday) {
  const Date due{"2027-02-28"};
  EXPECT_EQ(StatusOf(due, Date{"2027-02-28"}, Date{"2027-06-01"}), ObligationStatus::kMet);  // on the day
  EXPECT_EQ(StatusOf(due, Date{"2027-03-01"}, Date{"2027-06-01"}), ObligationStatus::kLate);
  EXPECT_EQ(StatusOf(due, std::nullopt, Date{"2027-02-28"}), ObligationStatus::kOpen);  // due today, not past
  EXPECT_EQ(StatusOf(due, std::nullopt, Date{"2027-03-01"}), ObligationStatus::kOverdue);
  EXPECT_EQ(NameOf(ObligationStatus::kOverdue), "overdue");
}

TEST(Obligations, AFinalDisclosureMeetsItsObligationWhateverPeriodItNames) {
  EXPECT_EQ(DisclosureKey(DisclosureKind::kCampaignFinal, "2027-11"), kFinalPeriod);
  EXPECT_EQ(DisclosureKey(DisclosureKind::kCampaignProgress, "2027-Q1"), "2027-Q1");
}

}  // namespace
}  // namespace ledger
