#include "ledger/domain/shares.hpp"

#include <algorithm>
#include <string>

namespace ledger::shares {
namespace {

// The share in force in `period` from a table ascending by month.
std::optional<int64_t> InForce(const RateTable& table, const std::string& period) {
  std::optional<int64_t> share;
  for (const auto& [from, bp] : table.rates)
    if (from <= period) share = bp;
  return share;
}

}  // namespace

Status Set(const LotteryShareSet& b, State& state) {
  const std::string key = keys::Share(NameOf(b.from_level), b.region.value_or(""));
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<RateTable>(key));
  RateTable table = found.value_or(RateTable{});
  auto at = std::lower_bound(table.rates.begin(), table.rates.end(), b.effective_from.text,
                             [](const auto& entry, const std::string& p) { return entry.first < p; });
  if (at != table.rates.end() && at->first == b.effective_from.text) at->second = b.share_bp;
  else table.rates.emplace(at, b.effective_from.text, b.share_bp);
  state.Put(key, table);
  return Status::Ok();
}

Result<std::map<int, int64_t>> ByYear(const State& state, const Org& org, const std::vector<int>& years) {
  std::map<int, int64_t> out;
  if (org.level != "province" && org.level != "city") return out;
  LEDGER_ASSIGN_OR_RETURN(auto own, state.Find<RateTable>(keys::Share(org.level, org.region)));
  LEDGER_ASSIGN_OR_RETURN(auto every, state.Find<RateTable>(keys::Share(org.level, "")));
  for (int year : years) {
    const std::string december = std::to_string(year) + "-12";
    std::optional<int64_t> share = own ? InForce(*own, december) : std::nullopt;
    if (!share && every) share = InForce(*every, december);
    if (share) out[year] = *share;
  }
  return out;
}

Result<ShareOfYear> OfYears(const State& state, const Org& org, const std::map<int, YearTotals>& totals) {
  std::vector<int> years;
  for (const auto& entry : totals) years.push_back(entry.first);
  using ByYearMap = std::map<int, int64_t>;
  LEDGER_ASSIGN_OR_RETURN(ByYearMap by_year, ByYear(state, org, years));
  return ShareOfYear([by_year = std::move(by_year)](int year) -> std::optional<int64_t> {
    auto it = by_year.find(year);
    if (it == by_year.end()) return std::nullopt;
    return it->second;
  });
}

}  // namespace ledger::shares
