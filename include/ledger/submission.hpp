// Reading what an org posts (DESIGN.md §3): a single signed submission
// {"type","org","idem","body","sig"} or a signed batch
// {"org","events":[{"type","idem","body"},...],"sig"}. Everything that can
// be checked without the ledger's state is checked here, once: shape,
// limits, known types, body schemas, a well-formed signature. The result is
// typed (events.hpp), with every canonical byte string the log and the
// signature need computed from the document, not from a tree. Pure; no I/O.
//
// Errors are kInvalidArgument naming the field; in a batch the field starts
// with "events[i]." so the API can report the index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/events.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr std::size_t kMaxBatchEvents = 1000;

struct Submission {
  OrgId org;
  bool is_batch = false;
  std::vector<Event> events;  // one for a single submission
  std::string sig_base64;
  Signature sig{};
  std::string signed_bytes;  // domain prefix ‖ canonical bytes, as the org signed them
};

// Reads a submission or batch from its text (strict JSON: canonical_json.hpp).
Result<Submission> DecodeSubmission(std::string_view text);
// The same from a tree (tools and tests).
Result<Submission> ParseSubmission(const Json& doc);

// A submission rebuilt from its stored events (the audit): one event
// stored with "sig", or all N events of a batch in seq order, each with the
// same "batch" member. Its signed bytes are made from the stored bytes, so
// the audit checks the signature the org made. Errors name the event
// ("events[i].batch", "events[i].org") that does not belong.
Result<Submission> SubmissionFromStored(std::span<const StoredEvent> stored);

// The canonical JSON of the "batch" member each event of a batch carries:
// {"sig":<batch signature>,"size":N,"start":S}, S the seq of its first event.
std::string BatchMember(const Submission& submission, uint64_t start_seq);

// ---- the same ideas on JSON trees, for tools, tests and docs/signing.md ----

// The entry to append for event `i`, without the stamps: the event's type,
// org, idem and body, plus "sig" for a single submission.
Json EntryFor(const Submission& submission, std::size_t i);

// A stored event read back as a one-event submission (no signature check).
Result<Submission> ParseStoredEvent(const Json& stored_event);

// The submission or batch document as its org posted it, rebuilt from its
// stored events. Errors name the event ("events[i].batch") that does not
// belong.
Result<Json> PostedSubmission(std::span<const Json> stored_events);

// What an auditor checks a stored event's signature against (docs/signing.md).
// For an event stored with "sig": the bytes its org signed, rebuilt from the
// event's type, org, idem and body.
Result<std::string> SubmissionSignedBytes(const Json& stored_event);
// For a batch: from its stored events in seq order (all N of them, each
// carrying the same "batch" member), the bytes the org signed.
Result<std::string> BatchSignedBytes(std::span<const Json> stored_events);

}  // namespace ledger
