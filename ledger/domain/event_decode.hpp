// Decoding a body from a document's value (internal to the domain): the
// decoder behind DecodeSubmission and DecodeStoredEvent.
#pragma once

#include "ledger/codec/json_doc.hpp"
#include "ledger/events.hpp"
#include "ledger/status.hpp"

namespace ledger {

// The struct of a body that passed ValidateBody (or, for genesis, its own
// rule): cannot fail.
EventBody DecodeValidBody(EventKind kind, JsonValue body);

// ValidateBody, then DecodeValidBody.
Result<EventBody> DecodeBody(const EventType& type, JsonValue body);

}  // namespace ledger
