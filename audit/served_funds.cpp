#include "served_funds.hpp"

#include "ledger/read_models.hpp"

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

// The first difference between the served fund `id` and the replay's, or
// "": page by page, each page of the replay read from where the server's
// page starts.
Result<std::string> CompareFund(Source& source, const Store& replayed, const std::string& id, uint64_t& lots_compared) {
  static constexpr const char* kHeader[] = {"owner", "kind", "purpose", "restricted", "name",
                                            "balance_fen", "inflow_fen", "outflow_fen"};
  Json from = 0;
  for (bool first = true; !from.is_null(); first = false) {
    const std::string path = "/v1/funds/" + id + "?lots_from=" + from.dump() + "&lots_limit=" + std::to_string(kLotsPage);
    auto page = source.ServedJson(path);
    if (!page.ok()) return page.error();
    const Json& served = **page;
    LEDGER_ASSIGN_OR_RETURN(Json want, ReadFund(replayed, id, from.get<uint64_t>(), kLotsPage));
    if (first)
      for (const char* name : kHeader)
        if (served.value(name, Json()) != want[name]) return Differs(id, name, served.value(name, Json()), want[name]);
    if (!served.contains("lots") || !served["lots"].is_array()) return "GET " + path + " serves no lots array";
    const Json& lots = served["lots"];
    for (std::size_t i = 0; i < std::max(lots.size(), want["lots"].size()); ++i) {
      if (i >= lots.size()) return Differs(id, "no lot where", nullptr, want["lots"][i]);
      if (i >= want["lots"].size()) return Differs(id, "an extra lot", lots[i], nullptr);
      for (const char* name : {"source_seq", "amount_fen", "restriction"})
        if (lots[i].value(name, Json()) != want["lots"][i][name])
          return Differs(id, "lot " + std::to_string(i) + " " + name, lots[i].value(name, Json()), want["lots"][i][name]);
      ++lots_compared;
    }
    from = served.value("lots_next", Json());
    if (!from.is_null() && !from.is_number_unsigned()) return "GET " + path + " serves a malformed lots_next";
    if (from != want["lots_next"]) return Differs(id, "lots_next", from, want["lots_next"]);
  }
  return std::string();
}

// The first difference between the served months of fund `id` and the
// replay's, or "".
Result<std::string> CompareMonths(Source& source, const Store& replayed, const std::string& id) {
  Json from = "";
  while (!from.is_null()) {
    std::string path = "/v1/funds/" + id + "/flows?limit=" + std::to_string(kMonthsPage);
    if (!from.get_ref<const std::string&>().empty()) path += "&from=" + from.get<std::string>();
    auto page = source.ServedJson(path);
    if (!page.ok()) return page.error();
    const Json& served = **page;
    LEDGER_ASSIGN_OR_RETURN(Json want, ReadFundFlows(replayed, id, from.get<std::string>(), kMonthsPage));
    if (!served.contains("months") || !served["months"].is_array()) return "GET " + path + " serves no months array";
    if (served["months"] != want["months"]) return Differs(id, "the months", served["months"], want["months"]);
    from = served.value("next", Json());
    if (!from.is_null() && !from.is_string()) return "GET " + path + " serves a malformed next";
    if (from != want["next"]) return Differs(id, "next", from, want["next"]);
  }
  return std::string();
}

// The first difference between the years GET /v1/orgs/{id}/ratios serves
// and the replay's totals for `org`, or "".
Result<std::string> CompareOrgYears(Source& source, const Store& replayed, const std::string& id, int current_year) {
  const std::string path = "/v1/orgs/" + id + "/ratios";
  auto page = source.ServedJson(path);
  if (!page.ok()) return page.error();
  const Json& served = **page;
  if (!served.contains("years") || !served["years"].is_array()) return "GET " + path + " serves no years array";
  LEDGER_ASSIGN_OR_RETURN(auto org, ReadOrg(replayed, id));
  if (!org) return "the replay holds no org " + id;
  LEDGER_ASSIGN_OR_RETURN(Json want, ReadOrgRatios(replayed, *org, current_year));
  auto counted = [](const Json& years) {
    Json out = Json::array();
    for (Json year : years) {
      if (year.is_object()) year.erase("complete");
      out.push_back(std::move(year));
    }
    return out;
  };
  if (counted(served["years"]) == counted(want["years"])) return std::string();
  return "GET " + path + " serves the years " + counted(served["years"]).dump() + ", the replay gives " +
         counted(want["years"]).dump();
}

}  // namespace

ServedFundsCheck CompareServedFunds(Source& source, const Store& replayed, uint64_t audited_size, int current_year) {
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
  auto funds = ListFunds(replayed);
  auto orgs = ListOrgs(replayed);
  if (!funds.ok()) return fail_source(funds.error());
  if (!orgs.ok()) return fail_source(orgs.error());
  for (const std::string& id : *funds) {
    auto differs = CompareFund(source, replayed, id, out.lots);
    if (differs.ok() && differs->empty()) differs = CompareMonths(source, replayed, id);
    if (!differs.ok()) return fail_source(differs.error());
    ++out.funds;
    if (!differs->empty()) {
      difference = *differs;
      break;
    }
  }
  for (auto it = orgs->begin(); !difference && it != orgs->end(); ++it) {
    auto differs = CompareOrgYears(source, replayed, *it, current_year);
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
