// The regulatory totals by org and year (orgyear/…): written with the
// events, read by GET /v1/orgs/{id}/ratios, which judges them with the
// very rules the audit reports (RatioTracker::WarningsFor).
#include <limits>
#include <set>

#include "ledger/projections.hpp"

namespace ledger {
namespace {

constexpr std::string_view kOrgYear = "orgyear/";
// The largest integer every JSON reader keeps exactly (DESIGN §2); totals
// are 128-bit and, beyond any real sum, are served saturated to it.
constexpr __int128 kMaxJsonInteger = 9007199254740991;

std::string OrgYearPrefix(std::string_view org) { return std::string(kOrgYear) + std::string(org) + "/"; }

int64_t Served(__int128 fen) { return static_cast<int64_t>(fen > kMaxJsonInteger ? kMaxJsonInteger : fen); }

Json TotalsJson(const RatioTracker::YearTotals& t) {
  return {{"income_fen", Served(t.income_fen)},           {"charitable_fen", Served(t.charitable_fen)},
          {"management_fen", Served(t.management_fen)},   {"fundraising_fen", Served(t.fundraising_fen)},
          {"welfare_fen", Served(t.welfare_fen)},         {"remitted_fen", Served(t.remitted_fen)}};
}

void PutOrgYear(const ProjectionSink& sink, const std::string& org, int year,
                const RatioTracker::YearTotals& totals) {
  const std::string key = OrgYearPrefix(org) + std::to_string(year);
  if (totals == RatioTracker::YearTotals{}) return sink(Column::kIndex, key, nullptr);
  auto value = Canonicalize(TotalsJson(totals));
  LEDGER_CHECK(value.ok());
  sink(Column::kIndex, key, &*value);
}

Result<RatioTracker::YearTotals> ParseTotals(const Json& j) {
  RatioTracker::YearTotals t;
  for (auto [name, field] : {std::pair{"income_fen", &t.income_fen}, {"charitable_fen", &t.charitable_fen},
                             {"management_fen", &t.management_fen}, {"fundraising_fen", &t.fundraising_fen},
                             {"welfare_fen", &t.welfare_fen}, {"remitted_fen", &t.remitted_fen}}) {
    if (!j.contains(name) || !j.at(name).is_number_integer()) return Error::Corruption(std::string("no ") + name);
    *field = j.at(name).get<int64_t>();
  }
  return t;
}

// Which checks apply to `org` (RatioTracker::WarningsFor) and their limits.
Json RulesFor(const Org& org) {
  Json rules = Json::object();
  if (org.kind == OrgKind::kLotteryCenter) rules["central_remittance_min_percent"] = kCentralRemittanceMinPercent;
  if (IsPublicFundraising(org)) {
    rules["charitable_spending_min_percent"] = kCharitableSpendingMinPercent;
    rules["management_max_percent"] = org.kind == OrgKind::kFoundation ? kFoundationManagementMaxPercent
                                                                       : kCharityManagementMaxPercent;
    rules["management_exempt_below_fen"] = kManagementExemptBelowFen;
  }
  return rules;
}

}  // namespace

void WriteOrgYears(const RatioTracker& ratios, const RatioTracker::Touched& touched,
                   const ProjectionSink& sink) {
  for (const auto& [org, year] : std::set(touched.begin(), touched.end()))
    PutOrgYear(sink, org, year, ratios.Totals(org, year));
}

void WriteAllOrgYears(const RatioTracker& ratios, const ProjectionSink& sink) {
  for (const auto& [org, years] : ratios.years())
    for (const auto& [year, totals] : years) PutOrgYear(sink, org, year, totals);
}

Result<Json> ReadOrgRatios(const Store& store, const Org& org, int current_year) {
  const std::string prefix = OrgYearPrefix(org.id);
  std::map<int, RatioTracker::YearTotals> years;
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, prefix, [&](std::string_view key, std::string_view value) {
    if (!key.starts_with(prefix)) return false;
    auto json = ParseStrict(value);
    auto totals = json.ok() ? ParseTotals(*json) : Result<RatioTracker::YearTotals>(json.error());
    const std::string year(key.substr(prefix.size()));
    if (!totals.ok() || year.size() != 4) {
      failed = Error::Corruption("org year " + std::string(key) + " is malformed");
      return false;
    }
    years.emplace(std::stoi(year), *totals);
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  Json out_years = Json::array();
  for (const auto& [year, totals] : years) {
    Json y = TotalsJson(totals);
    y["year"] = year;
    y["complete"] = year < current_year;
    out_years.push_back(std::move(y));
  }
  Json warnings = Json::array();
  for (const RatioWarning& w : RatioTracker::WarningsFor(org, years, current_year))
    warnings.push_back({{"check", w.check}, {"year", w.year}, {"numerator_fen", Served(w.numerator_fen)},
                        {"denominator_fen", Served(w.denominator_fen)}, {"message", w.message}});
  return Json{{"org", org.id}, {"current_year", current_year}, {"rules", RulesFor(org)},
              {"years", std::move(out_years)}, {"warnings", std::move(warnings)}};
}

}  // namespace ledger
