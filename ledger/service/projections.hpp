// The accounting read models in RocksDB (internal to the ledger service):
// written in the same WriteSet as the events that change them, read by the
// query endpoints. They hold nothing the log does not: a replay rebuilds
// them exactly.
//
// Column index, keys and values (values are canonical JSON):
//   fund/<id>                     {"id","owner","kind","purpose","restricted","name",
//                                  "budget_fen"?,"opened_seq","balance_fen","inflow_fen",
//                                  "outflow_fen","lot_count","first_lot_order"}
//   lot/<id>/ ‖ order (8 bytes BE) {"source_seq","amount_fen","restriction","arrival_seq"}
//   fundmonth/<id>/<YYYY-MM>      {"inflow_fen","outflow_fen"}: the fund's gross flows
//                                  filed under that month (Accounts::FlowMonth)
//   source/ ‖ seq (8 bytes BE)     {"seq","type","receipt","fund","amount_fen","reversed",
//                                  "held":[{"fund","amount_fen"}],"hops":[…],"spent":[…],
//                                  "expensed":[…]}
//   outflow/ ‖ seq (8 bytes BE)    {"seq","type","fund","amount_fen","purpose"|"category",
//                                  "reversed","sources":[{"source_seq","type","receipt","amount_fen"}]}
//   receipt/<receipt>             seq (8 bytes BE) of the live donation or contribution
//   orgfund/<org>/<fund id>       "" (the funds an org owns)
//   orgflow/<org>/ ‖ (2^64−1−seq) (8 bytes BE)  {"seq","type","by"}: money events the org
//                                  posted or received (a transfer into its fund), newest first
//   stats/<bucket path>           {"amount_fen","count","welfare_fen"} (include/ledger/stats.hpp)
//   honour/ ‖ seq (8 bytes BE)     {"seq","display_name","amount_fen","org","date"}
//   orgyear/<org>/<YYYY>          {"income_fen","charitable_fen","management_fen",
//                                  "fundraising_fen","welfare_fen","remitted_fen"}: what
//                                  the regulatory ratios count (include/ledger/ratios.hpp)
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "ledger/accounts.hpp"
#include "ledger/orgs.hpp"
#include "ledger/ratios.hpp"
#include "ledger/stats.hpp"
#include "ledger/store.hpp"

namespace ledger {

// Where projections go: a WriteSet (the ledger) or a map (a rebuild that
// compares). A null value deletes the key.
using ProjectionSink = std::function<void(Column column, const std::string& key, const std::string* value)>;
ProjectionSink SinkInto(WriteSet& writes);

// The read models of everything `change` names, as `accounts` holds them now.
void WriteProjections(const Accounts& accounts, const AccountsChange& change,
                      const ProjectionSink& sink);

// Every fund's flows by month, as `accounts` holds them now (a ledger
// kept before they were projected gets them all at once).
void WriteAllFundMonths(const Accounts& accounts, const ProjectionSink& sink);

// The regulatory totals of each (org, year) in `touched`, as `ratios` holds
// them now (a year with nothing counted is deleted); WriteAllOrgYears
// writes every one (a ledger kept before they were projected).
void WriteOrgYears(const RatioTracker& ratios, const RatioTracker::Touched& touched,
                   const ProjectionSink& sink);
void WriteAllOrgYears(const RatioTracker& ratios, const ProjectionSink& sink);
// GET /v1/orgs/{id}/ratios for `org`: its totals by year, the checks that
// apply to it, and the warnings for complete years (before `current_year`,
// the year of the log's last event in UTC+8).
Result<Json> ReadOrgRatios(const Store& store, const Org& org, int current_year);

// Adds the changed aggregate buckets and honour-list entries to `writes`.
void WriteStatsProjections(const Stats& stats, const StatsChange& change, const ProjectionSink& sink);

// GET /v1/stats: every aggregate, and a page of the honour list (oldest
// first, from seq `honour_from`, at most `honour_limit`, "honour_next").
Result<Json> ReadStats(const Store& store, uint64_t honour_from, std::size_t honour_limit);

// The fund with a page of its lots (oldest first, from the lot whose order
// is at least `from`, at most `limit`) and "lots_next" (the order of the
// next page, or null). kNotFound when there is no such fund.
Result<Json> ReadFund(const Store& store, std::string_view id, uint64_t from, std::size_t limit);
// The trace of a source (a donation, sales report, contribution, income).
Result<Json> ReadSource(const Store& store, uint64_t seq);
// The seq of the live donation or contribution with `receipt`.
Result<uint64_t> ReadReceipt(const Store& store, std::string_view receipt);
// A page of the fund's flows by month, ascending from month `from` ("" for
// the first), at most `limit`: {"fund","months":[{"month","inflow_fen",
// "outflow_fen"}],"next"} with "next" the month of the next page, or null.
// kNotFound when there is no such fund.
Result<Json> ReadFundFlows(const Store& store, std::string_view id, std::string_view from,
                           std::size_t limit);
// A disbursement or expense and the sources that paid for it.
Result<Json> ReadOutflow(const Store& store, uint64_t seq);
// [{"id","balance_fen"}] of the funds `org` owns, ids ascending.
Result<Json> ReadOrgFunds(const Store& store, std::string_view org);

// Indexes money event `seq` of `type`, posted by `by`, under `org`.
void WriteOrgFlowEntry(const std::string& org, uint64_t seq, std::string_view type,
                       const std::string& by, const ProjectionSink& sink);
// The `limit` newest entries of `org`'s flows: [{"seq","type","by"}].
Result<Json> ReadOrgFlows(const Store& store, std::string_view org, std::size_t limit);

}  // namespace ledger
