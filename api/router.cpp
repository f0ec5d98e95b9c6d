#include "router.hpp"

#include <algorithm>
#include <exception>

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

}  // namespace

const std::string& PathParams::Get(std::string_view name) const {
  for (const auto& [key, value] : values_)
    if (key == name) return value;
  LEDGER_CHECK_MSG(false, "no path parameter " + std::string(name));
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler) {
  LEDGER_CHECK_MSG(!pattern.empty() && pattern.front() == '/', pattern);
  Route route{std::move(method), std::move(pattern), {}, 0, std::move(handler)};
  for (std::string_view segment : Split(route.pattern)) {
    route.segments.emplace_back(segment);
    if (!IsPlaceholder(segment)) ++route.literal_count;
  }
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, const std::vector<std::string_view>& path,
                   PathParams* params) {
  if (route.segments.size() != path.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsPlaceholder(want)) {
      if (path[i].empty()) return false;
      found.Set(want.substr(1, want.size() - 2), std::string(path[i]));
    } else if (want != path[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

Response Router::Handle(const Request& request) const {
  auto target = ParseTarget(request.target);
  if (!target) return ErrorResponse(target.error());
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
    if (best == nullptr || route.literal_count > best->literal_count) {
      best = &route;
      best_params = std::move(params);
    }
  }
  if (best == nullptr && methods.empty()) {
    Response response = HttpProblem(404, "no such resource: " + target->path);
    response.route = "unmatched";
    return response;
  }
  if (best == nullptr) {
    std::string allow;
    for (std::string_view method : methods)
      allow.append(allow.empty() ? "" : ", ").append(method);
    Response response = HttpProblem(405, request.method + " is not allowed here; use " + allow);
    response.headers.emplace_back("Allow", allow);
    response.route = "method_not_allowed";
    return response;
  }

  Response response;
  try {
    Result<Response> result = best->handler(RouteCall{request, target->query, best_params});
    response = result ? std::move(*result) : ErrorResponse(result.error());
  } catch (const std::exception& e) {
    response = ErrorResponse(Error::Io(std::string("internal error: ") + e.what()));
  }
  response.route = best->pattern;
  return response;
}

}  // namespace ledger::api
