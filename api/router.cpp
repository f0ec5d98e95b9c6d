#include "router.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <memory>

#include "problem.hpp"

namespace ledger::api {

namespace {

// "/v1/events/3" -> {"v1", "events", "3"}; "/" -> {""}.
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);  // ParseTarget guarantees the leading '/'
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

constexpr std::string_view kCatchAllSuffix = "...}";

bool IsCatchAll(std::string_view segment) {
  return IsPlaceholder(segment) && segment.size() > 1 + kCatchAllSuffix.size() &&
         segment.ends_with(kCatchAllSuffix);
}

// The segments from `first` on, as they were sent (joined by '/').
std::string RestOf(const std::vector<std::string_view>& path, std::size_t first) {
  std::string rest;
  for (std::size_t i = first; i < path.size(); ++i) rest.append(i == first ? "" : "/").append(path[i]);
  return rest;
}

}  // namespace

const std::string& PathParams::Get(std::string_view name) const {
  for (const auto& [key, value] : values_)
    if (key == name) return value;
  LEDGER_CHECK_MSG(false, "no path parameter " + std::string(name));
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler) {
  AddAsync(std::move(method), std::move(pattern),
           [handler = std::move(handler)](const RouteCall& call, RouteReply reply) {
             reply(handler(call));
           });
}

void Router::AddAsync(std::string method, std::string pattern, AsyncRouteHandler handler) {
  LEDGER_CHECK_MSG(!pattern.empty() && pattern.front() == '/', pattern);
  Route route{std::move(method), std::move(pattern), {}, 0, false, std::move(handler)};
  for (std::string_view segment : Split(route.pattern)) {
    LEDGER_CHECK_MSG(!route.catch_all, route.pattern + ": a catch-all must be the last segment");
    route.segments.emplace_back(segment);
    route.catch_all = IsCatchAll(segment);
    if (!IsPlaceholder(segment)) ++route.literal_count;
  }
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, const std::vector<std::string_view>& path,
                   PathParams* params) {
  const std::size_t fixed = route.segments.size() - (route.catch_all ? 1 : 0);
  if (route.catch_all ? path.size() <= fixed : path.size() != fixed) return false;
  PathParams found;
  for (std::size_t i = 0; i < fixed; ++i) {
    const std::string& want = route.segments[i];
    if (IsPlaceholder(want)) {
      if (path[i].empty()) return false;
      found.Set(want.substr(1, want.size() - 2), std::string(path[i]));
    } else if (want != path[i]) {
      return false;
    }
  }
  if (route.catch_all) {
    const std::string& want = route.segments.back();
    found.Set(want.substr(1, want.size() - 1 - kCatchAllSuffix.size()), RestOf(path, fixed));
  }
  *params = std::move(found);
  return true;
}

Response Router::Handle(const Request& request) const {
  std::promise<Response> answer;
  auto answered = answer.get_future();
  Dispatch(request, [&answer](Response r) { answer.set_value(std::move(r)); });
  return answered.get();
}

void Router::Dispatch(const Request& request, Respond respond) const {
  auto target = ParseTarget(request.target);
  if (!target) return respond(ErrorResponse(target.error()));
  const std::vector<std::string_view> path = Split(target->path);

  const Route* best = nullptr;
  PathParams best_params;
  std::vector<std::string_view> methods;
  for (const Route& route : routes_) {
    PathParams params;
    if (!Match(route, path, &params)) continue;
    if (std::find(methods.begin(), methods.end(), route.method) == methods.end())
      methods.push_back(route.method);
    if (route.method != request.method) continue;
    if (best == nullptr || route.literal_count > best->literal_count ||
        (route.literal_count == best->literal_count && best->catch_all && !route.catch_all)) {
      best = &route;
      best_params = std::move(params);
    }
  }
  if (best == nullptr && methods.empty()) {
    Response response = HttpProblem(404, "no such resource: " + target->path);
    response.route = "unmatched";
    return respond(std::move(response));
  }
  if (best == nullptr) {
    std::string allow;
    for (std::string_view method : methods)
      allow.append(allow.empty() ? "" : ", ").append(method);
    Response response = HttpProblem(405, request.method + " is not allowed here; use " + allow);
    response.headers.emplace_back("Allow", allow);
    response.route = "method_not_allowed";
    return respond(std::move(response));
  }

  // Exactly one answer, even if the handler throws after replying.
  auto replied = std::make_shared<std::atomic<bool>>(false);
  RouteReply reply = [replied, respond, route = best->pattern](Result<Response> result) {
    if (replied->exchange(true)) return;
    Response response = result ? std::move(*result) : ErrorResponse(result.error());
    response.route = route;
    respond(std::move(response));
  };
  try {
    best->handler(RouteCall{request, target->query, best_params}, reply);
  } catch (const std::exception& e) {
    reply(Error::Io(std::string("internal error: ") + e.what()));
  }
}

}  // namespace ledger::api
