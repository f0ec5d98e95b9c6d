#include "app.hpp"

#include "routes/log_routes.hpp"
#include "routes/ops_routes.hpp"

namespace ledger::api {

Router MakeApiRouter(const Log& log, const Metrics& metrics) {
  Router router;
  AddOpsRoutes(router, log, metrics);
  AddLogRoutes(router, log);
  return router;
}

}  // namespace ledger::api
