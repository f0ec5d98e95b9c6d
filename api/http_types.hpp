// The HTTP layer's own request and response: plain values with no Boost,
// so that routing and handlers are tested without sockets. The session
// converts Beast messages to and from these; nothing else sees Beast.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ledger::api {

inline constexpr std::string_view kJsonType = "application/json; charset=utf-8";
inline constexpr std::string_view kProblemType = "application/problem+json; charset=utf-8";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";
// /v1/events/{seq}/raw: the stored bytes exactly, so no parameter is added.
inline constexpr std::string_view kRawJsonType = "application/json";
// GET /v1/events/stream (Server-Sent Events).
inline constexpr std::string_view kEventStreamType = "text/event-stream; charset=utf-8";

class StreamSource;  // stream_source.hpp

// (name, value) pairs. In a Request, names are lower-cased; in a Response,
// written as given.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // origin-form: path and optional "?query"
  Headers headers;
  std::string body;

  // The first value of header `lower_name`, or "" when absent.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
      if (name == lower_name) return value;
    return {};
  }
};

struct Response {
  int status = 200;
  std::string content_type{kTextType};
  std::string body;
  Headers headers;  // extra headers, named as sent: {"Allow", "GET"}
  // Which route answered ("/v1/events/{seq}"), or a fixed label for answers
  // that no route produced. Never sent: it labels metrics and nothing else.
  std::string route = "none";
  // Set for a streamed answer: `body` is ignored; after the header the
  // session writes what the source produces, on a connection given over
  // to it (no keep-alive), until the client leaves or the server stops.
  std::shared_ptr<StreamSource> stream;
};

// How an answer is handed back to the connection that asked.
using Respond = std::function<void(Response)>;

}  // namespace ledger::api
