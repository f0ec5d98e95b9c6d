// The accounting read API over a real server: docs/accounting.md's worked
// example posted through POST /v1/events, then read back through
// /v1/funds, /v1/receipts/{r}/trace (its proof checked with the library's
// verifier), /v1/disbursements/{seq}/sources and /v1/orgs/{id}.
#include <string>

#include <gtest/gtest.h>

#include "test_dates.hpp"
#include "api_fixture.hpp"
#include "ledger/merkle.hpp"
#include "raw_http_client.hpp"
#include "accounting_example.hpp"

namespace ledger::api {
namespace {

using testing::example::Donation;
using testing::example::kFederation;
using testing::example::kFutian;

class AccountingApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    for (const char* org : {kFederation, kFutian}) {
      keys_.emplace(org, *PrivateKey::Generate());
      PostEvent(Submission("org.registered", "reg", std::string("reg-") + org,
                      RegisterBody(org, "charity", {"fundraise", "disburse"}, keys_.at(org).public_key()),
                      *regulator_));
    }
    PostEvent(As(kFederation, "fund.opened", "f1",
            {{"id", "szcf-general"}, {"owner", kFederation}, {"kind", "donations"},
             {"purpose", "general"}, {"restricted", false}, {"name", "General fund"}}));
    PostEvent(As(kFutian, "fund.opened", "f2",
            {{"id", "futian-care"}, {"owner", kFutian}, {"kind", "project"}, {"purpose", "elderly"},
             {"restricted", true}, {"name", "Futian elderly care"}}));
    d1_ = PostEvent(As(kFederation, "donation.received", "d1", Donation("SZCF-001", 50000)));
    PostEvent(As(kFederation, "donation.received", "d2", Donation("SZCF-002", 30000, {{"purpose", "education"}})));
    d3_ = PostEvent(As(kFederation, "donation.received", "d3", Donation("SZCF-003", 20000)));
    transfer_ = PostEvent(As(kFederation, "funds.transferred", "t1",
                        {{"from", "szcf-general"}, {"to", "futian-care"}, {"amount_fen", 60000},
                         {"reason", "grant"}, {"reference", "grant 2026-11"}, {"date", testing::TodayInBeijing()}}));
    disbursement_ = PostEvent(As(kFutian, "disbursement.made", "p1",
                            {{"fund", "futian-care"}, {"amount_fen", 55000},
                             {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
                             {"purpose", "elderly"}, {"reference", "meals 2026-11"}, {"date", testing::TodayInBeijing()}}));
    expense_ = PostEvent(As(kFederation, "expense.recorded", "e1",
                       {{"fund", "szcf-general"}, {"amount_fen", 8000}, {"category", "management"},
                        {"date", testing::TodayInBeijing()}}));
  }

  static Json Submission(const std::string& type, const std::string& org, const std::string& idem,
                         Json body, const PrivateKey& key) {
    return SignedSubmission(type, org, idem, std::move(body), key);
  }
  Json As(const std::string& org, const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, org, idem, std::move(body), keys_.at(org));
  }

  std::map<std::string, PrivateKey> keys_;
  uint64_t d1_ = 0, d3_ = 0, transfer_ = 0, disbursement_ = 0, expense_ = 0;
};

TEST_F(AccountingApiTest, FundShowsItsBalanceCountersAndLotsOldestFirst) {
  Json fund = GetJson("/v1/funds/szcf-general");
  EXPECT_EQ(fund["owner"], kFederation);
  EXPECT_EQ(fund["restricted"], false);
  EXPECT_EQ(fund["balance_fen"], 32000);  // 1,000.00 in, 600.00 granted, 80.00 expensed
  EXPECT_EQ(fund["inflow_fen"], 100000);
  EXPECT_EQ(fund["outflow_fen"], 68000);
  ASSERT_EQ(fund["lots"].size(), 2u);
  EXPECT_EQ(fund["lots"][0]["source_seq"], d1_ + 1);
  EXPECT_EQ(fund["lots"][0]["amount_fen"], 30000);
  EXPECT_EQ(fund["lots"][0]["restriction"], Json({{"purpose", "education"}}));
  EXPECT_EQ(fund["lots"][1]["source_seq"], d3_);
  EXPECT_EQ(fund["lots"][1]["amount_fen"], 2000);
  EXPECT_EQ(fund["lots"][1]["restriction"], nullptr);
  EXPECT_EQ(fund["lots_next"], nullptr);
}

TEST_F(AccountingApiTest, PageStartsAtTheOldestLiveLotAndHoldsOnlyThisFundsLots) {
  // futian-care's first two lots were spent (whole and in part): the page
  // starts at what is left, and stops before szcf-general's lots.
  Json fund = GetJson("/v1/funds/futian-care?lots_from=0");
  ASSERT_EQ(fund["lots"].size(), 1u);
  EXPECT_EQ(fund["lots"][0]["source_seq"], d3_);
  EXPECT_EQ(fund["lots"][0]["amount_fen"], 5000);
  EXPECT_EQ(fund["lots_next"], nullptr);
  EXPECT_EQ(fund["lot_count"], 1);
  EXPECT_FALSE(fund.contains("first_lot_order"));  // bookkeeping, not served
}

TEST_F(AccountingApiTest, LotsArePagedWithNext) {
  Json first = GetJson("/v1/funds/szcf-general?lots_limit=1");
  ASSERT_EQ(first["lots"].size(), 1u);
  ASSERT_FALSE(first["lots_next"].is_null());
  Json second = GetJson("/v1/funds/szcf-general?lots_limit=1&lots_from=" + first["lots_next"].dump());
  ASSERT_EQ(second["lots"].size(), 1u);
  EXPECT_EQ(second["lots"][0]["source_seq"], d3_);
  EXPECT_EQ(second["lots_next"], nullptr);
  GetJson("/v1/funds/szcf-general?lots_limit=0", 400);
  GetJson("/v1/funds/szcf-general?lots_limit=1001", 400);
}

TEST_F(AccountingApiTest, ReceiptTraceAccountsForEveryFenAndItsProofVerifies) {
  Json trace = GetJson("/v1/receipts/SZCF-003/trace");
  EXPECT_EQ(trace["seq"], d3_);
  EXPECT_EQ(trace["amount_fen"], 20000);
  EXPECT_EQ(trace["held"], Json::parse(R"([{"amount_fen":5000,"fund":"futian-care"},
                                           {"amount_fen":2000,"fund":"szcf-general"}])"));
  EXPECT_EQ(trace["hops"], Json::array({{{"seq", transfer_}, {"from", "szcf-general"},
                                         {"to", "futian-care"}, {"amount_fen", 10000}}}));
  EXPECT_EQ(trace["spent"], Json::array({{{"seq", disbursement_}, {"fund", "futian-care"},
                                          {"amount_fen", 5000}, {"purpose", "elderly"}}}));
  EXPECT_EQ(trace["expensed"], Json::array({{{"seq", expense_}, {"fund", "szcf-general"},
                                             {"amount_fen", 8000}, {"category", "management"}}}));
  EXPECT_EQ(trace["leaf_hash"], HexEncode(*log_->LeafHashAt(d3_)));
  const Json& proof = trace["proof"];
  Status verified = VerifyInclusion(d3_, proof["tree_size"], FromHex(proof["leaf_hash"]),
                                    FromHexList(proof["hashes"]), FromHex(proof["root"]));
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(FromHex(proof["root"]), *log_->RootAt(proof["tree_size"]));
}

TEST_F(AccountingApiTest, DisbursementSourcesAddUpToIt) {
  Json sources = GetJson("/v1/disbursements/" + std::to_string(disbursement_) + "/sources");
  EXPECT_EQ(sources["amount_fen"], 55000);
  EXPECT_EQ(sources["fund"], "futian-care");
  EXPECT_EQ(sources["reversed"], false);
  EXPECT_EQ(sources["sources"],
            Json::array({{{"source_seq", d1_}, {"type", "donation.received"}, {"receipt", "SZCF-001"},
                          {"amount_fen", 50000}},
                         {{"source_seq", d3_}, {"type", "donation.received"}, {"receipt", "SZCF-003"},
                          {"amount_fen", 5000}}}));
}

TEST_F(AccountingApiTest, ReversedDisbursementLeavesTheTraceButKeepsItsSources) {
  PostEvent(As(kFutian, "event.reversed", "x1", {{"seq", disbursement_}, {"reason", "paid twice"}}));
  Json sources = GetJson("/v1/disbursements/" + std::to_string(disbursement_) + "/sources");
  EXPECT_EQ(sources["reversed"], true);
  EXPECT_EQ(sources["sources"].size(), 2u);
  Json trace = GetJson("/v1/receipts/SZCF-001/trace");
  EXPECT_TRUE(trace["spent"].empty());
  EXPECT_EQ(trace["held"], Json::array({{{"amount_fen", 50000}, {"fund", "futian-care"}}}));
  EXPECT_EQ(GetJson("/v1/funds/futian-care")["balance_fen"], 60000);
}

TEST_F(AccountingApiTest, OrgListsTheFundsItOwns) {
  Json org = GetJson(std::string("/v1/orgs/") + kFederation);
  EXPECT_EQ(org["funds"], Json::array({{{"id", "szcf-general"}, {"balance_fen", 32000}}}));
  EXPECT_EQ(org["recent"].size(), 5u);  // three donations, the grant, the expense
  EXPECT_EQ(org["recent"][0], Json({{"seq", expense_}, {"type", "expense.recorded"}, {"by", kFederation}}));
  // A transfer into an org's fund is among its flows too, newest first.
  Json futian = GetJson(std::string("/v1/orgs/") + kFutian);
  EXPECT_EQ(futian["recent"],
            Json::array({{{"seq", disbursement_}, {"type", "disbursement.made"}, {"by", kFutian}},
                         {{"seq", transfer_}, {"type", "funds.transferred"}, {"by", kFederation}}}));
}

TEST_F(AccountingApiTest, UnknownOrMalformedNamesAreRefused) {
  EXPECT_EQ(GetJson("/v1/funds/no-such-fund", 404)["errors"][0]["field"], "id");
  EXPECT_EQ(GetJson("/v1/funds/Bad%20Id", 400)["errors"][0]["field"], "id");
  EXPECT_EQ(GetJson("/v1/receipts/SZCF-999/trace", 404)["errors"][0]["field"], "receipt");
  EXPECT_EQ(GetJson("/v1/receipts/bad%2Freceipt/trace", 400)["errors"][0]["field"], "receipt");
  EXPECT_EQ(GetJson("/v1/disbursements/" + std::to_string(d1_) + "/sources", 404)["errors"][0]["field"], "seq");
  EXPECT_EQ(GetJson("/v1/disbursements/x/sources", 400)["errors"][0]["field"], "seq");
}

TEST_F(AccountingApiTest, StatsCountMoneyInAndOutAndTheHonourList) {
  Json named = Donation("SZCF-004", 1000);
  named["donor"]["kind"] = "enterprise";
  named["donor"]["display_name"] = "Pengcheng Logistics";
  named["channel"] = "bank";
  const uint64_t named_seq = PostEvent(As(kFederation, "donation.received", "d4", named));
  Json stats = GetJson("/v1/stats");
  EXPECT_EQ(stats["donations"]["total_fen"], 101000);
  EXPECT_EQ(stats["donations"]["count"], 4);
  EXPECT_EQ(stats["donations"]["by_month"],
            Json::array({{{"month", "2026-11"}, {"amount_fen", 101000}, {"count", 4}}}));
  EXPECT_EQ(stats["donations"]["by_channel"],
            Json::array({{{"channel", "bank"}, {"amount_fen", 1000}, {"count", 1}},
                         {{"channel", "online"}, {"amount_fen", 100000}, {"count", 3}}}));
  EXPECT_EQ(stats["donations"]["by_purpose"],
            Json::array({{{"purpose", "general"}, {"amount_fen", 101000}, {"count", 4}}}));
  EXPECT_EQ(stats["donations"]["by_org"],
            Json::array({{{"org", kFederation}, {"amount_fen", 101000}, {"count", 4}}}));
  EXPECT_EQ(stats["spending"]["by_purpose"],
            Json::array({{{"purpose", "elderly"}, {"amount_fen", 55000}, {"count", 1}}}));
  EXPECT_EQ(stats["spending"]["by_category"],
            Json::array({{{"category", "management"}, {"amount_fen", 8000}, {"count", 1}}}));
  EXPECT_EQ(stats["honour"], Json::array({{{"seq", named_seq}, {"display_name", "Pengcheng Logistics"},
                                            {"amount_fen", 1000}, {"org", kFederation},
                                            {"date", "2026-11-23"}}}));
  EXPECT_EQ(stats["honour_next"], nullptr);

  // Reversals take back what they count.
  PostEvent(As(kFederation, "event.reversed", "x1", {{"seq", named_seq}, {"reason", "bounced"}}));
  PostEvent(As(kFutian, "event.reversed", "x2", {{"seq", disbursement_}, {"reason", "paid twice"}}));
  stats = GetJson("/v1/stats");
  EXPECT_EQ(stats["donations"]["total_fen"], 100000);
  EXPECT_TRUE(stats["spending"]["by_purpose"].empty());
  EXPECT_TRUE(stats["honour"].empty());
  GetJson("/v1/stats?honour_limit=0", 400);
}

TEST_F(AccountingApiTest, AReversedDonationsReceiptStaysReversedAndPointsToItsReplacement) {
  // Found by the portal: the receipt index was deleted with the reversal,
  // so the trace answered 404 where DESIGN.md §7 asks for reversed:true.
  const uint64_t seq = PostEvent(As(kFederation, "donation.received", "d9", Donation("SZCF-009", 700)));
  PostEvent(As(kFederation, "event.reversed", "x9", {{"seq", seq}, {"reason", "bounced"}}));
  Json trace = GetJson("/v1/receipts/SZCF-009/trace");
  EXPECT_EQ(trace["seq"], seq);
  EXPECT_EQ(trace["reversed"], true);
  EXPECT_TRUE(trace["held"].empty());
  // The number is never taken again (DESIGN.md §7): 422, nothing written.
  const uint64_t size = ledger_->log().size();
  const testing::Reply reused =
      testing::Post(port_, "/v1/events", As(kFederation, "donation.received", "d10", Donation("SZCF-009", 800)).dump());
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.JsonBody()["errors"][0]["field"], "body.receipt");
  EXPECT_EQ(ledger_->log().size(), size);
  // The corrected gift takes a new number naming the old one.
  Json corrected = Donation("SZCF-010", 800);
  corrected["replaces"] = "SZCF-009";
  const uint64_t again = PostEvent(As(kFederation, "donation.received", "d10", corrected));
  trace = GetJson("/v1/receipts/SZCF-009/trace");
  EXPECT_EQ(trace["seq"], seq);
  EXPECT_EQ(trace["reversed"], true);
  EXPECT_EQ(trace["replaced_by"], "SZCF-010");
  EXPECT_EQ(GetJson("/v1/receipts/SZCF-010/trace")["seq"], again);
  const Json old_receipt = GetJson("/v1/receipts/SZCF-009");
  EXPECT_EQ(old_receipt["status"], "reversed");
  EXPECT_EQ(old_receipt["replaced_by"], "SZCF-010");
  EXPECT_EQ(GetJson("/v1/receipts/SZCF-010")["replaces"], "SZCF-009");
}

TEST_F(AccountingApiTest, ReadModelsAreTheSameAfterAReopen) {
  const Json fund = GetJson("/v1/funds/szcf-general");
  const Json trace = GetJson("/v1/receipts/SZCF-003/trace");
  const Json stats = GetJson("/v1/stats");
  Restart();
  EXPECT_EQ(GetJson("/v1/funds/szcf-general"), fund);
  EXPECT_EQ(GetJson("/v1/receipts/SZCF-003/trace"), trace);
  EXPECT_EQ(GetJson("/v1/stats"), stats);
}

}  // namespace
}  // namespace ledger::api
