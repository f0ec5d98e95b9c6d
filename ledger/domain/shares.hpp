// The shares of lottery welfare money passed down a level (lottery.share_set,
// DESIGN.md §6b): kept by giving level and region, by month, as the
// welfare rates are; the audit's lottery_share check reads them.
// Internal; no I/O but the state's reads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "ledger/domain/state.hpp"
#include "ledger/ratios.hpp"

namespace ledger::shares {

// Records a share from its month on (a later one for the same month replaces it).
Status Set(const LotteryShareSet& body, State& state);

// The share (basis points) `org` passes down in each of `years`: the one in
// force in December, for its level and region (one set for its region
// first, else one set for every region of its level). Years without one,
// and orgs not located at province or city level, are absent.
Result<std::map<int, int64_t>> ByYear(const State& state, const Org& org, const std::vector<int>& years);

// ByYear for the years of `totals`, as WarningsFor takes it.
Result<ShareOfYear> OfYears(const State& state, const Org& org, const std::map<int, YearTotals>& totals);

}  // namespace ledger::shares
