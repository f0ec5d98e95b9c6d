// Accounts (DESIGN.md §6, §7): opening funds, and every way money arrives —
// donations, lottery sales reports, trusts — with the lots, counters,
// traces and refusals each one must give. Flows between funds are in
// accounts_flows_test.cpp, reversals in accounts_reversal_test.cpp.
#include "ledger/domain/accounts.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "accounts_util.hpp"

namespace ledger {
namespace {

using testing::Books;
using testing::DonationBody;
using testing::ForProject;
using testing::ForPurpose;
using testing::FundBody;
using testing::IncomeBody;
using testing::kCharity;
using testing::kFederation;
using testing::kLotteryCenter;
using testing::kNanshan;
using testing::kTrustee;
using testing::L;
using testing::Lottery;
using testing::Project;
using testing::Purpose;
using testing::RateBody;
using testing::SalesBody;
using testing::TrustBody;

constexpr int64_t kMaxFen = 9007199254740991;  // 2^53 − 1
constexpr EventKind kGift = EventKind::kDonationReceived;
constexpr EventKind kContribution = EventKind::kTrustContributed;

// Expects a gift of 1.00 yuan refused, and nothing changed.
void RefuseGift(Books& b, EventKind kind, const std::string& poster, const char* receipt,
                const char* fund, Code code, const char* field) {
  b.Refuse(kind, poster, DonationBody(receipt, fund, 100), code, field);
}

// --- fund.opened -----------------------------------------------------------

TEST(AccountsFunds, OpenedFundIsEmptyAndAsDeclared) {
  Books b;
  Json body = FundBody("szcf-elderly", kFederation, "elderly", true);
  body["budget_fen"] = 500000000;
  uint64_t seq = b.Post(EventKind::kFundOpened, kFederation, body);
  Fund expected{.id = "szcf-elderly",
                .owner = kFederation,
                .kind = "donations",
                .purpose = "elderly",
                .restricted = true,
                .name = "Fund szcf-elderly",
                .budget_fen = 500000000,
                .opened_seq = seq};
  EXPECT_TRUE(b.FundAt("szcf-elderly") == expected);
  EXPECT_EQ(b.FundAt("szcf-elderly").budget_fen, 500000000);
  EXPECT_EQ(b.FundAt("szcf-elderly").opened_seq, seq);
}

TEST(AccountsFunds, OwnerMustBeThePoster) {
  Books b;
  b.Refuse(EventKind::kFundOpened, kCharity, FundBody("szcf-elderly", kFederation, "elderly", true),
           Code::kPermissionDenied, "body.owner");
  EXPECT_FALSE(b.FindFund("szcf-elderly"));
}

TEST(AccountsFunds, IdMustBeNew) {
  Books b;
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  b.Refuse(EventKind::kFundOpened, kFederation,
           FundBody("szcf-elderly", kFederation, "general", false), Code::kUnprocessable,
           "body.id");
  // Another org cannot take the id either.
  b.Refuse(EventKind::kFundOpened, kCharity, FundBody("szcf-elderly", kCharity, "elderly", true),
           Code::kUnprocessable, "body.id");
  EXPECT_EQ(b.FundAt("szcf-elderly").owner, kFederation);
}

TEST(AccountsFunds, TrustFundsAreOpenedOnlyByTrustEstablished) {
  Books b;
  b.Refuse(EventKind::kFundOpened, kTrustee,
           FundBody("sz-trust-orphans", kTrustee, "orphans", true, "trust"), Code::kUnprocessable,
           "body.kind");
}

TEST(AccountsFunds, FundsOfListsAnOrgsFundsAscending) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  b.Open(kCharity, "szc-donations", "general", false);
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  b.Open(kFederation, "szcf-disabled", "disabled", true, "project");
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  EXPECT_EQ(b.FundsOf(kFederation),
            (std::vector<std::string>{"szcf-disabled", "szcf-elderly", "szcf-general"}));
  EXPECT_EQ(b.FundsOf(kCharity), (std::vector<std::string>{"szc-donations"}));
  EXPECT_EQ(b.FundsOf(kTrustee), (std::vector<std::string>{"sz-trust-orphans"}));
  EXPECT_TRUE(b.FundsOf(kNanshan).empty());
}

// --- donation.received -----------------------------------------------------

TEST(AccountsDonations, UnrestrictedFundGetsAnUnrestrictedLot) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  uint64_t d = b.Post(EventKind::kDonationReceived, kFederation,
                      DonationBody("SZCF-2026-000001", "szcf-general", 50000));
  EXPECT_EQ(b.Lots("szcf-general"), (std::vector<Piece>{L(d, 50000)}));
  EXPECT_EQ(b.Arrivals("szcf-general"), (std::vector<uint64_t>{d}));
  const Fund fund = b.FundAt("szcf-general");
  EXPECT_EQ(fund.balance_fen, 50000);
  EXPECT_EQ(fund.inflow_fen, 50000);
  EXPECT_EQ(fund.outflow_fen, 0);
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), d);
}

TEST(AccountsDonations, TraceOfAFreshDonationHoldsItAll) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", "szcf-general", 50000);
  SourceTrace expected{.seq = d,
                       .kind = EventKind::kDonationReceived,
                       .receipt = "SZCF-2026-000001",
                       .fund = "szcf-general",
                       .amount_fen = 50000,
                       .held = {{"szcf-general", 50000}}};
  EXPECT_TRUE(b.Trace(d) == expected);
  EXPECT_EQ(b.Trace(d).held, expected.held);
}

TEST(AccountsDonations, RestrictedFundGivesItsPurpose) {
  Books b;
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  uint64_t plain = b.Donate(kFederation, "SZCF-2026-000001", "szcf-elderly", 30000);
  uint64_t named =
      b.Post(EventKind::kDonationReceived, kFederation,
             ForPurpose(DonationBody("SZCF-2026-000002", "szcf-elderly", 20000), "elderly"));
  EXPECT_EQ(b.Lots("szcf-elderly"), (std::vector<Piece>{L(plain, 30000, Purpose("elderly")),
                                                        L(named, 20000, Purpose("elderly"))}));
  EXPECT_EQ(b.FundAt("szcf-elderly").balance_fen, 50000);
}

TEST(AccountsDonations, DesignationSetsTheRestriction) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  auto donate = [&](const char* receipt, const char* fund, int64_t fen,
                    Json (*designate)(Json, const std::string&), const char* what) {
    return b.Post(EventKind::kDonationReceived, kFederation,
                  designate(DonationBody(receipt, fund, fen), what));
  };
  uint64_t p1 = donate("SZCF-2026-000001", "szcf-general", 10000, ForProject, "nsc-elderly-home");
  uint64_t p2 = donate("SZCF-2026-000002", "szcf-general", 20000, ForPurpose, "education");
  // The entry rule does not touch a project lot: it is restricted already.
  uint64_t p3 = donate("SZCF-2026-000003", "szcf-elderly", 30000, ForProject, "nsc-elderly-home");
  EXPECT_EQ(b.Lots("szcf-general"), (std::vector<Piece>{L(p1, 10000, Project("nsc-elderly-home")),
                                                        L(p2, 20000, Purpose("education"))}));
  EXPECT_EQ(b.Lots("szcf-elderly"),
            (std::vector<Piece>{L(p3, 30000, Project("nsc-elderly-home"))}));
}

TEST(AccountsDonations, DesignatedPurposeMustMatchARestrictedFund) {
  Books b;
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  b.Refuse(EventKind::kDonationReceived, kFederation,
           ForPurpose(DonationBody("SZCF-2026-000001", "szcf-elderly", 10000), "education"),
           Code::kUnprocessable, "body.designation.purpose");
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), std::nullopt);
}

TEST(AccountsDonations, FundMustExistAndBeThePostersOwn) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  RefuseGift(b, kGift, kFederation, "SZCF-2026-000001", "szcf-nowhere", Code::kUnprocessable,
             "body.fund");
  RefuseGift(b, kGift, kCharity, "SZC-2026-000001", "szcf-general", Code::kPermissionDenied,
             "body.fund");
}

TEST(AccountsDonations, ReceiptIsUsedOnceLedgerWide) {
  Books b;
  b.Open(kFederation, "szcf-general", "general", false);
  b.Open(kCharity, "szc-donations", "general", false);
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  uint64_t d = b.Donate(kFederation, "SZCF-2026-000001", "szcf-general", 100);
  RefuseGift(b, kGift, kFederation, "SZCF-2026-000001", "szcf-general", Code::kUnprocessable,
             "body.receipt");
  RefuseGift(b, kGift, kCharity, "SZCF-2026-000001", "szc-donations", Code::kUnprocessable,
             "body.receipt");
  RefuseGift(b, kContribution, kTrustee, "SZCF-2026-000001", "sz-trust-orphans",
             Code::kUnprocessable, "body.receipt");
  uint64_t t = b.Post(EventKind::kTrustContributed, kTrustee,
                      DonationBody("TR-2026-0001", "sz-trust-orphans", 300));
  RefuseGift(b, kGift, kCharity, "TR-2026-0001", "szc-donations", Code::kUnprocessable,
             "body.receipt");
  EXPECT_EQ(b.FindReceipt("SZCF-2026-000001"), d);
  EXPECT_EQ(b.FindReceipt("TR-2026-0001"), t);
  EXPECT_EQ(b.FindReceipt("SZC-2026-000001"), std::nullopt);
}

TEST(AccountsDonations, TrustFundTakesNoDonation) {
  Books b;
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  RefuseGift(b, kGift, kTrustee, "TR-2026-0001", "sz-trust-orphans", Code::kUnprocessable,
             "body.fund");
}

// --- lottery ---------------------------------------------------------------

// gd-lottery-welfare, and ssq rates posted out of order: 3600 from 2026-01,
// 3500 from 2025-01, 3700 from 2026-07 replaced by 3650 from 2026-07.
Books LotteryBooks() {
  Books b;
  b.Open(kLotteryCenter, "gd-lottery-welfare", "general", false, "lottery_welfare");
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("ssq", 3600, "2026-01"));
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("ssq", 3500, "2025-01"));
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("ssq", 3700, "2026-07"));
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("ssq", 3650, "2026-07"));
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("jk", 2000, "2026-01"));
  return b;
}

uint64_t Report(Books& b, const char* period, const char* game, int64_t sales, int64_t rate,
                int64_t welfare) {
  return b.Post(EventKind::kLotterySalesReported, kLotteryCenter,
                SalesBody(period, game, sales, rate, welfare, "gd-lottery-welfare"));
}

void RefuseReport(Books& b, const char* period, const char* game, int64_t sales, int64_t rate,
                  int64_t welfare, const char* field) {
  b.Refuse(EventKind::kLotterySalesReported, kLotteryCenter,
           SalesBody(period, game, sales, rate, welfare, "gd-lottery-welfare"),
           Code::kUnprocessable, field);
}

TEST(AccountsLottery, RateInForceIsTheLatestEffectiveFromNotAfterThePeriod) {
  Books b = LotteryBooks();
  // 100,000.00 yuan of sales: 3500 bp -> 3,500,000 fen, 3600 -> 3,600,000, 3650 -> 3,650,000.
  uint64_t r1 = Report(b, "2025-01", "ssq", 10000000, 3500, 3500000);
  uint64_t r2 = Report(b, "2025-12", "ssq", 10000000, 3500, 3500000);
  uint64_t r3 = Report(b, "2026-01", "ssq", 10000000, 3600, 3600000);
  uint64_t r4 = Report(b, "2026-06", "ssq", 10000000, 3600, 3600000);
  uint64_t r5 = Report(b, "2026-07", "ssq", 10000000, 3650, 3650000);
  uint64_t r6 = Report(b, "2027-03", "ssq", 10000000, 3650, 3650000);
  EXPECT_EQ(b.Lots("gd-lottery-welfare"),
            (std::vector<Piece>{L(r1, 3500000, Lottery()), L(r2, 3500000, Lottery()), L(r3, 3600000, Lottery()),
                                L(r4, 3600000, Lottery()), L(r5, 3650000, Lottery()), L(r6, 3650000, Lottery())}));
  // 3500000*2 + 3600000*2 + 3650000*2 = 21,500,000.
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").balance_fen, 21500000);
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").inflow_fen, 21500000);
}

TEST(AccountsLottery, RateMustBeInForceAndMatch) {
  Books b = LotteryBooks();
  RefuseReport(b, "2024-12", "ssq", 10000000, 3500, 3500000, "body.welfare_rate_bp");  // before any
  RefuseReport(b, "2026-03", "kl8", 10000000, 3600, 3600000, "body.welfare_rate_bp");  // no rate
  RefuseReport(b, "2025-06", "ssq", 10000000, 3600, 3600000, "body.welfare_rate_bp");  // 3500 then
  RefuseReport(b, "2026-08", "ssq", 10000000, 3700, 3700000, "body.welfare_rate_bp");  // replaced
  RefuseReport(b, "2025-06", "jk", 10000000, 2000, 2000000,
               "body.welfare_rate_bp");  // jk from 2026
  EXPECT_TRUE(b.Lots("gd-lottery-welfare").empty());
}

TEST(AccountsLottery, WelfareMustBeTheExactFloor) {
  Books b = LotteryBooks();
  // 123456789 * 3600 = 444444440400; / 10000 = 44444444.04 -> 44444444.
  RefuseReport(b, "2026-03", "ssq", 123456789, 3600, 44444443, "body.welfare_fen");
  RefuseReport(b, "2026-03", "ssq", 123456789, 3600, 44444445, "body.welfare_fen");
  uint64_t r = Report(b, "2026-03", "ssq", 123456789, 3600, 44444444);
  EXPECT_EQ(b.Lots("gd-lottery-welfare"), (std::vector<Piece>{L(r, 44444444, Lottery())}));
}

TEST(AccountsLottery, WelfareOfHugeSalesIsComputedExactly) {
  Books b = LotteryBooks();
  b.Post(EventKind::kLotteryRateSet, "regulator", RateBody("full-draw", 10000, "2026-01"));
  // (2^53−1)*3500 = 31525197391593468500 (beyond int64); /10000 = ...346.85.
  // A double gives ...347.
  RefuseReport(b, "2025-06", "ssq", kMaxFen, 3500, 3152519739159347, "body.welfare_fen");
  uint64_t r1 = Report(b, "2025-06", "ssq", kMaxFen, 3500, 3152519739159346);
  // (2^53−1)*3600 = 32425917317067567600; /10000 = ...756.76.
  RefuseReport(b, "2026-03", "ssq", kMaxFen, 3600, 3242591731706757, "body.welfare_fen");
  RefuseReport(b, "2026-03", "ssq", kMaxFen, 3600, 3242591731706755, "body.welfare_fen");
  uint64_t r2 = Report(b, "2026-03", "ssq", kMaxFen, 3600, 3242591731706756);
  // At 10000 bp the whole sales; a double gives 2^53−2.
  RefuseReport(b, "2026-03", "full-draw", kMaxFen, 10000, kMaxFen - 1, "body.welfare_fen");
  uint64_t r3 = Report(b, "2026-03", "full-draw", kMaxFen, 10000, kMaxFen);
  EXPECT_EQ(b.Lots("gd-lottery-welfare"),
            (std::vector<Piece>{L(r1, 3152519739159346, Lottery()), L(r2, 3242591731706756, Lottery()),
                                L(r3, kMaxFen, Lottery())}));
  // 3152519739159346 + 3242591731706756 + 9007199254740991 = 15402310725607093.
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").balance_fen, 15402310725607093);
}

TEST(AccountsLottery, GamePeriodIsReportedOnce) {
  Books b = LotteryBooks();
  Report(b, "2026-03", "ssq", 1000000000, 3600, 360000000);
  RefuseReport(b, "2026-03", "ssq", 1000000000, 3600, 360000000, "body.period");
  RefuseReport(b, "2026-03", "ssq", 2000000000, 3600, 720000000, "body.period");
  Report(b, "2026-03", "jk", 1000000000, 2000, 200000000);  // another game, same month
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").balance_fen, 560000000);
}

TEST(AccountsLottery, ZeroWelfareMakesNoLotButTakesThePeriod) {
  Books b = LotteryBooks();
  // 2 * 3600 / 10000 = 0.72 -> 0.
  Report(b, "2026-03", "ssq", 2, 3600, 0);
  EXPECT_TRUE(b.Lots("gd-lottery-welfare").empty());
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").balance_fen, 0);
  EXPECT_EQ(b.FundAt("gd-lottery-welfare").inflow_fen, 0);
  RefuseReport(b, "2026-03", "ssq", 2, 3600, 0, "body.period");
}

TEST(AccountsLottery, ReportIsATracedSourceIntoAnOwnedFund) {
  Books b = LotteryBooks();
  uint64_t r = b.Post(
      EventKind::kLotterySalesReported, kLotteryCenter,
      SalesBody("2026-03", "ssq", 1000000000, 3600, 360000000, "gd-lottery-welfare"));
  SourceTrace expected{.seq = r,
                       .kind = EventKind::kLotterySalesReported,
                       .fund = "gd-lottery-welfare",
                       .amount_fen = 360000000,
                       .held = {{"gd-lottery-welfare", 360000000}}};
  EXPECT_TRUE(b.Trace(r) == expected);
  EXPECT_EQ(b.Trace(r).receipt, "");
  b.Open(kFederation, "szcf-general", "general", false);
  b.Refuse(EventKind::kLotterySalesReported, kLotteryCenter,
           SalesBody("2026-04", "ssq", 100, 3600, 36, "gd-nowhere"), Code::kUnprocessable,
           "body.fund");
  b.Refuse(EventKind::kLotterySalesReported, kLotteryCenter,
           SalesBody("2026-04", "ssq", 100, 3600, 36, "szcf-general"), Code::kPermissionDenied,
           "body.fund");
}

// --- trusts ----------------------------------------------------------------

TEST(AccountsTrusts, EstablishedOpensARestrictedTrustFund) {
  Books b;
  uint64_t seq =
      b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  Fund expected{.id = "sz-trust-orphans",
                .owner = kTrustee,
                .kind = "trust",
                .purpose = "orphans",
                .restricted = true,
                .name = "Charity trust sz-trust-orphans",
                .opened_seq = seq};
  EXPECT_TRUE(b.FundAt("sz-trust-orphans") == expected);
  b.Open(kCharity, "szc-orphans", "orphans", true);
  b.Refuse(EventKind::kTrustEstablished, kTrustee, TrustBody("szc-orphans", "orphans"),
           Code::kUnprocessable, "body.fund");
  b.Refuse(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "elderly"),
           Code::kUnprocessable, "body.fund");
}

TEST(AccountsTrusts, ContributionsAndIncomeAreTracedSources) {
  Books b;
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  uint64_t c = b.Post(EventKind::kTrustContributed, kTrustee,
                      DonationBody("TR-2026-0001", "sz-trust-orphans", 1000000));
  uint64_t i =
      b.Post(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust-orphans", 12345));
  EXPECT_EQ(b.Lots("sz-trust-orphans"), (std::vector<Piece>{L(c, 1000000, Purpose("orphans")),
                                                            L(i, 12345, Purpose("orphans"))}));
  EXPECT_EQ(b.FundAt("sz-trust-orphans").balance_fen, 1012345);
  EXPECT_EQ(b.FindReceipt("TR-2026-0001"), c);
  EXPECT_EQ(b.Trace(c).kind, EventKind::kTrustContributed);
  EXPECT_EQ(b.Trace(c).receipt, "TR-2026-0001");
  EXPECT_EQ(b.Trace(c).held, (std::map<std::string, int64_t>{{"sz-trust-orphans", 1000000}}));
  EXPECT_EQ(b.Trace(i).kind, EventKind::kTrustIncomeRecorded);
  EXPECT_EQ(b.Trace(i).receipt, "");
  EXPECT_EQ(b.Trace(i).held, (std::map<std::string, int64_t>{{"sz-trust-orphans", 12345}}));
}

TEST(AccountsTrusts, ContributionsAndIncomeGoOnlyIntoOwnTrustFunds) {
  Books b;
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  b.Post(EventKind::kTrustEstablished, "gz-trust-co", TrustBody("gz-trust-elderly", "elderly"));
  b.Open(kTrustee, "sztc-operating", "general", false);
  RefuseGift(b, kContribution, kTrustee, "TR-2026-0001", "sztc-operating", Code::kUnprocessable,
             "body.fund");
  b.Refuse(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sztc-operating", 100),
           Code::kUnprocessable, "body.fund");
  RefuseGift(b, kContribution, kTrustee, "TR-2026-0001", "gz-trust-elderly",
             Code::kPermissionDenied, "body.fund");
  b.Refuse(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("gz-trust-elderly", 100),
           Code::kPermissionDenied, "body.fund");
  b.Refuse(EventKind::kTrustIncomeRecorded, kTrustee, IncomeBody("sz-trust-nowhere", 100),
           Code::kUnprocessable, "body.fund");
  b.Refuse(EventKind::kTrustContributed, kTrustee,
           ForPurpose(DonationBody("TR-2026-0001", "sz-trust-orphans", 100), "elderly"),
           Code::kUnprocessable, "body.designation.purpose");
}

TEST(AccountsTrusts, DistributionFollowsThePurposeRule) {
  Books b;
  b.Post(EventKind::kTrustEstablished, kTrustee, TrustBody("sz-trust-orphans", "orphans"));
  b.Open(kFederation, "szcf-elderly", "elderly", true);
  b.Open(kCharity, "szc-orphans", "orphans", true);
  uint64_t c = b.Post(EventKind::kTrustContributed, kTrustee,
                      DonationBody("TR-2026-0001", "sz-trust-orphans", 1000000));
  // Every fen of the trust is held for orphans: none may go to an elderly fund.
  b.Refuse(EventKind::kFundsTransferred, kTrustee,
           testing::TransferBody("sz-trust-orphans", "szcf-elderly", 1, "trust_distribution"),
           Code::kUnprocessable, "body.amount_fen");
  uint64_t t = b.Post(
      EventKind::kFundsTransferred, kTrustee,
      testing::TransferBody("sz-trust-orphans", "szc-orphans", 400000, "trust_distribution"));
  EXPECT_EQ(b.Lots("sz-trust-orphans"), (std::vector<Piece>{L(c, 600000, Purpose("orphans"))}));
  EXPECT_EQ(b.Lots("szc-orphans"), (std::vector<Piece>{L(c, 400000, Purpose("orphans"))}));
  EXPECT_EQ(b.Trace(c).hops, (std::vector<Hop>{{t, "sz-trust-orphans", "szc-orphans", 400000}}));
  EXPECT_EQ(b.Trace(c).held, (std::map<std::string, int64_t>{{"sz-trust-orphans", 600000},
                                                             {"szc-orphans", 400000}}));
}

TEST(AccountsKinds, HandlesTheMoneyAndFundEvents) {
  for (EventKind kind :
       {EventKind::kFundOpened, EventKind::kLotteryRateSet, EventKind::kLotterySalesReported,
        EventKind::kDonationReceived, EventKind::kTrustEstablished, EventKind::kTrustContributed,
        EventKind::kTrustIncomeRecorded, EventKind::kFundsTransferred, EventKind::kDisbursementMade,
        EventKind::kExpenseRecorded, EventKind::kEventReversed})
    EXPECT_TRUE(accounts::Handles(kind)) << EventTypeOf(kind).name;
  for (EventKind kind : {EventKind::kGenesis, EventKind::kOrgRegistered, EventKind::kOrgKeyRotated,
                         EventKind::kOrgSuspended})
    EXPECT_FALSE(accounts::Handles(kind)) << EventTypeOf(kind).name;
}

}  // namespace
}  // namespace ledger
