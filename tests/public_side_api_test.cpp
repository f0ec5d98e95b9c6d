// The public side of fundraising over HTTP (DESIGN.md §6b): the
// qualification, campaigns and their totals, fiscal e-receipts and their
// lives, disclosure obligations at the ledger's clock, designations of
// real projects, and the business date of outflows. Hand-computed answers
// against a real server on a real RocksDB; the clock is the test's.
#include <atomic>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "audit/auditor.hpp"
#include "audit/store_source.hpp"
#include "raw_http_client.hpp"

namespace ledger::api {
namespace {

using std::chrono::system_clock;
using testing::RegisterBody;
using testing::SignedSubmission;

constexpr char kCharity[] = "szc";
constexpr char kOther[] = "other";
constexpr char kGeneral[] = "szc-general";
constexpr char kElderly[] = "szc-elderly";

// yyyy-mm-dd hh:00 UTC.
system_clock::time_point Utc(int y, int m, int d, int hour = 2) {
  using namespace std::chrono;
  return sys_days{year{y} / m / d} + hours{hour};
}

Json Gift(const std::string& receipt, int64_t fen, const std::string& date, const std::string& fund = kGeneral,
          const std::string& channel = "online") {
  return {{"receipt", receipt}, {"fund", fund}, {"amount_fen", fen},
          {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}}},
          {"channel", channel}, {"date", date}};
}

Json Campaign(const std::string& id, const std::string& start, const std::string& end, bool is_public = true) {
  return {{"id", id}, {"filing_no", "F-" + id}, {"title", "温暖冬日"}, {"purpose", "elderly"},
          {"target_fen", 1'000'000}, {"start", start}, {"end", end}, {"region", "440304"},
          {"platforms", Json::array({"腾讯公益"})}, {"funds", Json::array({kGeneral})}, {"public", is_public}};
}

Json Fiscal(const std::string& number) {
  return {{"code", "44010126"}, {"number", number}, {"check_code", "a1b2c3"}};
}

Json Disclosure(const std::string& kind, const std::string& subject, const std::string& period,
                const std::string& date) {
  return {{"kind", kind}, {"subject", subject}, {"period", period}, {"date", date},
          {"sha256", std::string(64, 'd')}, {"url", "https://szc.example.org/d/" + period + ".pdf"}};
}

class PublicSideApiTest : public ServerFixture {
 protected:
  PublicSideApiTest() { clock_ = [this] { return now_.load(); }; }

  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    other_key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    Reg("org.registered", "r1", RegisterBody(kCharity, "charity", {"fundraise", "disburse"}, key_->public_key()));
    Reg("org.registered", "r2", RegisterBody(kOther, "charity", {"fundraise", "disburse"}, other_key_->public_key()));
    PostEvent(As("fund.opened", "f1", {{"id", kGeneral}, {"owner", kCharity}, {"kind", "donations"},
                                       {"purpose", "general"}, {"restricted", false}, {"name", "慈善会·非限定"}}));
    PostEvent(As("fund.opened", "f2", {{"id", kElderly}, {"owner", kCharity}, {"kind", "project"},
                                       {"purpose", "elderly"}, {"restricted", true}, {"name", "长者助餐"}}));
    PostEvent(SignedSubmission("fund.opened", kOther, "f3",
                               {{"id", "other-fund"}, {"owner", kOther}, {"kind", "donations"}, {"purpose", "general"},
                                {"restricted", false}, {"name", "Other"}},
                               *other_key_));
  }

  uint64_t Reg(const std::string& type, const std::string& idem, Json body) {
    return PostEvent(SignedSubmission(type, "reg", idem, std::move(body), *regulator_));
  }
  void Qualify(const std::string& org, bool qualified = true) {
    Reg("org.qualified", "q-" + org + std::to_string(++qualifications_),
        {{"org", org}, {"certificate", "民公募〔2026〕第1号"}, {"date", "2026-12-01"}, {"qualified", qualified}});
  }
  Json As(const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, kCharity, idem, std::move(body), *key_);
  }

  std::atomic<system_clock::time_point> now_{Utc(2027, 1, 4)};
  std::unique_ptr<PrivateKey> key_, other_key_;
  int qualifications_ = 0;
};

TEST_F(PublicSideApiTest, APublicCampaignNeedsTheQualificationWhichTheRegulatorGrantsAndWithdraws) {
  ExpectRefused(As("campaign.filed", "c1", Campaign("winter", "2027-02-01", "2027-03-31")), 422, "body.public");
  ExpectRefused(SignedSubmission("org.qualified", kCharity, "q", {{"org", kCharity}, {"certificate", "x"},
                                                                  {"date", "2026-12-01"}, {"qualified", true}},
                                 *key_),
                403, "type");
  ExpectRefused(SignedSubmission("org.qualified", "reg", "q", {{"org", "nobody"}, {"certificate", "x"},
                                                               {"date", "2026-12-01"}, {"qualified", true}},
                                 *regulator_),
                422, "body.org");
  Qualify(kCharity);
  const Json org = GetJson(std::string("/v1/orgs/") + kCharity);
  EXPECT_EQ(org["qualification"]["qualified"], true);
  EXPECT_EQ(org["qualification"]["certificate"], "民公募〔2026〕第1号");
  EXPECT_TRUE(GetJson(std::string("/v1/orgs/") + kCharity + "/ratios")["rules"].contains("charitable_spending_min_percent"));
  PostEvent(As("campaign.filed", "c1", Campaign("winter", "2027-02-01", "2027-03-31")));
  Qualify(kCharity, false);
  EXPECT_FALSE(GetJson(std::string("/v1/orgs/") + kCharity + "/ratios")["rules"].contains("charitable_spending_min_percent"));
  // A non-public campaign needs no qualification; a public one is refused again.
  PostEvent(As("campaign.filed", "c2", Campaign("members", "2027-02-01", "2027-03-31", false)));
  ExpectRefused(As("campaign.filed", "c3", Campaign("spring", "2027-02-01", "2027-03-31")), 422, "body.public");
}

TEST_F(PublicSideApiTest, FilingRefusalsNameTheirField) {
  Qualify(kCharity);
  Json other_fund = Campaign("c", "2027-02-01", "2027-03-31");
  other_fund["funds"] = Json::array({"other-fund"});
  ExpectRefused(As("campaign.filed", "c", other_fund), 403, "body.funds[0]");
  Json unknown_fund = Campaign("c", "2027-02-01", "2027-03-31");
  unknown_fund["funds"] = Json::array({kGeneral, "nowhere"});
  ExpectRefused(As("campaign.filed", "c", unknown_fund), 422, "body.funds[1]");
  ExpectRefused(As("campaign.filed", "c", Campaign("c", "2027-03-01", "2027-02-28")), 400, "body.end");
  Json bad_region = Campaign("c", "2027-02-01", "2027-03-31");
  bad_region["region"] = "4403";
  ExpectRefused(As("campaign.filed", "c", bad_region), 400, "body.region");
  PostEvent(As("campaign.filed", "c", Campaign("c", "2027-02-01", "2027-03-31")));
  ExpectRefused(As("campaign.filed", "c-again", Campaign("c", "2027-02-01", "2027-03-31")), 422, "body.id");
  ExpectRefused(SignedSubmission("campaign.closed", kOther, "x", {{"campaign", "c"}, {"date", "2027-03-01"}},
                                 *other_key_),
                403, "body.campaign");
  ExpectRefused(As("campaign.amended", "a", {{"campaign", "c"}, {"reason", "nothing"}}), 400, "body");
  ExpectRefused(As("campaign.amended", "a", {{"campaign", "c"}, {"end", "2027-01-31"}, {"reason", "r"}}), 422,
                "body.end");
}

TEST_F(PublicSideApiTest, GiftsToACampaignAreCheckedAndItsTotalsKeptByChannelAndDay) {
  Qualify(kCharity);
  // Filed 2027-01-04, starting 2027-01-10: six days before, flagged.
  PostEvent(As("campaign.filed", "c1", Campaign("winter", "2027-01-10", "2027-02-28")));
  auto to_campaign = [](Json gift) {
    gift["campaign"] = "winter";
    return gift;
  };
  ExpectRefused(As("donation.received", "g0", to_campaign(Gift("R-0", 100, "2027-01-09"))), 422, "body.date");
  ExpectRefused(As("donation.received", "g0", to_campaign(Gift("R-0", 100, "2027-01-12", kElderly))), 422,
                "body.fund");
  Json unknown = Gift("R-0", 100, "2027-01-12");
  unknown["campaign"] = "summer";
  ExpectRefused(As("donation.received", "g0", unknown), 422, "body.campaign");
  Json elsewhere = to_campaign(Gift("R-0", 100, "2027-01-12"));
  elsewhere["platform"] = "微信公益";
  ExpectRefused(As("donation.received", "g0", elsewhere), 422, "body.platform");
  Json no_campaign = Gift("R-0", 100, "2027-01-12");
  no_campaign["platform"] = "腾讯公益";
  ExpectRefused(As("donation.received", "g0", no_campaign), 400, "body.platform");
  now_ = Utc(2027, 1, 20);
  Json through = to_campaign(Gift("R-1", 10'000, "2027-01-12"));
  through["platform"] = "腾讯公益";
  PostEvent(As("donation.received", "g1", through));
  PostEvent(As("donation.received", "g2", to_campaign(Gift("R-2", 25'000, "2027-01-12", kGeneral, "bank"))));
  Json reversed = to_campaign(Gift("R-3", 7'000, "2027-01-15"));
  reversed["platform"] = "腾讯公益";
  const uint64_t g3 = PostEvent(As("donation.received", "g3", reversed));
  PostEvent(As("donation.received", "g4", Gift("R-4", 99'999, "2027-01-15")));  // not the campaign's
  PostEvent(As("event.reversed", "x3", {{"seq", g3}, {"reason", "bounced"}}));
  PostEvent(As("donation.received", "g5", to_campaign(Gift("R-5", 3'000, "2027-01-16"))));

  const Json c = GetJson("/v1/campaigns/winter");
  EXPECT_EQ(c["status"], "open");  // 2027-01-20 in Beijing, within its dates
  EXPECT_EQ(c["raised_fen"], 10'000 + 25'000 + 3'000);
  EXPECT_EQ(c["gifts"], 3);
  EXPECT_EQ(c["by_channel"], (Json{{"online", {{"raised_fen", 13'000}, {"gifts", 2}}},
                                   {"bank", {{"raised_fen", 25'000}, {"gifts", 1}}}}));
  EXPECT_EQ(c["by_platform"], (Json{{"腾讯公益", {{"raised_fen", 10'000}, {"gifts", 1}}}}));  // R-3 reversed
  EXPECT_EQ(c["by_day"], (Json::array({{{"date", "2027-01-12"}, {"raised_fen", 35'000}, {"gifts", 2}},
                                       {{"date", "2027-01-16"}, {"raised_fen", 3'000}, {"gifts", 1}}})));
  EXPECT_EQ(c["filed_days_before_start"], 6);
  EXPECT_EQ(c["late_filing"], true);
  EXPECT_EQ(c["org"], kCharity);
  EXPECT_EQ(GetJson("/v1/campaigns/winter?days_limit=1")["by_day_next"], "2027-01-16");
  EXPECT_EQ(GetJson("/v1/campaigns/winter?days_from=2027-01-13")["by_day"].size(), 1u);
  EXPECT_EQ(GetJson(std::string("/v1/orgs/") + kCharity + "/campaigns")["campaigns"][0]["raised_fen"], 38'000);
  GetJson("/v1/campaigns/summer", 404);
  GetJson("/v1/campaigns/winter?days_from=2027-02-30", 400);

  // Closed early: later gifts dated after the closing day are refused; a
  // close after the campaign's end is refused too.
  ExpectRefused(As("campaign.closed", "cl", {{"campaign", "winter"}, {"date", "2027-03-01"}}), 422, "body.date");
  PostEvent(As("campaign.closed", "cl", {{"campaign", "winter"}, {"date", "2027-01-31"}}));
  ExpectRefused(As("donation.received", "g6", to_campaign(Gift("R-6", 100, "2027-02-01"))), 422, "body.date");
  EXPECT_EQ(GetJson("/v1/campaigns/winter")["status"], "closed");
}

TEST_F(PublicSideApiTest, AReceiptIsIssuedOnceThenVoidedOrRedReversedOnceAndFoundByItsFiscalNumber) {
  PostEvent(As("donation.received", "g1", Gift("R-1", 50'000, "2027-01-03")));
  PostEvent(As("donation.received", "g2", Gift("R-2", 20'000, "2027-01-03")));
  EXPECT_EQ(GetJson("/v1/receipts/R-1")["status"], "recorded");
  auto issue = [](const std::string& receipt, int64_t fen, const std::string& number) {
    return Json{{"receipt", receipt}, {"fiscal", Fiscal(number)}, {"date", "2027-01-04"}, {"amount_fen", fen}};
  };
  ExpectRefused(As("receipt.issued", "i1", issue("R-1", 49'999, "0000000001")), 422, "body.amount_fen");
  ExpectRefused(As("receipt.issued", "i1", issue("R-9", 1, "0000000001")), 422, "body.receipt");
  ExpectRefused(SignedSubmission("receipt.issued", kOther, "i1", issue("R-1", 50'000, "0000000001"), *other_key_),
                403, "body.receipt");
  const uint64_t issued = PostEvent(As("receipt.issued", "i1", issue("R-1", 50'000, "0000000001")));
  ExpectRefused(As("receipt.issued", "i1b", issue("R-1", 50'000, "0000000002")), 422, "body.receipt");
  ExpectRefused(As("receipt.issued", "i2", issue("R-2", 20'000, "0000000001")), 422, "body.fiscal.number");
  ExpectRefused(As("receipt.voided", "v0", {{"receipt", "R-1"}, {"date", "2027-01-03"}, {"reason", "early"}}), 422,
                "body.date");  // before the fiscal receipt was issued
  const uint64_t voided =
      PostEvent(As("receipt.voided", "v1", {{"receipt", "R-1"}, {"date", "2027-01-04"}, {"reason", "wrong name"}}));
  ExpectRefused(As("receipt.voided", "v1b", {{"receipt", "R-1"}, {"date", "2027-01-04"}, {"reason", "again"}}), 422,
                "body.receipt");
  ExpectRefused(As("receipt.red_reversed", "red1",
                   {{"receipt", "R-1"}, {"red", Fiscal("0000000009")}, {"date", "2027-01-04"}, {"reason", "r"}}),
                422, "body.receipt");
  const Json r1 = GetJson("/v1/receipts/R-1");
  EXPECT_EQ(r1["status"], "voided");
  EXPECT_EQ(r1["fiscal"], Fiscal("0000000001"));
  EXPECT_EQ(r1["issued_on"], "2027-01-04");
  EXPECT_EQ(r1["amount_fen"], 50'000);
  EXPECT_EQ(r1["history"], (Json::array({{{"seq", r1["seq"]}, {"type", "donation.received"}},
                                         {{"seq", issued}, {"type", "receipt.issued"}},
                                         {{"seq", voided}, {"type", "receipt.voided"}}})));

  PostEvent(As("receipt.issued", "i2", issue("R-2", 20'000, "0000000002")));
  PostEvent(As("receipt.red_reversed", "red2",
               {{"receipt", "R-2"}, {"red", Fiscal("0000000003")}, {"date", "2027-01-05"}, {"reason", "refund"}}));
  EXPECT_EQ(GetJson("/v1/receipts/R-2")["status"], "red_reversed");
  EXPECT_EQ(GetJson("/v1/receipts?code=44010126&number=0000000003")["receipt"], "R-2");  // by its red number
  EXPECT_EQ(GetJson("/v1/receipts?code=44010126&number=0000000001")["receipt"], "R-1");
  GetJson("/v1/receipts?code=44010126&number=0000000077", 404);
  GetJson("/v1/receipts?code=4401x&number=1", 400);
  GetJson("/v1/receipts?code=44010126", 400);
  GetJson("/v1/receipts/R-404", 404);

  // The voided receipt's gift is entered again: the number is never reused;
  // the corrected entry names the one it replaces, which must be settled.
  ExpectRefused(As("donation.received", "g1b", Gift("R-1", 50'000, "2027-01-03")), 422, "body.receipt");
  Json corrected = Gift("R-3", 1, "2027-01-03");
  corrected["replaces"] = "R-2";  // red-reversed, but its gift still stands
  ExpectRefused(As("donation.received", "g3", corrected), 422, "body.replaces");
  PostEvent(As("event.reversed", "x2", {{"seq", GetJson("/v1/receipts/R-2")["seq"]}, {"reason", "refunded"}}));
  PostEvent(As("donation.received", "g3", corrected));
  Json twice = Gift("R-4", 1, "2027-01-03");
  twice["replaces"] = "R-2";
  ExpectRefused(As("donation.received", "g4", twice), 422, "body.replaces");
  PostEvent(As("donation.received", "g5", Gift("R-5", 1, "2027-01-03")));
  Json standing = Gift("R-6", 1, "2027-01-03");
  standing["replaces"] = "R-5";  // its gift stands
  ExpectRefused(As("donation.received", "g6", standing), 422, "body.replaces");
  EXPECT_EQ(GetJson("/v1/receipts/R-2")["replaced_by"], "R-3");
  EXPECT_EQ(GetJson("/v1/receipts/R-2")["status"], "red_reversed");  // the fiscal life decides the status
  EXPECT_EQ(GetJson("/v1/receipts/R-3")["replaces"], "R-2");
}

TEST_F(PublicSideApiTest, ObligationsAreMetLateOverdueOrOpenAtTheLedgersClock) {
  Qualify(kCharity);
  // 2027-01-10 to 2027-08-31: longer than six months.
  PostEvent(As("campaign.filed", "c1", Campaign("long", "2027-01-10", "2027-08-31")));
  ExpectRefused(As("disclosure.published", "d0", Disclosure("campaign_progress", "long", "2027-03", "2027-01-04")),
                422, "body.period");
  ExpectRefused(As("disclosure.published", "d0", Disclosure("campaign_progress", "short", "2027-Q1", "2027-01-04")),
                422, "body.subject");
  ExpectRefused(As("disclosure.published", "d0", Disclosure("annual_report", kOther, "2026", "2027-01-04")), 422,
                "body.subject");
  ExpectRefused(As("disclosure.published", "d0", Disclosure("campaign_progress", "long", "2027-Q1", "2027-01-05")),
                422, "body.date");  // after the day it is posted
  now_ = Utc(2027, 5, 10);
  PostEvent(As("disclosure.published", "d1", Disclosure("campaign_progress", "long", "2027-Q1", "2027-04-30")));
  now_ = Utc(2027, 8, 15);
  PostEvent(As("disclosure.published", "d2", Disclosure("campaign_progress", "long", "2027-Q2", "2027-08-15")));
  now_ = Utc(2027, 12, 1, 17);  // 2 December in Beijing

  const Json answer = GetJson(std::string("/v1/orgs/") + kCharity + "/obligations");
  EXPECT_EQ(answer["as_of"], "2027-12-02");
  std::vector<std::string> got;
  for (const Json& o : answer["obligations"])
    got.push_back(o["kind"].get<std::string>() + " " + o["subject"].get<std::string>() + " " +
                  o["period"].get<std::string>() + " " + o["due"].get<std::string>() + " " +
                  o["status"].get<std::string>());
  EXPECT_EQ(got, (std::vector<std::string>{"campaign_progress long 2027-Q1 2027-04-30 met",
                                           "campaign_progress long 2027-Q2 2027-07-31 late",
                                           "campaign_final long 2027-08 2027-11-30 overdue"}));
  EXPECT_EQ(answer["disclosures"].size(), 2u);
  EXPECT_EQ(GetJson("/v1/campaigns/long")["disclosures"][2]["status"], "overdue");
  // The charity registered in 2027 owes its 2027 annual report only from 2028.
  now_ = Utc(2028, 6, 1);
  const Json next_year = GetJson(std::string("/v1/orgs/") + kCharity + "/obligations")["obligations"];
  EXPECT_EQ(next_year.back()["kind"], "annual_report");
  EXPECT_EQ(next_year.back()["period"], "2027");
  EXPECT_EQ(next_year.back()["due"], "2028-05-31");
  EXPECT_EQ(next_year.back()["status"], "overdue");

  StopAndClose();
  auto source = audit::OpenStoreSource(dir_);
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  audit::AuditReport report = audit::RunAudit(**source, {.today = Date{"2027-12-02"}});
  ASSERT_TRUE(report.ok()) << audit::SummaryText(report);
  std::vector<std::string> warned;
  for (const RatioWarning& w : report.warnings) warned.push_back(w.check + " " + w.org);
  EXPECT_EQ(warned, (std::vector<std::string>{"disclosure_late szc", "disclosure_overdue szc"}));
}

TEST_F(PublicSideApiTest, ADesignationNamesAFundOfKindProject) {
  Json to_general = Gift("R-1", 100, "2027-01-03", kGeneral);
  to_general["designation"] = {{"project", kGeneral}};
  ExpectRefused(As("donation.received", "g1", to_general), 422, "body.designation.project");
  Json to_nothing = Gift("R-1", 100, "2027-01-03", kGeneral);
  to_nothing["designation"] = {{"project", "nowhere"}};
  ExpectRefused(As("donation.received", "g1", to_nothing), 422, "body.designation.project");
  Json to_project = Gift("R-1", 100, "2027-01-03", kGeneral);
  to_project["designation"] = {{"project", kElderly}};
  PostEvent(As("donation.received", "g1", to_project));
}

TEST_F(PublicSideApiTest, OutflowsStateTheirDayWhichFilesTheirMonth) {
  PostEvent(As("donation.received", "g1", Gift("R-1", 100'000, "2026-12-20")));
  Json expense = {{"fund", kGeneral}, {"amount_fen", 1'000}, {"category", "management"}};
  ExpectRefused(As("expense.recorded", "e1", expense), 400, "body.date");
  expense["date"] = "2027-01-05";  // the day after it is posted
  ExpectRefused(As("expense.recorded", "e1", expense), 422, "body.date");
  expense["date"] = "2026-12-31";  // posted in January, dated December
  PostEvent(As("expense.recorded", "e1", expense));
  const Json months = GetJson(std::string("/v1/funds/") + kGeneral + "/flows")["months"];
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0]["month"], "2026-12");
  EXPECT_EQ(months[0]["outflow_fen"], 1'000);
  const Json years = GetJson(std::string("/v1/orgs/") + kCharity + "/ratios")["years"];
  ASSERT_EQ(years.size(), 1u);
  EXPECT_EQ(years[0]["year"], 2026);
  EXPECT_EQ(years[0]["management_fen"], 1'000);
}

TEST_F(PublicSideApiTest, TheDirectoryListsEveryOrgWithItsFundsAndCampaignsAPageAtATime) {
  Qualify(kCharity);
  PostEvent(As("campaign.filed", "c1", Campaign("winter", "2027-02-01", "2027-03-31")));
  const Json all = GetJson("/v1/orgs");
  std::vector<std::string> ids;
  for (const Json& org : all["orgs"]) ids.push_back(org["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{kOther, "reg", kCharity}));  // by id
  EXPECT_EQ(all["next"], nullptr);
  const Json& szc = all["orgs"][2];
  EXPECT_EQ(szc["name"], "Org szc");
  EXPECT_EQ(szc["funds"], (Json::array({{{"id", kElderly}, {"name", "长者助餐"}, {"balance_fen", 0}},
                                        {{"id", kGeneral}, {"name", "慈善会·非限定"}, {"balance_fen", 0}}})));
  EXPECT_EQ(szc["campaigns"][0]["id"], "winter");
  const Json first = GetJson("/v1/orgs?limit=1");
  EXPECT_EQ(first["orgs"].size(), 1u);
  EXPECT_EQ(first["next"], "reg");
  EXPECT_EQ(GetJson("/v1/orgs?from=reg&limit=2")["orgs"][1]["id"], kCharity);
  GetJson("/v1/orgs?limit=201", 400);
  GetJson("/v1/orgs?from=Bad%20Id", 400);
}

}  // namespace
}  // namespace ledger::api
