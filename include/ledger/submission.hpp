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
#include <cstdint>
#include <span>
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

// A stored event read back as a one-event submission (type, org, idem, body
// and content hash; "sig" when it has one), for replaying state. Errors name
// the field; the signature is not checked.
Result<Submission> ParseStoredEvent(const Json& stored_event);

// The entry to append for event `i`, without the stamps: the event's type,
// org, idem and body, plus "sig" for a single submission. A batch's events
// get their "batch" member when their seqs are known: see BatchMember.
Json EntryFor(const Submission& submission, std::size_t i);

// The canonical JSON of the "batch" member each event of a batch carries:
// {"sig":<batch signature>,"size":N,"start":S}, S the seq of its first event.
std::string BatchMember(const Submission& submission, uint64_t start_seq);

// The submission or batch document as its org posted it, rebuilt from its
// stored events: one event stored with "sig", or all N events of a batch in
// seq order (each with the same "batch" member). ParseSubmission of it
// gives what Ledger::Submit decided, so an audit re-decides stored events
// with the very code that admitted them. Errors name the event
// ("events[i].batch") that does not belong.
Result<Json> PostedSubmission(std::span<const Json> stored_events);

// What an auditor checks a stored event's signature against (docs/signing.md).
// For an event stored with "sig": the bytes its org signed, rebuilt from the
// event's type, org, idem and body.
Result<std::string> SubmissionSignedBytes(const Json& stored_event);
// For a batch: from its stored events in seq order (all N of them, each
// carrying the same "batch" member), the bytes the org signed. Errors name
// the event ("events[i].batch") that does not belong to the batch.
Result<std::string> BatchSignedBytes(std::span<const Json> stored_events);

}  // namespace ledger
