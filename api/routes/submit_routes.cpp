#include "routes/submit_routes.hpp"

#include "ledger/encoding.hpp"
#include "responses.hpp"

namespace ledger::api {

Json SubmitOutcomeJson(const SubmitOutcome& outcome) {
  Json results = Json::array();
  for (const EventResult& r : outcome.results)
    results.push_back({{"seq", r.seq},
                       {"leaf_hash", HexEncode(r.leaf_hash)},
                       {"idem", r.idem},
                       {"duplicate", r.duplicate}});
  return {{"results", std::move(results)}, {"tree_size", outcome.tree_size}};
}

void AddSubmitRoutes(Router& router, Ledger& ledger) {
  router.AddAsync("POST", "/v1/events", [&ledger](const RouteCall& call, RouteReply reply) {
    if (Status none = call.query.Check({}); !none.ok()) return reply(none.error());
    // 201 for a resend too, as for the original: `duplicate` tells them apart.
    // The answer is made on the ledger's writer thread, outside the
    // router's catch: a throw here answers 500 instead of ending the writer.
    ledger.SubmitAsync(call.request.body, [reply](Result<SubmitOutcome> outcome) {
      if (!outcome.ok()) return reply(outcome.error());
      try {
        reply(JsonResponse(201, SubmitOutcomeJson(*outcome)));
      } catch (const std::exception& e) {
        reply(Error::Io(std::string("internal error: ") + e.what()));
      }
    });
  });
}

}  // namespace ledger::api
