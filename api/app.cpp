#include "app.hpp"

#include "routes/export_routes.hpp"
#include "routes/fund_routes.hpp"
#include "routes/project_routes.hpp"
#include "routes/public_routes.hpp"
#include "routes/log_routes.hpp"
#include "routes/ops_routes.hpp"
#include "routes/org_routes.hpp"
#include "routes/portal_routes.hpp"
#include "routes/stream_routes.hpp"
#include "routes/submit_routes.hpp"
#include "routes/tile_routes.hpp"
#include "routes/witness_routes.hpp"

namespace ledger::api {

Router MakeApiRouter(Ledger& ledger, const Metrics& metrics) {
  Router router;
  AddOpsRoutes(router, ledger, metrics);
  AddLogRoutes(router, ledger.log());
  AddStreamRoutes(router, ledger.log());
  AddTileRoutes(router, ledger.log());
  AddSubmitRoutes(router, ledger);
  AddOrgRoutes(router, ledger);
  AddExportRoutes(router, ledger);
  AddWitnessRoutes(router, ledger);
  AddFundRoutes(router, ledger);
  AddPublicRoutes(router, ledger);
  AddProjectRoutes(router, ledger);
  AddPortalRoutes(router);
  return router;
}

}  // namespace ledger::api
