// ledger-demo-seed (cli/demo_seed.hpp) against a real ledgerd on
// 127.0.0.1, run in-process: a small synthetic year is accepted whole, a
// second run posts nothing new, the receipts it points to trace to the fen,
// and an offline audit of the result passes. The generator alone
// (demo_scenario.hpp) is checked for determinism and its own arithmetic.
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include "api_fixture.hpp"
#include "auditor.hpp"
#include "demo_scenario.hpp"
#include "demo_seed.hpp"
#include "raw_http_client.hpp"
#include "report.hpp"
#include "store_source.hpp"

namespace ledger::api {
namespace {

// Small enough to seed in a few seconds, big enough for every kind of receipt.
constexpr uint64_t kDonations = 150;

struct SeedRun {
  int code = -1;
  std::string out, err;
};

int64_t SumAmounts(const Json& list) {
  int64_t sum = 0;
  for (const Json& entry : list) sum += entry["amount_fen"].get<int64_t>();
  return sum;
}

class DemoSeed : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    if (HasFatalFailure()) return;
    key_path_ = tmp_.Sub("reg.pem");
    ASSERT_TRUE(regulator_->WriteKeyPair(key_path_).ok());
    keys_dir_ = tmp_.Sub("demo-keys");  // the seeder creates it
    summary_path_ = tmp_.Sub("summary.json");
    StartServer();
  }

  SeedRun Seed(const std::string& keys_dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--url", "http://127.0.0.1:" + std::to_string(port_),
                                     "--regulator-key", key_path_, "--regulator-id", "reg",
                                     "--keys", keys_dir, "--donations", std::to_string(kDonations),
                                     "--summary", summary_path_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream out, err;
    SeedRun run;
    run.code = demo::RunDemoSeed(args, out, err, /*err_is_terminal=*/false);
    run.out = out.str();
    run.err = err.str();
    return run;
  }

  Json Summary() {
    std::ifstream in(summary_path_);
    std::stringstream text;
    text << in.rdbuf();
    return Json::parse(text.str());
  }

  std::string key_path_, keys_dir_, summary_path_;
};

TEST_F(DemoSeed, EveryEventIsAcceptedAndCounted) {
  SeedRun run = Seed(keys_dir_);
  ASSERT_EQ(run.code, 0) << run.err;
  // Every drawn gift, and the one entered again after its receipt was voided.
  EXPECT_NE(run.out.find("donation.received       " + std::to_string(kDonations + 1)), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" 0 already in the ledger"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("try these receipts:"), std::string::npos);
  // Progress on a pipe: whole lines, the last at 100%.
  EXPECT_NE(run.err.find("(100%)\n"), std::string::npos) << run.err;
  Json summary = Summary();
  EXPECT_EQ(summary["tree_size"], log_->size());
  EXPECT_EQ(summary["orgs"].size(), 10u);  // the regulator and nine others
  for (const Json& org : summary["orgs"])
    EXPECT_EQ(Get(port_, "/v1/orgs/" + org.get<std::string>()).status, 200) << org;
  for (const Json& fund : summary["funds"])
    EXPECT_EQ(Get(port_, "/v1/funds/" + fund.get<std::string>()).status, 200) << fund;
}

TEST_F(DemoSeed, KeysAreKeptPrivate) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  struct stat info{};
  ASSERT_EQ(stat(keys_dir_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  for (const demo::DemoOrg& org : demo::DemoOrgs()) {
    ASSERT_EQ(stat((keys_dir_ + "/" + org.id + ".pem").c_str(), &info), 0) << org.id;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << org.id;
  }
}

TEST_F(DemoSeed, ASecondRunPostsNothingNew) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  const uint64_t size = log_->size();
  SeedRun again = Seed(keys_dir_, {"--quiet"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(log_->size(), size);
  EXPECT_NE(again.out.find(": 0 events posted"), std::string::npos) << again.out;
  EXPECT_EQ(again.err, "");  // --quiet
}

TEST_F(DemoSeed, OrgsRegisteredWithOtherKeysAreRefusedByName) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  const uint64_t size = log_->size();
  SeedRun other = Seed(tmp_.Sub("other-keys"), {"--quiet"});
  EXPECT_EQ(other.code, 1);
  EXPECT_NE(other.err.find("city-audit-firm: is registered with another key"), std::string::npos)
      << other.err;
  EXPECT_EQ(log_->size(), size);
}

TEST_F(DemoSeed, HighlightedReceiptsTraceToTheFen) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  Json summary = Summary();
  ASSERT_EQ(summary["receipts"].size(), demo::kHighlights);
  std::set<std::string> kinds, receipts;
  for (const Json& r : summary["receipts"]) {
    const std::string receipt = r["receipt"];
    SCOPED_TRACE(receipt);
    kinds.insert(r["kind"].get<std::string>());
    receipts.insert(receipt);
    ASSERT_TRUE(r.contains("seq"));
    Json event = Get(port_, "/v1/events/" + std::to_string(r["seq"].get<uint64_t>())).JsonBody();
    EXPECT_EQ(event["body"]["receipt"], receipt);
    EXPECT_EQ(event["org"], r["org"]);
    Reply trace = Get(port_, "/v1/receipts/" + receipt + "/trace");
    ASSERT_EQ(trace.status, 200);
    Json t = trace.JsonBody();
    EXPECT_EQ(t["seq"], r["seq"]);
    if (r["kind"] == "refunded") {  // the money went back whole, before any of it moved
      EXPECT_EQ(t["reversed"], true);
      EXPECT_TRUE(t["held"].empty() && t["spent"].empty() && t["expensed"].empty() && t["hops"].empty());
      continue;
    }
    EXPECT_EQ(t["reversed"], false);
    EXPECT_EQ(t["amount_fen"], r["amount_fen"]);
    EXPECT_EQ(t["fund"], r["fund"]);
    EXPECT_EQ(SumAmounts(t["held"]) + SumAmounts(t["spent"]) + SumAmounts(t["expensed"]),
              r["amount_fen"].get<int64_t>());
    if (r["kind"] == "fully_disbursed") {
      EXPECT_TRUE(t["held"].empty());
      EXPECT_EQ(SumAmounts(t["spent"]), r["amount_fen"].get<int64_t>());
    }
    if (r["kind"] == "held") {
      EXPECT_EQ(SumAmounts(t["held"]), r["amount_fen"].get<int64_t>());
    }
    if (r["kind"] == "partly_disbursed") {
      EXPECT_GT(SumAmounts(t["held"]), 0);
      EXPECT_GT(SumAmounts(t["spent"]), 0);
    }
    if (r["kind"] == "regranted_then_disbursed") {
      bool elsewhere = false;
      for (const Json& s : t["spent"])
        elsewhere |= Get(port_, "/v1/funds/" + s["fund"].get<std::string>()).JsonBody()["owner"] != r["org"];
      EXPECT_TRUE(elsewhere) << t.dump();
    }
  }
  EXPECT_EQ(receipts.size(), demo::kHighlights);
  for (const char* kind : {"fully_disbursed", "partly_disbursed", "held", "regranted_then_disbursed",
                           "refunded"})
    EXPECT_TRUE(kinds.contains(kind)) << kind;
}

TEST_F(DemoSeed, ListedDisbursementsNameTheirSources) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  Json summary = Summary();
  ASSERT_FALSE(summary["disbursements"].empty());
  for (const Json& seq : summary["disbursements"]) {
    Reply reply = Get(port_, "/v1/disbursements/" + std::to_string(seq.get<uint64_t>()) + "/sources");
    ASSERT_EQ(reply.status, 200) << seq;
    Json sources = reply.JsonBody();
    EXPECT_EQ(sources["type"], "disbursement.made");
    EXPECT_EQ(SumAmounts(sources["sources"]), sources["amount_fen"].get<int64_t>());
  }
}

TEST_F(DemoSeed, TheSeededLedgerPassesAFullAuditWithoutARemittanceWarning) {
  ASSERT_EQ(Seed(keys_dir_, {"--quiet"}).code, 0);
  const uint64_t size = log_->size();
  ASSERT_TRUE(log_->MakeCheckpoint().ok());
  StopAndClose();
  auto source = audit::OpenStoreSource(dir_);
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  audit::AuditReport report = audit::RunAudit(**source, {});
  ASSERT_TRUE(report.ok()) << audit::SummaryText(report);
  EXPECT_EQ(report.events, size);
  EXPECT_EQ(report.by_type["donation.received"], kDonations + 1);  // + the corrected entry
  EXPECT_EQ(report.by_type["event.reversed"], 2u);  // the refund and the voided receipt's gift
  EXPECT_EQ(report.by_type["receipt.voided"], 1u);
  EXPECT_EQ(report.by_type["receipt.red_reversed"], 1u);
  std::vector<std::string> disclosure;
  for (const RatioWarning& warning : report.warnings) {
    EXPECT_NE(warning.check, "central_remittance") << warning.message;
    if (warning.check.starts_with("disclosure_")) disclosure.push_back(warning.check + " " + warning.message);
  }
  // The federation's third-quarter report came late, its final one never.
  EXPECT_EQ(disclosure,
            (std::vector<std::string>{
                "disclosure_late city-charity-federation published its campaign_progress of fed-warm-2025 for "
                "2025-Q3, due 2025-10-31, after the deadline",
                "disclosure_overdue city-charity-federation has not published its campaign_final of fed-warm-2025 "
                "for 2025-12, due 2026-03-31"}));
}

TEST_F(DemoSeed, UsageErrorsExit2) {
  std::ostringstream out, err;
  const std::vector<std::string> no_url = {"--regulator-key", key_path_, "--regulator-id", "reg",
                                           "--keys", keys_dir_};
  EXPECT_EQ(demo::RunDemoSeed(no_url, out, err, false), 2);
  EXPECT_EQ(Seed(keys_dir_, {"--donations", "0"}).code, 2);
  EXPECT_EQ(Seed(keys_dir_, {"--scale", "x"}).code, 2);
  EXPECT_EQ(log_->size(), kTreeSize);  // nothing posted
}

// ---------------------------------------------------------------------------
// The generator alone.

demo::ScenarioOptions Options(uint64_t seed) {
  demo::ScenarioOptions options{.regulator_id = "reg", .donations = kDonations, .seed = seed};
  for (const demo::DemoOrg& org : demo::DemoOrgs())
    options.public_keys[org.id] = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  return options;
}

Json AsJson(const demo::Scenario& scenario) {
  Json events = Json::array();
  for (const demo::ScenarioEvent& e : scenario.events)
    events.push_back({e.org, e.type, e.idem, e.body, e.reverses_idem});
  return events;
}

TEST(DemoScenario, TheSameSeedGivesTheSameYear) {
  auto a = demo::MakeScenario(Options(7));
  auto b = demo::MakeScenario(Options(7));
  auto c = demo::MakeScenario(Options(8));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(AsJson(*a), AsJson(*b));
  EXPECT_NE(AsJson(*a), AsJson(*c));
}

TEST(DemoScenario, WelfareIsExactAndHalfIsRemitted) {
  auto scenario = demo::MakeScenario(Options(1));
  ASSERT_TRUE(scenario.ok()) << scenario.error().ToString();
  int64_t welfare = 0, remitted = 0;
  uint64_t donations = 0, reports = 0;
  std::set<std::string> idems;
  for (const demo::ScenarioEvent& e : scenario->events) {
    EXPECT_TRUE(idems.insert(e.org + "/" + e.idem).second) << e.idem;
    if (e.type == "donation.received") ++donations;
    if (e.type == "lottery.sales_reported") {
      ++reports;
      const __int128 product = static_cast<__int128>(e.body["sales_fen"].get<int64_t>()) *
                               e.body["welfare_rate_bp"].get<int64_t>();
      EXPECT_EQ(e.body["welfare_fen"].get<int64_t>(), static_cast<int64_t>(product / 10000));
      welfare += e.body["welfare_fen"].get<int64_t>();
    }
    if (e.type == "funds.transferred" && e.body["reason"] == "remittance")
      remitted += e.body["amount_fen"].get<int64_t>();
  }
  EXPECT_EQ(donations, kDonations + 1);  // + the gift entered again after its receipt was voided
  EXPECT_EQ(reports, 12u * 4);  // four games, every month
  EXPECT_GE(remitted, welfare / 2);
  EXPECT_LE(remitted, welfare / 2 + 12);  // half, rounded up each month
}

TEST(DemoScenario, RefusesMissingKeysAndBadCounts) {
  demo::ScenarioOptions options = Options(1);
  options.public_keys.erase("city-trust-company");
  EXPECT_EQ(demo::MakeScenario(options).error().field, "public_keys");
  options = Options(1);
  options.donations = 0;
  EXPECT_EQ(demo::MakeScenario(options).error().field, "donations");
}

}  // namespace
}  // namespace ledger::api
