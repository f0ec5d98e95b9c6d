// A fund's flows by month (Fund::months): each flow is filed under the
// month its event states (a sales period; a donation's, contribution's or
// income's date) or, for events that state none, the month it was recorded
// in; the months always add up to the fund's inflow and outflow counters.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "accounts_util.hpp"
#include "ledger/domain/accounts.hpp"
#include "ledger/event_codec.hpp"

namespace ledger {
namespace {

using testing::Books;
using testing::DisbursementBody;
using testing::DonationBody;
using testing::IncomeBody;
using testing::kCharity;
using testing::kLotteryCenter;
using testing::kTrustee;
using testing::TransferBody;

using Months = std::map<std::string, FundMonth>;

constexpr char kGeneral[] = "szc-general";
constexpr char kElderly[] = "szc-elderly";

FundMonth In(int64_t fen) { return {.inflow_fen = fen, .outflow_fen = 0}; }
FundMonth Out(int64_t fen) { return {.inflow_fen = 0, .outflow_fen = fen}; }
FundMonth InOut(int64_t in, int64_t out) { return {.inflow_fen = in, .outflow_fen = out}; }

Json DatedDonation(const char* receipt, int64_t fen, const char* date) {
  Json body = DonationBody(receipt, kGeneral, fen);
  body["date"] = date;
  return body;
}

void ExpectMonthsAddUp(const Fund& fund) {
  int64_t in = 0, out = 0;
  for (const auto& [month, flows] : fund.months) {
    in += flows.inflow_fen;
    out += flows.outflow_fen;
  }
  EXPECT_EQ(in, fund.inflow_fen) << fund.id;
  EXPECT_EQ(out, fund.outflow_fen) << fund.id;
}

// Two funds of one charity: donations dated in January and February,
// recorded in April; an allocation and a disbursement recorded in May.
struct Year {
  Books b;
  uint64_t d1 = 0, d2 = 0;
};

Year Posted() {
  Year y;
  y.b.RecordIn("2026-04");
  y.b.Open(kCharity, kGeneral, "general", false);
  y.b.Open(kCharity, kElderly, "elderly", true);
  y.d1 = y.b.Post(EventKind::kDonationReceived, kCharity, DatedDonation("R-1", 100000, "2026-01-15"));
  y.d2 = y.b.Post(EventKind::kDonationReceived, kCharity, DatedDonation("R-2", 50000, "2026-02-28"));
  y.b.RecordIn("2026-05");
  y.b.Post(EventKind::kFundsTransferred, kCharity, TransferBody(kGeneral, kElderly, 60000));
  y.b.Post(EventKind::kDisbursementMade, kCharity, DisbursementBody(kElderly, 20000, "elderly"));
  return y;
}

TEST(AccountsMonths, SourcesAreFiledUnderTheirDateAndUndatedFlowsUnderTheirRecordedMonth) {
  Year y = Posted();
  EXPECT_EQ(y.b.FundAt(kGeneral).months,
            (Months{{"2026-01", In(100000)}, {"2026-02", In(50000)}, {"2026-05", Out(60000)}}));
  EXPECT_EQ(y.b.FundAt(kElderly).months, (Months{{"2026-05", InOut(60000, 20000)}}));
  ExpectMonthsAddUp(y.b.FundAt(kGeneral));
  ExpectMonthsAddUp(y.b.FundAt(kElderly));
}

TEST(AccountsMonths, AReversalIsAFlowOfTheMonthItIsRecordedIn) {
  Year y = Posted();
  y.b.RecordIn("2026-07");
  y.b.Reverse(kCharity, y.d2);  // its lot is untouched: the transfer took d1's
  const Fund general = y.b.FundAt(kGeneral);
  // The February inflow stays: flows are gross, and July shows the refund.
  EXPECT_EQ(general.months.at("2026-02"), In(50000));
  EXPECT_EQ(general.months.at("2026-07"), Out(50000));
  EXPECT_EQ(general.balance_fen, 40000);
  ExpectMonthsAddUp(general);
}

TEST(AccountsMonths, AReversedDisbursementComesBackAsAnInflowOfItsMonth) {
  Year y = Posted();
  const uint64_t paid = y.b.Post(EventKind::kDisbursementMade, kCharity,
                                 DisbursementBody(kElderly, 10000, "elderly"));
  y.b.RecordIn("2026-06");
  y.b.Reverse(kCharity, paid);
  EXPECT_EQ(y.b.FundAt(kElderly).months,
            (Months{{"2026-05", InOut(60000, 30000)}, {"2026-06", In(10000)}}));
  ExpectMonthsAddUp(y.b.FundAt(kElderly));
}

TEST(AccountsMonths, SalesAreFiledUnderTheirPeriodAndTrustIncomeUnderItsDate) {
  Books b;
  b.RecordIn("2026-11");
  b.Open(kLotteryCenter, "gd-welfare", "general", false, "lottery_welfare");
  b.Post(EventKind::kLotteryRateSet, "civil-affairs", testing::RateBody("ssq", 3600, "2020-01"));
  b.Post(EventKind::kLotterySalesReported, kLotteryCenter,
         testing::SalesBody("2026-08", "ssq", 1000000, 3600, 360000, "gd-welfare"));
  EXPECT_EQ(b.FundAt("gd-welfare").months, (Months{{"2026-08", In(360000)}}));

  b.Post(EventKind::kTrustEstablished, kTrustee, testing::TrustBody("sz-trust", "education"));
  b.Post(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust", 1234));  // dated 2026-03-31
  EXPECT_EQ(b.FundAt("sz-trust").months, (Months{{"2026-03", In(1234)}}));
}

TEST(AccountsMonths, ARefusedEventLeavesNoMonthBehind) {
  Year y = Posted();
  y.b.RecordIn("2026-10");
  // R-1 is taken; szc-general holds 900.00, not 900.01.
  y.b.Refuse(EventKind::kDonationReceived, kCharity, DatedDonation("R-1", 700, "2026-12-01"),
             Code::kUnprocessable, "body.receipt");
  y.b.Refuse(EventKind::kFundsTransferred, kCharity, TransferBody(kGeneral, kElderly, 90001),
             Code::kUnprocessable, "body.amount_fen");
  EXPECT_FALSE(y.b.FundAt(kGeneral).months.contains("2026-12"));
  EXPECT_FALSE(y.b.FundAt(kGeneral).months.contains("2026-10"));
  EXPECT_FALSE(y.b.FundAt(kElderly).months.contains("2026-10"));
}

// accounts::FlowMonth of a body as the tests write it.
std::string FlowMonthOf(EventKind kind, const Json& body, std::string_view recorded_month) {
  auto decoded = DecodeBody(EventTypeOf(kind), body);
  EXPECT_TRUE(decoded.ok()) << decoded.error().ToString();
  return decoded.ok() ? accounts::FlowMonth(*decoded, recorded_month) : "";
}

TEST(AccountsMonths, FlowMonthFollowsTheDocumentedRule) {
  const Json donation = DatedDonation("R-9", 1, "2025-12-31");
  EXPECT_EQ(FlowMonthOf(EventKind::kDonationReceived, donation, "2026-11"), "2025-12");
  EXPECT_EQ(FlowMonthOf(EventKind::kTrustContributed, donation, "2026-11"), "2025-12");
  Json dated = testing::ExpenseBody(kGeneral, 5, "management");
  dated["date"] = "2026-10-31";
  EXPECT_EQ(FlowMonthOf(EventKind::kExpenseRecorded, dated, "2026-11"), "2026-10");
  // Stored before outflows stated their day: the month of its ts.
  const ExpenseRecorded undated{FundId(kGeneral), Fen(5), ExpenseCategory::kManagement, std::nullopt, std::nullopt};
  EXPECT_EQ(accounts::FlowMonth(undated, "2026-11"), "2026-11");
  EXPECT_EQ(FlowMonthOf(EventKind::kEventReversed, testing::ReversalBody(3), "2027-01"),
            "2027-01");
}

}  // namespace
}  // namespace ledger
