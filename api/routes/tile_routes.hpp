// The log as C2SP tlog-tiles serves it, at the server's root
// (docs/checkpoints.md, "Tiles"; docs/api.md):
//
//   GET /checkpoint                        the latest signed checkpoint, as
//                                          GET /v1/checkpoint serves it
//   GET /tile/<L>/<N>[.p/<W>]              hash tiles
//   GET /tile/entries/<N>[.p/<W>]          entry bundles
//
// Every handler reads the log's durable size once and answers for it. A
// tile is served at any width the log holds (a full tile at 256, a
// partial one at W <= what is complete): those bytes never change, so
// they are cached as immutable. A malformed path is 400 naming "level",
// "index" or "width"; a tile beyond the log is 404. Query strings are
// ignored, as a static file server would.
//
// Every answer that is not 200 (400, 404, 500, 503) carries
// `Cache-Control: no-store`: a tile missing now exists a second later, so a
// cache must not keep its 404. An entry bundle is built in memory whole (up
// to about 16 MiB), so at most `max_bundle_builds` are built at once; one
// more is 503 with `Retry-After: 1`. HEAD builds the same body as GET (the
// session sends the GET's Content-Length, which it takes from the body).
#pragma once

#include <cstddef>
#include <string_view>

#include "ledger/log.hpp"
#include "router.hpp"

namespace ledger::api {

inline constexpr std::string_view kTileContentType = "application/octet-stream";
// Full tiles and bundles: fixed forever.
inline constexpr std::string_view kFullTileCacheControl = "public, max-age=31536000, immutable";
// Partial ones are fixed too, but superseded as the log grows: a day lets
// caches drop them.
inline constexpr std::string_view kPartialTileCacheControl = "public, max-age=86400, immutable";
// The checkpoint changes at least every second while the log grows.
inline constexpr std::string_view kCheckpointCacheControl = "public, max-age=2";

// Errors of these routes, to be revalidated every time.
inline constexpr std::string_view kTileErrorCacheControl = "no-store";
// Bundles built at once: at most 4 × 16 MiB being read into memory. A
// built bundle then waits in its connection's write like any answer, under
// the server's connection limit.
inline constexpr std::size_t kMaxBundleBuilds = 4;

struct TileRouteLimits {
  std::size_t max_bundle_builds = kMaxBundleBuilds;
};

// Adds the routes to `router`. `log` must outlive the router.
void AddTileRoutes(Router& router, const Log& log, TileRouteLimits limits = {});

}  // namespace ledger::api
