#include "routes/public_routes.hpp"

#include "ledger/read_models.hpp"
#include "ledger/schema.hpp"
#include "problem.hpp"
#include "responses.hpp"
#include "routes/fund_routes.hpp"

namespace ledger::api {
namespace {

// A fiscal code or number in a query: 1..20 digits.
Status CheckFiscalPart(const std::optional<std::string>& value, const char* name) {
  if (!value) return Error::Invalid(name, "is required");
  bool ok = !value->empty() && value->size() <= kMaxFiscalCodeDigits;
  for (char c : *value) ok = ok && c >= '0' && c <= '9';
  if (!ok) return Error::Invalid(name, "must be 1 to " + std::to_string(kMaxFiscalCodeDigits) + " digits");
  return Status::Ok();
}

Result<Response> GetCampaign(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"days_from", "days_limit"}));
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  auto from = call.query.Text("days_from");
  if (!from) return from.error();
  if (*from) LEDGER_RETURN_IF_ERROR(ValidateDate(**from, "days_from"));
  auto limit = PageLimit(call.query, "days_limit", kMaxCampaignDays, kMaxCampaignDays);
  if (!limit) return limit.error();
  auto json = ledger.CampaignJson(id, from->value_or(""), *limit);
  if (!json) return NotFoundAt(json.error(), "id");
  return JsonResponse(200, *json);
}

// GET /v1/orgs?from=ID&limit=N: the directory, a page at a time.
Result<Response> ListOrgs(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"from", "limit"}));
  auto from = call.query.Text("from");
  if (!from) return from.error();
  if (*from) LEDGER_RETURN_IF_ERROR(ValidateId(**from, "from"));
  auto limit = PageLimit(call.query, "limit", kDefaultDirectoryOrgs, kMaxDirectoryOrgs);
  if (!limit) return limit.error();
  auto json = ledger.OrgDirectoryJson(from->value_or(""), *limit);
  if (!json) return json.error();
  return JsonResponse(200, *json);
}

Result<Response> GetReceipt(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({}));
  const std::string& receipt = call.path.Get("receipt");
  LEDGER_RETURN_IF_ERROR(CheckReceipt(receipt));
  auto json = ledger.ReceiptJson(receipt);
  if (!json) return NotFoundAt(json.error(), "receipt");
  return JsonResponse(200, *json);
}

// GET /v1/receipts?code=C&number=N: a donor's lookup by the fiscal
// e-receipt they hold (or its red reversal's numbers).
Result<Response> FindReceipt(const Ledger& ledger, const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"code", "number"}));
  auto code = call.query.Text("code");
  if (!code) return code.error();
  auto number = call.query.Text("number");
  if (!number) return number.error();
  LEDGER_RETURN_IF_ERROR(CheckFiscalPart(*code, "code"));
  LEDGER_RETURN_IF_ERROR(CheckFiscalPart(*number, "number"));
  auto json = ledger.ReceiptByFiscalJson(**code, **number);
  if (!json) return NotFoundAt(json.error(), "number");
  return JsonResponse(200, *json);
}

}  // namespace

void AddPublicRoutes(Router& router, const Ledger& ledger) {
  router.Add("GET", "/v1/campaigns/{id}", [&ledger](const RouteCall& call) { return GetCampaign(ledger, call); });
  router.Add("GET", "/v1/orgs", [&ledger](const RouteCall& call) { return ListOrgs(ledger, call); });
  router.Add("GET", "/v1/receipts/{receipt}", [&ledger](const RouteCall& call) { return GetReceipt(ledger, call); });
  router.Add("GET", "/v1/receipts", [&ledger](const RouteCall& call) { return FindReceipt(ledger, call); });
}

}  // namespace ledger::api
