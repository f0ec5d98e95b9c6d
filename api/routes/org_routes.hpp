// GET /v1/orgs/{id}: an organisation as the registry holds it — kind,
// roles, every key with the seq it is valid from, suspension — and what
// is read about one org: its ratios, its campaigns, its disclosure
// obligations.
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Adds the routes to `router`. `ledger` must outlive the router.
void AddOrgRoutes(Router& router, const Ledger& ledger);

}  // namespace ledger::api
