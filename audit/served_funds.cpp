#include "served_funds.hpp"

namespace ledger::audit {
namespace {

constexpr std::size_t kLotsPage = 1000;
constexpr std::size_t kMonthsPage = 1000;

Result<std::optional<uint64_t>> ServedSize(Source& source) {
  auto health = source.ServedJson("/healthz");
  if (!health.ok()) return health.error();
  if (!*health) return std::optional<uint64_t>();
  const Json& size = (**health)["tree_size"];
  if (!size.is_number_unsigned()) return Error::Corruption("GET /healthz: tree_size is not a number");
  return std::optional<uint64_t>(size.get<uint64_t>());
}

std::string Differs(const std::string& fund, const std::string& what, const Json& served, const Json& replayed) {
  return "GET /v1/funds/" + fund + " serves " + what + " " + served.dump() + ", the replay gives " +
         replayed.dump();
}

// The first difference between the served fund `id` and the replay's, or "".
Result<std::string> CompareFund(Source& source, const Fund& fund, uint64_t& lots_compared) {
  const Json header = {{"owner", fund.owner},         {"kind", fund.kind},
                       {"purpose", fund.purpose},     {"restricted", fund.restricted},
                       {"name", fund.name},           {"balance_fen", fund.balance_fen},
                       {"inflow_fen", fund.inflow_fen}, {"outflow_fen", fund.outflow_fen}};
  std::size_t next_lot = 0;
  Json from = 0;
  for (bool first = true; !from.is_null(); first = false) {
    const std::string path = "/v1/funds/" + fund.id + "?lots_from=" + from.dump() +
                             "&lots_limit=" + std::to_string(kLotsPage);
    auto page = source.ServedJson(path);
    if (!page.ok()) return page.error();
    const Json& served = **page;
    if (first)
      for (const auto& [name, value] : header.items())
        if (served.value(name, Json()) != value) return Differs(fund.id, name, served.value(name, Json()), value);
    if (!served.contains("lots") || !served["lots"].is_array()) return "GET " + path + " serves no lots array";
    for (const Json& lot : served["lots"]) {
      if (next_lot >= fund.lots.size()) return Differs(fund.id, "an extra lot", lot, nullptr);
      const Lot& want = fund.lots[next_lot++];
      const Json replayed = {{"source_seq", want.source_seq}, {"amount_fen", want.amount_fen},
                             {"restriction", want.restriction.ToJson()}};
      for (const auto& [name, value] : replayed.items())
        if (lot.value(name, Json()) != value)
          return Differs(fund.id, "lot " + std::to_string(next_lot - 1) + " " + name, lot.value(name, Json()), value);
      ++lots_compared;
    }
    from = served.value("lots_next", Json());
    if (!from.is_null() && !from.is_number_unsigned()) return "GET " + path + " serves a malformed lots_next";
  }
  if (next_lot != fund.lots.size())
    return Differs(fund.id, "lot count", next_lot, fund.lots.size());
  return std::string();
}

// The first difference between the served months of fund `id` and the
// replay's, or "".
Result<std::string> CompareMonths(Source& source, const Fund& fund) {
  auto want = fund.months.begin();
  Json from = "";
  while (!from.is_null()) {
    std::string path = "/v1/funds/" + fund.id + "/flows?limit=" + std::to_string(kMonthsPage);
    if (!from.get_ref<const std::string&>().empty()) path += "&from=" + from.get<std::string>();
    auto page = source.ServedJson(path);
    if (!page.ok()) return page.error();
    const Json& served = **page;
    if (!served.contains("months") || !served["months"].is_array()) return "GET " + path + " serves no months array";
    for (const Json& month : served["months"]) {
      if (want == fund.months.end()) return Differs(fund.id, "an extra month", month, nullptr);
      const Json replayed = {{"month", want->first}, {"inflow_fen", want->second.inflow_fen},
                             {"outflow_fen", want->second.outflow_fen}};
      if (month != replayed) return Differs(fund.id, "the month", month, replayed);
      ++want;
    }
    from = served.value("next", Json());
    if (!from.is_null() && !from.is_string()) return "GET " + path + " serves a malformed next";
  }
  if (want != fund.months.end())
    return Differs(fund.id, "no month " + want->first + ", where", nullptr,
                   Json{{"inflow_fen", want->second.inflow_fen}, {"outflow_fen", want->second.outflow_fen}});
  return std::string();
}

// The first difference between the years GET /v1/orgs/{id}/ratios serves
// and the replay's totals for `org`, or "".
Result<std::string> CompareOrgYears(Source& source, const std::string& org, const RatioTracker& ratios) {
  const std::string path = "/v1/orgs/" + org + "/ratios";
  auto page = source.ServedJson(path);
  if (!page.ok()) return page.error();
  const Json& served = **page;
  if (!served.contains("years") || !served["years"].is_array()) return "GET " + path + " serves no years array";
  Json replayed = Json::array();
  if (auto years = ratios.years().find(org); years != ratios.years().end())
    for (const auto& [year, totals] : years->second) {
      Json y = RatioTracker::TotalsJson(totals);
      y["year"] = year;
      replayed.push_back(std::move(y));
    }
  Json counted = Json::array();
  for (Json year : served["years"]) {
    if (year.is_object()) year.erase("complete");
    counted.push_back(std::move(year));
  }
  if (counted == replayed) return std::string();
  return "GET " + path + " serves the years " + counted.dump() + ", the replay gives " + replayed.dump();
}

}  // namespace

ServedFundsCheck CompareServedFunds(Source& source, const Accounts& replayed, const RatioTracker& ratios,
                                    const OrgRegistry& registry, uint64_t audited_size) {
  ServedFundsCheck out;
  auto fail_source = [&out](const Error& e) {
    out.failure = Failure{.check = "source", .reason = e.ToString()};
    return out;
  };
  auto before = ServedSize(source);
  if (!before.ok()) return fail_source(before.error());
  if (!*before) return out;
  const std::string moved_note = "the ledger grew during the audit (audited " + std::to_string(audited_size) +
                                 " events): the served fund states were not compared with the replay";
  if (**before != audited_size) {
    out.notes.push_back(moved_note);
    return out;
  }
  std::optional<std::string> difference;
  for (const auto& [id, fund] : replayed.funds()) {
    auto differs = CompareFund(source, fund, out.lots);
    if (differs.ok() && differs->empty()) differs = CompareMonths(source, fund);
    if (!differs.ok()) return fail_source(differs.error());
    ++out.funds;
    if (!differs->empty()) {
      difference = *differs;
      break;
    }
  }
  for (auto it = registry.orgs().begin(); !difference && it != registry.orgs().end(); ++it) {
    auto differs = CompareOrgYears(source, it->first, ratios);
    if (!differs.ok()) return fail_source(differs.error());
    ++out.orgs;
    if (!differs->empty()) difference = *differs;
  }
  auto after = ServedSize(source);
  if (!after.ok()) return fail_source(after.error());
  if (!*after || **after != audited_size) {
    out.notes.push_back(moved_note);
    return out;
  }
  if (difference) out.failure = Failure{.check = "projections", .reason = *difference};
  return out;
}

}  // namespace ledger::audit
