#include "routes/org_routes.hpp"

#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"

namespace ledger::api {
namespace {

using OrgRead = Result<Json> (Ledger::*)(std::string_view) const;

// GET of something about one org: no query parameters, a valid id, and
// 404 naming "id" for an org the registry does not hold.
RouteHandler OrgGet(const Ledger& ledger, OrgRead read) {
  return [&ledger, read](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    const std::string& id = call.path.Get("id");
    LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
    auto json = (ledger.*read)(id);
    if (!json.ok()) return NotFoundAt(json.error(), "id");
    return JsonResponse(200, *json);
  };
}

}  // namespace

void AddOrgRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/orgs/{id}", OrgGet(ledger, &Ledger::OrgJson));
  router.Add("GET", "/v1/orgs/{id}/ratios", OrgGet(ledger, &Ledger::OrgRatiosJson));
  router.Add("GET", "/v1/orgs/{id}/campaigns", OrgGet(ledger, &Ledger::OrgCampaignsJson));
  router.Add("GET", "/v1/orgs/{id}/obligations", OrgGet(ledger, &Ledger::OrgObligationsJson));
}

}  // namespace ledger::api
