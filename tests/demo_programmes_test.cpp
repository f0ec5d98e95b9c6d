// The demo's programme (cli/demo_programmes.cpp) as the ledger answers it
// once ledger-demo-seed has posted it to a real ledgerd on 127.0.0.1: the
// orgs where they sit, every project of the call for proposals with its
// status, tranches and amounts to the fen, the funds' commitments, the
// lottery-project statistics, budget money as a source, and the tranche
// paid too early, refused naming body.tranche, then paid once evaluated.
// The amounts are the generator's fixed ones, written out here by hand.
#include <fstream>
#include <map>
#include <sstream>

#include "api_fixture.hpp"
#include "demo_seed.hpp"
#include "raw_http_client.hpp"

namespace ledger::api {
namespace {

constexpr char kProgramme[] = "city-welfare-grants-2025";
constexpr char kApprover[] = "city-welfare-lottery";
constexpr char kDaycare[] = "eld-daycare-2025";
constexpr char kDevices[] = "dis-aids-2025";
constexpr char kWinter[] = "pov-winter-2025";
constexpr char kTutoring[] = "kids-tutoring-2025";
constexpr char kRural[] = "fed-rural-elderly-2025";

struct SeedRun {
  int code = -1;
  std::string out, err;
};

std::vector<std::string> Ids(const Json& page) {
  std::vector<std::string> ids;
  for (const Json& p : page["projects"]) ids.push_back(p["id"]);
  return ids;
}

std::vector<std::string> TimelineTypes(const Json& project) {
  std::vector<std::string> types;
  for (const Json& t : project["timeline"]) types.push_back(t["type"]);
  return types;
}

class DemoProgrammes : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    if (HasFatalFailure()) return;
    key_path_ = tmp_.Sub("reg.pem");
    ASSERT_TRUE(regulator_->WriteKeyPair(key_path_).ok());
    StartServer();
  }

  SeedRun Seed() {
    const std::vector<std::string> args = {"--url", "http://127.0.0.1:" + std::to_string(port_),
                                           "--regulator-key", key_path_, "--regulator-id", "reg",
                                           "--keys", tmp_.Sub("demo-keys"), "--donations", "50",
                                           "--summary", tmp_.Sub("summary.json"), "--quiet"};
    std::ostringstream out, err;
    SeedRun run;
    run.code = demo::RunDemoSeed(args, out, err, /*err_is_terminal=*/false);
    run.out = out.str();
    run.err = err.str();
    return run;
  }

  Json Summary() {
    std::ifstream in(tmp_.Sub("summary.json"));
    std::stringstream text;
    text << in.rdbuf();
    return Json::parse(text.str());
  }

  void SeedOnce() {
    const SeedRun run = Seed();
    ASSERT_EQ(run.code, 0) << run.err;
    out_ = run.out;
  }

  std::string key_path_, out_;
};

TEST_F(DemoProgrammes, TheTrancheDueAfterItsEvaluationWasRefusedThenPaid) {
  SeedOnce();
  EXPECT_NE(out_.find("refused as the rules require:\n  city-welfare-lottery/demo-tranche-eld-daycare-2025-2 "
                      "(funds.transferred): 422 body.tranche: tranche 2 of project eld-daycare-2025 is paid only "
                      "once its milestone is evaluated"),
            std::string::npos)
      << out_;
  const Json refusals = Summary()["refusals"];
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0]["refused"], true);
  EXPECT_EQ(refusals[0]["status"], 422);
  EXPECT_EQ(refusals[0]["field"], "body.tranche");

  // The same payment, posted after the milestone and its evaluation, was taken.
  const Json p = GetJson(std::string("/v1/projects/") + kDaycare);
  EXPECT_EQ(TimelineTypes(p),
            (std::vector<std::string>{"project.applied", "project.approved", "funds.transferred",
                                      "project.milestone_reported", "project.evaluated", "funds.transferred"}));
  EXPECT_EQ(p["timeline"][2]["date"], "2025-07-10");
  EXPECT_EQ(p["timeline"][5]["date"], "2025-11-20");
  const Json& second = p["tranches"][1];
  EXPECT_EQ(second["needs_evaluation"], true);
  EXPECT_EQ(second["milestone_reported"], true);
  EXPECT_EQ(second["evaluated"], true);
  EXPECT_EQ(second["paid_fen"], 24'000'000);
  ASSERT_EQ(p["evaluations"].size(), 1u);
  EXPECT_EQ(p["evaluations"][0]["by"], "city-audit-firm");
  EXPECT_EQ(p["evaluations"][0]["grade"], "A");
  EXPECT_EQ(p["evaluations"][0]["tranche"], 2);
  EXPECT_EQ(p["milestones"][0]["indicators"][1]["value"], "1260");

  // A second run finds it paid: answered as a duplicate, nothing posted.
  const uint64_t size = log_->size();
  const SeedRun again = Seed();
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(log_->size(), size);
  EXPECT_NE(again.out.find("(funds.transferred): refused in an earlier run, since posted once due"), std::string::npos)
      << again.out;
  EXPECT_EQ(Summary()["refusals"][0]["refused"], false);
}

TEST_F(DemoProgrammes, EveryProjectOfTheCallAnswersWithItsStatusAndAmounts) {
  SeedOnce();
  EXPECT_EQ(Ids(GetJson(std::string("/v1/projects?programme=") + kProgramme)),
            (std::vector<std::string>{kDevices, kDaycare, kRural, kTutoring, kWinter}));
  EXPECT_EQ(Ids(GetJson(std::string("/v1/projects?org=") + kApprover)),
            (std::vector<std::string>{kDevices, kDaycare, kTutoring, kWinter}));  // those it decided on
  EXPECT_EQ(Ids(GetJson("/v1/projects?region=440304")), (std::vector<std::string>{kDaycare}));

  struct Want {
    const char* id;
    const char* status;
    int64_t requested, approved, committed, paid, released;
  };
  for (const Want& w : {Want{kDaycare, "approved", 80'000'000, 60'000'000, 0, 60'000'000, 0},
                        Want{kDevices, "closed", 30'000'000, 30'000'000, 0, 27'000'000, 3'000'000},
                        Want{kWinter, "approved", 25'000'000, 20'000'000, 5'000'000, 12'000'000, 3'000'000},
                        Want{kTutoring, "rejected", 12'000'000, 0, 0, 0, 0}, Want{kRural, "applied", 15'000'000, 0, 0, 0, 0}}) {
    SCOPED_TRACE(w.id);
    const Json p = GetJson(std::string("/v1/projects/") + w.id);
    EXPECT_EQ(p["programme"], kProgramme);
    EXPECT_EQ(p["status"], w.status);
    EXPECT_EQ(p["requested_fen"], w.requested);
    EXPECT_EQ(p["approved_fen"], w.approved);
    EXPECT_EQ(p["paid_fen"], w.paid);
    EXPECT_EQ(p["released_fen"], w.released);
    EXPECT_EQ(p["committed_fen"], w.committed);
  }
  const Json devices = GetJson(std::string("/v1/projects/") + kDevices);
  EXPECT_EQ(devices["tranches"][0]["paid_fen"], 18'000'000);
  EXPECT_EQ(devices["tranches"][1]["paid_fen"], 9'000'000);
  EXPECT_EQ(devices["leftover"], "returned");
  EXPECT_EQ(devices["closed"], "2025-12-30");
  EXPECT_EQ(TimelineTypes(devices).back(), "project.closed");
  EXPECT_EQ(TimelineTypes(GetJson(std::string("/v1/projects/") + kWinter)).back(), "commitment.released");
  EXPECT_EQ(GetJson(std::string("/v1/projects/") + kTutoring)["rejected_reason"],
            "申报材料不全：缺少服务对象名册和项目预算明细");
  EXPECT_EQ(GetJson(std::string("/v1/projects/") + kRural)["approver"], nullptr);
  // Closing it obliged the approver to a final report, published on time.
  bool reported = false;
  const Json record = GetJson(std::string("/v1/orgs/") + kApprover + "/obligations");
  for (const Json& o : record["obligations"])
    if (o["kind"] == "project_final" && o["subject"] == kDevices) reported = o["status"] == "met";
  EXPECT_TRUE(reported);
}

TEST_F(DemoProgrammes, FundsStatisticsAndOrgsShowTheProgramme) {
  SeedOnce();
  // 1,500,000.00 yuan from the province and 500,000.00 of budget, less
  // 360,000 + 240,000 + 180,000 + 90,000 + 120,000 yuan paid; 50,000
  // yuan still committed to the winter relief's second tranche.
  const Json grants = GetJson("/v1/funds/city-lottery-grants");
  EXPECT_EQ(grants["balance_fen"], 101'000'000);
  EXPECT_EQ(grants["committed_fen"], 5'000'000);
  EXPECT_EQ(grants["usable_fen"], 96'000'000);
  EXPECT_EQ(GetJson("/v1/funds/eld-daycare")["balance_fen"], 40'000'000);  // 600,000.00 in, 200,000.00 spent
  EXPECT_EQ(GetJson("/v1/funds/pov-winter")["balance_fen"], 12'000'000);

  // Budget money is a source of its own, held whole: the tranches took the older lottery money.
  const Json& budget_lot = grants["lots"].back();
  EXPECT_EQ(budget_lot["amount_fen"], 50'000'000);
  const Json trace = GetJson("/v1/sources/" + std::to_string(budget_lot["source_seq"].get<uint64_t>()) + "/trace");
  EXPECT_EQ(trace["type"], "appropriation.received");
  EXPECT_EQ(trace["held"], Json::array({{{"fund", "city-lottery-grants"}, {"amount_fen", 50'000'000}}}));

  const Json stats = GetJson("/v1/stats");
  EXPECT_EQ(stats["appropriations"]["total_fen"], 50'000'000);
  std::map<std::string, std::pair<int64_t, int64_t>> by_purpose;
  for (const Json& b : stats["lottery_projects"]["by_purpose"])
    by_purpose[b["purpose"].get<std::string>()] = {b["amount_fen"].get<int64_t>(), b["count"].get<int64_t>()};
  EXPECT_EQ(by_purpose, (std::map<std::string, std::pair<int64_t, int64_t>>{
                            {"disabled", {30'000'000, 1}}, {"elderly", {60'000'000, 1}}, {"poverty", {20'000'000, 1}}}));

  const Json province = GetJson("/v1/orgs/prov-welfare-lottery");
  EXPECT_EQ(province["region"], "440000");
  EXPECT_EQ(province["level"], "province");
  EXPECT_EQ(GetJson("/v1/orgs/city-welfare-lottery")["level"], "city");
  EXPECT_EQ(GetJson("/v1/orgs/city-elderly-foundation")["region"], "440304");
  EXPECT_EQ(GetJson("/v1/orgs/city-elderly-foundation")["level"], "district");
}

}  // namespace
}  // namespace ledger::api
