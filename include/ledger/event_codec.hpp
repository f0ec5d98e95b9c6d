// Decoding events into the structs of events.hpp, and encoding them back
// to canonical bytes without building a tree. Pure, thread-safe.
//
// Decoding checks the body's schema (schema.hpp) and nothing that needs
// the ledger's state. Errors are kInvalidArgument naming the field
// ("body.amount_fen").
#pragma once

#include <string>
#include <string_view>

#include "ledger/canonical_json.hpp"
#include "ledger/events.hpp"
#include "ledger/status.hpp"

namespace ledger {

// The canonical bytes of a body (RFC 8785), written from the struct.
std::string EncodeBody(const EventBody& body);
void AppendBody(const EventBody& body, std::string& out);

// The canonical {"body","idem","type"} of an event: what its idem protects
// (content hash) and what a batch's signature covers, event by event.
std::string ContentBytes(std::string_view type, std::string_view idem, std::string_view body_bytes);

// An event built in code (the demo, tests, benchmarks): its type from the
// body, its body bytes and content hash computed.
Event MakeEvent(EventBody body, std::string idem);

// The body of an event of `type` from a JSON tree, schema-checked. Not for
// ledger.genesis (made by init, never submitted).
Result<EventBody> DecodeBody(const EventType& type, const Json& body);

// What is wrong with a stored event, by the audit check it fails
// (docs/audit.md): its bytes are not canonical JSON; its envelope (the
// members the ledger stores, ts) is wrong; its batch member is malformed;
// or its type, org, idem or body break the schemas.
enum class StoredFault { kCanonical, kEnvelope, kBatch, kSchema };

// Decodes the canonical bytes of a stored event (docs/log-format.md):
// exactly seq, prev, ts, type, org, idem, body and one of sig or batch. On
// error `fault` (if set) says which check failed; the messages are those
// docs/audit.md shows. The genesis event's body is checked by its own rule
// (it is never submitted).
Result<StoredEvent> DecodeStoredEvent(std::string_view bytes, StoredFault* fault = nullptr);

}  // namespace ledger
