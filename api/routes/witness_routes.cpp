#include "routes/witness_routes.hpp"

#include <optional>
#include <string>

#include "ledger/checkpoint.hpp"
#include "problem.hpp"
#include "responses.hpp"

namespace ledger::api {
namespace {

// A witness posts rarely, so the synced write of its lines runs on the
// io thread rather than through the log's writer queue.
Result<Response> PostCosignatures(Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  const std::string& body = call.request.body;
  if (body.size() > kMaxNoteBytes) {
    return Error{Code::kTooLarge, "note",
                 "a signed note is at most " + std::to_string(kMaxNoteBytes) + " bytes, got " +
                     std::to_string(body.size())};
  }
  auto added = ledger.AddCosignatures(body);
  if (!added.ok()) return added.error();
  return JsonResponse(201, *added);
}

Result<Response> GetCosignatures(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"size"}));
  auto size = call.query.Uint("size");
  if (!size.ok()) return size.error();
  auto cosigned = ledger.CosignaturesJson(*size);
  if (!cosigned.ok()) return NotFoundAt(cosigned.error(), "size");
  return JsonResponse(200, *cosigned);
}

}  // namespace

void AddWitnessRoutes(Router& router, Ledger& ledger) {
  router.Add("POST", "/v1/cosignatures",
             [&ledger](const RouteCall& call) { return PostCosignatures(ledger, call); });
  router.Add("GET", "/v1/cosignatures",
             [&ledger](const RouteCall& call) { return GetCosignatures(ledger, call); });
}

}  // namespace ledger::api
