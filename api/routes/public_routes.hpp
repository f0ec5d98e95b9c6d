// The public side of fundraising (DESIGN.md §6b): campaigns, receipts and
// their fiscal e-receipts, and an org's disclosure obligations. Every
// answer is what is durably stored, as of the ledger's clock (UTC+8).
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Orgs per page of GET /v1/orgs: this by default, and at most the most.
inline constexpr std::size_t kDefaultDirectoryOrgs = 50;
inline constexpr std::size_t kMaxDirectoryOrgs = 200;

// Adds the routes to `router`. `ledger` must outlive the router.
void AddPublicRoutes(Router& router, const Ledger& ledger);

}  // namespace ledger::api
