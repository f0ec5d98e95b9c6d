// Reading what an org posts (DESIGN.md §3): a single signed submission
// {"type","org","idem","body","sig"} or a signed batch
// {"org","events":[{"type","idem","body"},...],"sig"}. Everything that can
// be checked without the ledger's state is checked here: shape, limits,
// known types, body schemas, well-formed signature. Pure; no I/O.
//
// Errors are kInvalidArgument naming the field; in a batch the field starts
// with "events[i]." so the API can report the index.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/event_types.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr std::size_t kMaxBatchEvents = 1000;

struct SubmittedEvent {
  const EventType* type = nullptr;
  std::string idem;
  Json body;
  Hash content_hash{};  // SHA-256 of canonical {"body","idem","type"}: what idem protects
};

struct Submission {
  std::string org;
  bool is_batch = false;
  std::vector<SubmittedEvent> events;  // one for a single submission
  std::string sig_base64;
  Signature sig{};
  std::string signed_bytes;  // domain prefix ‖ canonical bytes, as the org signed them
};

Result<Submission> ParseSubmission(const Json& doc);

// The entry to append for event `i`, without the stamps. A single
// submission keeps its "sig"; a batch event gets "batch":{"sig","size",
// "start"} where start is the seq of the batch's first event.
Json EntryFor(const Submission& submission, std::size_t i, uint64_t batch_start_seq);

// Rebuilds, from a batch's stored events (in seq order), the bytes its org
// signed: what an auditor checks the batch signature against.
Result<std::string> BatchSignedBytes(std::span<const Json> stored_events);

}  // namespace ledger
