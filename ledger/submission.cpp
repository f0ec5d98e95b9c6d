#include "ledger/submission.hpp"

#include <set>
#include <utility>

#include "ledger/encoding.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"

namespace ledger {
namespace {

// Prefixes a nested error's field with where it sits ("events[3]." + "body.x").
Error At(const std::string& prefix, Error e) {
  e.field = e.field.empty() ? prefix.substr(0, prefix.size() - 1) : prefix + e.field;
  return e;
}

Status OnlyMembers(const Json& doc, std::initializer_list<std::string_view> allowed,
                   const std::string& prefix, const char* what) {
  for (const auto& [name, value] : doc.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || name == a;
    if (!known) return Error::Invalid(prefix + name, std::string("is not a member of ") + what);
  }
  for (std::string_view a : allowed)
    if (!doc.contains(a)) return Error::Invalid(prefix + std::string(a), "is required");
  return Status::Ok();
}

Result<std::string> StringMember(const Json& doc, const char* name, const std::string& prefix) {
  const Json& value = doc.at(name);
  if (!value.is_string()) return Error::Invalid(prefix + name, "must be a string");
  return value.get<std::string>();
}

Hash ContentHash(const SubmittedEvent& event) {
  Json content = {{"type", event.type->name}, {"idem", event.idem}, {"body", event.body}};
  auto canonical = Canonicalize(content);
  LEDGER_CHECK_MSG(canonical.ok(), "a validated event canonicalises");
  return Sha256(*canonical);
}

// type, idem and body of one event, at `prefix` ("" or "events[i].").
Result<SubmittedEvent> ParseEvent(const Json& doc, const std::string& prefix) {
  auto type_name = StringMember(doc, "type", prefix);
  if (!type_name.ok()) return type_name.error();
  SubmittedEvent event;
  event.type = FindEventType(*type_name);
  if (!event.type) return Error::Invalid(prefix + "type", "unknown event type \"" + *type_name + "\"");
  if (event.type->kind == EventKind::kGenesis)
    return Error::Invalid(prefix + "type", "ledger.genesis is made by init and never submitted");
  auto idem = StringMember(doc, "idem", prefix);
  if (!idem.ok()) return idem.error();
  LEDGER_RETURN_IF_ERROR(ValidateIdem(*idem, prefix + "idem"));
  event.idem = std::move(*idem);
  if (Status body = ValidateBody(*event.type, doc.at("body")); !body.ok())
    return At(prefix, body.error());
  event.body = doc.at("body");
  event.content_hash = ContentHash(event);
  return event;
}

Status ParseSignature(const Json& doc, Submission& out) {
  auto sig = StringMember(doc, "sig", "");
  if (!sig.ok()) return sig.error();
  auto raw = Base64Decode(*sig);
  if (!raw.ok() || raw->size() != out.sig.size())
    return Error::Invalid("sig", "must be base64 of a 64-byte Ed25519 signature");
  std::copy(raw->begin(), raw->end(), out.sig.begin());
  out.sig_base64 = std::move(*sig);
  return Status::Ok();
}

Status ParseBatchEvents(const Json& events, Submission& out) {
  if (!events.is_array()) return Error::Invalid("events", "must be an array");
  if (events.empty()) return Error::Invalid("events", "a batch needs at least one event");
  if (events.size() > kMaxBatchEvents)
    return Error::Invalid("events", std::to_string(events.size()) + " events; a batch holds at most " +
                                        std::to_string(kMaxBatchEvents));
  std::set<std::string, std::less<>> idems;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string prefix = "events[" + std::to_string(i) + "].";
    if (!events[i].is_object()) return Error::Invalid(prefix.substr(0, prefix.size() - 1), "must be an object");
    LEDGER_RETURN_IF_ERROR(OnlyMembers(events[i], {"type", "idem", "body"}, prefix, "a batch event"));
    auto event = ParseEvent(events[i], prefix);
    if (!event.ok()) return event.error();
    if (!idems.insert(event->idem).second)
      return Error::Invalid(prefix + "idem", "is used twice in this batch");
    out.events.push_back(std::move(*event));
  }
  return Status::Ok();
}

}  // namespace

Result<Submission> ParseSubmission(const Json& doc) {
  if (!doc.is_object()) return Error::Invalid({}, "a submission or batch must be a JSON object");
  Submission out;
  out.is_batch = IsBatch(doc);
  if (out.is_batch) {
    LEDGER_RETURN_IF_ERROR(OnlyMembers(doc, {"org", "events", "sig"}, "", "a batch"));
  } else {
    LEDGER_RETURN_IF_ERROR(
        OnlyMembers(doc, {"type", "org", "idem", "body", "sig"}, "", "a submission"));
  }
  auto org = StringMember(doc, "org", "");
  if (!org.ok()) return org.error();
  LEDGER_RETURN_IF_ERROR(ValidateId(*org, "org"));
  out.org = std::move(*org);
  if (out.is_batch) {
    LEDGER_RETURN_IF_ERROR(ParseBatchEvents(doc.at("events"), out));
  } else {
    auto event = ParseEvent(doc, "");
    if (!event.ok()) return event.error();
    out.events.push_back(std::move(*event));
  }
  LEDGER_RETURN_IF_ERROR(ParseSignature(doc, out));
  auto bytes = SignedBytes(doc);
  if (!bytes.ok()) return bytes.error();
  out.signed_bytes = std::move(*bytes);
  return out;
}

Result<Submission> ParseStoredEvent(const Json& stored_event) {
  if (!stored_event.is_object()) return Error::Invalid({}, "an event must be a JSON object");
  for (const char* name : {"type", "org", "idem", "body"})
    if (!stored_event.contains(name)) return Error::Invalid(name, "is required");
  Submission out;
  auto org = StringMember(stored_event, "org", "");
  if (!org.ok()) return org.error();
  out.org = std::move(*org);
  auto event = ParseEvent(stored_event, "");
  if (!event.ok()) return event.error();
  out.events.push_back(std::move(*event));
  if (auto sig = stored_event.find("sig"); sig != stored_event.end() && sig->is_string())
    out.sig_base64 = sig->get<std::string>();
  return out;
}

Json EntryFor(const Submission& submission, std::size_t i) {
  LEDGER_CHECK(i < submission.events.size());
  const SubmittedEvent& event = submission.events[i];
  Json entry = {{"type", event.type->name},
                {"org", submission.org},
                {"idem", event.idem},
                {"body", event.body}};
  if (!submission.is_batch) entry["sig"] = submission.sig_base64;
  return entry;
}

std::string BatchMember(const Submission& submission, uint64_t start_seq) {
  LEDGER_CHECK(submission.is_batch);
  // Base64 needs no escaping; members in RFC 8785 order.
  return "{\"sig\":\"" + submission.sig_base64 + "\",\"size\":" +
         std::to_string(submission.events.size()) + ",\"start\":" + std::to_string(start_seq) +
         "}";
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
