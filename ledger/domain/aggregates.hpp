// The portal's aggregates and the regulatory totals, kept as events are
// applied (internal to the domain; stats.hpp and ratios.hpp say what they
// count).
#pragma once

#include "ledger/domain/state.hpp"

namespace ledger {

// An applied event as the aggregates see it.
struct StatsEvent {
  Seq seq;
  const OrgId& poster;
  // The purpose of the fund the money entered (sources).
  Purpose fund_purpose = Purpose::kGeneral;
};

// Adds (sign +1) or takes back (sign -1, for its reversal) what `body`
// counts in the portal's aggregates. Events that are not counted (funds,
// orgs, transfers, rates) change nothing.
Status ApplyStats(const EventBody& body, const StatsEvent& event, int sign, State& state);

// Counts a project approved with `amount` from a lottery welfare fund in
// the portal's "lottery_projects/purpose/<purpose>" and
// "lottery_projects/region/<region>" (count and approved fen).
Status CountLotteryProject(const ProjectApplied& terms, Fen amount, State& state);

// Adds or takes back what `body` counts in the regulatory totals of its
// funds' owners in `year` (the year of its business month); with
// `lottery_totals` (events from the second wave on) also the lottery
// totals of YearTotals.
Status ApplyRatioCounts(const EventBody& body, int year, int sign, bool lottery_totals, State& state);

}  // namespace ledger
