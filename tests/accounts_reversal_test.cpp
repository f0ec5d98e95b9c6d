// Accounts (DESIGN.md §7): event.reversed for every money event — what
// comes back where, the counters and traces after, and every refusal
// (pieces moved on, reversed twice, events that moved no money).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "accounts_util.hpp"
#include "ledger/domain/records.hpp"

namespace ledger {
namespace {

using testing::Books;
using testing::DonationBody;
using testing::ForPurpose;
using testing::IncomeBody;
using testing::kCharity;
using testing::kFederation;
using testing::kLotteryCenter;
using testing::kTrustee;
using testing::L;
using testing::Lottery;
using testing::Purpose;
using testing::SalesBody;
using testing::TrustBody;

using Held = std::map<std::string, int64_t>;
using Lots = std::vector<Piece>;
using Seqs = std::vector<uint64_t>;

constexpr char kGeneral[] = "szcf-general";  // federation, general, unrestricted
constexpr char kElderly[] = "szcf-elderly";  // federation, elderly, restricted

Books FederationBooks() {
  Books b;
  b.Open(kFederation, kGeneral, "general", false);
  b.Open(kFederation, kElderly, "elderly", true);
  return b;
}

std::vector<int64_t> Counters(const Books& b, const char* id) {
  const Fund f = b.FundAt(id);
  return {f.balance_fen, f.inflow_fen, f.outflow_fen};
}

// --- sources ----------------------------------------------------------------

TEST(AccountsReversal, UntouchedDonationLeavesTheLedger) {
  Books b = FederationBooks();
  uint64_t d1 = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 30000);
  uint64_t d2 = b.Donate(kFederation, "SZCF-2026-000002", kGeneral, 20000);
  b.Reverse(kFederation, d1);
  EXPECT_EQ(b.Lots(kGeneral), (Lots{L(d2, 20000)}));
  EXPECT_EQ(Counters(b, kGeneral), (std::vector<int64_t>{20000, 50000, 30000}));
  const SourceTrace t = b.Trace(d1);
  EXPECT_TRUE(t.reversed);
  EXPECT_TRUE(t.held.empty());
  EXPECT_EQ(t.amount_fen, 30000);
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), std::nullopt);
}

TEST(AccountsReversal, FreedReceiptMayBeUsedAgain) {
  Books b = FederationBooks();
  uint64_t d1 = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 30000);
  b.Reverse(kFederation, d1);
  // The corrected gift, under the same receipt.
  uint64_t d2 = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 3000);
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), d2);
  EXPECT_EQ(b.Lots(kGeneral), (Lots{L(d2, 3000)}));
  EXPECT_TRUE(b.Trace(d1).reversed);
  EXPECT_FALSE(b.Trace(d2).reversed);
}

TEST(AccountsReversal, PartlySpentDonationStays) {
  Books b = FederationBooks();
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 30000);
  b.Disburse(kFederation, kGeneral, 1, "poverty");
  b.RefuseReversal(kFederation, d);
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), d);
}

TEST(AccountsReversal, DonationWhosePiecesLeftAndCameBackStays) {
  Books b = FederationBooks();
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 30000);
  uint64_t m = b.Disburse(kFederation, kGeneral, 10000, "poverty");
  b.Reverse(kFederation, m);
  // All 30000 are in szcf-general again, but 10000 left it once.
  EXPECT_EQ(b.FundAt(kGeneral).balance_fen, 30000);
  b.RefuseReversal(kFederation, d);
  uint64_t t = b.Transfer(kFederation, kGeneral, kElderly, 30000);
  b.Reverse(kFederation, t);
  b.RefuseReversal(kFederation, d);
}

TEST(AccountsReversal, SalesReportReversedFreesItsPeriod) {
  Books b;
  b.Open(kLotteryCenter, "gd-lottery-welfare", "general", false, "lottery_welfare");
  b.Post(EventKind::kLotteryRateSet, "regulator", testing::RateBody("ssq", 3600, "2026-01"));
  auto report = [&](int64_t sales, int64_t welfare) {
    return b.Post(EventKind::kLotterySalesReported, kLotteryCenter,
                  SalesBody("2026-03", "ssq", sales, 3600, welfare, "gd-lottery-welfare"));
  };
  uint64_t wrong = report(123456789, 44444444);
  b.Reverse(kLotteryCenter, wrong);
  EXPECT_TRUE(b.Lots("gd-lottery-welfare").empty());
  EXPECT_EQ(Counters(b, "gd-lottery-welfare"), (std::vector<int64_t>{0, 44444444, 44444444}));
  EXPECT_TRUE(b.Trace(wrong).reversed);
  EXPECT_TRUE(b.Trace(wrong).held.empty());
  // 200000000 * 3600 / 10000 = 72000000.
  uint64_t right = report(200000000, 72000000);
  EXPECT_EQ(b.Lots("gd-lottery-welfare"), (Lots{L(right, 72000000, Lottery())}));
  b.RefuseReversal(kLotteryCenter, wrong);
}

TEST(AccountsReversal, TrustContributionAndIncomeReversed) {
  Books b;
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  uint64_t c = b.Post(EventKind::kTrustContributed, kTrustee,
                      DonationBody("TR-2026-0001", "sz-trust-orphans", 1000000));
  uint64_t i =
      b.Post(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust-orphans", 12345));
  b.Reverse(kTrustee, i);
  EXPECT_EQ(b.Lots("sz-trust-orphans"), (Lots{L(c, 1000000, Purpose("orphans"))}));
  EXPECT_EQ(Counters(b, "sz-trust-orphans"), (std::vector<int64_t>{1000000, 1012345, 12345}));
  EXPECT_TRUE(b.Trace(i).reversed);
  EXPECT_TRUE(b.Trace(i).held.empty());
  b.Reverse(kTrustee, c);
  EXPECT_TRUE(b.Lots("sz-trust-orphans").empty());
  EXPECT_EQ(b.FindReceipt("TR-2026-0001"), std::nullopt);
  EXPECT_EQ(b.FundAt("sz-trust-orphans").outflow_fen, 1012345);
}

TEST(AccountsReversal, TouchedSalesAndIncomeStay) {
  Books b;
  b.Open(kLotteryCenter, "gd-lottery-welfare", "general", false, "lottery_welfare");
  b.Open(kCharity, "szc-orphans", "orphans", true);
  b.Post(EventKind::kLotteryRateSet, "regulator", testing::RateBody("ssq", 3600, "2026-01"));
  uint64_t r =
      b.Post(EventKind::kLotterySalesReported, kLotteryCenter,
             SalesBody("2026-03", "ssq", 1000000000, 3600, 360000000, "gd-lottery-welfare"));
  b.Transfer(kLotteryCenter, "gd-lottery-welfare", "szc-orphans", 1);
  b.RefuseReversal(kLotteryCenter, r);
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  uint64_t i =
      b.Post(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust-orphans", 12345));
  b.Post(EventKind::kFundsTransferred, kTrustee,
         testing::TransferBody("sz-trust-orphans", "szc-orphans", 1, "trust_distribution"));
  b.RefuseReversal(kTrustee, i);
}

// --- transfers ---------------------------------------------------------------

struct Moved {
  Books b;
  uint64_t d1, d2, d3, t;
};

// szcf-general: d1 100.00 unrestricted, d2 50.00 for elderly, d3 80.00
// unrestricted; t moves 120.00 to szcf-elderly: d1 whole (tightened to
// elderly on entry) and 20.00 of d2.
Moved MovedToElderly() {
  Moved m{FederationBooks()};
  m.d1 = m.b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  m.d2 = m.b.Post(EventKind::kDonationReceived, kFederation,
                  ForPurpose(DonationBody("SZCF-2026-000002", kGeneral, 5000), "elderly"));
  m.d3 = m.b.Donate(kFederation, "SZCF-2026-000003", kGeneral, 8000);
  m.t = m.b.Transfer(kFederation, kGeneral, kElderly, 12000);
  return m;
}

TEST(AccountsReversal, TransferredPiecesGoBackWithTheirOldRestriction) {
  Moved m = MovedToElderly();
  EXPECT_EQ(m.b.Lots(kElderly),
            (Lots{L(m.d1, 10000, Purpose("elderly")), L(m.d2, 2000, Purpose("elderly"))}));
  uint64_t r = m.b.Reverse(kFederation, m.t);
  EXPECT_TRUE(m.b.Lots(kElderly).empty());
  EXPECT_EQ(m.b.Lots(kGeneral), (Lots{L(m.d2, 3000, Purpose("elderly")), L(m.d3, 8000),
                                      L(m.d1, 10000), L(m.d2, 2000, Purpose("elderly"))}));
  EXPECT_EQ(m.b.Arrivals(kGeneral), (Seqs{m.d2, m.d3, r, r}));
  // General: 23000 in, 12000 out, 12000 back in. Elderly: 12000 in and out.
  EXPECT_EQ(Counters(m.b, kGeneral), (std::vector<int64_t>{23000, 35000, 12000}));
  EXPECT_EQ(Counters(m.b, kElderly), (std::vector<int64_t>{0, 12000, 12000}));
}

TEST(AccountsReversal, TransferReversalIsAHopBack) {
  Moved m = MovedToElderly();
  uint64_t r = m.b.Reverse(kFederation, m.t);
  EXPECT_EQ(m.b.Trace(m.d1).hops,
            (std::vector<Hop>{{m.t, kGeneral, kElderly, 10000}, {r, kElderly, kGeneral, 10000}}));
  EXPECT_EQ(m.b.Trace(m.d2).hops,
            (std::vector<Hop>{{m.t, kGeneral, kElderly, 2000}, {r, kElderly, kGeneral, 2000}}));
  EXPECT_EQ(m.b.Trace(m.d1).held, (Held{{kGeneral, 10000}}));
  EXPECT_EQ(m.b.Trace(m.d2).held, (Held{{kGeneral, 5000}}));
  // d1 is unrestricted again and sits behind d3: 18000 = d3 8000 + d1 10000.
  uint64_t e = m.b.Expense(kFederation, kGeneral, 18000, "management");
  EXPECT_EQ(m.b.OutflowAt(e).pieces, (Lots{L(m.d3, 8000), L(m.d1, 10000)}));
}

TEST(AccountsReversal, TransferWhosePiecesMovedOnStays) {
  Moved m = MovedToElderly();
  m.b.Disburse(kFederation, kElderly, 1, "elderly");
  m.b.RefuseReversal(kFederation, m.t);
}

TEST(AccountsReversal, TransferWhosePiecesLeftAndCameBackStays) {
  Moved m = MovedToElderly();
  m.b.Open(kCharity, "szc-elderly-care", "elderly", true, "project");
  uint64_t onward = m.b.Transfer(kFederation, kElderly, "szc-elderly-care", 12000);
  m.b.Reverse(kFederation, onward);
  EXPECT_EQ(m.b.FundAt(kElderly).balance_fen, 12000);
  m.b.RefuseReversal(kFederation, m.t);
}

// --- disbursements and expenses ----------------------------------------------

TEST(AccountsReversal, DisbursedPiecesComeBackAsNewLots) {
  Books b = FederationBooks();
  uint64_t d1 = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  uint64_t d2 = b.Post(EventKind::kDonationReceived, kFederation,
                       ForPurpose(DonationBody("SZCF-2026-000002", kGeneral, 5000), "education"));
  uint64_t d3 = b.Donate(kFederation, "SZCF-2026-000003", kGeneral, 7000);
  // 12000 for education: d1 10000 + 2000 of d2.
  uint64_t m = b.Disburse(kFederation, kGeneral, 12000, "education");
  uint64_t r = b.Reverse(kFederation, m);
  EXPECT_EQ(b.Lots(kGeneral), (Lots{L(d2, 3000, Purpose("education")), L(d3, 7000), L(d1, 10000),
                                    L(d2, 2000, Purpose("education"))}));
  EXPECT_EQ(b.Arrivals(kGeneral), (Seqs{d2, d3, r, r}));
  EXPECT_EQ(Counters(b, kGeneral), (std::vector<int64_t>{22000, 34000, 12000}));
  EXPECT_TRUE(b.Trace(d1).spent.empty());
  EXPECT_TRUE(b.Trace(d2).spent.empty());
  EXPECT_EQ(b.Trace(d2).held, (Held{{kGeneral, 5000}}));
  const Outflow out = b.OutflowAt(m);
  EXPECT_TRUE(out.reversed);
  EXPECT_EQ(out.pieces, (Lots{L(d1, 10000), L(d2, 2000, Purpose("education"))}));
  b.RefuseReversal(kFederation, m);
}

TEST(AccountsReversal, ExpenseReversedComesBackAtTheBack) {
  Books b = FederationBooks();
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  uint64_t e = b.Post(EventKind::kExpenseRecorded, kFederation,
                      testing::ExpenseBody(kGeneral, 4000, "management"));
  EXPECT_EQ(b.Trace(d).expensed, (std::vector<Spend>{{e, kGeneral, 4000, "management"}}));
  uint64_t r = b.Reverse(kFederation, e);
  EXPECT_EQ(b.Lots(kGeneral), (Lots{L(d, 6000), L(d, 4000)}));
  EXPECT_EQ(b.Arrivals(kGeneral), (Seqs{d, r}));
  EXPECT_EQ(Counters(b, kGeneral), (std::vector<int64_t>{10000, 14000, 4000}));
  EXPECT_TRUE(b.Trace(d).expensed.empty());
  EXPECT_EQ(b.Trace(d).held, (Held{{kGeneral, 10000}}));
  EXPECT_TRUE(b.OutflowAt(e).reversed);
  EXPECT_EQ(b.OutflowAt(e).kind, EventKind::kExpenseRecorded);
  b.RefuseReversal(kFederation, e);
}

// --- what cannot be reversed ---------------------------------------------------

TEST(AccountsReversal, ReversedOnceOnly) {
  Books b = FederationBooks();
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 30000);
  uint64_t r = b.Reverse(kFederation, d);
  b.RefuseReversal(kFederation, d);
  b.RefuseReversal(kFederation, r);  // a reversal is not itself reversed
}

TEST(AccountsReversal, EventsThatMovedNoMoneyAreNotReversed) {
  Books b = FederationBooks();
  uint64_t rate =
      b.Post(EventKind::kLotteryRateSet, "regulator", testing::RateBody("ssq", 3600, "2026-01"));
  uint64_t trust =
      b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  b.RefuseReversal(kFederation, 1);  // fund.opened of szcf-general
  b.RefuseReversal("regulator", rate);
  b.RefuseReversal(kTrustee, trust);
  uint64_t org = b.RegisterOrg(testing::kNanshan);
  b.RefuseReversal("regulator", org);
  EXPECT_EQ(b.FundAt(kGeneral).opened_seq, 1u);
}

// --- refusals in a busy ledger ----------------------------------------------

// After every kind of change (funds opened, rates, sources, split lots, hops,
// outflows, reversals of each sort), reversals that must be refused are,
// and leave the whole state as it was (Books::RefuseReversal checks it): a
// refused event's overlay is dropped, wherever it falls.
TEST(AccountsReversal, RefusalsAmidEveryKindOfChangeLeaveTheStateAsItWas) {
  Moved m = MovedToElderly();
  Books& b = m.b;
  b.Open(kCharity, "szc-donations", "general", false);
  b.Post(EventKind::kLotteryRateSet, "regulator", testing::RateBody("ssq", 3600, "2026-01"));
  b.Post(EventKind::kLotterySalesReported, kCharity,
         SalesBody("2026-03", "ssq", 123456789, 3600, 44444444, "szc-donations"));
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000009", kGeneral, 9000);
  uint64_t t = b.Transfer(kFederation, kGeneral, "szc-donations", 9500);
  b.Disburse(kCharity, "szc-donations", 44444444 + 700, "poverty");
  uint64_t e = b.Expense(kFederation, kGeneral, 1500, "management");
  b.Reverse(kFederation, e);
  b.Reverse(kFederation, m.t);
  b.RefuseReversal(kFederation, t);  // 700 of its pieces were disbursed
  b.RefuseReversal(kFederation, d);  // 1500 of it moved with t
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  uint64_t i =
      b.Post(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust-orphans", 12345));
  b.Reverse(kTrustee, i);
}

}  // namespace
}  // namespace ledger
