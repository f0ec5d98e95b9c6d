// `ledger-audit --url URL --follow`: follow a running ledger incrementally,
// as a Certificate Transparency mirror does (DESIGN.md §8, §9).
//
// Each run picks up where the last verified one stopped. A state file
// (JSON, written atomically: temp file, fsync, rename, mode 0644) records
// that point:
//
//   {"format":"welfare-ledger-audit-state/1","url":"http://…",
//    "log_key":"<verifier key>","size":N,"root":"<hex>",
//    "checkpoint":"<signed note of size N>",
//    "mirror":"<path of the mirror export file>","mirror_bytes":B}
//
// and a mirror (an export file, audit/export_file.hpp) holds the verified
// events [0, N) and checkpoint N in its first B bytes. A run
//   1. refuses a state of another URL or another log key;
//   2. proves the server's latest checkpoint consistent with the state's
//      (its checkpoint of size N must have the state's root, and the
//      server's consistency proof must verify from the state's root to the
//      new one): otherwise the log forked;
//   3. audits events [N, new size) from the server, with the state's log
//      key pinned, going on from the replay kept beside the state (its
//      chain and its rules' state at N); when that replay is missing or
//      does not end at the state's size and root, events [0, N) are audited
//      again from the mirror first (re-hashed to the state's root,
//      signatures not checked again) into a new one;
//   4. only when all of it passed: appends the new events and checkpoint to
//      the mirror, syncs it, then writes the new state.
// A failure, or a crash at any point, leaves the state as it was; bytes a
// crashed run left in the mirror beyond mirror_bytes are cut off by the
// next run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auditor.hpp"
#include "ledger/merkle.hpp"
#include "ledger/status.hpp"
#include "report.hpp"

namespace ledger::audit {

inline constexpr std::string_view kFollowStateFormat = "welfare-ledger-audit-state/1";
inline constexpr std::string_view kDefaultStateFile = "ledger-audit-state.json";
// The mirror's default path is the state file's path with this appended.
inline constexpr std::string_view kMirrorSuffix = ".events.jsonl";
// The kept replay (the rules' state at the state's size) is a directory at
// the state file's path with this appended.
inline constexpr std::string_view kReplaySuffix = ".replay";

struct FollowState {
  std::string url;      // as ParseHttpUrl(...).ToString() normalises it
  std::string log_key;  // the verifier key string
  uint64_t size = 0;
  Hash root{};
  std::string checkpoint;
  std::string mirror;
  uint64_t mirror_bytes = 0;
  friend bool operator==(const FollowState&, const FollowState&) = default;
};

// The state at `path`; nullopt when there is no file (a first run).
// kInvalidArgument (field "state") when it is not a state file of this
// format; kIoError when it cannot be read.
Result<std::optional<FollowState>> LoadFollowState(const std::string& path);
// Replaces `path` atomically and durably with `state`.
Status SaveFollowState(const std::string& path, const FollowState& state);

struct FollowOptions {
  std::string url;
  std::string ca_file;  // for https: the CA to trust ("" for the system's)
  std::string state_path = std::string(kDefaultStateFile);
  // The mirror of a first run; "" means state_path + kMirrorSuffix. Later
  // runs use the path their state records.
  std::string mirror_path;
  // rules, ratios, progress, and a pinned log_key if the auditor gave one
  // (it must then be the state's). `trusted` is set by FollowOnce.
  AuditOptions audit;
};

struct FollowResult {
  AuditReport report;
  bool first_run = false;
  bool advanced = false;        // the state file now records a larger size
  uint64_t previous_size = 0;   // the state's size before this run (0: first run)
  // The state on disk after the run (the old one when nothing advanced).
  std::optional<FollowState> state;
  // The checkpoint note this run verified and ended at ("" on failure):
  // what a witness may cosign.
  std::string checkpoint;
};

// One --follow run. The report's failure (check "consistency" or
// "checkpoint_root" for a fork, or any check of the audit) means nothing
// advanced; a mirror that does not hold the state's events, when the run
// has to read it, fails it with check "source" naming the mirror. Errors
// are what stops a run before it can judge the ledger:
// kInvalidArgument (field "url": the state follows another URL; field
// "state": a malformed state file), kUnauthenticated (field "log_key": the server's
// key, or the pinned one, is not the state's), kIoError / kUnavailable
// (the disk or the server failed).
Result<FollowResult> FollowOnce(const FollowOptions& options);

}  // namespace ledger::audit
