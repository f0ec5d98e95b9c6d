// Operations: GET /healthz (liveness, with the tree size) and GET /metrics
// (Prometheus text).
#pragma once

#include "ledger/ledger.hpp"
#include "metrics.hpp"
#include "router.hpp"

namespace ledger::api {

inline constexpr std::string_view kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

// Adds the routes to `router`; `ledger` and `metrics` must outlive it.
void AddOpsRoutes(Router& router, const Ledger& ledger, const Metrics& metrics);

}  // namespace ledger::api
