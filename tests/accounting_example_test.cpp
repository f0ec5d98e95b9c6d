// docs/accounting.md's worked example, number by number: what the page
// tells a non-programmer must be what the engine does.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "accounting_example.hpp"
#include "accounts_util.hpp"
#include "ledger/domain/records.hpp"

namespace ledger {
namespace {

using testing::Books;
using testing::L;
using testing::example::Donation;
using testing::example::kFederation;
using testing::example::kFutian;

Json Expense(int64_t fen) {
  return {{"fund", "szcf-general"}, {"amount_fen", fen}, {"category", "management"}, {"date", "2026-11-15"}};
}

Lot LotOf(uint64_t source, int64_t fen, Restriction r, uint64_t arrival) {
  return {.source_seq = source, .amount_fen = fen, .restriction = std::move(r), .arrival_seq = arrival};
}

class AccountingExample : public ::testing::Test {
 protected:
  void SetUp() override {
    books_.RecordIn("2026-11");  // the month of the example's undated events
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
           {"reason", "grant"}, {"reference", "grant 2026-11"}, {"date", "2026-11-15"}},
          kFederation, 13);
    Apply(EventKind::kDisbursementMade,
          {{"fund", "futian-care"}, {"amount_fen", 55000},
           {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
           {"purpose", "elderly"}, {"reference", "meals 2026-11"}, {"date", "2026-11-15"}},
          kFutian, 14);
  }

  // Applies the event as `seq`, the seqs before it that the example leaves
  // out taken by events that move no money (organisations registered).
  void Apply(EventKind kind, const Json& body, const std::string& poster, uint64_t seq) {
    ASSERT_LE(books_.next_seq(), seq);
    while (books_.next_seq() < seq) books_.RegisterOrg("org-" + std::to_string(books_.next_seq()));
    books_.Post(kind, poster, body);
    ASSERT_EQ(books_.next_seq(), seq + 1) << "seq " << seq << " was refused";
  }

  Books books_;
};

TEST_F(AccountingExample, StepsOneToThreeLeaveTheLotsThePageShows) {
  const Fund general = books_.FundAt("szcf-general");
  ASSERT_EQ(general.lots.size(), 2u);
  EXPECT_EQ(general.lots[0], LotOf(11, 30000, Restriction::Purpose("education"), 11));
  EXPECT_EQ(general.lots[1], LotOf(12, 10000, Restriction::None(), 12));
  EXPECT_EQ(general.balance_fen, 40000);
  const Fund care = books_.FundAt("futian-care");
  ASSERT_EQ(care.lots.size(), 1u);
  EXPECT_EQ(care.lots[0].source_seq, 12u);
  EXPECT_EQ(care.lots[0].amount_fen, 5000);
  EXPECT_EQ(care.lots[0].restriction, Restriction::Purpose("elderly"));
}

TEST_F(AccountingExample, ManagementExpenseOverTheUnrestrictedMoneyIsRefusedWithTheMessage) {
  // Books::Refuse also checks that the whole state is as it was.
  Error e = books_.Refuse(EventKind::kExpenseRecorded, kFederation, Expense(15000),
                          Code::kUnprocessable, "body.amount_fen");
  EXPECT_EQ(e.message,
            "fund szcf-general holds 100.00 yuan unrestricted, usable for management expenses, "
            "150.00 requested");
  EXPECT_EQ(books_.next_seq(), 15u);
}

TEST_F(AccountingExample, TraceOfTheThirdDonationAccountsForEveryFen) {
  Apply(EventKind::kExpenseRecorded, Expense(8000), kFederation, 15);
  const SourceTrace trace = books_.Trace(12);
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
  const Outflow outflow = books_.OutflowAt(14);
  ASSERT_EQ(outflow.pieces.size(), 2u);
  EXPECT_EQ(outflow.pieces[0], L(10, 50000, Restriction::Purpose("elderly")));
  EXPECT_EQ(outflow.pieces[1], L(12, 5000, Restriction::Purpose("elderly")));
}

TEST_F(AccountingExample, FirstDonationCanNoLongerBeReversed) {
  // Books::Refuse also checks that the whole state is as it was.
  books_.Refuse(EventKind::kEventReversed, kFederation, {{"seq", 10}, {"reason", "entered twice"}},
                Code::kUnprocessable, "body.seq");
}

TEST_F(AccountingExample, ReversingTheDisbursementPutsItsPiecesBackBehindTheRest) {
  Apply(EventKind::kEventReversed, {{"seq", 14}, {"reason", "paid twice"}}, kFutian, 16);
  const Fund care = books_.FundAt("futian-care");
  ASSERT_EQ(care.lots.size(), 3u);
  EXPECT_EQ(care.lots[0].amount_fen, 5000);
  EXPECT_EQ(care.lots[1], LotOf(10, 50000, Restriction::Purpose("elderly"), 16));
  EXPECT_EQ(care.lots[2], LotOf(12, 5000, Restriction::Purpose("elderly"), 16));
  EXPECT_EQ(care.balance_fen, 60000);
  EXPECT_TRUE(books_.OutflowAt(14).reversed);
  EXPECT_TRUE(books_.Trace(10).spent.empty());
}

}  // namespace
}  // namespace ledger
