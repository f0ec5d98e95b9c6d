// Routing: a plain function from a Request to a Response, testable without
// a socket. Patterns are literal segments and `{name}` placeholders
// ("/v1/events/{seq}/raw"), matched against the path as sent. A pattern's
// last segment may be a catch-all `{name...}`: it matches one or more
// remaining segments, and its value is that rest of the path as sent
// ("/tile/{rest...}" gives rest "0/x001/234.p/7"); the handler parses it.
//
// No route matches the path: 404. A route matches but not for this method:
// 405 with `Allow`. A handler's Error becomes a problem response through
// HttpStatusFor. A handler's exception is our bug, but it must not take the
// server down: it becomes a 500 and is not rethrown.
//
// Add() before serving; Handle() is then const and safe from many threads.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_types.hpp"
#include "ledger/status.hpp"
#include "query.hpp"

namespace ledger::api {

// Values of the `{name}` segments of the matched pattern.
class PathParams {
 public:
  void Set(std::string name, std::string value) { values_.emplace_back(std::move(name), std::move(value)); }
  // The value of `{name}`; the route's own pattern guarantees it exists.
  const std::string& Get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

// What a handler sees of one request.
struct RouteCall {
  const Request& request;
  const QueryParams& query;
  const PathParams& path;
};

using RouteHandler = std::function<Result<Response>(const RouteCall&)>;
// A handler that answers later (it waits on the log): it calls `reply`
// exactly once, from any thread. The RouteCall is valid only during the
// call; copy what the answer needs.
using RouteReply = std::function<void(Result<Response>)>;
using AsyncRouteHandler = std::function<void(const RouteCall&, RouteReply reply)>;

class Router {
 public:
  // Registers `handler` for `method` on `pattern`. Among routes matching a
  // path, the one with more literal segments wins ("/v1/events/latest"
  // before "/v1/events/{seq}"); at equal counts, one without a catch-all.
  void Add(std::string method, std::string pattern, RouteHandler handler);
  void AddAsync(std::string method, std::string pattern, AsyncRouteHandler handler);

  // Answers `request` through `respond`, exactly once.
  void Dispatch(const Request& request, Respond respond) const;
  // The same, waiting for the answer (for tests and tools).
  Response Handle(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    std::size_t literal_count = 0;
    bool catch_all = false;  // the last segment is `{name...}`
    AsyncRouteHandler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string_view>& path,
                    PathParams* params);

  std::vector<Route> routes_;
};

}  // namespace ledger::api
