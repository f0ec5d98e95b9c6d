// Decoding a stored event from its canonical bytes: the fast reader first,
// then the envelope the ledger adds, then the submitted parts through the
// same schemas as a submission. Messages are those docs/audit.md shows.
#include <optional>

#include "ledger/checkpoint.hpp"
#include "ledger/codec/json_doc.hpp"
#include "ledger/domain/event_decode.hpp"
#include "ledger/domain/schema_fields.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

constexpr std::string_view kEnvelopeMembers[] = {"batch", "body", "idem", "org", "prev",
                                                 "seq",   "sig",  "ts",   "type"};

std::string Describe(const Error& e) { return e.field.empty() ? e.message : e.field + ": " + e.message; }

// Why `bytes` did not read as canonical: a syntax error, or only its form.
Error NotCanonical(std::string_view bytes) {
  auto parsed = ParseStrict(bytes);
  if (!parsed.ok()) return Error::Invalid(parsed.error().field, "does not parse: " + Describe(parsed.error()));
  return Error::Invalid("", "its bytes are not the canonical form of the event (RFC 8785)");
}

Status CheckEnvelope(JsonValue event) {
  if (!event.is_object()) return Error::Invalid("", "an event must be a JSON object");
  for (JsonValue member : event) {
    bool known = false;
    for (std::string_view m : kEnvelopeMembers) known = known || member.key() == m;
    if (!known) return Error::Invalid(std::string(member.key()), "is not a member of a stored event");
  }
  for (const char* name : {"seq", "prev", "ts", "type", "org", "idem", "body"})
    if (!event.contains(name)) return Error::Invalid(name, "is missing");
  if (event.contains("sig") == event.contains("batch"))
    return Error::Invalid("sig", "a stored event carries exactly one of sig and batch");
  if (!event["ts"].is_string()) return Error::Invalid("ts", "must be a string");
  auto year = YearOfTimestamp(event["ts"].str());
  if (!year.ok()) return Error::Invalid("ts", year.error().message);
  JsonValue seq = event["seq"];
  if (!seq.is_integer() || seq.integer() < 0) return Error::Invalid("seq", "must be a non-negative integer");
  JsonValue prev = event["prev"];
  if (!prev.is_string() || !HexDecode(prev.str()).ok() || prev.str().size() != 64)
    return Error::Invalid("prev", "must be 64 hex digits");
  if (JsonValue sig = event.find("sig"); sig.valid() && !sig.is_string())
    return Error::Invalid("sig", "must be a string");
  return Status::Ok();
}

Result<BatchRef> DecodeBatchRef(JsonValue b) {
  const bool shaped = b.is_object() && b.size() == 3 && b.contains("sig") && b["sig"].is_string() &&
                      b.contains("start") && b["start"].is_integer() && b["start"].integer() >= 0 &&
                      b.contains("size") && b["size"].is_integer() && b["size"].integer() >= 0;
  if (!shaped) return Error::Invalid("batch", "batch must be {\"sig\",\"size\",\"start\"}");
  return BatchRef{Seq(static_cast<uint64_t>(b["start"].integer())),
                  static_cast<uint64_t>(b["size"].integer()), std::string(b["sig"].str())};
}

// The genesis body as InitLedger writes it (docs/events.md).
Status CheckGenesisBody(JsonValue body) {
  auto strings = [](JsonValue doc, std::initializer_list<const char*> names, const std::string& at) -> Status {
    if (!doc.is_object() || doc.size() != names.size())
      return Error::Invalid(at, "must be an object of exactly the genesis members");
    for (const char* name : names)
      if (!doc.contains(name) || !doc[name].is_string()) return Error::Invalid(at + "." + name, "must be a string");
    return Status::Ok();
  };
  if (!body.is_object() || !body.contains("regulator")) return Error::Invalid("body.regulator", "is missing");
  LEDGER_RETURN_IF_ERROR(strings(body["regulator"], {"id", "name", "public_key"}, "body.regulator"));
  if (body.size() != 3 || !body.contains("origin") || !body.contains("log_key"))
    return Error::Invalid("body", "must be an object of exactly the genesis members");
  for (const char* name : {"origin", "log_key"})
    if (!body[name].is_string()) return Error::Invalid(std::string("body.") + name, "must be a string");
  if (Status name = ValidateKeyName(std::string(body["origin"].str())); !name.ok())
    return Error::Invalid("body.origin", name.error().message);
  LEDGER_RETURN_IF_ERROR(ValidateId(body["regulator"]["id"].str(), "body.regulator.id"));
  if (!PublicKey::FromBase64(body["regulator"]["public_key"].str()).ok())
    return Error::Invalid("body.regulator.public_key", "is not a base64 Ed25519 public key");
  if (!PublicKey::FromBase64(body["log_key"].str()).ok())
    return Error::Invalid("body.log_key", "is not a base64 Ed25519 public key");
  return Status::Ok();
}

// type, org, idem and body: the parts an org submitted.
Status DecodeSubmitted(JsonValue root, StoredEvent& out) {
  if (!root["type"].is_string()) return Error::Invalid("type", "must be a string");
  if (!root["org"].is_string()) return Error::Invalid("org", "must be a string");
  if (!root["idem"].is_string()) return Error::Invalid("idem", "must be a string");
  Event& event = out.event;
  event.type = FindEventType(root["type"].str());
  if (!event.type) return Error::Invalid("type", "unknown event type \"" + std::string(root["type"].str()) + "\"");
  event.idem = std::string(root["idem"].str());
  JsonValue body = root["body"];
  if (event.type->kind == EventKind::kGenesis) {
    LEDGER_RETURN_IF_ERROR(CheckGenesisBody(body));
    out.org = OrgId(root["org"].str());
  } else {
    LEDGER_RETURN_IF_ERROR(ValidateId(root["org"].str(), "org"));
    LEDGER_RETURN_IF_ERROR(ValidateIdem(event.idem, "idem"));
    if (Status valid = ValidateBody(*event.type, body, BodyOrigin::kStored); !valid.ok()) return valid.error();
    out.org = OrgId(root["org"].str());
  }
  event.body = DecodeValidBody(event.type->kind, body);
  event.body_bytes = std::string(body.raw());
  event.content_hash = Sha256(ContentBytes(event.type->name, event.idem, event.body_bytes));
  return Status::Ok();
}

}  // namespace

Result<StoredEvent> DecodeStoredEvent(std::string_view bytes, StoredFault* fault) {
  auto fail = [fault](StoredFault f, Error e) -> Result<StoredEvent> {
    if (fault) *fault = f;
    return e;
  };
  JsonDoc doc;
  if (!ReadCanonical(bytes, doc).ok()) return fail(StoredFault::kCanonical, NotCanonical(bytes));
  JsonValue root = doc.root();
  if (Status envelope = CheckEnvelope(root); !envelope.ok()) return fail(StoredFault::kEnvelope, envelope.error());
  StoredEvent out;
  out.seq = Seq(static_cast<uint64_t>(root["seq"].integer()));
  auto prev = HexDecode(root["prev"].str());
  std::copy(prev->begin(), prev->end(), out.prev.begin());
  out.ts = std::string(root["ts"].str());
  if (JsonValue sig = root.find("sig"); sig.valid()) out.sig = std::string(sig.str());
  if (JsonValue batch = root.find("batch"); batch.valid()) {
    auto ref = DecodeBatchRef(batch);
    if (!ref.ok()) return fail(StoredFault::kBatch, ref.error());
    out.batch = std::move(*ref);
  }
  if (Status submitted = DecodeSubmitted(root, out); !submitted.ok())
    return fail(StoredFault::kSchema, submitted.error());
  return out;
}

}  // namespace ledger
