// POST /v1/events (DESIGN §5): a signed submission or batch in, the seqs it
// took out. The answer waits for the group commit without holding an io
// thread: the ledger calls back once the events are durable.
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Adds the route to `router`. `ledger` must outlive the router.
void AddSubmitRoutes(Router& router, Ledger& ledger);

// The 201 body: {"results":[{"seq","leaf_hash","idem","duplicate"}],"tree_size"}.
Json SubmitOutcomeJson(const SubmitOutcome& outcome);

}  // namespace ledger::api
