// The transparency portal's static files, embedded at build time
// (portal_files.hpp): GET / is index.html, GET /portal/{name} any embedded
// file; HEAD answers the same headers without the body. An unknown name is
// 404.
//
// Every answer carries `Cache-Control: no-cache` (a browser revalidates, so
// a new deployment is seen at once) and `X-Content-Type-Options: nosniff`.
// HTML also carries kPortalCsp: the portal loads nothing but its own files
// and talks only to this server.
#pragma once

#include <string_view>

#include "router.hpp"

namespace ledger::api {

inline constexpr std::string_view kPortalCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

void AddPortalRoutes(Router& router);

}  // namespace ledger::api
