// Org signatures over submissions and batches: which bytes are signed, and
// checking them.
#include "ledger/signing.hpp"

#include <array>
#include <string>
#include <string_view>

namespace ledger {
namespace {

constexpr std::string_view kSigField = "sig";
constexpr std::array<std::string_view, 4> kSubmissionRequired = {"type", "org", "idem",
                                                                 "body"};

Result<std::string> Prefixed(std::string_view domain, const Json& value) {
  Result<std::string> canonical = Canonicalize(value, NumberMode::kIntegersOnly);
  if (!canonical.ok()) return canonical.error();
  std::string bytes;
  bytes.reserve(domain.size() + canonical->size());
  bytes.append(domain);
  bytes.append(*canonical);
  return bytes;
}

// The copy costs far less than the Ed25519 operation it feeds.
Result<std::string> SubmissionBytes(const Json& doc) {
  for (std::string_view member : kSubmissionRequired) {
    if (!doc.contains(member)) {
      return Error::Invalid(std::string(member), "missing: a submission needs it");
    }
  }
  Json unsigned_part = doc;
  unsigned_part.erase(std::string(kSigField));
  return Prefixed(kSubmissionDomain, unsigned_part);
}

Result<std::string> BatchBytes(const Json& doc) {
  for (const auto& [name, value] : doc.items()) {
    if (name != "events" && name != "org" && name != kSigField) {
      return Error::Invalid(name, "not allowed in a batch: only events, org and sig");
    }
  }
  const Json& events = doc.at("events");  // present: IsBatch
  if (!events.is_array()) return Error::Invalid("events", "must be an array");
  if (!doc.contains("org")) return Error::Invalid("org", "missing: a batch needs it");
  Json signed_part = Json::object();
  signed_part["events"] = events;
  signed_part["org"] = doc.at("org");
  return Prefixed(kBatchDomain, signed_part);
}

}  // namespace

bool IsBatch(const Json& doc) { return doc.is_object() && doc.contains("events"); }

Result<std::string> SignedBytes(const Json& doc) {
  if (!doc.is_object()) {
    return Error::Invalid({}, "a submission or batch must be a JSON object");
  }
  return IsBatch(doc) ? BatchBytes(doc) : SubmissionBytes(doc);
}

Result<Json> Sign(Json doc, const PrivateKey& key) {
  Result<std::string> bytes = SignedBytes(doc);
  if (!bytes.ok()) return bytes.error();
  doc[std::string(kSigField)] = Base64Encode(key.Sign(AsBytes(*bytes)));
  return doc;
}

Status VerifySignature(const Json& doc, const PublicKey& key) {
  if (!doc.is_object()) {
    return Error::Invalid({}, "a submission or batch must be a JSON object");
  }
  auto sig = doc.find(kSigField);
  if (sig == doc.end()) return Error::Invalid(std::string(kSigField), "missing");
  if (!sig->is_string()) return Error::Invalid(std::string(kSigField), "must be a string");
  Result<Bytes> signature = Base64Decode(sig->get_ref<const std::string&>());
  if (!signature.ok()) {
    return Error::Invalid(std::string(kSigField), "not base64: " + signature.error().message);
  }
  if (signature->size() != std::tuple_size_v<Signature>) {
    return Error::Invalid(std::string(kSigField), "must be 64 bytes of Ed25519 signature");
  }
  Result<std::string> bytes = SignedBytes(doc);
  if (!bytes.ok()) return bytes.error();
  if (!key.Verify(AsBytes(*bytes), *signature)) {
    return Error{Code::kUnauthenticated, std::string(kSigField), "signature does not verify"};
  }
  return Status::Ok();
}

}  // namespace ledger
