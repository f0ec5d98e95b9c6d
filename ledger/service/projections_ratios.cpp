// The regulatory totals by org and year (orgyear/…): written with the
// events, read by GET /v1/orgs/{id}/ratios, which judges them with the
// very rules the audit reports (RatioTracker::WarningsFor).
#include <algorithm>
#include <set>

#include "ledger/projections.hpp"

namespace ledger {
namespace {

constexpr std::string_view kOrgYear = "orgyear/";

std::string OrgYearPrefix(std::string_view org) { return std::string(kOrgYear) + std::string(org) + "/"; }

// Warnings carry int64 amounts; served, they stay within what JSON keeps.
int64_t Served(int64_t fen) { return std::min(fen, kMaxSafeInteger); }

void PutOrgYear(const ProjectionSink& sink, const std::string& org, int year,
                const RatioTracker::YearTotals& totals) {
  const std::string key = OrgYearPrefix(org) + std::to_string(year);
  if (totals == RatioTracker::YearTotals{}) return sink(Column::kIndex, key, nullptr);
  auto value = Canonicalize(RatioTracker::TotalsJson(totals));
  LEDGER_CHECK(value.ok());
  sink(Column::kIndex, key, &*value);
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
    auto totals = json.ok() ? RatioTracker::TotalsFromJson(*json) : Result<RatioTracker::YearTotals>(json.error());
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
    Json y = RatioTracker::TotalsJson(totals);
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
