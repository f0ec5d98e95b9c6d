// Operations: GET /healthz (liveness, with the tree size) and GET /metrics
// (Prometheus text).
#pragma once

#include "ledger/log.hpp"
#include "metrics.hpp"
#include "router.hpp"

namespace ledger::api {

inline constexpr std::string_view kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

// Adds the routes to `router`; `log` and `metrics` must outlive it.
void AddOpsRoutes(Router& router, const Log& log, const Metrics& metrics);

}  // namespace ledger::api
