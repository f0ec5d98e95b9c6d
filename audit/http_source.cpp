#include "http_source.hpp"

#include <algorithm>
#include <utility>

#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/encoding.hpp"
#include "ledger/log.hpp"
#include "ledger/merkle.hpp"

namespace ledger::audit {
namespace {

// Of an answer that is not a problem document, this much is quoted.
constexpr std::size_t kQuotedBodyBytes = 200;

Code CodeForStatus(int status) {
  switch (status) {
    case 401: return Code::kUnauthenticated;
    case 403: return Code::kPermissionDenied;
    case 404: return Code::kNotFound;
    case 409: return Code::kConflict;
    case 413: return Code::kTooLarge;
    case 422: return Code::kUnprocessable;
    case 429: return Code::kRateLimited;
    case 503: return Code::kUnavailable;
  }
  return status >= 400 && status < 500 ? Code::kInvalidArgument : Code::kIoError;
}

std::string ProblemDetail(const api::HttpReply& reply) {
  Result<Json> problem = ParseStrict(reply.body, NumberMode::kAny);
  if (problem.ok() && problem->is_object()) {
    auto detail = problem->find("detail");
    if (detail != problem->end() && detail->is_string()) return detail->get<std::string>();
  }
  std::string quoted = reply.body.substr(0, kQuotedBodyBytes);
  std::replace_if(quoted.begin(), quoted.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
  return quoted.empty() ? "no detail" : quoted;
}

Error BadAnswer(std::string_view path, std::string message) {
  return Error{Code::kIoError, {}, "GET " + std::string(path) + ": " + std::move(message)};
}

// A JSON member that must be a non-negative integer.
Result<uint64_t> UintMember(const Json& object, const char* name, std::string_view path) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_unsigned())
    return BadAnswer(path, std::string("\"") + name + "\" is not a non-negative integer");
  return it->get<uint64_t>();
}

Result<Hash> HexHash(const Json& value, std::string_view path, const std::string& what) {
  if (!value.is_string()) return BadAnswer(path, what + " is not a hex string");
  Result<Bytes> bytes = HexDecode(value.get<std::string>());
  if (!bytes.ok() || bytes->size() != Hash{}.size())
    return BadAnswer(path, what + " is not 64 lower-case hex digits");
  Hash hash{};
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

Result<Json> JsonObject(const api::HttpReply& reply, std::string_view path) {
  Result<Json> parsed = ParseStrict(reply.body);
  if (!parsed.ok()) return BadAnswer(path, "the answer is not valid JSON: " + parsed.error().ToString());
  if (!parsed->is_object()) return BadAnswer(path, "the answer is not a JSON object");
  return std::move(*parsed);
}

// The event's canonical bytes, rebuilt from its page entry, after checking
// the server's leaf_hash against them.
Result<std::string> CanonicalEvent(Json event, uint64_t seq, std::string_view path) {
  if (!event.is_object()) return BadAnswer(path, "event " + std::to_string(seq) + " is not an object");
  auto leaf = event.find("leaf_hash");
  if (leaf == event.end()) return BadAnswer(path, "event " + std::to_string(seq) + " has no leaf_hash");
  Result<Hash> claimed = HexHash(*leaf, path, "leaf_hash of event " + std::to_string(seq));
  if (!claimed.ok()) return claimed.error();
  event.erase(leaf);
  Result<std::string> bytes = Canonicalize(event);
  if (!bytes.ok()) return BadAnswer(path, "event " + std::to_string(seq) + ": " + bytes.error().ToString());
  if (LeafHash(*bytes) != *claimed) {
    return Error::Corruption("the server's leaf_hash of event " + std::to_string(seq) +
                             " is not the hash of the event it serves (" + HexEncode(*claimed) +
                             " served, " + HexEncode(LeafHash(*bytes)) + " computed)");
  }
  return std::move(*bytes);
}

}  // namespace

Error HttpReplyError(std::string_view path, const api::HttpReply& reply) {
  return Error{CodeForStatus(reply.status), {},
               std::string(path) + ": " + std::to_string(reply.status) + ": " + ProblemDetail(reply)};
}

HttpSource::HttpSource(api::HttpUrl base, const std::string& ca_file)
    : client_(std::move(base),
              api::HttpClientOptions{.ca_file = ca_file, .max_reply_body_bytes = kMaxHttpSourceReplyBytes}) {}

Result<std::unique_ptr<HttpSource>> HttpSource::Open(const std::string& url, const std::string& ca_file) {
  Result<api::HttpUrl> base = api::ParseHttpUrl(url);
  if (!base.ok()) return base.error();
  return std::unique_ptr<HttpSource>(new HttpSource(std::move(*base), ca_file));
}

Result<std::unique_ptr<Source>> OpenHttpSource(const std::string& url, const std::string& ca_file) {
  Result<std::unique_ptr<HttpSource>> source = HttpSource::Open(url, ca_file);
  if (!source.ok()) return source.error();
  return std::unique_ptr<Source>(std::move(*source));
}

std::string HttpSource::Describe() const { return "url:" + client_.base().ToString(); }

Result<api::HttpReply> HttpSource::GetOk(const std::string& path) {
  Result<api::HttpReply> reply = client_.Get(path);
  if (!reply.ok()) {
    Error error = reply.error();
    error.message = "GET " + path + ": " + error.message;
    return error;
  }
  if (reply->status < 200 || reply->status > 299) return HttpReplyError("GET " + path, *reply);
  return reply;
}

Result<std::optional<Json>> HttpSource::ServedJson(const std::string& path) {
  Result<api::HttpReply> reply = GetOk(path);
  if (!reply.ok()) return reply.error();
  Result<Json> json = ParseStrict(reply->body);
  if (!json.ok()) return BadAnswer(path, "the answer is not JSON: " + json.error().ToString());
  return std::optional<Json>(std::move(*json));
}

Result<uint64_t> HttpSource::Size() {
  if (size_) return *size_;
  const std::string path = "/v1/checkpoint";
  Result<api::HttpReply> reply = GetOk(path);
  if (!reply.ok()) return reply.error();
  // Only the size is read here; the auditor verifies the note's signature.
  Result<SignedNote> note = ParseSignedNote(reply->body);
  if (!note.ok()) return BadAnswer(path, "the checkpoint does not parse: " + note.error().ToString());
  Result<Checkpoint> checkpoint = ParseCheckpointBody(note->text);
  if (!checkpoint.ok()) return BadAnswer(path, "the checkpoint does not parse: " + checkpoint.error().ToString());
  latest_note_ = std::move(reply->body);
  size_ = checkpoint->size;
  return *size_;
}

Result<std::string> HttpSource::LatestCheckpointNote() {
  Result<uint64_t> size = Size();
  if (!size.ok()) return size.error();
  return latest_note_;
}

Result<std::string> HttpSource::LogKey() {
  Result<api::HttpReply> reply = GetOk("/v1/log/key");
  if (!reply.ok()) return reply.error();
  std::string key = std::move(reply->body);
  if (!key.empty() && key.back() == '\n') key.pop_back();
  return key;
}

Result<std::vector<SourceEvent>> HttpSource::ReadPage(uint64_t from, std::size_t limit) {
  const std::string path = "/v1/events?from=" + std::to_string(from) + "&limit=" + std::to_string(limit);
  Result<api::HttpReply> reply = GetOk(path);
  if (!reply.ok()) return reply.error();
  Result<Json> page = JsonObject(*reply, path);
  if (!page.ok()) return page.error();
  auto events = page->find("events");
  if (events == page->end() || !events->is_array()) return BadAnswer(path, "no \"events\" array");
  if (events->size() > limit)
    return BadAnswer(path, std::to_string(events->size()) + " events, more than the " +
                               std::to_string(limit) + " asked for");
  std::vector<SourceEvent> out;
  out.reserve(events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    const uint64_t key = from + i;
    Result<std::string> bytes = CanonicalEvent(std::move((*events)[i]), key, path);
    if (!bytes.ok()) return bytes.error();
    out.push_back({key, std::move(*bytes)});
  }
  return out;
}

Result<std::vector<SourceEvent>> HttpSource::ReadEvents(uint64_t from, std::size_t limit) {
  Result<uint64_t> size = Size();
  if (!size.ok()) return size.error();
  std::vector<SourceEvent> out;
  const uint64_t end = from >= *size ? from : from + std::min<uint64_t>(limit, *size - from);
  // A server may answer with a short page; ask on until `limit` events or
  // an empty page. Every round gets at least one event, so this ends.
  for (uint64_t at = from; at < end;) {
    const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(end - at, kHttpEventsPageLimit));
    Result<std::vector<SourceEvent>> page = ReadPage(at, want);
    if (!page.ok()) return page.error();
    if (page->empty()) break;  // the server lacks events its checkpoint counts: the auditor names the seq
    at += page->size();
    for (SourceEvent& event : *page) out.push_back(std::move(event));
  }
  return out;
}

Result<std::string> HttpSource::ReadEvent(uint64_t seq) {
  Result<api::HttpReply> reply = GetOk("/v1/events/" + std::to_string(seq) + "/raw");
  if (!reply.ok()) return reply.error();
  if (reply->body.size() > kMaxEventBytes)
    return BadAnswer("/v1/events/" + std::to_string(seq) + "/raw",
                     "an event of " + std::to_string(reply->body.size()) + " bytes, over the limit of " +
                         std::to_string(kMaxEventBytes));
  return std::move(reply->body);
}

// Sizes beyond Size() are left out: they are checkpoints made after the one
// this audit ends at (the log kept growing while we read it), not a log
// truncated below its checkpoints.
Result<std::vector<uint64_t>> HttpSource::CheckpointSizes() {
  Result<uint64_t> size = Size();
  if (!size.ok()) return size.error();
  std::vector<uint64_t> sizes;
  // Each page holds at least one new size, and there are at most Size() + 1
  // sizes up to Size(): this many pages always suffice.
  const uint64_t max_pages = *size / kHttpCheckpointsPageLimit + 2;
  uint64_t from = 0;
  for (uint64_t page_count = 0; page_count < max_pages; ++page_count) {
    const std::string path = "/v1/checkpoints?from=" + std::to_string(from) +
                             "&limit=" + std::to_string(kHttpCheckpointsPageLimit);
    Result<api::HttpReply> reply = GetOk(path);
    if (!reply.ok()) return reply.error();
    Result<Json> page = JsonObject(*reply, path);
    if (!page.ok()) return page.error();
    auto listed = page->find("sizes");
    if (listed == page->end() || !listed->is_array()) return BadAnswer(path, "no \"sizes\" array");
    if (listed->size() > kHttpCheckpointsPageLimit) return BadAnswer(path, "more sizes than asked for");
    for (const Json& value : *listed) {
      if (!value.is_number_unsigned()) return BadAnswer(path, "a size is not a non-negative integer");
      const uint64_t listed_size = value.get<uint64_t>();
      if (listed_size < from || (!sizes.empty() && listed_size <= sizes.back()))
        return BadAnswer(path, "sizes are not ascending from " + std::to_string(from));
      if (listed_size > *size) return sizes;
      sizes.push_back(listed_size);
    }
    auto next = page->find("next");
    if (next == page->end() || next->is_null()) return sizes;
    Result<uint64_t> next_from = UintMember(*page, "next", path);
    if (!next_from.ok()) return next_from.error();
    if (*next_from <= from || listed->empty()) return BadAnswer(path, "\"next\" does not move forward");
    from = *next_from;
  }
  return BadAnswer("/v1/checkpoints", "more pages than a log of " + std::to_string(*size) +
                                          " events can have");
}

Result<std::vector<std::string>> HttpSource::CheckpointNotes(uint64_t size) {
  const std::string path = "/v1/checkpoint?size=" + std::to_string(size);
  Result<api::HttpReply> reply = GetOk(path);
  if (!reply.ok()) return reply.error();
  if (reply->body.size() > kMaxNoteBytes)
    return BadAnswer(path, "a note of " + std::to_string(reply->body.size()) + " bytes, over the limit of " +
                               std::to_string(kMaxNoteBytes));
  return std::vector<std::string>{std::move(reply->body)};
}

Result<std::optional<ConsistencyProofData>> HttpSource::ConsistencyProof(uint64_t from, uint64_t to) {
  const std::string path = "/v1/proof/consistency?from=" + std::to_string(from) + "&to=" + std::to_string(to);
  Result<api::HttpReply> reply = GetOk(path);
  if (!reply.ok()) return reply.error();
  Result<Json> answer = JsonObject(*reply, path);
  if (!answer.ok()) return answer.error();
  Result<uint64_t> answered_from = UintMember(*answer, "from", path);
  if (!answered_from.ok()) return answered_from.error();
  Result<uint64_t> answered_to = UintMember(*answer, "to", path);
  if (!answered_to.ok()) return answered_to.error();
  if (*answered_from != from || *answered_to != to) return BadAnswer(path, "a proof between other sizes");
  ConsistencyProofData proof;
  for (const char* name : {"root_from", "root_to"}) {
    auto it = answer->find(name);
    Result<Hash> root = HexHash(it == answer->end() ? Json() : *it, path, name);
    if (!root.ok()) return root.error();
    (std::string_view(name) == "root_from" ? proof.root_from : proof.root_to) = *root;
  }
  auto hashes = answer->find("hashes");
  if (hashes == answer->end() || !hashes->is_array()) return BadAnswer(path, "no \"hashes\" array");
  if (hashes->size() > kMaxProofHashes) return BadAnswer(path, "more hashes than any proof holds");
  for (const Json& hex : *hashes) {
    Result<Hash> hash = HexHash(hex, path, "a proof hash");
    if (!hash.ok()) return hash.error();
    proof.hashes.push_back(*hash);
  }
  return std::optional<ConsistencyProofData>(std::move(proof));
}

}  // namespace ledger::audit
