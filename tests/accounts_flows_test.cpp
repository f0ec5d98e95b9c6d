// Accounts (DESIGN.md §7): money leaving a fund — transfers, disbursements,
// expenses — taken oldest first among the lots the destination may
// receive, with the entry rule on arrival and traces across several hops.
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
using testing::DisbursementBody;
using testing::DonationBody;
using testing::ExpenseBody;
using testing::ForProject;
using testing::ForPurpose;
using testing::kCharity;
using testing::kFederation;
using testing::kNanshan;
using testing::L;
using testing::Lottery;
using testing::Mentions;
using testing::Project;
using testing::Purpose;
using testing::TransferBody;

using Held = std::map<std::string, int64_t>;
using Lots = std::vector<Piece>;

constexpr char kGeneral[] = "szcf-general";      // federation, general, unrestricted
constexpr char kElderly[] = "szcf-elderly";      // federation, elderly, restricted
constexpr char kSchool[] = "szcf-rural-school";  // federation project, education, restricted

uint64_t DonateFor(Books& b, const char* receipt, const char* fund, int64_t fen,
                   Json (*designate)(Json, const std::string&), const char* what) {
  return b.Post(EventKind::kDonationReceived, kFederation,
                designate(DonationBody(receipt, fund, fen), what));
}

// --- FIFO --------------------------------------------------------------------

struct ThreeGifts {
  Books b;
  uint64_t d1, d2, d3;
};

// szc-donations holds 300.00, 500.00 and 200.00 yuan, unrestricted, in order.
ThreeGifts Gifts() {
  ThreeGifts g;
  g.b.Open(kCharity, "szc-donations", "general", false);
  g.d1 = g.b.Donate(kCharity, "SZC-2026-000001", "szc-donations", 30000);
  g.d2 = g.b.Donate(kCharity, "SZC-2026-000002", "szc-donations", 50000);
  g.d3 = g.b.Donate(kCharity, "SZC-2026-000003", "szc-donations", 20000);
  return g;
}

TEST(AccountsFifo, OutflowTakesTheOldestAndSplitsOne) {
  ThreeGifts g = Gifts();
  // 45000 = all of d1 (30000) + 15000 of d2; d2's 35000 stays ahead of d3.
  uint64_t m = g.b.Disburse(kCharity, "szc-donations", 45000, "poverty");
  EXPECT_EQ(g.b.Lots("szc-donations"), (Lots{L(g.d2, 35000), L(g.d3, 20000)}));
  EXPECT_EQ(g.b.Arrivals("szc-donations"), (std::vector<uint64_t>{g.d2, g.d3}));
  EXPECT_EQ(g.b.OutflowAt(m).pieces, (Lots{L(g.d1, 30000), L(g.d2, 15000)}));
  const Fund f = g.b.FundAt("szc-donations");
  EXPECT_EQ(f.balance_fen, 55000);
  EXPECT_EQ(f.inflow_fen, 100000);
  EXPECT_EQ(f.outflow_fen, 45000);
}

TEST(AccountsFifo, NextOutflowTakesTheRemainderFirst) {
  ThreeGifts g = Gifts();
  uint64_t m1 = g.b.Disburse(kCharity, "szc-donations", 45000, "poverty");
  // 40000 = d2's remaining 35000 + 5000 of d3.
  uint64_t m2 = g.b.Disburse(kCharity, "szc-donations", 40000, "medical");
  EXPECT_EQ(g.b.OutflowAt(m2).pieces, (Lots{L(g.d2, 35000), L(g.d3, 5000)}));
  EXPECT_EQ(g.b.Lots("szc-donations"), (Lots{L(g.d3, 15000)}));
  EXPECT_EQ(g.b.FundAt("szc-donations").balance_fen, 15000);
  EXPECT_EQ(g.b.FundAt("szc-donations").outflow_fen, 85000);
  EXPECT_TRUE(g.b.Trace(g.d1).held.empty());
  EXPECT_EQ(g.b.Trace(g.d1).spent, (std::vector<Spend>{{m1, "szc-donations", 30000, "poverty"}}));
  EXPECT_EQ(g.b.Trace(g.d2).spent, (std::vector<Spend>{{m1, "szc-donations", 15000, "poverty"},
                                                       {m2, "szc-donations", 35000, "medical"}}));
  EXPECT_EQ(g.b.Trace(g.d3).spent, (std::vector<Spend>{{m2, "szc-donations", 5000, "medical"}}));
  EXPECT_EQ(g.b.Trace(g.d3).held, (Held{{"szc-donations", 15000}}));
}

TEST(AccountsFifo, OldestMeansFirstToArriveInThisFund) {
  Books b;
  b.Open(kFederation, kGeneral, "general", false);
  b.Open(kCharity, "szc-donations", "general", false);
  uint64_t early = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  uint64_t late = b.Donate(kCharity, "SZC-2026-000001", "szc-donations", 10000);
  b.Transfer(kFederation, kGeneral, "szc-donations", 10000);
  // szc-donations: late (arrived first), then early (arrived by the transfer).
  uint64_t m = b.Disburse(kCharity, "szc-donations", 12000, "poverty");
  EXPECT_EQ(b.OutflowAt(m).pieces, (Lots{L(late, 10000), L(early, 2000)}));
  EXPECT_EQ(b.Lots("szc-donations"), (Lots{L(early, 8000)}));
}

// --- which lots an outflow may take ------------------------------------------

struct Mixed {
  Books b;
  uint64_t project, education, plain, elderly;
};

// szcf-general holds, in order: 300.00 for project szcf-rural-school,
// 200.00 for education, 100.00 unrestricted, 150.00 for elderly (750.00).
Mixed MixedFund() {
  Mixed m;
  m.b.Open(kFederation, kGeneral, "general", false);
  m.b.Open(kFederation, kElderly, "elderly", true);
  m.b.Open(kFederation, kSchool, "education", true, "project");
  m.project = DonateFor(m.b, "SZCF-2026-000001", kGeneral, 30000, ForProject, kSchool);
  m.education = DonateFor(m.b, "SZCF-2026-000002", kGeneral, 20000, ForPurpose, "education");
  m.plain = m.b.Donate(kFederation, "SZCF-2026-000003", kGeneral, 10000);
  m.elderly = DonateFor(m.b, "SZCF-2026-000004", kGeneral, 15000, ForPurpose, "elderly");
  return m;
}

TEST(AccountsCompatibility, DisbursementTakesItsPurposeAndUnrestrictedOnly) {
  Mixed m = MixedFund();
  // Usable for education: 20000 (education) + 10000 (plain); the project lot
  // is not szcf-general's. 25000 = 20000 + 5000 of plain.
  uint64_t out = m.b.Disburse(kFederation, kGeneral, 25000, "education");
  EXPECT_EQ(m.b.OutflowAt(out).pieces,
            (Lots{L(m.education, 20000, Purpose("education")), L(m.plain, 5000)}));
  EXPECT_EQ(m.b.Lots(kGeneral), (Lots{L(m.project, 30000, Project(kSchool)), L(m.plain, 5000),
                                      L(m.elderly, 15000, Purpose("elderly"))}));
  EXPECT_EQ(m.b.FundAt(kGeneral).balance_fen, 50000);
}

TEST(AccountsCompatibility, DisbursementShortfallIsRefusedAndNamed) {
  Mixed m = MixedFund();
  Error e = m.b.Refuse(EventKind::kDisbursementMade, kFederation,
                       DisbursementBody(kGeneral, 30001, "education"), Code::kUnprocessable,
                       "body.amount_fen");
  EXPECT_TRUE(Mentions(e.message, kGeneral));
  EXPECT_TRUE(Mentions(e.message, "300.00"));  // usable for education
  EXPECT_TRUE(Mentions(e.message, "300.01"));  // requested
  // Usable for elderly: plain 10000 + elderly 15000, plain first.
  uint64_t out = m.b.Disburse(kFederation, kGeneral, 12000, "elderly");
  EXPECT_EQ(m.b.OutflowAt(out).pieces,
            (Lots{L(m.plain, 10000), L(m.elderly, 2000, Purpose("elderly"))}));
}

TEST(AccountsCompatibility, TransferToAPurposeFundTakesUnrestrictedAndThatPurpose) {
  Mixed m = MixedFund();
  // Into szcf-elderly: plain 10000 + 10000 of the elderly lot (5000 stays).
  uint64_t t = m.b.Transfer(kFederation, kGeneral, kElderly, 20000);
  EXPECT_EQ(m.b.Lots(kGeneral), (Lots{L(m.project, 30000, Project(kSchool)),
                                      L(m.education, 20000, Purpose("education")),
                                      L(m.elderly, 5000, Purpose("elderly"))}));
  EXPECT_EQ(m.b.Lots(kElderly),
            (Lots{L(m.plain, 10000, Purpose("elderly")), L(m.elderly, 10000, Purpose("elderly"))}));
  EXPECT_EQ(m.b.Arrivals(kElderly), (std::vector<uint64_t>{t, t}));
  EXPECT_EQ(m.b.FundAt(kGeneral).outflow_fen, 20000);
  EXPECT_EQ(m.b.FundAt(kElderly).inflow_fen, 20000);
  EXPECT_EQ(m.b.FundAt(kElderly).balance_fen, 20000);
  Error e =
      m.b.Refuse(EventKind::kFundsTransferred, kFederation, TransferBody(kGeneral, kElderly, 5001),
                 Code::kUnprocessable, "body.amount_fen");
  EXPECT_TRUE(Mentions(e.message, kElderly));
  EXPECT_TRUE(Mentions(e.message, "50.00"));
  EXPECT_TRUE(Mentions(e.message, "50.01"));
}

TEST(AccountsCompatibility, TransferToTheProjectTakesItsLot) {
  Mixed m = MixedFund();
  m.b.Refuse(EventKind::kFundsTransferred, kFederation, TransferBody(kGeneral, kSchool, 60001),
             Code::kUnprocessable, "body.amount_fen");
  // Into the education project: project 30000 + education 20000 + 8000 of plain.
  m.b.Transfer(kFederation, kGeneral, kSchool, 58000);
  EXPECT_EQ(m.b.Lots(kGeneral), (Lots{L(m.plain, 2000), L(m.elderly, 15000, Purpose("elderly"))}));
  EXPECT_EQ(m.b.Lots(kSchool), (Lots{L(m.project, 30000, Project(kSchool)),
                                     L(m.education, 20000, Purpose("education")),
                                     L(m.plain, 8000, Purpose("education"))}));
  // In its own fund the project lot may be disbursed; it comes first.
  uint64_t out = m.b.Disburse(kFederation, kSchool, 35000, "education");
  EXPECT_EQ(m.b.OutflowAt(out).pieces, (Lots{L(m.project, 30000, Project(kSchool)),
                                             L(m.education, 5000, Purpose("education"))}));
}

TEST(AccountsCompatibility, ManagementAndFundraisingTakeUnrestrictedOnly) {
  Mixed m = MixedFund();
  m.b.Refuse(EventKind::kExpenseRecorded, kFederation, ExpenseBody(kGeneral, 10001, "management"),
             Code::kUnprocessable, "body.amount_fen");
  m.b.Refuse(EventKind::kExpenseRecorded, kFederation, ExpenseBody(kGeneral, 10001, "fundraising"),
             Code::kUnprocessable, "body.amount_fen");
  uint64_t e1 = m.b.Expense(kFederation, kGeneral, 6000, "management");
  uint64_t e2 = m.b.Expense(kFederation, kGeneral, 4000, "fundraising");
  EXPECT_EQ(m.b.OutflowAt(e1).pieces, (Lots{L(m.plain, 6000)}));
  EXPECT_EQ(m.b.OutflowAt(e2).pieces, (Lots{L(m.plain, 4000)}));
  EXPECT_EQ(m.b.OutflowAt(e1).kind, EventKind::kExpenseRecorded);
  EXPECT_EQ(m.b.OutflowAt(e1).what, "management");
  m.b.Refuse(EventKind::kExpenseRecorded, kFederation, ExpenseBody(kGeneral, 1, "management"),
             Code::kUnprocessable, "body.amount_fen");
  EXPECT_EQ(m.b.Trace(m.plain).expensed, (std::vector<Spend>{{e1, kGeneral, 6000, "management"},
                                                             {e2, kGeneral, 4000, "fundraising"}}));
  EXPECT_EQ(m.b.FundAt(kGeneral).balance_fen, 65000);
}

TEST(AccountsCompatibility, ProgramExpenseFollowsTheFundsPurpose) {
  Mixed m = MixedFund();
  // szcf-general's purpose is general: only the plain lot serves it.
  m.b.Refuse(EventKind::kExpenseRecorded, kFederation, ExpenseBody(kGeneral, 10001, "program"),
             Code::kUnprocessable, "body.amount_fen");
  m.b.Transfer(kFederation, kGeneral, kSchool, 58000);
  // In the school project every lot serves education: project lot first.
  uint64_t e = m.b.Expense(kFederation, kSchool, 40000, "program");
  EXPECT_EQ(m.b.OutflowAt(e).pieces, (Lots{L(m.project, 30000, Project(kSchool)),
                                           L(m.education, 10000, Purpose("education"))}));
  EXPECT_EQ(m.b.Trace(m.education).expensed, (std::vector<Spend>{{e, kSchool, 10000, "program"}}));
}

// --- the entry rule ----------------------------------------------------------

TEST(AccountsEntryRule, RestrictionsTightenAndNeverLoosen) {
  Books b;
  b.Open(kFederation, kGeneral, "general", false);
  b.Open(kFederation, kElderly, "elderly", true);
  b.Open(kCharity, "szc-elderly-care", "elderly", false, "project");
  uint64_t plain = b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  uint64_t named = DonateFor(b, "SZCF-2026-000002", kGeneral, 5000, ForPurpose, "elderly");
  b.Transfer(kFederation, kGeneral, kElderly, 15000);
  EXPECT_EQ(b.Lots(kElderly),
            (Lots{L(plain, 10000, Purpose("elderly")), L(named, 5000, Purpose("elderly"))}));
  EXPECT_EQ(b.FundAt(kElderly).lots.at(0).departed_with, Restriction::None());
  EXPECT_EQ(b.FundAt(kElderly).lots.at(1).departed_with, Purpose("elderly"));
  // On into an unrestricted fund, both stay held for elderly.
  b.Transfer(kFederation, kElderly, "szc-elderly-care", 15000);
  EXPECT_EQ(b.Lots("szc-elderly-care"),
            (Lots{L(plain, 10000, Purpose("elderly")), L(named, 5000, Purpose("elderly"))}));
  b.Refuse(EventKind::kExpenseRecorded, kCharity, ExpenseBody("szc-elderly-care", 1, "management"),
           Code::kUnprocessable, "body.amount_fen");
  b.Refuse(EventKind::kDisbursementMade, kCharity,
           DisbursementBody("szc-elderly-care", 1, "poverty"), Code::kUnprocessable,
           "body.amount_fen");
}

TEST(AccountsEntryRule, SalesIntoARestrictedFundTakeItsPurpose) {
  Books b;
  b.Open("sz-lottery-center", "sz-welfare-elderly", "elderly", true, "lottery_welfare");
  b.Post(EventKind::kLotteryRateSet, "regulator", testing::RateBody("ssq", 3600, "2026-01"));
  uint64_t r = b.Post(
      EventKind::kLotterySalesReported, "sz-lottery-center",
      testing::SalesBody("2026-03", "ssq", 1000000000, 3600, 360000000, "sz-welfare-elderly"));
  EXPECT_EQ(b.Lots("sz-welfare-elderly"), (Lots{L(r, 360000000, Lottery(Purpose("elderly")))}));
}

// --- permissions and the restricted-fund purpose -----------------------------

TEST(AccountsOutflows, RestrictedFundDisbursesOnlyForItsPurpose) {
  Books b;
  b.Open(kFederation, kElderly, "elderly", true);
  DonateFor(b, "SZCF-2026-000001", kElderly, 10000, ForProject, kElderly);
  // The project lot could serve any purpose here, but the fund may not.
  b.Refuse(EventKind::kDisbursementMade, kFederation, DisbursementBody(kElderly, 100, "disabled"),
           Code::kUnprocessable, "body.purpose");
  b.Disburse(kFederation, kElderly, 100, "elderly");
  EXPECT_EQ(b.FundAt(kElderly).balance_fen, 9900);
}

TEST(AccountsOutflows, FundsMustExistAndBeOwned) {
  Books b;
  b.Open(kFederation, kGeneral, "general", false);
  b.Open(kCharity, "szc-donations", "general", false);
  b.Donate(kFederation, "SZCF-2026-000001", kGeneral, 10000);
  auto refuse = [&](EventKind kind, const std::string& poster, const Json& body, Code code,
                    const char* field) { b.Refuse(kind, poster, body, code, field); };
  refuse(EventKind::kFundsTransferred, kFederation, TransferBody("szcf-nowhere", kGeneral, 1),
         Code::kUnprocessable, "body.from");
  refuse(EventKind::kFundsTransferred, kCharity, TransferBody(kGeneral, "szc-donations", 1),
         Code::kPermissionDenied, "body.from");
  refuse(EventKind::kFundsTransferred, kFederation, TransferBody(kGeneral, "szc-nowhere", 1),
         Code::kUnprocessable, "body.to");
  refuse(EventKind::kDisbursementMade, kFederation, DisbursementBody("szcf-nowhere", 1, "poverty"),
         Code::kUnprocessable, "body.fund");
  refuse(EventKind::kDisbursementMade, kCharity, DisbursementBody(kGeneral, 1, "poverty"),
         Code::kPermissionDenied, "body.fund");
  refuse(EventKind::kExpenseRecorded, kFederation, ExpenseBody("szcf-nowhere", 1, "management"),
         Code::kUnprocessable, "body.fund");
  refuse(EventKind::kExpenseRecorded, kCharity, ExpenseBody(kGeneral, 1, "management"),
         Code::kPermissionDenied, "body.fund");
  // `to` may be another org's fund.
  b.Transfer(kFederation, kGeneral, "szc-donations", 10000);
  EXPECT_EQ(b.FundAt("szc-donations").balance_fen, 10000);
}

// --- traces over several hops --------------------------------------------------

struct Chain {
  Books b;
  uint64_t x1, x2, d, t1, t2, m;
};

// Gift d (1,000.00 yuan) to sz-charity's szc-donations; 600.00 go to the
// federation's szcf-elderly (after its own gift x2 of 70.00), 300.00 of
// that fund are regranted to nanshan-care's nsc-elderly-home (after its gift
// x1 of 50.00), which then disburses 200.00.
Chain ThreeHops() {
  Chain c;
  c.b.Open(kCharity, "szc-donations", "general", false);
  c.b.Open(kFederation, kElderly, "elderly", true);
  c.b.Open(kNanshan, "nsc-elderly-home", "elderly", true, "project");
  c.x1 = c.b.Donate(kNanshan, "NSC-2026-000001", "nsc-elderly-home", 5000);
  c.x2 = c.b.Donate(kFederation, "SZCF-2026-000001", kElderly, 7000);
  c.d = c.b.Donate(kCharity, "SZC-2026-000042", "szc-donations", 100000);
  c.t1 = c.b.Transfer(kCharity, "szc-donations", kElderly, 60000);
  // Into nsc-elderly-home: x2 7000 + 23000 of d.
  c.t2 = c.b.Post(EventKind::kFundsTransferred, kFederation,
                  TransferBody(kElderly, "nsc-elderly-home", 30000, "regrant"));
  // Paid by x1 5000, x2 7000, 8000 of d.
  c.m = c.b.Disburse(kNanshan, "nsc-elderly-home", 20000, "elderly");
  return c;
}

TEST(AccountsTrace, DonationIsFollowedAcrossHops) {
  Chain c = ThreeHops();
  const SourceTrace t = c.b.Trace(c.d);
  EXPECT_EQ(t.hops, (std::vector<Hop>{{c.t1, "szc-donations", kElderly, 60000},
                                      {c.t2, kElderly, "nsc-elderly-home", 23000}}));
  EXPECT_EQ(t.spent, (std::vector<Spend>{{c.m, "nsc-elderly-home", 8000, "elderly"}}));
  EXPECT_TRUE(t.expensed.empty());
  // 40000 + 37000 + 15000 held, 8000 spent: 100000.
  EXPECT_EQ(t.held,
            (Held{{"szc-donations", 40000}, {kElderly, 37000}, {"nsc-elderly-home", 15000}}));
  EXPECT_FALSE(t.reversed);
  EXPECT_EQ(t.amount_fen, 100000);
  EXPECT_EQ(testing::Accounted(t), 100000);
  EXPECT_EQ(testing::Accounted(c.b.Trace(c.x1)), 5000);
  EXPECT_EQ(testing::Accounted(c.b.Trace(c.x2)), 7000);
}

TEST(AccountsTrace, MixedSourcesAreTracedToo) {
  Chain c = ThreeHops();
  EXPECT_TRUE(c.b.Trace(c.x2).held.empty());
  EXPECT_EQ(c.b.Trace(c.x2).hops, (std::vector<Hop>{{c.t2, kElderly, "nsc-elderly-home", 7000}}));
  EXPECT_EQ(c.b.Trace(c.x2).spent,
            (std::vector<Spend>{{c.m, "nsc-elderly-home", 7000, "elderly"}}));
  EXPECT_TRUE(c.b.Trace(c.x1).held.empty());
  EXPECT_TRUE(c.b.Trace(c.x1).hops.empty());
  EXPECT_EQ(c.b.Trace(c.x1).spent,
            (std::vector<Spend>{{c.m, "nsc-elderly-home", 5000, "elderly"}}));
}

TEST(AccountsTrace, DisbursementNamesItsSourcesInFifoOrder) {
  Chain c = ThreeHops();
  const Outflow out = c.b.OutflowAt(c.m);
  EXPECT_EQ(out.kind, EventKind::kDisbursementMade);
  EXPECT_EQ(out.fund, "nsc-elderly-home");
  EXPECT_EQ(out.amount_fen, 20000);
  EXPECT_EQ(out.what, "elderly");
  EXPECT_FALSE(out.reversed);
  EXPECT_EQ(out.pieces, (Lots{L(c.x1, 5000, Purpose("elderly")), L(c.x2, 7000, Purpose("elderly")),
                              L(c.d, 8000, Purpose("elderly"))}));
}

TEST(AccountsTrace, CountersOfEveryFundOnTheWay) {
  Chain c = ThreeHops();
  auto counters = [&](const char* id) {
    const Fund f = c.b.FundAt(id);
    return std::vector<int64_t>{f.balance_fen, f.inflow_fen, f.outflow_fen};
  };
  EXPECT_EQ(counters("szc-donations"), (std::vector<int64_t>{40000, 100000, 60000}));
  EXPECT_EQ(counters(kElderly), (std::vector<int64_t>{37000, 67000, 30000}));
  EXPECT_EQ(counters("nsc-elderly-home"), (std::vector<int64_t>{15000, 35000, 20000}));
  EXPECT_EQ(c.b.Lots(kElderly), (Lots{L(c.d, 37000, Purpose("elderly"))}));
  EXPECT_EQ(c.b.Lots("nsc-elderly-home"), (Lots{L(c.d, 15000, Purpose("elderly"))}));
}

TEST(AccountsTrace, PiecesOfOneSourceInOneTransferMakeOneHop) {
  Books b;
  b.Open(kCharity, "szc-donations", "general", false);
  b.Open(kFederation, kElderly, "elderly", true);
  b.Open(kNanshan, "nsc-elderly-home", "elderly", true, "project");
  uint64_t d = b.Donate(kCharity, "SZC-2026-000042", "szc-donations", 100000);
  uint64_t t1 = b.Transfer(kCharity, "szc-donations", kElderly, 30000);
  uint64_t t2 = b.Transfer(kCharity, "szc-donations", kElderly, 30000);
  EXPECT_EQ(b.Lots(kElderly),
            (Lots{L(d, 30000, Purpose("elderly")), L(d, 30000, Purpose("elderly"))}));
  // 45000 = the first lot whole + 15000 of the second, both of d.
  uint64_t t3 = b.Transfer(kFederation, kElderly, "nsc-elderly-home", 45000);
  EXPECT_EQ(b.Lots("nsc-elderly-home"),
            (Lots{L(d, 30000, Purpose("elderly")), L(d, 15000, Purpose("elderly"))}));
  EXPECT_EQ(b.Trace(d).hops, (std::vector<Hop>{{t1, "szc-donations", kElderly, 30000},
                                               {t2, "szc-donations", kElderly, 30000},
                                               {t3, kElderly, "nsc-elderly-home", 45000}}));
  EXPECT_EQ(b.Trace(d).held,
            (Held{{"szc-donations", 40000}, {kElderly, 15000}, {"nsc-elderly-home", 45000}}));
}

}  // namespace
}  // namespace ledger
