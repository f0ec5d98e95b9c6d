// GET /v1/orgs/{id}/export: an org's donations, flows, disbursements or
// grants over a range of days, as CSV, a workbook (XLSX) or, for grants,
// 360Giving-style JSON (docs/api.md, docs/open-data.md).
#pragma once

#include <cstddef>

#include "ledger/ledger.hpp"
#include "router.hpp"

namespace ledger::api {

struct ExportLimits {
  // A response's size, CSV and JSON bytes, or a workbook's cell text
  // before compression: past it, 422 naming "to" (narrow the range).
  std::size_t max_bytes = 64u << 20;
  // Exports answered at once; one more is 503 with Retry-After, so that
  // memory stays within max_bytes × this whatever the load. An export runs
  // on the io thread that received it (seconds for the largest: docs/api.md),
  // and ledgerd runs at least two, so one export leaves the others free.
  std::size_t max_concurrent = 1;
};

// Adds the route to `router`. `ledger` must outlive the router. Every
// answer, the file or a problem, carries `Cache-Control: private, no-store`:
// each is made for its request.
void AddExportRoutes(Router& router, const Ledger& ledger, ExportLimits limits = {});

}  // namespace ledger::api
