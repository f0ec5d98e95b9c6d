// What an audit found: counts, totals, the first failure, warnings. Printed
// as a human summary and written as the JSON report (docs/audit.md gives
// its shape and what every check name means).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/ratios.hpp"

namespace ledger::audit {

// The first thing that is wrong. `check` is one of the names in
// docs/audit.md ("chain", "signature", "rules", "checkpoint_root", …).
struct Failure {
  std::string check;
  std::optional<uint64_t> seq;         // the event at fault, when one is
  std::optional<uint64_t> checkpoint;  // the checkpoint size at fault, when one is
  std::string type;                    // the event's type and org, when known
  std::string org;
  std::string reason;                  // one line a person reads
};

struct ProjectionDiff {
  std::string column, key, what;  // as RebuildReport's
};

struct AuditReport {
  std::string source;
  std::string mode;            // "full" or "chain"
  std::string origin;
  std::string log_key;         // the verifier key the checkpoints were checked with
  bool log_key_pinned = false; // given by the auditor, not taken from the genesis event
  uint64_t events = 0;         // events verified (the first `trusted` of them by an earlier run)
  uint64_t trusted = 0;
  uint64_t batches = 0;
  uint64_t checkpoints = 0;    // checkpoints verified
  std::optional<uint64_t> checkpoint_size;  // the latest verified checkpoint
  std::string checkpoint_root;              // its root, hex
  std::map<std::string, uint64_t> by_type;  // event type -> count
  std::map<std::string, int64_t> totals_fen;  // donations, welfare, disbursed, … (docs/audit.md)
  uint64_t orgs = 0, funds = 0;
  std::optional<uint64_t> projection_keys;  // compared (store sources only)
  uint64_t projection_differences = 0;
  std::optional<uint64_t> served_funds;  // funds a server served, compared (--url)
  std::vector<ProjectionDiff> first_differences;
  std::optional<Failure> failure;
  std::vector<RatioWarning> warnings;
  std::vector<std::string> notes;  // things an auditor should know (an unpinned key, …)
  double seconds = 0;

  bool ok() const { return !failure; }
};

// The human summary: a few lines, the failure first if there is one.
std::string SummaryText(const AuditReport& report);
// The full machine-readable report.
Json ReportJson(const AuditReport& report);

}  // namespace ledger::audit
