// Programmes and regions (DESIGN.md §6b): a project's page, the lists of
// projects by org, programme and region, and a region's orgs and money by
// level. Every answer is what is durably stored.
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Adds GET /v1/projects/{id}?timeline_from=SEQ, GET /v1/projects?org=|programme=|region=
// (with from and limit) and GET /v1/regions/{code} to `router`. `ledger`
// must outlive the router.
void AddProjectRoutes(Router& router, const Ledger& ledger);

}  // namespace ledger::api
