// The accounting read API (DESIGN §5): a fund and its lots, where a
// donation went (with its inclusion proof), which sources paid for a
// disbursement, and the portal's aggregates. Every answer is what is
// durably stored.
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Lots per page of GET /v1/funds/{id}, and honour-list entries per page of
// GET /v1/stats: this by default, and at most 1000.
inline constexpr std::size_t kDefaultLotsLimit = 100;
// Months per page of GET /v1/funds/{id}/flows: ten years by default, and
// at most kMaxPageLimit.
inline constexpr std::size_t kDefaultFlowMonths = 120;

// Adds the routes to `router`. `ledger` must outlive the router.
void AddFundRoutes(Router& router, const Ledger& ledger);

}  // namespace ledger::api
