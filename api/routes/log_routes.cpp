#include "routes/log_routes.hpp"

#include <optional>
#include <string>
#include <vector>

#include "event_json.hpp"
#include "ledger/encoding.hpp"
#include "ledger/merkle.hpp"
#include "problem.hpp"
#include "responses.hpp"

namespace ledger::api {

namespace {

Error NotFound(std::string field, std::string message) {
  return {Code::kNotFound, std::move(field), std::move(message)};
}


Json Hex(const Hash& hash) { return HexEncode(hash); }

Json HexList(const std::vector<Hash>& hashes) {
  Json list = Json::array();
  for (const Hash& hash : hashes) list.push_back(HexEncode(hash));
  return list;
}

Json NextOrNull(std::optional<uint64_t> next) { return next ? Json(*next) : Json(nullptr); }

Result<std::size_t> PageLimit(const QueryParams& query) {
  auto limit = query.Uint("limit");
  if (!limit) return limit.error();
  if (!*limit) return kDefaultPageLimit;
  if (**limit == 0 || **limit > kMaxPageLimit)
    return Error::Invalid("limit", "must be between 1 and " + std::to_string(kMaxPageLimit));
  return static_cast<std::size_t>(**limit);
}

// {seq} of the path, which must name a durable event.
Result<uint64_t> EventSeq(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  auto seq = ParseDecimal("seq", call.path.Get("seq"));
  if (!seq) return seq.error();
  const uint64_t size = log.size();
  if (*seq >= size)
    return NotFound("seq", "no event " + std::to_string(*seq) + "; the log holds " +
                               std::to_string(size));
  return *seq;
}

Result<Response> GetEvent(const Log& log, const RouteCall& call) {
  auto seq = EventSeq(log, call);
  if (!seq) return seq.error();
  auto bytes = log.ReadEvent(*seq);
  if (!bytes) return NotFoundAt(bytes.error(), "seq");
  auto body = EventBody(*seq, *bytes);
  if (!body) return body.error();
  Response response;
  response.content_type = kJsonType;
  response.body = std::move(*body);
  return response;
}

Result<Response> GetRawEvent(const Log& log, const RouteCall& call) {
  auto seq = EventSeq(log, call);
  if (!seq) return seq.error();
  auto bytes = log.ReadEvent(*seq);
  if (!bytes) return NotFoundAt(bytes.error(), "seq");
  Response response;
  response.content_type = kRawJsonType;
  response.body = std::move(*bytes);
  return response;
}

Result<Response> ListEvents(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from", "limit"}));
  auto from = call.query.Uint("from");
  if (!from) return from.error();
  auto limit = PageLimit(call.query);
  if (!limit) return limit.error();
  const uint64_t size = log.size();
  const uint64_t start = from->value_or(0);
  Json events = Json::array();
  uint64_t end = start;
  if (start < size) {
    auto page = log.ReadEvents(start, std::min<uint64_t>(*limit, size - start));
    if (!page) return page.error();
    for (const std::string& canonical : *page) {
      auto event = EventObject(end++, canonical);
      if (!event) return event.error();
      events.push_back(std::move(*event));
    }
  }
  return JsonResponse(200, Json{{"events", std::move(events)},
                                {"next", NextOrNull(end < size ? std::optional(end) : std::nullopt)}});
}

Result<Response> GetCheckpoint(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"size"}));
  auto size = call.query.Uint("size");
  if (!size) return size.error();
  auto note = *size ? log.CheckpointAt(**size) : log.LatestCheckpoint();
  if (!note) {
    if (*size && note.error().code == Code::kNotFound)
      return NotFound("size", "no checkpoint of size " + std::to_string(**size) + " is kept");
    return note.error();
  }
  return TextResponse(200, std::move(*note));
}

Result<Response> ListCheckpoints(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from", "limit"}));
  auto from = call.query.Uint("from");
  if (!from) return from.error();
  auto limit = PageLimit(call.query);
  if (!limit) return limit.error();
  // One more than asked tells whether there is a next page, and where.
  auto sizes = log.CheckpointSizes(from->value_or(0), *limit + 1);
  if (!sizes) return sizes.error();
  std::optional<uint64_t> next;
  if (sizes->size() > *limit) {
    next = (*sizes)[*limit];
    sizes->resize(*limit);
  }
  return JsonResponse(200, Json{{"sizes", *sizes}, {"next", NextOrNull(next)}});
}

Result<Response> GetLogKey(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  return TextResponse(200, log.verifier_key() + "\n");
}

Result<Response> InclusionProof(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"seq", "size"}));
  auto seq = call.query.Uint("seq");
  if (!seq) return seq.error();
  auto size = call.query.Uint("size");
  if (!size) return size.error();
  if (!*seq) return Error::Invalid("seq", "required");
  const uint64_t tree_size = log.size();
  if (*size && **size == 0) return Error::Invalid("size", "must be at least 1");
  if (*size && **size > tree_size)
    return NotFound("size", "unknown size " + std::to_string(**size) + "; the tree holds " +
                                std::to_string(tree_size));
  if (*size && **seq >= **size)
    return Error::Invalid("seq", "must be less than size " + std::to_string(**size));
  if (**seq >= tree_size)
    return NotFound("seq", "no event " + std::to_string(**seq) + "; the log holds " +
                               std::to_string(tree_size));
  const uint64_t proof_size = size->value_or(tree_size);

  auto leaf = log.LeafHashAt(**seq);
  if (!leaf) return leaf.error();
  auto root = log.RootAt(proof_size);
  if (!root) return root.error();
  auto proof = log.InclusionProof(**seq, proof_size);
  if (!proof) return proof.error();
  return JsonResponse(200, Json{{"seq", **seq}, {"tree_size", proof_size},
                                {"leaf_hash", Hex(*leaf)}, {"root", Hex(*root)},
                                {"hashes", HexList(*proof)}});
}

Result<Response> ConsistencyProof(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from", "to"}));
  auto from = call.query.Uint("from");
  if (!from) return from.error();
  auto to = call.query.Uint("to");
  if (!to) return to.error();
  if (!*from) return Error::Invalid("from", "required");
  if (**from == 0) return Error::Invalid("from", "must be at least 1 (no proof from the empty tree)");
  const uint64_t tree_size = log.size();
  const uint64_t to_size = to->value_or(tree_size);
  const std::string holds = "; the tree holds " + std::to_string(tree_size);
  if (to_size > tree_size) return NotFound("to", "unknown size " + std::to_string(to_size) + holds);
  if (**from > to_size) {
    if (**from > tree_size)
      return NotFound("from", "unknown size " + std::to_string(**from) + holds);
    return Error::Invalid("from", "must not exceed to (" + std::to_string(to_size) + ")");
  }

  auto root_from = log.RootAt(**from);
  if (!root_from) return root_from.error();
  auto root_to = log.RootAt(to_size);
  if (!root_to) return root_to.error();
  auto proof = log.ConsistencyProof(**from, to_size);
  if (!proof) return proof.error();
  return JsonResponse(200, Json{{"from", **from}, {"to", to_size},
                                {"root_from", Hex(*root_from)}, {"root_to", Hex(*root_to)},
                                {"hashes", HexList(*proof)}});
}

}  // namespace

void AddLogRoutes(Router& router, const Log& log) {
  auto bind = [&log](Result<Response> (*handler)(const Log&, const RouteCall&)) {
    return [&log, handler](const RouteCall& call) { return handler(log, call); };
  };
  router.Add("GET", "/v1/events", bind(ListEvents));
  router.Add("GET", "/v1/events/{seq}", bind(GetEvent));
  router.Add("GET", "/v1/events/{seq}/raw", bind(GetRawEvent));
  router.Add("GET", "/v1/checkpoint", bind(GetCheckpoint));
  router.Add("GET", "/v1/checkpoints", bind(ListCheckpoints));
  router.Add("GET", "/v1/log/key", bind(GetLogKey));
  router.Add("GET", "/v1/proof/inclusion", bind(InclusionProof));
  router.Add("GET", "/v1/proof/consistency", bind(ConsistencyProof));
}

}  // namespace ledger::api
