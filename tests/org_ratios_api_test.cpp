// GET /v1/orgs/{id}/ratios over a real server whose log is stamped by a
// clock the test moves across years: each org's totals by year, the checks
// that apply to it, and warnings for complete years only, exactly as the
// audit reports them; a refused batch leaves no trace in them.
#include <atomic>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "auditor.hpp"
#include "ledger/rebuild.hpp"
#include "store_source.hpp"

namespace ledger::api {
namespace {

using std::chrono::system_clock;

constexpr char kFoundation[] = "szf";
constexpr char kFund[] = "szf-general";

system_clock::time_point Utc(int y, int month, int day) {
  using namespace std::chrono;
  return sys_days{year{y} / month / day} + hours{4};
}

Json Donation(const std::string& receipt, int64_t fen) {
  return {{"receipt", receipt}, {"fund", kFund}, {"amount_fen", fen},
          {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "enterprise"}}},
          {"channel", "bank"}, {"date", "2025-06-01"}};
}
Json Disbursement(int64_t fen) {
  return {{"fund", kFund}, {"amount_fen", fen},
          {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
          {"purpose", "elderly"}, {"reference", "care home"}, {"date", "2026-03-01"}};
}
Json Expense(int64_t fen) {
  return {{"fund", kFund}, {"amount_fen", fen}, {"category", "management"}, {"date", "2026-03-01"}};
}

// A public-fundraising foundation: 1,000,000.00 yuan of income in 2025;
// in 2026 it spends 600,000.00 on its cause (60% of that income, under 70%)
// and 250,000.00 on management (29% of its spending, over 10% and above
// the 200,000.00 exemption); a small gift in 2027 makes 2026 complete.
class OrgRatiosApiTest : public ServerFixture {
 protected:
  OrgRatiosApiTest() { clock_ = [this] { return now_.load(); }; }

  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    PostEvent(SignedSubmission("org.registered", "reg", "reg-szf",
                               RegisterBody(kFoundation, "foundation", {"fundraise", "disburse"},
                                            key_->public_key()),
                               *regulator_));
    PostEvent(As("fund.opened", "f1", {{"id", kFund}, {"owner", kFoundation}, {"kind", "donations"},
                                       {"purpose", "general"}, {"restricted", false}, {"name", "General"}}));
    PostEvent(As("donation.received", "d1", Donation("R-1", 100'000'000)));
    now_ = Utc(2026, 3, 1);
    PostEvent(As("disbursement.made", "p1", Disbursement(60'000'000)));
    PostEvent(As("expense.recorded", "e1", Expense(25'000'000)));
    now_ = Utc(2027, 1, 5);
    Json late = Donation("R-2", 1'000);
    late["date"] = "2027-01-05";
    PostEvent(As("donation.received", "d2", late));
  }

  Json As(const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, kFoundation, idem, std::move(body), *key_);
  }

  std::atomic<system_clock::time_point> now_{Utc(2025, 6, 1)};
  std::unique_ptr<PrivateKey> key_;
};

Json Year(int year, int64_t income, int64_t charitable, int64_t management, bool complete) {
  return {{"year", year}, {"income_fen", income}, {"charitable_fen", charitable},
          {"management_fen", management}, {"fundraising_fen", 0}, {"welfare_fen", 0},
          {"remitted_fen", 0}, {"lottery_received_fen", 0}, {"lottery_passed_fen", 0},
          {"lottery_used_fen", 0}, {"lottery_elderly_fen", 0}, {"complete", complete}};
}

TEST_F(OrgRatiosApiTest, TotalsByYearRulesAndWarningsForCompleteYears) {
  Json ratios = GetJson(std::string("/v1/orgs/") + kFoundation + "/ratios");
  EXPECT_EQ(ratios["org"], kFoundation);
  EXPECT_EQ(ratios["current_year"], 2027);
  EXPECT_EQ(ratios["rules"], (Json{{"charitable_spending_min_percent", 70}, {"management_max_percent", 10},
                                   {"management_exempt_below_fen", 20'000'000}}));
  EXPECT_EQ(ratios["years"], (Json{Year(2025, 100'000'000, 0, 0, true),
                                   Year(2026, 0, 60'000'000, 25'000'000, true),
                                   Year(2027, 1'000, 0, 0, false)}));
  ASSERT_EQ(ratios["warnings"].size(), 2u) << ratios["warnings"].dump();
  EXPECT_EQ(ratios["warnings"][0]["check"], "charitable_spending");
  EXPECT_EQ(ratios["warnings"][0]["year"], 2026);
  EXPECT_EQ(ratios["warnings"][0]["numerator_fen"], 60'000'000);
  EXPECT_EQ(ratios["warnings"][0]["denominator_fen"], 100'000'000);
  EXPECT_EQ(ratios["warnings"][1]["check"], "management_expenses");
  EXPECT_EQ(ratios["warnings"][1]["denominator_fen"], 85'000'000);
}

TEST_F(OrgRatiosApiTest, TheWarningsServedAreTheAuditsWordForWord) {
  Json served = GetJson(std::string("/v1/orgs/") + kFoundation + "/ratios")["warnings"];
  StopAndClose();
  auto source = audit::OpenStoreSource(dir_);
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  audit::AuditReport report = audit::RunAudit(**source, audit::AuditOptions{});
  ASSERT_TRUE(report.ok()) << audit::SummaryText(report);
  Json audited = Json::array();
  for (const RatioWarning& w : report.warnings)
    if (!w.check.starts_with("disclosure_"))  // the obligations are served apart
      audited.push_back({{"check", w.check}, {"year", w.year}, {"numerator_fen", w.numerator_fen},
                       {"denominator_fen", w.denominator_fen}, {"message", w.message}});
  EXPECT_EQ(served, audited);
}

TEST_F(OrgRatiosApiTest, ARefusedBatchLeavesTheYearsAsTheyWere) {
  const std::string path = std::string("/v1/orgs/") + kFoundation + "/ratios";
  const Json before = GetJson(path);
  // The gift is fine; the disbursement asks for more than the fund holds.
  Json batch = Batch(kFoundation, {BatchEvent("donation.received", "d3", Donation("R-3", 5'000)),
                                   BatchEvent("disbursement.made", "p2", Disbursement(999'000'000))},
                     *key_);
  Reply reply = ledger::testing::Post(port_, "/v1/events", batch.dump());
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_EQ(GetJson(path), before);
  StopAndClose();
  auto check = RebuildProjections(dir_, /*write=*/false);
  ASSERT_TRUE(check.ok()) << check.error().ToString();
  EXPECT_EQ(check->differences, 0u);
}

TEST_F(OrgRatiosApiTest, OrgsTheChecksDoNotConcernAndUnknownOrgs) {
  Json regulator = GetJson("/v1/orgs/reg/ratios");
  EXPECT_EQ(regulator["rules"], Json::object());
  EXPECT_EQ(regulator["years"], Json::array());
  EXPECT_EQ(regulator["warnings"], Json::array());
  Json missing = GetJson("/v1/orgs/no-such-org/ratios", 404);
  EXPECT_EQ(missing["errors"][0]["field"], "id");
  EXPECT_EQ(GetJson("/v1/orgs/szf/ratios?year=2026", 400)["errors"][0]["field"], "year");
}

}  // namespace
}  // namespace ledger::api
