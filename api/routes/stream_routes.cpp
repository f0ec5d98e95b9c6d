#include "routes/stream_routes.hpp"

#include <memory>
#include <string>

#include "event_stream.hpp"

namespace ledger::api {

namespace {

// The seq of the first message; see the header for the rules.
Result<uint64_t> StreamStart(const Log& log, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from"}));
  auto from = call.query.Uint("from");
  if (!from) return from.error();
  const uint64_t size = log.size();
  const std::string holds = "; the log holds " + std::to_string(size) + " events";
  const std::string_view last_id = call.request.Header("last-event-id");
  if (!last_id.empty()) {
    auto seen = ParseDecimal("Last-Event-ID", last_id);
    if (!seen) return seen.error();
    if (*seen >= size) return Error::Invalid("Last-Event-ID", "no event " + std::to_string(*seen) + holds);
    return *seen + 1;
  }
  if (!*from) return size;
  if (**from > size)
    return Error::Invalid("from", "must be at most the log's size (from=" + std::to_string(size) +
                                      " sends only new events)" + holds);
  return **from;
}

Result<Response> StreamEvents(const Log& log, const RouteCall& call) {
  auto start = StreamStart(log, call);
  if (!start) return start.error();
  Response response;
  response.content_type = kEventStreamType;
  response.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
  response.stream = std::make_shared<EventStream>(log, *start);
  return response;
}

}  // namespace

void AddStreamRoutes(Router& router, const Log& log) {
  router.Add("GET", "/v1/events/stream", [&log](const RouteCall& call) { return StreamEvents(log, call); });
}

}  // namespace ledger::api
