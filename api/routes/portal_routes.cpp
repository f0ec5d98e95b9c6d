#include "routes/portal_routes.hpp"

#include <string>

#include "portal_files.hpp"

namespace ledger::api {

namespace {

// The query is not read: links to the portal may carry any (a campaign
// tag, a cache-buster), and a static file must not refuse them.
Result<Response> ServeFile(std::string_view name) {
  std::optional<PortalFile> file = FindPortalFile(name);
  if (!file) return Error::NotFound("no portal file " + std::string(name));
  Response response;
  response.status = 200;
  response.content_type = std::string(file->content_type);
  response.body = std::string(file->bytes);
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file->content_type.starts_with("text/html"))
    response.headers.emplace_back("Content-Security-Policy", std::string(kPortalCsp));
  return response;
}

}  // namespace

void AddPortalRoutes(Router& router) {
  // The session sends a HEAD answer's headers with the GET's Content-Length
  // and no body, so one handler serves both methods.
  for (const char* method : {"GET", "HEAD"}) {
    router.Add(method, "/", [](const RouteCall&) { return ServeFile("index.html"); });
    router.Add(method, "/portal/{name}", [](const RouteCall& call) {
      return ServeFile(call.path.Get("name"));
    });
  }
}

}  // namespace ledger::api
