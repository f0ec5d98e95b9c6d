#include "problem.hpp"

#include "ledger/canonical_json.hpp"

namespace ledger::api {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 400;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kTooLarge: return 413;
    case Code::kUnprocessable: return 422;
    case Code::kRateLimited: return 429;
    case Code::kUnavailable: return 503;
    case Code::kIoError: return 500;
    case Code::kCorruption: return 500;
  }
  LEDGER_CHECK_MSG(false, "unmapped ledger::Code");
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";  // a status we never send; any phrase is honest
  }
}

namespace {

using Ordered = nlohmann::ordered_json;  // members in RFC 9457's order, for readers

// "events[3].body.amount_fen" -> index 3, field "body.amount_fen".
std::pair<Ordered, std::string> SplitIndex(const std::string& field) {
  constexpr std::string_view kEvents = "events[";
  if (!field.starts_with(kEvents)) return {nullptr, field};
  const std::size_t close = field.find(']', kEvents.size());
  if (close == std::string::npos || close == kEvents.size()) return {nullptr, field};
  uint64_t index = 0;
  for (std::size_t i = kEvents.size(); i < close; ++i) {
    if (field[i] < '0' || field[i] > '9' || index > 1'000'000) return {nullptr, field};
    index = index * 10 + static_cast<uint64_t>(field[i] - '0');
  }
  std::size_t rest = close + 1;
  if (rest < field.size() && field[rest] == '.') ++rest;
  return {Ordered(index), field.substr(rest)};
}

Response Problem(int status, const std::string& full_field, const std::string& message) {
  auto [index, field] = SplitIndex(full_field);
  Ordered entry = {{"index", std::move(index)},
                   {"field", field.empty() ? Ordered(nullptr) : Ordered(field)},
                   {"message", message}};
  Ordered body = {{"type", "about:blank"},
                  {"title", ReasonPhrase(status)},
                  {"status", status},
                  {"detail", full_field.empty() ? message : full_field + ": " + message},
                  {"errors", Ordered::array({entry})}};
  Response response;
  response.status = status;
  response.content_type = kProblemType;
  // `replace`: a message quoting client bytes must not make dump() throw.
  response.body = body.dump(-1, ' ', false, Ordered::error_handler_t::replace);
  return response;
}

}  // namespace

Response ErrorResponse(const Error& error) {
  Response response = Problem(HttpStatusFor(error.code), error.field, error.message);
  // Both pass within a second: a token bucket refills at least one a
  // second, a full queue drains many groups a second. A client that waits
  // longer is welcome to.
  if (response.status == 429 || response.status == 503) response.headers.emplace_back("Retry-After", "1");
  return response;
}

Error NotFoundAt(const Error& error, std::string field) {
  if (error.code != Code::kNotFound || !error.field.empty()) return error;
  return Error{Code::kNotFound, std::move(field), error.message};
}

Response HttpProblem(int status, std::string detail, std::string field) {
  return Problem(status, field, detail);
}

}  // namespace ledger::api
