// The accounting read API (DESIGN §5): a fund and its lots, where a
// donation went (with its inclusion proof), which sources paid for a
// disbursement, and the portal's aggregates. Every answer is what is
// durably stored.
#pragma once

#include "ledger/ledger.hpp"
#include "query.hpp"
#include "router.hpp"
#include "routes/log_routes.hpp"

namespace ledger::api {

// Lots per page of GET /v1/funds/{id}, and honour-list entries per page of
// GET /v1/stats: this by default, and at most 1000.
inline constexpr std::size_t kDefaultLotsLimit = 100;
// Months per page of GET /v1/funds/{id}/flows: ten years by default, and
// at most kMaxPageLimit.
inline constexpr std::size_t kDefaultFlowMonths = 120;

// A receipt number in a path: 1..64 of [A-Za-z0-9._-], as the schema
// allows them; else 400 naming "receipt".
Status CheckReceipt(const std::string& receipt);
// Parameter `name` as a page size: `fallback` when absent, else 1..`max`.
Result<std::size_t> PageLimit(const QueryParams& query, const char* name, std::size_t fallback,
                              std::size_t max = kMaxPageLimit);

// Adds the routes to `router`. `ledger` must outlive the router.
void AddFundRoutes(Router& router, const Ledger& ledger);

}  // namespace ledger::api
