#include "routes/org_routes.hpp"

#include "ledger/schema.hpp"
#include "responses.hpp"

namespace ledger::api {

void AddOrgRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/orgs/{id}", [&ledger](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    const std::string& id = call.path.Get("id");
    LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
    auto org = ledger.OrgJson(id);
    if (!org.ok()) {
      if (org.error().code == Code::kNotFound) return Error{Code::kNotFound, "id", org.error().message};
      return org.error();
    }
    return JsonResponse(200, *org);
  });
}

}  // namespace ledger::api
