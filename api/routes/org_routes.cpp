#include "routes/org_routes.hpp"

#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"

namespace ledger::api {

void AddOrgRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/orgs/{id}", [&ledger](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    const std::string& id = call.path.Get("id");
    LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
    auto org = ledger.OrgJson(id);
    if (!org.ok()) return NotFoundAt(org.error(), "id");
    return JsonResponse(200, *org);
  });
}

}  // namespace ledger::api
