// docs/accounting.md's worked example, number by number: what the page
// tells a non-programmer must be what the engine does.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "ledger/accounts.hpp"
#include "accounting_example.hpp"

namespace ledger {
namespace {

using testing::example::Donation;
using testing::example::kFederation;
using testing::example::kFutian;

// The example's undated events were recorded in November 2026.
constexpr std::string_view kRecordedMonth = "2026-11";

Json Expense(int64_t fen) {
  return {{"fund", "szcf-general"}, {"amount_fen", fen}, {"category", "management"}};
}

Lot LotOf(uint64_t source, int64_t fen, Restriction r, uint64_t arrival) {
  return {.source_seq = source, .amount_fen = fen, .restriction = std::move(r), .arrival_seq = arrival};
}

class AccountingExample : public ::testing::Test {
 protected:
  void SetUp() override {
    Apply(EventKind::kFundOpened,
          {{"id", "szcf-general"}, {"owner", kFederation}, {"kind", "donations"},
           {"purpose", "general"}, {"restricted", false}, {"name", "General fund"}},
          kFederation, 1);
    Apply(EventKind::kFundOpened,
          {{"id", "futian-care"}, {"owner", kFutian}, {"kind", "project"}, {"purpose", "elderly"},
           {"restricted", true}, {"name", "Futian elderly care"}},
          kFutian, 2);
    Apply(EventKind::kDonationReceived, Donation("SZCF-001", 50000), kFederation, 10);
    Apply(EventKind::kDonationReceived, Donation("SZCF-002", 30000, {{"purpose", "education"}}),
          kFederation, 11);
    Apply(EventKind::kDonationReceived, Donation("SZCF-003", 20000), kFederation, 12);
    Apply(EventKind::kFundsTransferred,
          {{"from", "szcf-general"}, {"to", "futian-care"}, {"amount_fen", 60000},
           {"reason", "grant"}, {"reference", "grant 2026-11"}},
          kFederation, 13);
    Apply(EventKind::kDisbursementMade,
          {{"fund", "futian-care"}, {"amount_fen", 55000},
           {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
           {"purpose", "elderly"}, {"reference", "meals 2026-11"}},
          kFutian, 14);
  }

  void Apply(EventKind kind, const Json& body, const std::string& poster, uint64_t seq,
             std::optional<EventKind> reversed = std::nullopt) {
    Status s = accounts_.Apply(kind, body, poster, seq, kRecordedMonth, reversed);
    ASSERT_TRUE(s.ok()) << "seq " << seq << ": " << s.error().ToString();
  }

  const Fund& FundOf(const char* id) { return *accounts_.FindFund(id); }

  Accounts accounts_;
};

TEST_F(AccountingExample, StepsOneToThreeLeaveTheLotsThePageShows) {
  const Fund& general = FundOf("szcf-general");
  ASSERT_EQ(general.lots.size(), 2u);
  EXPECT_EQ(general.lots[0], LotOf(11, 30000, Restriction::Purpose("education"), 11));
  EXPECT_EQ(general.lots[1], LotOf(12, 10000, Restriction::None(), 12));
  EXPECT_EQ(general.balance_fen, 40000);
  const Fund& care = FundOf("futian-care");
  ASSERT_EQ(care.lots.size(), 1u);
  EXPECT_EQ(care.lots[0].source_seq, 12u);
  EXPECT_EQ(care.lots[0].amount_fen, 5000);
  EXPECT_EQ(care.lots[0].restriction, Restriction::Purpose("elderly"));
}

TEST_F(AccountingExample, ManagementExpenseOverTheUnrestrictedMoneyIsRefusedWithTheMessage) {
  const Accounts before = accounts_;
  Status s = accounts_.Apply(EventKind::kExpenseRecorded, Expense(15000), kFederation, 15,
                             kRecordedMonth);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kUnprocessable);
  EXPECT_EQ(s.error().field, "body.amount_fen");
  EXPECT_EQ(s.error().message,
            "fund szcf-general holds 100.00 yuan unrestricted, usable for management expenses, "
            "150.00 requested");
  EXPECT_TRUE(accounts_ == before);
}

TEST_F(AccountingExample, TraceOfTheThirdDonationAccountsForEveryFen) {
  Apply(EventKind::kExpenseRecorded, Expense(8000), kFederation, 15);
  const SourceTrace& trace = *accounts_.FindSource(12);
  EXPECT_EQ(trace.receipt, "SZCF-003");
  ASSERT_EQ(trace.hops.size(), 1u);
  EXPECT_EQ(trace.hops[0], (Hop{13, "szcf-general", "futian-care", 10000}));
  ASSERT_EQ(trace.spent.size(), 1u);
  EXPECT_EQ(trace.spent[0], (Spend{14, "futian-care", 5000, "elderly"}));
  ASSERT_EQ(trace.expensed.size(), 1u);
  EXPECT_EQ(trace.expensed[0], (Spend{15, "szcf-general", 8000, "management"}));
  EXPECT_EQ(trace.held, (std::map<std::string, int64_t>{{"futian-care", 5000}, {"szcf-general", 2000}}));
}

TEST_F(AccountingExample, DisbursementWasPaidByTheFirstAndThirdDonations) {
  const Outflow& outflow = *accounts_.FindOutflow(14);
  ASSERT_EQ(outflow.pieces.size(), 2u);
  EXPECT_EQ(outflow.pieces[0], (Piece{10, 50000, Restriction::Purpose("elderly")}));
  EXPECT_EQ(outflow.pieces[1], (Piece{12, 5000, Restriction::Purpose("elderly")}));
}

TEST_F(AccountingExample, FirstDonationCanNoLongerBeReversed) {
  const Accounts before = accounts_;
  Status s = accounts_.Apply(EventKind::kEventReversed, {{"seq", 10}, {"reason", "entered twice"}},
                             kFederation, 15, kRecordedMonth, EventKind::kDonationReceived);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kUnprocessable);
  EXPECT_EQ(s.error().field, "body.seq");
  EXPECT_TRUE(accounts_ == before);
}

TEST_F(AccountingExample, ReversingTheDisbursementPutsItsPiecesBackBehindTheRest) {
  Apply(EventKind::kEventReversed, {{"seq", 14}, {"reason", "paid twice"}}, kFutian, 16,
        EventKind::kDisbursementMade);
  const Fund& care = FundOf("futian-care");
  ASSERT_EQ(care.lots.size(), 3u);
  EXPECT_EQ(care.lots[0].amount_fen, 5000);
  EXPECT_EQ(care.lots[1], LotOf(10, 50000, Restriction::Purpose("elderly"), 16));
  EXPECT_EQ(care.lots[2], LotOf(12, 5000, Restriction::Purpose("elderly"), 16));
  EXPECT_EQ(care.balance_fen, 60000);
  EXPECT_TRUE(accounts_.FindOutflow(14)->reversed);
  EXPECT_TRUE(accounts_.FindSource(10)->spent.empty());
}

}  // namespace
}  // namespace ledger
