#include "routes/project_routes.hpp"

#include <algorithm>

#include "ledger/read_models.hpp"
#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"
#include "routes/fund_routes.hpp"

namespace ledger::api {
namespace {

Result<Response> GetProject(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"timeline_from"}));
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  auto from = call.query.Uint("timeline_from");
  if (!from) return from.error();
  auto json = ledger.ProjectJson(id, from->value_or(0));
  if (!json) return NotFoundAt(json.error(), "id");
  return JsonResponse(200, *json);
}

Status CheckRegionCode(std::string_view region) {
  const bool digits = std::all_of(region.begin(), region.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (region.size() != 6 || !digits || region.substr(0, 2) == "00")
    return Error::Invalid("region", "must be a six-digit GB/T 2260 region code such as 440300");
  return Status::Ok();
}

// Which list a query asks for: exactly one of org, programme, region.
Result<std::pair<ProjectList, std::string>> ListOf(const QueryParams& query) {
  std::optional<std::pair<ProjectList, std::string>> chosen;
  for (auto [name, list] : {std::pair{"org", ProjectList::kByOrg}, std::pair{"programme", ProjectList::kByProgramme},
                            std::pair{"region", ProjectList::kByRegion}}) {
    auto value = query.Text(name);
    if (!value) return value.error();
    if (!*value) continue;
    if (chosen) return Error::Invalid(name, "name one of org, programme and region");
    if (list == ProjectList::kByRegion) LEDGER_RETURN_IF_ERROR(CheckRegionCode(**value));
    else LEDGER_RETURN_IF_ERROR(ValidateId(**value, name));
    chosen = std::pair{list, **value};
  }
  if (!chosen) return Error::Invalid("org", "is required, or programme, or region: the list to give");
  return *chosen;
}

Result<Response> GetRegion(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  const std::string& code = call.path.Get("code");
  if (Status bad = CheckRegionCode(code); !bad.ok()) return Error::Invalid("code", bad.error().message);
  auto json = ledger.RegionJson(code);
  if (!json) return json.error();
  return JsonResponse(200, *json);
}

Result<Response> ListProjects(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"org", "programme", "region", "from", "limit"}));
  LEDGER_ASSIGN_OR_RETURN(auto list, ListOf(call.query));
  auto from = call.query.Text("from");
  if (!from) return from.error();
  if (*from) LEDGER_RETURN_IF_ERROR(ValidateId(**from, "from"));
  auto limit = PageLimit(call.query, "limit", kDefaultListedProjects, kMaxListedProjects);
  if (!limit) return limit.error();
  auto json = ledger.ProjectsJson(list.first, list.second, from->value_or(""), *limit);
  if (!json) return json.error();
  return JsonResponse(200, *json);
}

}  // namespace

void AddProjectRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/projects/{id}", [&ledger](const RouteCall& call) { return GetProject(ledger, call); });
  router.Add("GET", "/v1/projects", [&ledger](const RouteCall& call) { return ListProjects(ledger, call); });
  router.Add("GET", "/v1/regions/{code}", [&ledger](const RouteCall& call) { return GetRegion(ledger, call); });
}

}  // namespace ledger::api
