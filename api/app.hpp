// Every route of ledgerd on one Router: what main serves and what the
// tests drive. `ledger` and `metrics` must outlive the router.
#pragma once

#include "ledger/ledger.hpp"
#include "metrics.hpp"
#include "router.hpp"

namespace ledger::api {

Router MakeApiRouter(Ledger& ledger, const Metrics& metrics);

}  // namespace ledger::api
