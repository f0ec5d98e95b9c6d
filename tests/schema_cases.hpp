// The schema tests' data: a valid example body per v1 event type, the
// tables of fields they vary (required, vocabularies, limits, ranges), and
// helpers to vary a body and to check an error.
#pragma once

#include "ledger/schema.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ledger::testing {

inline constexpr const char* kKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
inline constexpr const char* kDonor =
    "6a8f6058339af309ef6893d89a133123255059c30d7b1fa9a67864e18a14403d";

// One valid body per type. donation.received is a named, designated gift;
// trust.contributed (same schema) an anonymous gift in kind.
inline const std::map<std::string, std::string> kExamples = {
    {"org.registered", R"({"id":"sz-charity","name":"深圳市慈善会","kind":"charity",
      "public_key":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
      "roles":["fundraise","disburse"]})"},
    {"org.key_rotated",
     R"({"org":"sz-charity","public_key":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="})"},
    {"org.suspended", R"({"org":"sz-charity","reason":"registration revoked"})"},
    {"fund.opened", R"({"id":"sz-elderly","owner":"sz-charity","kind":"donations",
      "purpose":"elderly","restricted":true,"name":"Elderly care","budget_fen":500000000})"},
    {"lottery.rate_set", R"({"game":"ssq","welfare_rate_bp":3600,"effective_from":"2026-01"})"},
    {"lottery.sales_reported", R"({"period":"2026-03","game":"ssq","sales_fen":1000000000,
      "welfare_rate_bp":3600,"welfare_fen":360000000,"fund":"gd-lottery-welfare"})"},
    {"donation.received", R"({"receipt":"SZC-2026-000123","fund":"sz-elderly","amount_fen":50000,
      "donor":{"pseudonym":"6a8f6058339af309ef6893d89a133123255059c30d7b1fa9a67864e18a14403d",
               "kind":"individual","display_name":"李华"},
      "channel":"online","date":"2026-03-14","designation":{"project":"sz-meals"}})"},
    {"trust.established", R"({"fund":"sz-trust","name":"Orphans trust",
      "settlor":{"pseudonym":"0d218fa9cb60e10cdfaa18ea8bfe9d1d3c9a357b6cfb439256abd844c7d596e9",
                 "kind":"enterprise","display_name":"Example Co."},
      "purpose":"orphans","filing_ref":"SZ-MZ-2026-017"})"},
    {"trust.contributed", R"({"receipt":"TR.2026_1","fund":"sz-trust","amount_fen":1000000,
      "donor":{"pseudonym":"0d218fa9cb60e10cdfaa18ea8bfe9d1d3c9a357b6cfb439256abd844c7d596e9",
               "kind":"anonymous"},
      "channel":"in_kind","date":"2024-02-29",
      "in_kind":{"description":"200 winter coats","valuation_basis":"invoice"}})"},
    {"trust.income_recorded", R"({"fund":"sz-trust","amount_fen":12345,"date":"2026-03-31",
      "reference":"bond coupon Q1"})"},
    {"funds.transferred", R"({"from":"gd-lottery-welfare","to":"sz-elderly","amount_fen":10000000,
      "reason":"allocation","reference":"GD-MZ-2026-44","date":"2026-07-01"})"},
    {"disbursement.made", R"({"fund":"sz-elderly","amount_fen":200000,
      "beneficiary":{"pseudonym":"99ab4446c03bab0e89d58589135b9bf5427c08c71695f72d495c89487e53736d",
                     "kind":"institution"},
      "purpose":"elderly","reference":"grant agreement 2026-07","date":"2026-07-15"})"},
    {"expense.recorded", R"({"fund":"sz-elderly","amount_fen":15000,"category":"management",
      "reference":"audit fee","date":"2026-07-31"})"},
    {"event.reversed", R"({"seq":42,"reason":"entered twice"})"},
    {"org.qualified", R"({"org":"sz-charity","certificate":"深民公募字〔2026〕第12号","date":"2026-03-01",
      "qualified":true})"},
    {"campaign.filed", R"({"id":"warm-winter-2026","filing_no":"53440300MJ0000000X-2026-001",
      "title":"温暖冬日助老行动","purpose":"elderly","target_fen":50000000,"start":"2026-12-20",
      "end":"2027-08-31","region":"440304","platforms":["腾讯公益","支付宝公益"],
      "funds":["sz-elderly"],"public":true})"},
    {"campaign.amended", R"({"campaign":"warm-winter-2026","end":"2027-09-30","target_fen":60000000,
      "platforms":["腾讯公益"],"funds":["sz-elderly","sz-general"],"reason":"extended by the board"})"},
    {"campaign.closed", R"({"campaign":"warm-winter-2026","date":"2027-09-30","summary":"target reached"})"},
    {"receipt.issued", R"({"receipt":"SZCF-2026-000124","fiscal":{"code":"44010126","number":"0000012345",
      "check_code":"a1b2c3"},"date":"2026-11-24","amount_fen":20000})"},
    {"receipt.voided", R"({"receipt":"SZCF-2026-000124","date":"2026-11-25","reason":"wrong donor name"})"},
    {"receipt.red_reversed", R"({"receipt":"SZCF-2026-000124","red":{"code":"44010126",
      "number":"0000012399","check_code":"d4e5f6"},"date":"2026-12-02","reason":"refunded to the donor"})"},
    {"disclosure.published", R"({"kind":"campaign_progress","subject":"warm-winter-2026","period":"2027-Q1",
      "date":"2027-04-20","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "url":"https://www.szcharity.org.cn/disclosure/2027-q1.pdf"})"},
    {"org.located", R"({"org":"sz-charity","region":"440304","level":"district"})"},
    {"appropriation.received", R"({"fund":"gd-lottery-welfare","amount_fen":500000000,
      "document":"粤财社〔2027〕12号","level":"province","fiscal_year":2027,"date":"2027-03-15"})"},
    {"lottery.share_set", R"({"from_level":"province","to_level":"city","share_bp":7000,
      "effective_from":"2027-01","region":"440000"})"},
    {"project.applied", R"({"id":"sz-meals-2027","programme":"elderly-care-2027","title":"社区长者食堂",
      "purpose":"elderly","amount_fen":30000000,"region":"440304","start":"2027-04-01","end":"2028-03-31"})"},
    {"project.approved", R"({"project":"sz-meals-2027","document":"粤民发〔2027〕31号","amount_fen":20000000,
      "fund":"gd-lottery-welfare","tranches":[{"no":1,"amount_fen":12000000,"needs_evaluation":false},
      {"no":2,"amount_fen":8000000,"needs_evaluation":true}]})"},
    {"project.rejected", R"({"project":"sz-meals-2027","reason":"outside the programme's scope"})"},
    {"commitment.released", R"({"project":"sz-meals-2027","amount_fen":1500000,"reason":"came in under budget"})"},
    {"project.milestone_reported", R"({"project":"sz-meals-2027","tranche":2,
      "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "indicators":[{"name":"meals served","value":"48000","unit":"meals"},
      {"name":"satisfaction","value":"96.5","unit":"%"}]})"},
    {"project.evaluated", R"({"project":"sz-meals-2027","tranche":2,"grade":"A","score":92,
      "sha256":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"})"},
    {"project.closed", R"({"project":"sz-meals-2027","date":"2028-04-30","leftover":"returned",
      "note":"1.5 million fen back to usable money"})"},
};

inline Json Example(const std::string& type) {
  auto parsed = ParseStrict(kExamples.at(type));
  EXPECT_TRUE(parsed.ok()) << type << ": " << parsed.error().ToString();
  return *parsed;
}

inline Status Check(const std::string& type, const Json& body) {
  const EventType* t = FindEventType(type);
  EXPECT_NE(t, nullptr) << type;
  return ValidateBody(*t, body);
}

// The example with the value at `pointer` ("/donor/kind") replaced.
inline Json With(const std::string& type, const std::string& pointer, Json value) {
  Json body = Example(type);
  body[Json::json_pointer(pointer)] = std::move(value);
  return body;
}

inline Json Without(const std::string& type, const std::string& pointer) {
  Json body = Example(type);
  const Json::json_pointer ptr(pointer);
  body[ptr.parent_pointer()].erase(ptr.back());
  return body;
}

// "/donor/kind" → "body.donor.kind", "/roles/1" → "body.roles[1]".
inline std::string PathOf(const std::string& pointer) {
  std::string path = "body";
  for (std::size_t start = 1; start <= pointer.size();) {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    const std::string token = pointer.substr(start, end - start);
    const bool index = token.find_first_not_of("0123456789") == std::string::npos;
    path += index ? "[" + token + "]" : "." + token;
    start = end + 1;
  }
  return path;
}

inline void ExpectRefused(const Status& status, const std::string& field,
                          const std::string& message) {
  ASSERT_FALSE(status.ok()) << "expected " << field << ": " << message;
  EXPECT_EQ(status.error().code, Code::kInvalidArgument);
  EXPECT_EQ(status.error().field, field);
  EXPECT_NE(status.error().message.find(message), std::string::npos)
      << status.error().message << " lacks " << message;
}

inline void ExpectPasses(const Status& status) {
  EXPECT_TRUE(status.ok()) << status.error().ToString();
}

// Every required member, nested ones included, by JSON pointer.
inline const std::vector<std::pair<std::string, std::vector<std::string>>> kRequired = {
    {"org.registered", {"/id", "/name", "/kind", "/public_key", "/roles"}},
    {"org.key_rotated", {"/org", "/public_key"}},
    {"org.suspended", {"/org", "/reason"}},
    {"fund.opened", {"/id", "/owner", "/kind", "/purpose", "/restricted", "/name"}},
    {"lottery.rate_set", {"/game", "/welfare_rate_bp", "/effective_from"}},
    {"lottery.sales_reported",
     {"/period", "/game", "/sales_fen", "/welfare_rate_bp", "/welfare_fen", "/fund"}},
    {"donation.received", {"/receipt", "/fund", "/amount_fen", "/donor", "/channel", "/date",
                           "/donor/pseudonym", "/donor/kind"}},
    {"trust.contributed", {"/receipt", "/fund", "/amount_fen", "/donor", "/date",
                           "/in_kind/description", "/in_kind/valuation_basis"}},
    {"trust.established", {"/fund", "/name", "/settlor", "/purpose", "/filing_ref",
                           "/settlor/pseudonym", "/settlor/kind"}},
    {"trust.income_recorded", {"/fund", "/amount_fen", "/date", "/reference"}},
    {"funds.transferred", {"/from", "/to", "/amount_fen", "/reason", "/reference", "/date"}},
    {"disbursement.made", {"/fund", "/amount_fen", "/beneficiary", "/purpose", "/reference",
                           "/beneficiary/pseudonym", "/beneficiary/kind", "/date"}},
    {"expense.recorded", {"/fund", "/amount_fen", "/category", "/date"}},
    {"event.reversed", {"/seq", "/reason"}},
    {"org.qualified", {"/org", "/certificate", "/date", "/qualified"}},
    {"campaign.filed", {"/id", "/filing_no", "/title", "/purpose", "/target_fen", "/start", "/end", "/region",
                        "/platforms", "/funds", "/public"}},
    {"campaign.amended", {"/campaign", "/reason"}},
    {"campaign.closed", {"/campaign", "/date"}},
    {"receipt.issued", {"/receipt", "/fiscal", "/date", "/amount_fen", "/fiscal/code", "/fiscal/number",
                        "/fiscal/check_code"}},
    {"receipt.voided", {"/receipt", "/date", "/reason"}},
    {"receipt.red_reversed", {"/receipt", "/red", "/date", "/reason", "/red/code", "/red/number",
                              "/red/check_code"}},
    {"disclosure.published", {"/kind", "/subject", "/period", "/date", "/sha256", "/url"}},
};

struct EnumCase {
  const char* type;
  const char* pointer;
  const char* allowed;
};

// Every vocabulary, with the values it allows in order.
inline const std::vector<EnumCase> kEnums = {
    {"org.registered", "/kind",
     "regulator, civil_affairs, lottery_center, charity, foundation, trustee, auditor"},
    {"org.registered", "/roles/1", "regulate, fundraise, allocate, disburse, trustee, audit"},
    {"fund.opened", "/kind", "lottery_welfare, donations, project, trust"},
    {"fund.opened", "/purpose",
     "elderly, disabled, orphans, poverty, disaster, medical, education, community, general"},
    {"trust.established", "/purpose", "elderly, disabled, orphans"},
    {"disbursement.made", "/purpose", "elderly, disabled, orphans"},
    {"donation.received", "/channel", "online, bank, cash, in_kind, other"},
    {"trust.contributed", "/donor/kind", "individual, enterprise, anonymous"},
    {"trust.established", "/settlor/kind", "individual, enterprise, anonymous"},
    {"disbursement.made", "/beneficiary/kind", "individual, institution"},
    {"trust.contributed", "/in_kind/valuation_basis", "invoice, market_price, appraisal"},
    {"funds.transferred", "/reason", "remittance, allocation, grant, regrant, trust_distribution"},
    {"expense.recorded", "/category", "management, fundraising, program"},
};

struct LimitCase {
  const char* type;
  const char* pointer;
  std::size_t limit;
};

// Every bounded string, with its limit in bytes.
inline const std::vector<LimitCase> kLimits = {
    {"org.registered", "/id", kMaxIdBytes},          {"org.registered", "/name", kMaxNameBytes},
    {"org.key_rotated", "/org", kMaxIdBytes},        {"org.suspended", "/reason", kMaxTextBytes},
    {"fund.opened", "/id", kMaxIdBytes},             {"fund.opened", "/owner", kMaxIdBytes},
    {"fund.opened", "/name", kMaxNameBytes},         {"lottery.rate_set", "/game", kMaxIdBytes},
    {"lottery.sales_reported", "/fund", kMaxIdBytes},
    {"donation.received", "/receipt", kMaxReceiptBytes},
    {"donation.received", "/donor/display_name", kMaxDisplayNameBytes},
    {"donation.received", "/designation/project", kMaxIdBytes},
    {"trust.contributed", "/in_kind/description", kMaxTextBytes},
    {"trust.established", "/name", kMaxNameBytes},
    {"trust.established", "/settlor/display_name", kMaxDisplayNameBytes},
    {"trust.established", "/filing_ref", kMaxTextBytes},
    {"trust.income_recorded", "/reference", kMaxTextBytes},
    {"funds.transferred", "/to", kMaxIdBytes},
    {"funds.transferred", "/reference", kMaxTextBytes},
    {"disbursement.made", "/reference", kMaxTextBytes},
    {"expense.recorded", "/reference", kMaxTextBytes},
    {"event.reversed", "/reason", kMaxTextBytes},
    {"funds.transferred", "/from", kMaxIdBytes},     {"trust.established", "/fund", kMaxIdBytes},
    {"trust.income_recorded", "/fund", kMaxIdBytes}, {"disbursement.made", "/fund", kMaxIdBytes},
    {"expense.recorded", "/fund", kMaxIdBytes},
    {"lottery.sales_reported", "/game", kMaxIdBytes},
};

struct IntegerCase {
  const char* type;
  const char* pointer;
  int64_t min;
  int64_t max;
};

// Every integer, with its range.
inline const std::vector<IntegerCase> kIntegers = {
    {"fund.opened", "/budget_fen", 0, kMaxAmountFen},
    {"lottery.rate_set", "/welfare_rate_bp", 1, kMaxRateBp},
    {"lottery.sales_reported", "/sales_fen", 1, kMaxAmountFen},
    {"lottery.sales_reported", "/welfare_rate_bp", 1, kMaxRateBp},
    {"lottery.sales_reported", "/welfare_fen", 0, kMaxAmountFen},
    {"donation.received", "/amount_fen", 1, kMaxAmountFen},
    {"trust.contributed", "/amount_fen", 1, kMaxAmountFen},
    {"trust.income_recorded", "/amount_fen", 1, kMaxAmountFen},
    {"funds.transferred", "/amount_fen", 1, kMaxAmountFen},
    {"disbursement.made", "/amount_fen", 1, kMaxAmountFen},
    {"expense.recorded", "/amount_fen", 1, kMaxAmountFen},
    {"event.reversed", "/seq", 1, kMaxSafeInteger},
};

}  // namespace ledger::testing
