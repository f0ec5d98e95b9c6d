#include "routes/tile_routes.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "counted_slots.hpp"
#include "ledger/store.hpp"
#include "ledger/tiles.hpp"
#include "problem.hpp"
#include "responses.hpp"

namespace ledger::api {
namespace {

std::string Describe(const TileId& tile) {
  std::string path = "/";  // appended: GCC 12 warns falsely (-Wrestrict) on "/" + string
  path += TilePath(tile);
  return path;
}

Response TileResponse(std::string bytes, bool full) {
  Response response;
  response.content_type = kTileContentType;
  response.body = std::move(bytes);
  response.headers.emplace_back(
      "Cache-Control", std::string(full ? kFullTileCacheControl : kPartialTileCacheControl));
  return response;
}

// The tile, if the log of `size` holds it at the width asked.
Status RequirePresent(const TileId& tile, uint64_t size) {
  const uint16_t available = TileWidthAt(tile.level, tile.index, size);
  const std::string holds = "; the log holds " + std::to_string(size) + " events";
  if (available == 0)
    return Error{Code::kNotFound, "index", Describe(tile) + " is beyond the log" + holds};
  if (tile.width <= available) return Status::Ok();
  if (tile.full())
    return Error{Code::kNotFound, "index",
                 Describe(tile) + " is not full yet: it holds " + std::to_string(available) +
                     " hashes" + holds};
  return Error{Code::kNotFound, "width",
               Describe(tile) + " is wider than the " + std::to_string(available) +
                   " hashes the tile holds" + holds};
}

// What the routes share: the log, and the bundles being built.
struct TileRoutes {
  // Spelled out: clang 14 has no C++20 parenthesized aggregate init.
  TileRoutes(const Log& log_in, TileRouteLimits limits_in) : log(log_in), limits(limits_in) {}
  const Log& log;
  TileRouteLimits limits;
  CountedSlots bundle_builds;
};

Result<std::string> EntryBundle(TileRoutes& routes, const TileId& tile) {
  std::optional<CountedSlots::Slot> slot = routes.bundle_builds.TryTake(routes.limits.max_bundle_builds);
  if (!slot)
    return Error{Code::kUnavailable, {},
                 "the server is building its limit of " + std::to_string(routes.limits.max_bundle_builds) +
                     " entry bundles at once; try again shortly"};
  return ReadEntryBundle(*routes.log.store().NewCursor(Column::kEvents), tile);
}

Result<Response> GetTile(TileRoutes& routes, const RouteCall& call) {
  LEDGER_ASSIGN_OR_RETURN(const TileId tile, ParseTilePath(call.path.Get("rest")));
  const uint64_t size = routes.log.size();  // once: the answer is for this size
  LEDGER_RETURN_IF_ERROR(RequirePresent(tile, size));
  Result<std::string> bytes = tile.entries ? EntryBundle(routes, tile)
                                           : ReadTile(routes.log.store().nodes(), tile);
  if (!bytes) return bytes.error();
  return TileResponse(std::move(*bytes), tile.full());
}

Result<Response> GetCheckpoint(const Log& log, const RouteCall&) {
  LEDGER_ASSIGN_OR_RETURN(std::string note, log.LatestCheckpoint());
  Response response = TextResponse(200, std::move(note));
  response.headers.emplace_back("Cache-Control", std::string(kCheckpointCacheControl));
  return response;
}

// An error as its problem response, marked not to be cached.
RouteHandler NoStoreErrors(std::function<Result<Response>(const RouteCall&)> handler) {
  return [handler = std::move(handler)](const RouteCall& call) -> Result<Response> {
    Result<Response> result = handler(call);
    if (result) return result;
    Response problem = ErrorResponse(result.error());
    problem.headers.emplace_back("Cache-Control", std::string(kTileErrorCacheControl));
    return problem;
  };
}

}  // namespace

void AddTileRoutes(Router& router, const Log& log, TileRouteLimits limits) {
  // Shared by the GET and HEAD handlers; lives as long as the router.
  auto routes = std::make_shared<TileRoutes>(log, limits);
  // HEAD as well, as a static server answers it (a cache may revalidate
  // with it); the session sends the GET's headers without the body.
  for (const char* method : {"GET", "HEAD"}) {
    router.Add(method, "/checkpoint",
               NoStoreErrors([&log](const RouteCall& call) { return GetCheckpoint(log, call); }));
    router.Add(method, "/tile/{rest...}",
               NoStoreErrors([routes](const RouteCall& call) { return GetTile(*routes, call); }));
  }
}

}  // namespace ledger::api
