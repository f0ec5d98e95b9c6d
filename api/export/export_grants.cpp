#include "export/export_grants.hpp"

#include "export/export_columns.hpp"
#include "ledger/canonical_json.hpp"

namespace ledger::api {
namespace {

Json Organization(const std::string& origin, const OrgId& id, const std::string& name) {
  return Json::array({{{"id", origin + "-" + id.str()}, {"name", name}}});
}

std::string Description(const ExportRow& row) {
  std::string text = "funds.transferred (seq " + std::to_string(row.seq) + ") from fund " + row.fund.str() +
                     " to fund " + row.to_fund.str() + ", reason " + row.reason;
  if (!row.project.empty()) text += ", project " + row.project;
  if (row.tranche) text += " tranche " + std::to_string(*row.tranche);
  if (!row.reference.empty()) text += ", reference " + row.reference;
  return text;
}

}  // namespace

void AppendGrantsStart(std::string& out) { out += "{\"grants\":["; }

void AppendGrant(const GrantsSource& source, const ExportRow& row, bool& first, std::string& out) {
  if (row.reversed_by) return;
  Json grant = {{"id", source.origin + "-" + std::to_string(row.seq)},
                {"title", row.reason + " from " + source.funder.name + " to " + row.counterpart_name},
                {"description", Description(row)},
                {"currency", "CNY"},
                {"awardDate", row.date.text},
                {"recipientOrganization", Organization(source.origin, row.counterpart, row.counterpart_name)},
                {"fundingOrganization", Organization(source.origin, source.funder.id, source.funder.name)},
                {"dataSource", source.log_url + "/v1/events/" + std::to_string(row.seq)}};
  if (!row.counterpart_region.empty())
    grant["beneficiaryLocation"] = Json::array({{{"name", row.counterpart_region},
                                                 {"countryCode", "CN"},
                                                 {"geoCode", row.counterpart_region},
                                                 {"geoCodeType", "GB/T 2260"}}});
  if (!row.project.empty()) grant["grantProgramme"] = Json::array({{{"code", row.project}}});
  // nlohmann would print a double; the amount goes in as exact decimal text.
  const std::string rest = grant.dump();
  if (!first) out += ',';
  first = false;
  out += "{\"amountAwarded\":" + YuanText(row.amount_fen) + "," + rest.substr(1);
}

void AppendGrantsEnd(std::string& out) { out += "]}"; }

}  // namespace ledger::api
