// The log's read API (DESIGN §5): events, raw bytes, proofs, checkpoints
// and the verifier key. Every handler reads the log's size once and answers
// for that size, so a page or a proof is consistent even while the log grows.
#pragma once

#include <cstddef>

#include "ledger/log.hpp"
#include "router.hpp"

namespace ledger::api {

// Pages (/v1/events, /v1/checkpoints): `limit` defaults to this…
inline constexpr std::size_t kDefaultPageLimit = 100;
// …and may not exceed this; a bigger limit is 400, not silently clamped.
inline constexpr std::size_t kMaxPageLimit = 1000;

// Adds the routes to `router`. `log` must outlive the router.
void AddLogRoutes(Router& router, const Log& log);

}  // namespace ledger::api
