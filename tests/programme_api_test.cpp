// Programmes and budgets over HTTP (DESIGN.md §6b): budget money as a
// source, the lottery purpose rule across transfers, a project from its
// application to its closing with its commitment, tranches, milestones and
// evaluations, and the lists of projects. Hand-computed answers against a
// real server on a real RocksDB; the clock is the test's.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "audit/auditor.hpp"
#include "audit/store_source.hpp"

namespace ledger::api {
namespace {

using std::chrono::system_clock;
using testing::RegisterBody;
using testing::SignedSubmission;

constexpr char kLottery[] = "prov-lottery";
constexpr char kMedical[] = "prov-medical";
constexpr char kCityLottery[] = "city-lottery";
constexpr char kNgoElderly[] = "ngo-elderly";
constexpr char kNgoGeneral[] = "ngo-general";

system_clock::time_point Utc(int y, int m, int d, int hour = 2) {
  using namespace std::chrono;
  return sys_days{year{y} / m / d} + hours{hour};
}

Json Located(Json body, const std::string& region, const std::string& level) {
  body["region"] = region;
  body["level"] = level;
  return body;
}

Json Fund(const std::string& id, const std::string& owner, const std::string& kind, const std::string& purpose,
          bool restricted) {
  return {{"id", id}, {"owner", owner}, {"kind", kind}, {"purpose", purpose}, {"restricted", restricted},
          {"name", "Fund " + id}};
}

Json Disbursement(const std::string& fund, int64_t fen, const std::string& purpose) {
  return {{"fund", fund}, {"amount_fen", fen}, {"purpose", purpose}, {"reference", "D"},
          {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "institution"}}}, {"date", "2027-01-04"}};
}

Json Transfer(const std::string& from, const std::string& to, int64_t fen) {
  return {{"from", from}, {"to", to}, {"amount_fen", fen}, {"reason", "allocation"}, {"reference", "T"},
          {"date", "2027-01-04"}};
}

Json TranchePayment(Json body, const std::string& project, int64_t tranche) {
  body["project"] = project;
  body["tranche"] = tranche;
  return body;
}

Json Application(const std::string& id, int64_t fen, const std::string& purpose = "elderly") {
  return {{"id", id}, {"programme", "elderly-care-2027"}, {"title", "社区长者食堂"}, {"purpose", purpose},
          {"amount_fen", fen}, {"region", "440304"}, {"start", "2027-01-01"}, {"end", "2027-12-31"}};
}

Json Tranche(int64_t no, int64_t fen, bool needs_evaluation) {
  return {{"no", no}, {"amount_fen", fen}, {"needs_evaluation", needs_evaluation}};
}

Json Approval(const std::string& project, int64_t fen, Json tranches, const std::string& fund = kLottery) {
  return {{"project", project}, {"document", "粤民发〔2027〕1号"}, {"amount_fen", fen}, {"fund", fund},
          {"tranches", std::move(tranches)}};
}

Json Evaluation(const std::string& project, int64_t tranche, const std::string& grade, int64_t score) {
  return {{"project", project}, {"tranche", tranche}, {"grade", grade}, {"score", score},
          {"sha256", std::string(64, 'e')}};
}

Json Milestone(const std::string& project, int64_t tranche) {
  return {{"project", project}, {"tranche", tranche}, {"sha256", std::string(64, 'a')},
          {"indicators", Json::array({{{"name", "served meals"}, {"value", "12000"}, {"unit", "meals"}}})}};
}

class ProgrammeApiTest : public ServerFixture {
 protected:
  ProgrammeApiTest() { clock_ = [this] { return now_.load(); }; }

  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    for (const char* org : {"prov", "city", "ngo", "aud"}) keys_[org] = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    Reg("r1", Located(RegisterBody("prov", "civil_affairs", {"allocate", "disburse"}, Key("prov").public_key()),
                      "440000", "province"));
    Reg("r2", Located(RegisterBody("city", "civil_affairs", {"allocate", "disburse"}, Key("city").public_key()),
                      "440300", "city"));
    Reg("r3", RegisterBody("ngo", "charity", {"fundraise", "disburse"}, Key("ngo").public_key()));
    Reg("r4", RegisterBody("aud", "auditor", {"audit"}, Key("aud").public_key()));
    PostEvent(SignedSubmission("lottery.rate_set", "reg", "rate",
                               {{"game", "ssq"}, {"welfare_rate_bp", 3600}, {"effective_from", "2026-01"}}, *regulator_));
    PostEvent(As("prov", "fund.opened", "f1", Fund(kLottery, "prov", "lottery_welfare", "general", false)));
    PostEvent(As("prov", "fund.opened", "f2", Fund(kMedical, "prov", "donations", "medical", true)));
    PostEvent(As("city", "fund.opened", "f3", Fund(kCityLottery, "city", "lottery_welfare", "general", false)));
    PostEvent(As("ngo", "fund.opened", "f4", Fund(kNgoElderly, "ngo", "project", "elderly", true)));
    PostEvent(As("ngo", "fund.opened", "f5", Fund(kNgoGeneral, "ngo", "donations", "general", false)));
    // 1,000,000 fen of sales at 36%: 360,000 fen of lottery welfare money.
    sales_seq_ = PostEvent(As("prov", "lottery.sales_reported", "s1",
                              {{"period", "2026-12"}, {"game", "ssq"}, {"sales_fen", 1'000'000},
                               {"welfare_rate_bp", 3600}, {"welfare_fen", 360'000}, {"fund", kLottery}}));
  }

  PrivateKey& Key(const std::string& org) { return *keys_.at(org); }
  uint64_t Reg(const std::string& idem, Json body, const std::string& type = "org.registered") {
    return PostEvent(SignedSubmission(type, "reg", idem, std::move(body), *regulator_));
  }
  Json As(const std::string& org, const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, org, idem, std::move(body), Key(org));
  }
  Json FundJson(const std::string& id) { return GetJson("/v1/funds/" + id); }
  void ApplyAndApprove(const std::string& id, int64_t requested, int64_t approved, Json tranches) {
    PostEvent(As("ngo", "project.applied", "a-" + id, Application(id, requested)));
    PostEvent(As("prov", "project.approved", "ok-" + id, Approval(id, approved, std::move(tranches))));
  }

  std::atomic<system_clock::time_point> now_{Utc(2027, 1, 4)};
  std::map<std::string, std::unique_ptr<PrivateKey>> keys_;
  uint64_t sales_seq_ = 0;
};

TEST_F(ProgrammeApiTest, LotteryMoneyIsSpentOnlyForTheFourPurposesHoweverManyTransfersItPassed) {
  ExpectRefused(As("prov", "disbursement.made", "d1", Disbursement(kLottery, 100, "medical")), 422, "body.purpose");
  PostEvent(As("prov", "disbursement.made", "d2", Disbursement(kLottery, 100, "elderly")));
  // Through a transfer to the city, the money is still lottery money.
  PostEvent(As("prov", "funds.transferred", "t1", Transfer(kLottery, kCityLottery, 100'000)));
  ExpectRefused(As("city", "disbursement.made", "d3", Disbursement(kCityLottery, 1, "medical")), 422, "body.purpose");
  PostEvent(As("city", "disbursement.made", "d4", Disbursement(kCityLottery, 100'000, "poverty")));
  // It does not enter a fund restricted to another purpose, where it could never be spent.
  ExpectRefused(As("prov", "funds.transferred", "t2", Transfer(kLottery, kMedical, 1)), 422, "body.amount_fen");
  // Budget money beside it may be spent for medical care: FIFO skips the lottery lot.
  const uint64_t budget = PostEvent(As("prov", "appropriation.received", "b1",
                                       {{"fund", kLottery}, {"amount_fen", 50'000}, {"document", "粤财社〔2027〕3号"},
                                        {"level", "province"}, {"fiscal_year", 2027}, {"date", "2027-01-03"}}));
  const uint64_t medical = PostEvent(As("prov", "disbursement.made", "d5", Disbursement(kLottery, 50'000, "medical")));
  ExpectRefused(As("prov", "disbursement.made", "d6", Disbursement(kLottery, 1, "medical")), 422, "body.purpose");

  const Json sources = GetJson("/v1/disbursements/" + std::to_string(medical) + "/sources")["sources"];
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0]["type"], "appropriation.received");
  EXPECT_EQ(sources[0]["source_seq"], budget);
  EXPECT_EQ(sources[0]["amount_fen"], 50'000);
  const Json trace = GetJson("/v1/sources/" + std::to_string(budget) + "/trace");
  EXPECT_EQ(trace["type"], "appropriation.received");
  EXPECT_EQ(trace["receipt"], nullptr);
  EXPECT_EQ(trace["spent"][0]["purpose"], "medical");
  EXPECT_EQ(trace["held"], Json::array());
  EXPECT_TRUE(trace.contains("proof"));
  // 360,000 − 100 − 100,000 + 50,000 − 50,000.
  EXPECT_EQ(FundJson(kLottery)["balance_fen"], 259'900);
  const Json lottery_trace = GetJson("/v1/sources/" + std::to_string(sales_seq_) + "/trace");
  EXPECT_EQ(lottery_trace["hops"][0]["to"], kCityLottery);
  EXPECT_EQ(lottery_trace["spent"].size(), 2u);
  GetJson("/v1/sources/1/trace", 404);
  const Json stats = GetJson("/v1/stats");
  EXPECT_EQ(stats["appropriations"]["total_fen"], 50'000);
  EXPECT_EQ(stats["appropriations"]["by_level"][0]["level"], "province");
}

TEST_F(ProgrammeApiTest, AnApprovalCommitsMoneyThatOnlyTheProjectsTranchesMaySpend) {
  ApplyAndApprove("p1", 300'000, 200'000,
                  Json::array({Tranche(1, 120'000, false), Tranche(2, 80'000, true)}));
  Json fund = FundJson(kLottery);
  EXPECT_EQ(fund["balance_fen"], 360'000);
  EXPECT_EQ(fund["committed_fen"], 200'000);
  EXPECT_EQ(fund["usable_fen"], 160'000);
  ExpectRefused(As("prov", "disbursement.made", "d1", Disbursement(kLottery, 160'001, "poverty")), 422,
                "body.amount_fen");
  PostEvent(As("prov", "disbursement.made", "d2", Disbursement(kLottery, 160'000, "poverty")));
  EXPECT_EQ(FundJson(kLottery)["usable_fen"], 0);

  PostEvent(As("prov", "funds.transferred", "t1", TranchePayment(Transfer(kLottery, kNgoElderly, 120'000), "p1", 1)));
  fund = FundJson(kLottery);
  EXPECT_EQ(fund["balance_fen"], 80'000);
  EXPECT_EQ(fund["committed_fen"], 80'000);
  const Json pay2 = As("prov", "disbursement.made", "d3", TranchePayment(Disbursement(kLottery, 50'000, "elderly"), "p1", 2));
  ExpectRefused(pay2, 422, "body.tranche");  // tranche 2 waits for its evaluation
  ExpectRefused(As("aud", "project.evaluated", "e0", Evaluation("p1", 2, "B", 85)), 422, "body.tranche");
  PostEvent(As("ngo", "project.milestone_reported", "m2", Milestone("p1", 2)));
  PostEvent(As("aud", "project.evaluated", "e1", Evaluation("p1", 2, "D", 40)));
  ExpectRefused(pay2, 422, "body.tranche");  // a failing grade does not open it
  PostEvent(As("aud", "project.evaluated", "e2", Evaluation("p1", 2, "B", 85)));
  PostEvent(pay2);
  PostEvent(As("prov", "commitment.released", "rel", {{"project", "p1"}, {"amount_fen", 30'000}, {"reason", "结余"}}));
  fund = FundJson(kLottery);
  EXPECT_EQ(fund["balance_fen"], 30'000);
  EXPECT_EQ(fund["committed_fen"], 0);
  EXPECT_EQ(fund["usable_fen"], 30'000);
  PostEvent(As("prov", "project.closed", "close", {{"project", "p1"}, {"date", "2027-01-04"}, {"leftover", "returned"}}));

  const Json p = GetJson("/v1/projects/p1");
  EXPECT_EQ(p["status"], "closed");
  EXPECT_EQ(p["applicant"], "ngo");
  EXPECT_EQ(p["approver"], "prov");
  EXPECT_EQ(p["fund"], kLottery);
  EXPECT_EQ(p["requested_fen"], 300'000);
  EXPECT_EQ(p["approved_fen"], 200'000);
  EXPECT_EQ(p["paid_fen"], 170'000);
  EXPECT_EQ(p["released_fen"], 30'000);
  EXPECT_EQ(p["committed_fen"], 0);
  EXPECT_EQ(p["leftover"], "returned");
  EXPECT_EQ(p["tranches"][0]["paid_fen"], 120'000);
  EXPECT_EQ(p["tranches"][1]["paid_fen"], 50'000);
  EXPECT_EQ(p["tranches"][1]["evaluated"], true);
  ASSERT_EQ(p["evaluations"].size(), 2u);
  EXPECT_EQ(p["evaluations_next"], nullptr);
  const uint64_t closing = p["timeline"].back()["seq"];
  const Json tail = GetJson("/v1/projects/p1?timeline_from=" + std::to_string(closing));
  ASSERT_EQ(tail["timeline"].size(), 1u);
  EXPECT_EQ(tail["timeline"][0]["type"], "project.closed");
  EXPECT_EQ(GetJson("/v1/projects/p1?timeline_from=x", 400)["errors"][0]["field"], "timeline_from");
  EXPECT_EQ(p["evaluations"][0]["grade"], "D");
  EXPECT_EQ(p["milestones"][0]["indicators"][0]["value"], "12000");
  std::vector<std::string> types;
  for (const Json& t : p["timeline"]) types.push_back(t["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"project.applied", "project.approved", "funds.transferred",
                                              "project.milestone_reported", "project.evaluated", "project.evaluated",
                                              "disbursement.made", "commitment.released", "project.closed"}));
  ExpectRefused(As("prov", "disbursement.made", "d4", TranchePayment(Disbursement(kLottery, 1, "elderly"), "p1", 2)),
                422, "body.project");  // closed

  // The approver owes the closing's disclosure, within three months.
  Json owed = GetJson("/v1/orgs/prov/obligations")["obligations"];
  ASSERT_EQ(owed.size(), 1u);
  EXPECT_EQ(owed[0]["kind"], "project_final");
  EXPECT_EQ(owed[0]["subject"], "p1");
  EXPECT_EQ(owed[0]["due"], "2027-04-04");
  EXPECT_EQ(owed[0]["status"], "open");
  ExpectRefused(As("city", "disclosure.published", "x",
                   {{"kind", "project_final"}, {"subject", "p1"}, {"period", "2027-01"}, {"date", "2027-01-04"},
                    {"sha256", std::string(64, 'd')}, {"url", "https://city.example.org/p1.pdf"}}),
                403, "body.subject");
  PostEvent(As("prov", "disclosure.published", "disc",
               {{"kind", "project_final"}, {"subject", "p1"}, {"period", "2027-01"}, {"date", "2027-01-04"},
                {"sha256", std::string(64, 'd')}, {"url", "https://prov.example.org/p1.pdf"}}));
  EXPECT_EQ(GetJson("/v1/orgs/prov/obligations")["obligations"][0]["status"], "met");
}

TEST_F(ProgrammeApiTest, NoFundCommitsMoreThanItsCompatibleMoney) {
  // 360,000 of lottery money cannot back a medical project, however much it holds.
  PostEvent(As("ngo", "project.applied", "a1", Application("clinic", 1'000, "medical")));
  ExpectRefused(As("prov", "project.approved", "ok1", Approval("clinic", 1'000, Json::array({Tranche(1, 1'000, false)}))),
                422, "body.amount_fen");
  ApplyAndApprove("p1", 360'000, 300'000, Json::array({Tranche(1, 300'000, false)}));
  PostEvent(As("ngo", "project.applied", "a2", Application("p2", 60'001)));
  ExpectRefused(As("prov", "project.approved", "ok2", Approval("p2", 60'001, Json::array({Tranche(1, 60'001, false)}))),
                422, "body.amount_fen");
  PostEvent(As("prov", "project.approved", "ok3", Approval("p2", 60'000, Json::array({Tranche(1, 60'000, false)}))));
  EXPECT_EQ(FundJson(kLottery)["usable_fen"], 0);
  // Reversing the sales report would leave both commitments unpaid.
  ExpectRefused(As("prov", "event.reversed", "rev", {{"seq", sales_seq_}, {"reason", "x"}}), 422, "body.seq");
}

TEST_F(ProgrammeApiTest, AReversedTranchePaymentGoesBackToItsCommitment) {
  ApplyAndApprove("p1", 100'000, 100'000, Json::array({Tranche(1, 100'000, false)}));
  const uint64_t paid =
      PostEvent(As("prov", "disbursement.made", "d1", TranchePayment(Disbursement(kLottery, 40'000, "elderly"), "p1", 1)));
  EXPECT_EQ(GetJson("/v1/projects/p1")["committed_fen"], 60'000);
  PostEvent(As("prov", "event.reversed", "rev", {{"seq", paid}, {"reason", "wrong account"}}));
  const Json p = GetJson("/v1/projects/p1");
  EXPECT_EQ(p["committed_fen"], 100'000);
  EXPECT_EQ(p["paid_fen"], 0);
  EXPECT_EQ(p["tranches"][0]["paid_fen"], 0);
  EXPECT_EQ(p["timeline"].back()["type"], "event.reversed");
  const Json fund = FundJson(kLottery);
  EXPECT_EQ(fund["balance_fen"], 360'000);
  EXPECT_EQ(fund["committed_fen"], 100'000);
  // Once closed, its payments stand.
  const uint64_t again =
      PostEvent(As("prov", "disbursement.made", "d2", TranchePayment(Disbursement(kLottery, 40'000, "elderly"), "p1", 1)));
  PostEvent(As("prov", "project.closed", "c", {{"project", "p1"}, {"date", "2027-01-04"}, {"leftover", "reallocated"}}));
  EXPECT_EQ(FundJson(kLottery)["committed_fen"], 0);
  ExpectRefused(As("prov", "event.reversed", "rev2", {{"seq", again}, {"reason", "x"}}), 422, "body.seq");
}

TEST_F(ProgrammeApiTest, ProgrammeRefusalsNameTheirField) {
  PostEvent(As("ngo", "project.applied", "a1", Application("p1", 100'000)));
  ExpectRefused(As("ngo", "project.applied", "a1b", Application("p1", 5)), 422, "body.id");
  ExpectRefused(As("ngo", "project.applied", "a1c", Application(kNgoElderly, 5)), 422, "body.id");  // a fund's id
  ExpectRefused(As("prov", "project.approved", "x1", Approval("nope", 10, Json::array({Tranche(1, 10, false)}))), 422,
                "body.project");
  ExpectRefused(As("prov", "project.approved", "x2", Approval("p1", 100'001, Json::array({Tranche(1, 100'001, false)}))),
                422, "body.amount_fen");
  ExpectRefused(As("prov", "project.approved", "x3",
                   Approval("p1", 10, Json::array({Tranche(1, 10, false)}), kCityLottery)),
                403, "body.fund");
  ExpectRefused(As("prov", "project.approved", "x4", Approval("p1", 10, Json::array({Tranche(1, 6, false)}))), 400,
                "body.tranches");
  ExpectRefused(As("prov", "project.approved", "x5",
                   Approval("p1", 10, Json::array({Tranche(2, 5, false), Tranche(1, 5, false)}))),
                400, "body.tranches[0].no");
  ExpectRefused(As("ngo", "project.approved", "x6", Approval("p1", 10, Json::array({Tranche(1, 10, false)}))), 403,
                "type");  // the applicant holds no allocate role
  ExpectRefused(As("aud", "project.milestone_reported", "x7", Milestone("p1", 1)), 403, "type");
  ExpectRefused(As("ngo", "project.milestone_reported", "x8", Milestone("p1", 1)), 422, "body.project");  // not approved
  PostEvent(As("prov", "project.approved", "ok", Approval("p1", 100'000, Json::array({Tranche(1, 100'000, false)}))));
  ExpectRefused(As("city", "project.rejected", "x9", {{"project", "p1"}, {"reason", "late"}}), 422, "body.project");
  ExpectRefused(As("city", "commitment.released", "x10", {{"project", "p1"}, {"amount_fen", 1}, {"reason", "x"}}), 403,
                "body.project");
  ExpectRefused(As("prov", "commitment.released", "x11", {{"project", "p1"}, {"amount_fen", 100'001}, {"reason", "x"}}),
                422, "body.amount_fen");
  ExpectRefused(As("ngo", "project.milestone_reported", "x12", Milestone("p1", 2)), 422, "body.tranche");
  ExpectRefused(As("prov", "funds.transferred", "x13", TranchePayment(Transfer(kLottery, kCityLottery, 5), "p1", 1)), 422,
                "body.to");  // not the applicant's fund
  ExpectRefused(As("prov", "funds.transferred", "x14", TranchePayment(Transfer(kLottery, kNgoGeneral, 5), "p1", 1)), 422,
                "body.to");  // not of the project's purpose
  ExpectRefused(As("prov", "disbursement.made", "x15", TranchePayment(Disbursement(kLottery, 5, "poverty"), "p1", 1)),
                422, "body.purpose");
  ExpectRefused(As("prov", "disbursement.made", "x16", TranchePayment(Disbursement(kLottery, 100'001, "elderly"), "p1", 1)),
                422, "body.amount_fen");
  ExpectRefused(As("prov", "disbursement.made", "x17", TranchePayment(Disbursement(kLottery, 5, "elderly"), "p1", 3)),
                422, "body.tranche");
  Json no_tranche = Disbursement(kLottery, 5, "elderly");
  no_tranche["project"] = "p1";
  ExpectRefused(As("prov", "disbursement.made", "x18", no_tranche), 400, "body.tranche");
  ExpectRefused(As("prov", "expense.recorded", "x19",
                   {{"fund", kLottery}, {"amount_fen", 5}, {"category", "management"}, {"date", "2027-01-04"},
                    {"project", "p1"}, {"tranche", 1}}),
                422, "body.category");
  ExpectRefused(As("prov", "project.closed", "x20", {{"project", "p1"}, {"date", "2027-01-05"}, {"leftover", "returned"}}),
                422, "body.date");  // the day after the posting day (UTC+8)
  ExpectRefused(As("aud", "project.evaluated", "x21", Evaluation("p1", 1, "E", 50)), 400, "body.grade");
  ExpectRefused(As("aud", "project.evaluated", "x22", Evaluation("p1", 1, "A", 101)), 400, "body.score");
  Json bad_value = Milestone("p1", 1);
  bad_value["indicators"][0]["value"] = "1e5";
  ExpectRefused(As("ngo", "project.milestone_reported", "x23", bad_value), 400, "body.indicators[0].value");
  ExpectRefused(SignedSubmission("lottery.share_set", "reg", "x24",
                                 {{"from_level", "province"}, {"to_level", "district"}, {"share_bp", 5000},
                                  {"effective_from", "2027-01"}},
                                 *regulator_),
                400, "body.to_level");
  Json half_located = RegisterBody("late", "charity", {"fundraise"}, Key("ngo").public_key());
  half_located["region"] = "440304";
  ExpectRefused(SignedSubmission("org.registered", "reg", "x25", half_located, *regulator_), 400, "body.level");
  // An org does not decide on its own application.
  PostEvent(As("prov", "project.applied", "own", Application("own", 10)));
  ExpectRefused(As("prov", "project.approved", "x26", Approval("own", 10, Json::array({Tranche(1, 10, false)}))), 422,
                "body.project");
}

TEST_F(ProgrammeApiTest, ProjectsAreListedByOrgProgrammeAndRegionAndOrgsByWhereTheySit) {
  ApplyAndApprove("p1", 10, 10, Json::array({Tranche(1, 10, false)}));
  PostEvent(As("ngo", "project.applied", "a2", Application("p2", 20)));
  Json elsewhere = Application("p3", 30);
  elsewhere["programme"] = "orphans-2027";
  elsewhere["region"] = "440100";
  PostEvent(As("ngo", "project.applied", "a3", elsewhere));
  PostEvent(As("prov", "project.rejected", "no3", {{"project", "p3"}, {"reason", "out of scope"}}));

  auto ids = [this](const std::string& query) {
    std::vector<std::string> out;
    const Json page = GetJson("/v1/projects?" + query);
    for (const Json& p : page["projects"]) out.push_back(p["id"]);
    return out;
  };
  EXPECT_EQ(ids("org=ngo"), (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_EQ(ids("org=prov"), (std::vector<std::string>{"p1", "p3"}));  // those it decided on
  EXPECT_EQ(ids("programme=elderly-care-2027"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(ids("region=440100"), (std::vector<std::string>{"p3"}));
  EXPECT_EQ(ids("region=440304&from=p2"), (std::vector<std::string>{"p2"}));
  // Approved from lottery money: counted among the lottery's funded projects.
  const Json funded = GetJson("/v1/stats")["lottery_projects"];
  EXPECT_EQ(funded["by_purpose"], Json::parse(R"([{"purpose":"elderly","amount_fen":10,"count":1}])"));
  EXPECT_EQ(funded["by_region"], Json::parse(R"([{"region":"440304","amount_fen":10,"count":1}])"));
  const Json page = GetJson("/v1/projects?org=ngo&limit=2");
  EXPECT_EQ(page["projects"].size(), 2u);
  EXPECT_EQ(page["next"], "p3");
  EXPECT_EQ(GetJson("/v1/projects/p3")["status"], "rejected");
  EXPECT_EQ(GetJson("/v1/projects/p3")["rejected_reason"], "out of scope");
  EXPECT_EQ(GetJson("/v1/projects/p2")["status"], "applied");
  EXPECT_EQ(GetJson("/v1/projects/p2")["approver"], nullptr);
  EXPECT_EQ(GetJson("/v1/projects/nope", 404)["errors"][0]["field"], "id");
  EXPECT_EQ(GetJson("/v1/projects", 400)["errors"][0]["field"], "org");
  EXPECT_EQ(GetJson("/v1/projects?org=ngo&region=440100", 400)["errors"][0]["field"], "region");
  EXPECT_EQ(GetJson("/v1/projects?region=4401", 400)["errors"][0]["field"], "region");

  const Json prov = GetJson("/v1/orgs/prov");
  EXPECT_EQ(prov["region"], "440000");
  EXPECT_EQ(prov["level"], "province");
  EXPECT_FALSE(GetJson("/v1/orgs/ngo").contains("region"));
  Reg("loc", {{"org", "ngo"}, {"region", "440304"}, {"level", "district"}}, "org.located");
  EXPECT_EQ(GetJson("/v1/orgs/ngo")["level"], "district");
  // The province's region holds the province and the city; the city's, the city alone.
  PostEvent(As("prov", "appropriation.received", "b",
               {{"fund", kLottery}, {"amount_fen", 1'000}, {"document", "D"}, {"level", "province"},
                {"fiscal_year", 2027}, {"date", "2027-01-04"}}));
  const Json province = GetJson("/v1/regions/440000");
  std::vector<std::string> in_province;
  for (const Json& o : province["orgs"]) in_province.push_back(o["id"]);
  EXPECT_EQ(in_province, (std::vector<std::string>{"prov", "city", "ngo"}));  // by region code: ngo sits in 440304
  EXPECT_EQ(province["totals"]["balance_fen"], 361'000);
  EXPECT_EQ(province["totals"]["committed_fen"], 10);
  EXPECT_EQ(province["by_level"].size(), 3u);
  EXPECT_EQ(GetJson("/v1/regions/440300")["orgs"].size(), 2u);
  EXPECT_EQ(GetJson("/v1/regions/440100")["orgs"].size(), 0u);
  EXPECT_EQ(GetJson("/v1/regions/44", 400)["errors"][0]["field"], "code");
  ExpectRefused(As("prov", "org.located", "loc2", {{"org", "ngo"}, {"region", "440304"}, {"level", "city"}}), 403,
                "type");
}

TEST_F(ProgrammeApiTest, TheAuditReplaysCommitmentsAndTheLotteryRule) {
  ApplyAndApprove("p1", 200'000, 200'000, Json::array({Tranche(1, 150'000, false), Tranche(2, 50'000, true)}));
  PostEvent(As("prov", "funds.transferred", "t1", TranchePayment(Transfer(kLottery, kNgoElderly, 150'000), "p1", 1)));
  PostEvent(As("ngo", "disbursement.made", "d1", Disbursement(kNgoElderly, 100'000, "elderly")));
  PostEvent(As("prov", "appropriation.received", "b1",
               {{"fund", kLottery}, {"amount_fen", 7'000}, {"document", "D-1"}, {"level", "central"},
                {"fiscal_year", 2027}, {"date", "2027-01-02"}}));
  PostEvent(SignedSubmission("lottery.share_set", "reg", "share",
                             {{"from_level", "province"}, {"to_level", "city"}, {"share_bp", 7000},
                              {"effective_from", "2027-01"}, {"region", "440000"}},
                             *regulator_));
  StopAndClose();
  auto source = audit::OpenStoreSource(dir_);
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  const audit::AuditReport report = audit::RunAudit(**source, {.today = Date{"2027-01-04"}});
  EXPECT_TRUE(report.ok()) << audit::SummaryText(report);
}

}  // namespace
}  // namespace ledger::api
