// The public side of the demo's year (DESIGN.md §6b): the fundraisers'
// qualifications, two filed campaigns and the gifts they take, fiscal
// e-receipts (one voided and replaced, one red-reversed for the refund)
// and the campaigns' disclosures, one late and one never published, so
// that the portal and the audit have something to show.
#include <cstdio>

#include "demo_city_year.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"

namespace ledger::demo {
namespace {

struct DemoCampaign {
  std::string_view id, org, filing_no, title, purpose;
  int64_t target_fen;
  std::string_view start, end;
  std::vector<std::string_view> funds;
};

// Back-filled when the demo is seeded, so both show as late filings.
const std::vector<DemoCampaign>& DemoCampaigns() {
  static const std::vector<DemoCampaign> kCampaigns = {
      {"fed-warm-2025", kFederation, "53440300MJ0000001A-2025-001", "2025年“温暖同行”扶贫济困募捐", "poverty",
       300'000'000, "2025-01-01", "2025-12-31", {"fed-general", "fed-poverty"}},
      {"eld-meals-spring-2025", kElderlyFoundation, "53440300MJ0000002B-2025-003", "2025年春季“长者饭堂”助餐募捐",
       "elderly", 20'000'000, "2025-03-01", "2025-05-31", {"eld-meals"}},
  };
  return kCampaigns;
}

// A disclosure of the federation's long campaign: Q1 and Q2 on time, Q3
// late, and no final report (overdue since 2026-03-31).
struct DemoDisclosure {
  std::string_view org, kind, subject, period, date;
};
constexpr DemoDisclosure kDisclosures[] = {
    {kFederation, "campaign_progress", "fed-warm-2025", "2025-Q1", "2025-04-18"},
    {kFederation, "campaign_progress", "fed-warm-2025", "2025-Q2", "2025-07-22"},
    {kFederation, "campaign_progress", "fed-warm-2025", "2025-Q3", "2025-11-14"},
    {kElderlyFoundation, "campaign_final", "eld-meals-spring-2025", "2025-05", "2025-07-10"},
};

std::string FiscalNumber(uint64_t n) {
  char text[16];
  std::snprintf(text, sizeof text, "%010llu", static_cast<unsigned long long>(n));
  return text;
}

}  // namespace

Status CityYear::Qualify() {
  int certificate = 0;
  for (const DemoOrg& org : DemoOrgs()) {
    const bool fundraiser = std::find(org.roles.begin(), org.roles.end(), "fundraise") != org.roles.end();
    if (!fundraiser || (org.kind != "charity" && org.kind != "foundation")) continue;
    char number[64];
    std::snprintf(number, sizeof number, "民公募〔2024〕第%02d号", ++certificate);
    LEDGER_RETURN_IF_ERROR(Emit(options_.regulator_id, "org.qualified", "demo-qualify-" + org.id,
                                {{"org", org.id}, {"certificate", number}, {"date", "2024-03-01"}, {"qualified", true}}));
  }
  return Status::Ok();
}

Status CityYear::FileCampaigns() {
  for (const DemoCampaign& c : DemoCampaigns()) {
    Json funds = Json::array();
    for (std::string_view f : c.funds) funds.push_back(f);
    LEDGER_RETURN_IF_ERROR(Emit(c.org, "campaign.filed", "demo-campaign-" + std::string(c.id),
                                {{"id", c.id}, {"filing_no", c.filing_no}, {"title", c.title}, {"purpose", c.purpose},
                                 {"target_fen", c.target_fen}, {"start", c.start}, {"end", c.end},
                                 {"region", "440300"}, {"platforms", Json::array({"腾讯公益", "支付宝公益"})},
                                 {"funds", std::move(funds)}, {"public", true}}));
  }
  return Status::Ok();
}

void CityYear::NameCampaign(std::string_view org, Json& gift) const {
  const std::string date = gift["date"], fund = gift["fund"];
  for (const DemoCampaign& c : DemoCampaigns()) {
    if (c.org != org || date < c.start || date > c.end) continue;
    if (std::find(c.funds.begin(), c.funds.end(), fund) == c.funds.end()) continue;
    gift["campaign"] = c.id;
    // Online gifts came through one of the platforms the plan names.
    if (gift["channel"] == "online") {
      const std::string receipt = gift["receipt"];
      gift["platform"] = (receipt.back() - '0') % 2 == 0 ? "腾讯公益" : "支付宝公益";
    }
    return;
  }
}

Status CityYear::IssueReceipt(std::string_view org, const Json& gift) {
  const std::string receipt = gift["receipt"];
  const uint64_t number = ++counters_["fiscal"];
  const std::string check = HexEncode(Sha256("demo-fiscal/" + receipt)).substr(0, 6);
  return Emit(org, "receipt.issued", "demo-fiscal-" + receipt,
              {{"receipt", receipt}, {"fiscal", {{"code", "44030125"}, {"number", FiscalNumber(number)}, {"check_code", check}}},
               {"date", gift["date"]}, {"amount_fen", gift["amount_fen"]}});
}

// A receipt made out wrongly: voided, the gift entered again under a new
// number that names the old one, and the right receipt issued.
Status CityYear::VoidAndReplace(std::string_view org, const Json& gift, const std::string& idem) {
  const std::string receipt = gift["receipt"];
  LEDGER_RETURN_IF_ERROR(IssueReceipt(org, gift));
  LEDGER_RETURN_IF_ERROR(Emit(org, "receipt.voided", "demo-void-" + receipt,
                              {{"receipt", receipt}, {"date", gift["date"]}, {"reason", "票据抬头填写错误，作废重开"}}));
  LEDGER_RETURN_IF_ERROR(Emit(org, "event.reversed", "demo-reenter-" + receipt,
                              {{"reason", "票据作废，按正确捐赠人信息重新入账"}}, idem));
  Json corrected = gift;
  corrected["receipt"] = receipt + "-R";
  corrected["replaces"] = receipt;
  LEDGER_RETURN_IF_ERROR(Emit(org, "donation.received", "demo-don-" + receipt + "-R", corrected));
  scenario_.replaced_receipt = receipt;
  return IssueReceipt(org, corrected);
}

Status CityYear::RedReverse(std::string_view org, const std::string& receipt, const std::string& date) {
  const uint64_t number = ++counters_["fiscal"];
  return Emit(org, "receipt.red_reversed", "demo-red-" + receipt,
              {{"receipt", receipt},
               {"red", {{"code", "44030125"}, {"number", FiscalNumber(number)},
                        {"check_code", HexEncode(Sha256("demo-red/" + receipt)).substr(0, 6)}}},
               {"date", date}, {"reason", "捐赠款退回，开具红字票据冲销"}});
}

Status CityYear::Disclose() {
  for (const DemoDisclosure& d : kDisclosures) {
    const std::string name = std::string(d.subject) + "-" + std::string(d.period);
    LEDGER_RETURN_IF_ERROR(Emit(d.org, "disclosure.published", "demo-disclose-" + name,
                                {{"kind", d.kind}, {"subject", d.subject}, {"period", d.period}, {"date", d.date},
                                 {"sha256", HexEncode(Sha256("demo-disclosure/" + name))},
                                 {"url", "https://demo.welfare-ledger.example/disclosure/" + name + ".pdf"}}));
  }
  return Status::Ok();
}

}  // namespace ledger::demo
