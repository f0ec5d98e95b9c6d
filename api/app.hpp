// Every route of ledgerd on one Router: what main serves and what the
// tests drive. `log` and `metrics` must outlive the router.
#pragma once

#include "ledger/log.hpp"
#include "metrics.hpp"
#include "router.hpp"

namespace ledger::api {

Router MakeApiRouter(const Log& log, const Metrics& metrics);

}  // namespace ledger::api
