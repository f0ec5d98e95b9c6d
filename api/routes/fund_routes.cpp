#include "routes/fund_routes.hpp"

#include <cctype>

#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"
#include "routes/log_routes.hpp"

namespace ledger::api {
namespace {

// Receipts: 1..64 of [A-Za-z0-9._-], as the schema allows them.
Status CheckReceipt(const std::string& receipt) {
  bool ok = !receipt.empty() && receipt.size() <= kMaxReceiptBytes;
  for (char c : receipt)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  if (!ok) return Error::Invalid("receipt", "is not a receipt number (1-64 of A-Z a-z 0-9 . _ -)");
  return Status::Ok();
}

Result<Response> GetFund(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"lots_from", "lots_limit"}));
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  auto from = call.query.Uint("lots_from");
  if (!from) return from.error();
  auto limit = call.query.Uint("lots_limit");
  if (!limit) return limit.error();
  if (*limit && (**limit == 0 || **limit > kMaxPageLimit))
    return Error::Invalid("lots_limit", "must be between 1 and " + std::to_string(kMaxPageLimit));
  auto fund = ledger.FundJson(id, from->value_or(0), limit->value_or(kDefaultLotsLimit));
  if (!fund) return NotFoundAt(fund.error(), "id");
  return JsonResponse(200, *fund);
}

Result<Response> GetTrace(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  const std::string& receipt = call.path.Get("receipt");
  LEDGER_RETURN_IF_ERROR(CheckReceipt(receipt));
  auto trace = ledger.ReceiptTraceJson(receipt);
  if (!trace) return NotFoundAt(trace.error(), "receipt");
  return JsonResponse(200, *trace);
}

Result<Response> GetSources(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  auto seq = ParseDecimal("seq", call.path.Get("seq"));
  if (!seq) return seq.error();
  auto sources = ledger.SourcesJson(*seq);
  if (!sources) return NotFoundAt(sources.error(), "seq");
  return JsonResponse(200, *sources);
}

Result<Response> GetStats(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"honour_from", "honour_limit"}));
  auto from = call.query.Uint("honour_from");
  if (!from) return from.error();
  auto limit = call.query.Uint("honour_limit");
  if (!limit) return limit.error();
  if (*limit && (**limit == 0 || **limit > kMaxPageLimit))
    return Error::Invalid("honour_limit", "must be between 1 and " + std::to_string(kMaxPageLimit));
  auto stats = ledger.StatsJson(from->value_or(0), limit->value_or(kDefaultLotsLimit));
  if (!stats) return stats.error();
  return JsonResponse(200, *stats);
}

}  // namespace

void AddFundRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/funds/{id}",
             [&ledger](const RouteCall& call) { return GetFund(ledger, call); });
  router.Add("GET", "/v1/receipts/{receipt}/trace",
             [&ledger](const RouteCall& call) { return GetTrace(ledger, call); });
  router.Add("GET", "/v1/disbursements/{seq}/sources",
             [&ledger](const RouteCall& call) { return GetSources(ledger, call); });
  router.Add("GET", "/v1/stats", [&ledger](const RouteCall& call) { return GetStats(ledger, call); });
}

}  // namespace ledger::api
