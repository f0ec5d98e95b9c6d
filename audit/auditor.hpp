// The audit itself (DESIGN.md §8): replays a ledger from event 0, from any
// Source, and proves or refutes that its log, checkpoints, decisions and
// projections are what the rules say. The decisions are re-made by the
// library's own admission code (Admitter::Verify), so the auditor and the
// ledger cannot disagree about a rule without one of them being wrong.
//
// It stops at the first failure: every later event would be judged
// against a state that is already wrong.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/checkpoint.hpp"
#include "ledger/events.hpp"
#include "ledger/merkle.hpp"
#include "report.hpp"
#include "source.hpp"

namespace ledger::audit {

struct Progress {
  uint64_t done = 0;   // events
  uint64_t total = 0;
  double seconds = 0;
};

// Where an earlier run stopped (--follow): its events are re-read and
// re-hashed but their signatures are not checked again; its checkpoint
// must be consistent with the new one.
struct TrustedPrefix {
  uint64_t size = 0;
  Hash root{};
  std::string checkpoint;  // the note verified then
};

// Where a kept replay stopped (--follow): the events before `size` are not
// read again; the chain goes on from `frontier` and `last_leaf`, and the
// rules from the replay kept in AuditOptions::scratch_dir.
struct ResumePoint {
  uint64_t size = 0;
  Frontier frontier;
  Hash last_leaf{};
};

struct AuditOptions {
  bool rules = true;        // false: seq, chain, Merkle and checkpoints only
  bool projections = true;  // compare a store's projections with the replay
  bool ratios = true;       // the regulatory ratio and disclosure warnings (docs/ratios.md)
  // The day disclosure deadlines are judged on; default: today in UTC+8.
  std::optional<ledger::Date> today;
  // The log's verifier key, pinned by the auditor; without, the genesis
  // event's log_key is trusted (and the report says so). A key with an
  // empty name pins the key alone (the name is then the genesis origin).
  std::optional<VerifierKey> log_key;
  std::optional<TrustedPrefix> trusted;
  // Where the replay keeps its scratch state (a directory it creates, and
  // keeps); empty: a new directory under the system's temp directory,
  // removed at the end.
  std::string scratch_dir;
  // Go on from a kept replay (needs scratch_dir, log_key and trusted).
  std::optional<ResumePoint> resume;
  // Called about once a second (and at the end) on long runs.
  std::function<void(const Progress&)> progress;
  std::chrono::milliseconds progress_interval{1000};
};

// What an audit leaves behind for the next --follow run and for a witness.
struct AuditEnd {
  uint64_t size = 0;
  Hash root{};
  Hash last_leaf{};
  std::string checkpoint;  // the latest verified checkpoint note ("" if none)
};

// Runs the audit. Errors of the source itself (unreadable, a server that
// stopped answering) end the audit as a failure with check "source".
AuditReport RunAudit(Source& source, const AuditOptions& options, AuditEnd* end = nullptr);

}  // namespace ledger::audit
