// The 360Giving-style JSON of an org's grants (GET /v1/orgs/{id}/export?
// what=grants&format=json): {"grants":[…]}, one object per transfer that
// took money from the org's funds to another org's, field names after the
// 360Giving Data Standard as far as the ledger's data allows
// (docs/open-data.md maps them one by one). Amounts are decimal yuan,
// written from integer fen without a floating-point step.
#pragma once

#include <string>

#include "ledger/org_export.hpp"

namespace ledger::api {

struct GrantsSource {
  std::string origin;       // the ledger's origin: grants are "<origin>-<seq>"
  ExportOrg funder;         // the org exported
  // "https://<origin>": the log's URL (the origin is its prefix without
  // the scheme, as for tlog checkpoints); dataSource is <log_url>/v1/events/<seq>.
  // Never taken from a request, so that no client can choose what a
  // published file points at.
  std::string log_url;
};

void AppendGrantsStart(std::string& out);
// A reversed transfer is no grant: skipped. `first` says whether a comma
// is needed, and is cleared once a grant is written.
void AppendGrant(const GrantsSource& source, const ExportRow& row, bool& first, std::string& out);
void AppendGrantsEnd(std::string& out);

}  // namespace ledger::api
