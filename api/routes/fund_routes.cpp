#include "routes/fund_routes.hpp"

#include <cctype>

#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"
#include "routes/log_routes.hpp"

namespace ledger::api {

Status CheckReceipt(const std::string& receipt) {
  bool ok = !receipt.empty() && receipt.size() <= kMaxReceiptBytes;
  for (char c : receipt)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  if (!ok) return Error::Invalid("receipt", "is not a receipt number (1-64 of A-Z a-z 0-9 . _ -)");
  return Status::Ok();
}

Result<std::size_t> PageLimit(const QueryParams& query, const char* name, std::size_t fallback, std::size_t max) {
  auto limit = query.Uint(name);
  if (!limit) return limit.error();
  if (!*limit) return fallback;
  if (**limit == 0 || **limit > max)
    return Error::Invalid(name, "must be between 1 and " + std::to_string(max));
  return static_cast<std::size_t>(**limit);
}

namespace {

Result<Response> GetFund(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"lots_from", "lots_limit"}));
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  auto from = call.query.Uint("lots_from");
  if (!from) return from.error();
  auto limit = PageLimit(call.query, "lots_limit", kDefaultLotsLimit);
  if (!limit) return limit.error();
  auto fund = ledger.FundJson(id, from->value_or(0), *limit);
  if (!fund) return NotFoundAt(fund.error(), "id");
  return JsonResponse(200, *fund);
}

Result<Response> GetFundFlows(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from", "limit"}));
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  auto from = call.query.Text("from");
  if (!from) return from.error();
  if (*from) LEDGER_RETURN_IF_ERROR(ValidatePeriod(**from, "from"));
  auto limit = PageLimit(call.query, "limit", kDefaultFlowMonths);
  if (!limit) return limit.error();
  auto flows = ledger.FundFlowsJson(id, from->value_or(""), *limit);
  if (!flows) return NotFoundAt(flows.error(), "id");
  return JsonResponse(200, *flows);
}

Result<Response> GetTrace(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  const std::string& receipt = call.path.Get("receipt");
  LEDGER_RETURN_IF_ERROR(CheckReceipt(receipt));
  auto trace = ledger.ReceiptTraceJson(receipt);
  if (!trace) return NotFoundAt(trace.error(), "receipt");
  return JsonResponse(200, *trace);
}

Result<Response> GetSourceTrace(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  auto seq = ParseDecimal("seq", call.path.Get("seq"));
  if (!seq) return seq.error();
  auto trace = ledger.SourceTraceJson(*seq);
  if (!trace) return NotFoundAt(trace.error(), "seq");
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
  auto limit = PageLimit(call.query, "honour_limit", kDefaultLotsLimit);
  if (!limit) return limit.error();
  auto stats = ledger.StatsJson(from->value_or(0), *limit);
  if (!stats) return stats.error();
  return JsonResponse(200, *stats);
}

}  // namespace

void AddFundRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/funds/{id}",
             [&ledger](const RouteCall& call) { return GetFund(ledger, call); });
  router.Add("GET", "/v1/funds/{id}/flows",
             [&ledger](const RouteCall& call) { return GetFundFlows(ledger, call); });
  router.Add("GET", "/v1/receipts/{receipt}/trace",
             [&ledger](const RouteCall& call) { return GetTrace(ledger, call); });
  router.Add("GET", "/v1/sources/{seq}/trace",
             [&ledger](const RouteCall& call) { return GetSourceTrace(ledger, call); });
  router.Add("GET", "/v1/disbursements/{seq}/sources",
             [&ledger](const RouteCall& call) { return GetSources(ledger, call); });
  router.Add("GET", "/v1/stats", [&ledger](const RouteCall& call) { return GetStats(ledger, call); });
}

}  // namespace ledger::api
