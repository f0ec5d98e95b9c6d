// Witness cosignatures of checkpoints (docs/api.md "Witness cosignatures"):
//   POST /v1/cosignatures        a checkpoint note carrying witness lines
//                                (text/plain) in; 201 {"size","witnesses"}
//   GET  /v1/cosignatures?size=N the kept checkpoint with every kept
//                                cosignature appended, and each line
// The rules (who is a witness, forks, timestamps) live in the Ledger.
#pragma once

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

// Adds the routes to `router`. `ledger` must outlive the router.
void AddWitnessRoutes(Router& router, Ledger& ledger);

}  // namespace ledger::api
