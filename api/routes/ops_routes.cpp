#include "routes/ops_routes.hpp"

#include "responses.hpp"

namespace ledger::api {

namespace {

WriterLoad LoadOf(const Ledger& ledger) {
  const LedgerMemory memory = ledger.Memory();
  const LedgerRefusals refusals = ledger.Refusals();
  return {.queued = memory.queued_submissions,
          .queue_limit = memory.queue_limit,
          .queue_full = refusals.queue_full,
          .org_rate_limited = refusals.org_rate_limited};
}

}  // namespace

void AddOpsRoutes(Router& router, const Ledger& ledger, const Metrics& metrics) {
  const Log& log = ledger.log();
  router.Add("GET", "/healthz", [&log](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    return JsonResponse(200, Json{{"status", "ok"}, {"tree_size", log.size()}});
  });
  router.Add("GET", "/metrics", [&ledger, &metrics](const RouteCall& call) -> Result<Response> {
    LEDGER_RETURN_IF_ERROR(call.query.Check({}));
    Response response = TextResponse(200, metrics.Render(ledger.log().size(), LoadOf(ledger)));
    response.content_type = kPrometheusType;
    return response;
  });
}

}  // namespace ledger::api
