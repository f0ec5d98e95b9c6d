#include "routes/ops_routes.hpp"

#include "responses.hpp"

namespace ledger::api {

void AddOpsRoutes(Router& router, const Log& log, const Metrics& metrics) {
  router.Add("GET", "/healthz", [&log](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    return JsonResponse(200, Json{{"status", "ok"}, {"tree_size", log.size()}});
  });
  router.Add("GET", "/metrics", [&log, &metrics](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    Response response = TextResponse(200, metrics.Render(log.size()));
    response.content_type = kPrometheusType;
    return response;
  });
}

}  // namespace ledger::api
