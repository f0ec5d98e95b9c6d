// Live audits (--url) compare what the server serves for every fund —
// balance, flows and the lots in FIFO order, GET /v1/funds/{id}, and its
// flows by month, GET /v1/funds/{id}/flows — and for every org its
// regulatory totals by year (GET /v1/orgs/{id}/ratios) with what the same
// read models give for the auditor's own replay: the server's read models
// are its stored state, so one edited behind the ledger's back is caught
// live too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/store.hpp"
#include "report.hpp"
#include "source.hpp"

namespace ledger::audit {

struct ServedFundsCheck {
  std::optional<Failure> failure;  // check "projections", or "source"
  std::vector<std::string> notes;  // why nothing was compared, when so
  uint64_t funds = 0;              // funds compared
  uint64_t lots = 0;               // lots compared
  uint64_t orgs = 0;               // orgs whose years were compared
};

// Does nothing for a source that serves nothing. Compares only while the
// server's tree size is `audited_size` before and after: a ledger that
// grew meanwhile serves newer states, and then the report says so instead.
// `replayed` is the replay's state; `current_year` the year of its last event.
ServedFundsCheck CompareServedFunds(Source& source, const Store& replayed, uint64_t audited_size, int current_year);

}  // namespace ledger::audit
