// The read models: what the API serves from the state a store holds (the
// ledger's, or an audit's replay, so that the two can be compared), built
// as JSON from the state's records. Thread-safe: each call reads the store
// on its own. docs/api.md gives every shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/obligations.hpp"
#include "ledger/orgs.hpp"
#include "ledger/store.hpp"

namespace ledger {

// Money events shown with an org, newest first.
inline constexpr std::size_t kRecentFlows = 20;

// The org, or nullopt.
Result<std::optional<Org>> ReadOrg(const Store& store, std::string_view id);
// GET /v1/orgs/{id}: OrgToJson, "funds":[{"id","balance_fen"}] of the funds
// it owns (ids ascending) and "recent":[{"seq","type","by"}], its
// kRecentFlows newest money events. kNotFound if unknown.
Result<Json> ReadOrgJson(const Store& store, std::string_view id);
// GET /v1/orgs/{id}/ratios: its totals by year, the checks that apply to it
// and the warnings for complete years (before `current_year`).
Result<Json> ReadOrgRatios(const Store& store, const Org& org, int current_year);

// GET /v1/funds/{id}: the fund with a page of its lots (oldest first, from
// the lot whose order is at least `from`, at most `limit`) and "lots_next"
// (the order of the next page, or null). kNotFound when there is no such fund.
Result<Json> ReadFund(const Store& store, std::string_view id, uint64_t from, std::size_t limit);
// GET /v1/funds/{id}/flows: months ascending from `from` ("" for the
// first), at most `limit`, and "next". kNotFound when there is no such fund.
Result<Json> ReadFundFlows(const Store& store, std::string_view id, std::string_view from, std::size_t limit);
// The trace of a source (a donation, sales report, contribution, income),
// without its proof. kNotFound when `seq` is not a source.
Result<Json> ReadSourceTrace(const Store& store, uint64_t seq);
// The donation or contribution with `receipt`: its seq (the live one, or
// under the first rules the reversed one until the number was taken
// again) and the receipt of the gift that replaced it, if any.
struct ReceiptRef {
  uint64_t seq = 0;
  std::optional<std::string> replaced_by;
};
Result<ReceiptRef> ReadReceipt(const Store& store, std::string_view receipt);
// GET /v1/disbursements/{seq}/sources.
Result<Json> ReadOutflow(const Store& store, uint64_t seq);
// GET /v1/stats: every aggregate, and a page of the honour list (oldest
// first, from seq `honour_from`, at most `honour_limit`, "honour_next").
Result<Json> ReadStats(const Store& store, uint64_t honour_from, std::size_t honour_limit);

// ---- the public side of fundraising (read_public.cpp) ----

// Lists are cut at these lengths (an org's campaigns, funds looked at for
// trust reports, disclosures listed with its obligations).
inline constexpr std::size_t kMaxListedCampaigns = 1000;
inline constexpr std::size_t kMaxListedFunds = 1000;
inline constexpr std::size_t kMaxListedDisclosures = 1000;
inline constexpr std::size_t kMaxCampaignDays = 400;

// GET /v1/campaigns/{id} as of `today` (its status, its disclosures' status),
// with its days from `days_from` ("" for the first), at most `days_limit`,
// and "by_day_next". kNotFound if unknown.
Result<Json> ReadCampaign(const Store& store, std::string_view id, const Date& today, std::string_view days_from,
                          std::size_t days_limit);
// GET /v1/orgs/{id}/campaigns: {"org","campaigns":[headers]}, ids ascending.
Result<Json> ReadOrgCampaigns(const Store& store, std::string_view org, const Date& today);
// GET /v1/orgs: the directory, orgs by id ascending from `from` ("" for the
// first), at most `limit`, each {"id","name","kind","roles","funds":[{"id",
// "name","balance_fen"}],"campaigns":[campaign headers]}, and "next" (the
// id of the next page's first org, or null).
Result<Json> ReadOrgDirectory(const Store& store, std::string_view from, std::size_t limit, const Date& today);
// GET /v1/receipts/{receipt}. kNotFound if no gift took it.
Result<Json> ReadReceiptJson(const Store& store, std::string_view receipt);
// The receipt number a fiscal (or red) e-receipt number was used for.
Result<std::string> ReadReceiptOfFiscal(const Store& store, std::string_view code, std::string_view number);

// Every obligation of `org` as of `today` (obligations.hpp), campaigns
// first, then annual reports, then trust reports.
Result<std::vector<Obligation>> OrgObligations(const Store& store, const Org& org, const Date& today);
Result<ObligationStatus> ObligationStatusOf(const Store& store, const Org& org, const Obligation& o,
                                            const Date& today);
// GET /v1/orgs/{id}/obligations.
Result<Json> ReadObligations(const Store& store, const Org& org, const Date& today);

// ---- programmes (read_projects.cpp) ----

inline constexpr std::size_t kDefaultListedProjects = 100;
inline constexpr std::size_t kMaxListedProjects = 500;
inline constexpr std::size_t kMaxListedTimeline = 1000;

// GET /v1/projects/{id}: the project's header and tranches; its first
// kMaxListedTimeline milestones and evaluations, and its timeline from seq
// `timeline_from`, each list with a "…_next" seq (or null). kNotFound if no
// project has the id.
Result<Json> ReadProject(const Store& store, std::string_view id, uint64_t timeline_from);
// GET /v1/projects?org=|programme=|region=: headers, ids ascending from
// `from` ("" for the first), at most `limit`, and "next" (or null). An
// org's list holds the projects it applied for and those it decided on.
enum class ProjectList : uint8_t { kByOrg, kByProgramme, kByRegion };
Result<Json> ReadProjects(const Store& store, ProjectList list, std::string_view value, std::string_view from,
                          std::size_t limit);

// GET /v1/regions/{code}: the orgs located in the region (a province's
// code takes its cities' and districts' orgs too, a city's its districts'),
// by region code, then id, at most kMaxRegionOrgs ("truncated" if more), each with
// its funds' balance, inflow, outflow and committed money, and those
// summed in all and by level.
inline constexpr std::size_t kMaxRegionOrgs = 1000;
Result<Json> ReadRegion(const Store& store, std::string_view code);

// Every fund id, and every org id, ascending (an audit walks them).
Result<std::vector<std::string>> ListFunds(const Store& store);
Result<std::vector<std::string>> ListOrgs(const Store& store);

}  // namespace ledger
