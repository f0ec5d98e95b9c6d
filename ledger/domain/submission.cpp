// Submissions and batches from a document (the API) or from stored events
// (the audit), typed once; the signed bytes and each event's canonical
// bytes are written from the document, never from a tree.
#include "ledger/submission.hpp"

#include <set>
#include <utility>

#include "ledger/codec/canonical_writer.hpp"
#include "ledger/codec/json_doc.hpp"
#include "ledger/domain/event_decode.hpp"
#include "ledger/domain/schema_fields.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"

namespace ledger {
namespace {

// Prefixes a nested error's field with where it sits ("events[3]." + "body.x").
Error At(const std::string& prefix, Error e) {
  e.field = e.field.empty() ? prefix.substr(0, prefix.size() - 1) : prefix + e.field;
  return e;
}

// Only `allowed` members, all of them: the first unknown one (in name
// order) is named, then the first missing one.
Status OnlyMembers(JsonValue doc, std::initializer_list<std::string_view> allowed,
                   const std::string& prefix, const char* what) {
  std::optional<std::string_view> unknown;
  for (JsonValue member : doc) {
    bool known = false;
    for (std::string_view a : allowed) known = known || member.key() == a;
    if (!known && (!unknown || member.key() < *unknown)) unknown = member.key();
  }
  if (unknown)
    return Error::Invalid(prefix + std::string(*unknown), std::string("is not a member of ") + what);
  for (std::string_view a : allowed)
    if (!doc.contains(a)) return Error::Invalid(prefix + std::string(a), "is required");
  return Status::Ok();
}

Result<std::string_view> StringMember(JsonValue doc, std::string_view name, const std::string& prefix) {
  JsonValue value = doc[name];
  if (!value.is_string()) return Error::Invalid(prefix + std::string(name), "must be a string");
  return value.str();
}

// type, idem and body of one event, at `prefix` ("" or "events[i].").
Result<Event> DecodeEvent(JsonValue doc, const std::string& prefix) {
  auto type_name = StringMember(doc, "type", prefix);
  if (!type_name.ok()) return type_name.error();
  Event event;
  event.type = FindEventType(*type_name);
  if (!event.type)
    return Error::Invalid(prefix + "type", "unknown event type \"" + std::string(*type_name) + "\"");
  if (event.type->kind == EventKind::kGenesis)
    return Error::Invalid(prefix + "type", "ledger.genesis is made by init and never submitted");
  auto idem = StringMember(doc, "idem", prefix);
  if (!idem.ok()) return idem.error();
  LEDGER_RETURN_IF_ERROR(ValidateIdem(*idem, prefix + "idem"));
  event.idem = std::string(*idem);
  JsonValue body = doc["body"];
  if (Status valid = ValidateBody(*event.type, body, BodyOrigin::kSubmitted); !valid.ok()) return At(prefix, valid.error());
  event.body = DecodeValidBody(event.type->kind, body);
  AppendCanonical(body, event.body_bytes);
  event.content_hash = Sha256(ContentBytes(event.type->name, event.idem, event.body_bytes));
  return event;
}

Status DecodeSignature(std::string_view sig, Submission& out) {
  auto raw = Base64Decode(sig);
  if (!raw.ok() || raw->size() != out.sig.size())
    return Error::Invalid("sig", "must be base64 of a 64-byte Ed25519 signature");
  std::copy(raw->begin(), raw->end(), out.sig.begin());
  out.sig_base64 = std::string(sig);
  return Status::Ok();
}

// The bytes the org signed (signing.hpp), from the events' canonical parts.
std::string SignedBytesOf(const Submission& s) {
  std::string bytes(s.is_batch ? kBatchDomain : kSubmissionDomain);
  if (!s.is_batch) {
    const Event& e = s.events.front();
    CanonicalObject(bytes).Raw("body", e.body_bytes).String("idem", e.idem).String("org", s.org.str())
        .String("type", e.type->name);
    return bytes;
  }
  CanonicalObject(bytes)
      .Array("events", [&s](CanonicalObject& a) {
        for (const Event& e : s.events) a.Element() += ContentBytes(e.type->name, e.idem, e.body_bytes);
      })
      .String("org", s.org.str());
  return bytes;
}

Status DecodeBatchEvents(JsonValue events, Submission& out) {
  if (!events.is_array()) return Error::Invalid("events", "must be an array");
  if (events.size() == 0) return Error::Invalid("events", "a batch needs at least one event");
  if (events.size() > kMaxBatchEvents)
    return Error::Invalid("events", std::to_string(events.size()) + " events; a batch holds at most " +
                                        std::to_string(kMaxBatchEvents));
  std::set<std::string, std::less<>> idems;
  std::size_t i = 0;
  out.events.reserve(events.size());
  for (JsonValue element : events) {
    const std::string prefix = "events[" + std::to_string(i++) + "].";
    if (!element.is_object()) return Error::Invalid(prefix.substr(0, prefix.size() - 1), "must be an object");
    LEDGER_RETURN_IF_ERROR(OnlyMembers(element, {"type", "idem", "body"}, prefix, "a batch event"));
    auto event = DecodeEvent(element, prefix);
    if (!event.ok()) return event.error();
    if (!idems.insert(event->idem).second) return Error::Invalid(prefix + "idem", "is used twice in this batch");
    out.events.push_back(std::move(*event));
  }
  return Status::Ok();
}

Result<Submission> DecodeDocument(JsonValue doc) {
  if (!doc.is_object()) return Error::Invalid({}, "a submission or batch must be a JSON object");
  Submission out;
  out.is_batch = doc.contains("events");
  if (out.is_batch) {
    LEDGER_RETURN_IF_ERROR(OnlyMembers(doc, {"org", "events", "sig"}, "", "a batch"));
  } else {
    LEDGER_RETURN_IF_ERROR(OnlyMembers(doc, {"type", "org", "idem", "body", "sig"}, "", "a submission"));
  }
  auto org = StringMember(doc, "org", "");
  if (!org.ok()) return org.error();
  LEDGER_RETURN_IF_ERROR(ValidateId(*org, "org"));
  out.org = OrgId(*org);
  if (out.is_batch) {
    LEDGER_RETURN_IF_ERROR(DecodeBatchEvents(doc["events"], out));
  } else {
    auto event = DecodeEvent(doc, "");
    if (!event.ok()) return event.error();
    out.events.push_back(std::move(*event));
  }
  auto sig = StringMember(doc, "sig", "");
  if (!sig.ok()) return sig.error();
  LEDGER_RETURN_IF_ERROR(DecodeSignature(*sig, out));
  out.signed_bytes = SignedBytesOf(out);
  return out;
}

}  // namespace

Result<Submission> DecodeSubmission(std::string_view text) {
  JsonDoc doc;
  LEDGER_RETURN_IF_ERROR(ParseDoc(text, doc));
  return DecodeDocument(doc.root());
}

Result<Submission> ParseSubmission(const Json& doc) {
  JsonDoc tree;
  FromJson(doc, tree);
  return DecodeDocument(tree.root());
}

Result<Submission> SubmissionFromStored(std::span<const StoredEvent> stored) {
  if (stored.empty()) return Error::Invalid("events", "a submission has at least one event");
  const StoredEvent& first = stored.front();
  Submission out;
  out.org = first.org;
  out.is_batch = first.batch.has_value();
  if (!out.is_batch) {
    if (stored.size() != 1)
      return Error::Invalid("events", "a single submission is one event; " + std::to_string(stored.size()) +
                                          " given");
    if (!first.sig) return Error::Invalid("sig", "is required");
    out.events.push_back(first.event);
    LEDGER_RETURN_IF_ERROR(DecodeSignature(*first.sig, out));
    out.signed_bytes = SignedBytesOf(out);
    return out;
  }
  const BatchRef& batch = *first.batch;
  std::set<std::string, std::less<>> idems;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const std::string prefix = "events[" + std::to_string(i) + "].";
    const StoredEvent& event = stored[i];
    if (!event.batch) return Error::Invalid(prefix + "batch", "is not an event of a batch");
    if (*event.batch != batch || event.seq != batch.start + i)
      return Error::Invalid(prefix + "batch", "does not continue the batch of events[0]");
    if (event.org != out.org) return Error::Invalid(prefix + "org", "differs from the batch's org");
    if (!idems.insert(event.event.idem).second)
      return Error::Invalid(prefix + "idem", "is used twice in this batch");
    out.events.push_back(event.event);
  }
  if (batch.size != stored.size())
    return Error::Invalid("events", "the batch holds " + std::to_string(batch.size) + " events; " +
                                        std::to_string(stored.size()) + " given");
  if (stored.size() > kMaxBatchEvents)
    return Error::Invalid("events", std::to_string(stored.size()) + " events; a batch holds at most " +
                                        std::to_string(kMaxBatchEvents));
  LEDGER_RETURN_IF_ERROR(DecodeSignature(batch.sig, out));
  out.signed_bytes = SignedBytesOf(out);
  return out;
}

std::string BatchMember(const Submission& submission, uint64_t start_seq) {
  LEDGER_CHECK(submission.is_batch);
  std::string member;
  CanonicalObject(member)
      .String("sig", submission.sig_base64)
      .Integer("size", static_cast<int64_t>(submission.events.size()))
      .Integer("start", static_cast<int64_t>(start_seq));
  return member;
}

// ---- JSON trees ----

Json EntryFor(const Submission& submission, std::size_t i) {
  LEDGER_CHECK(i < submission.events.size());
  const Event& event = submission.events[i];
  Json entry = {{"type", event.type->name},
                {"org", submission.org.str()},
                {"idem", event.idem},
                {"body", ParseStrict(event.body_bytes).value()}};
  if (!submission.is_batch) entry["sig"] = submission.sig_base64;
  return entry;
}

Result<Submission> ParseStoredEvent(const Json& stored_event) {
  if (!stored_event.is_object()) return Error::Invalid({}, "an event must be a JSON object");
  for (const char* name : {"type", "org", "idem", "body"})
    if (!stored_event.contains(name)) return Error::Invalid(name, "is required");
  JsonDoc doc;
  FromJson(stored_event, doc);
  JsonValue root = doc.root();
  Submission out;
  auto org = StringMember(root, "org", "");
  if (!org.ok()) return org.error();
  out.org = OrgId(*org);
  auto event = DecodeEvent(root, "");
  if (!event.ok()) return event.error();
  out.events.push_back(std::move(*event));
  if (JsonValue sig = root.find("sig"); sig.valid() && sig.is_string()) out.sig_base64 = std::string(sig.str());
  return out;
}

Result<std::string> SubmissionSignedBytes(const Json& stored_event) {
  if (!stored_event.is_object()) return Error::Invalid({}, "an event must be a JSON object");
  Json signed_part = Json::object();
  for (const char* name : {"type", "org", "idem", "body"}) {
    if (!stored_event.contains(name)) return Error::Invalid(name, "is required");
    signed_part[name] = stored_event.at(name);
  }
  return SignedBytes(signed_part);
}

Result<Json> PostedSubmission(std::span<const Json> stored_events) {
  if (stored_events.empty()) return Error::Invalid("events", "a submission has at least one event");
  const Json& first = stored_events[0];
  if (!first.is_object()) return Error::Invalid("events[0]", "an event must be a JSON object");
  if (!first.contains("batch")) {
    if (stored_events.size() != 1)
      return Error::Invalid("events", "a single submission is one event; " +
                                          std::to_string(stored_events.size()) + " given");
    Json doc = Json::object();
    for (const char* name : {"type", "org", "idem", "body", "sig"}) {
      if (!first.contains(name)) return Error::Invalid(name, "is required");
      doc[name] = first.at(name);
    }
    return doc;
  }
  const Json& batch = first.at("batch");
  Json doc = {{"events", Json::array()}, {"org", nullptr}, {"sig", nullptr}};
  for (std::size_t i = 0; i < stored_events.size(); ++i) {
    const std::string prefix = "events[" + std::to_string(i) + "].";
    const Json& event = stored_events[i];
    if (!event.is_object() || !event.contains("batch") || !event.contains("seq"))
      return Error::Invalid(prefix + "batch", "is not an event of a batch");
    const Json& b = event.at("batch");
    if (b != batch || !b.is_object() || !b.contains("start") || !b.contains("size") ||
        !b.contains("sig") || !b.at("start").is_number_integer() ||
        !b.at("size").is_number_integer() ||
        event.at("seq") != b.at("start").get<int64_t>() + static_cast<int64_t>(i))
      return Error::Invalid(prefix + "batch", "does not continue the batch of events[0]");
    Json one = Json::object();
    for (const char* name : {"type", "idem", "body"}) {
      if (!event.contains(name)) return Error::Invalid(prefix + name, "is required");
      one[name] = event.at(name);
    }
    if (!event.contains("org") || !event.at("org").is_string())
      return Error::Invalid(prefix + "org", "is required");
    if (i == 0) doc["org"] = event.at("org");
    if (event.at("org") != doc["org"]) return Error::Invalid(prefix + "org", "differs from the batch's org");
    doc["events"].push_back(std::move(one));
  }
  if (batch.at("size") != stored_events.size())
    return Error::Invalid("events", "the batch holds " + batch.at("size").dump() + " events; " +
                                        std::to_string(stored_events.size()) + " given");
  doc["sig"] = batch.at("sig");
  return doc;
}

Result<std::string> BatchSignedBytes(std::span<const Json> stored_events) {
  if (stored_events.empty()) return Error::Invalid("events", "a batch has at least one event");
  if (!stored_events[0].is_object() || !stored_events[0].contains("batch"))
    return Error::Invalid("events[0].batch", "is not an event of a batch");
  auto doc = PostedSubmission(stored_events);
  if (!doc.ok()) return doc.error();
  doc->erase("sig");
  return SignedBytes(*doc);
}

}  // namespace ledger
