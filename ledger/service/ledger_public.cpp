// The Ledger's reads of the public side of fundraising (read_public.cpp),
// as of its clock.
#include "ledger/ledger.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/ledger_impl.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

Result<Org> OrgOr404(const Store& store, std::string_view id) {
  LEDGER_ASSIGN_OR_RETURN(auto org, ReadOrg(store, id));
  if (!org) return Error::NotFound("org " + std::string(id) + " is not registered");
  return std::move(*org);
}

}  // namespace

Date Ledger::Today() const {
  auto day = DayOfTimestamp(FormatTimestamp(impl_->log->clock()()));
  LEDGER_CHECK_MSG(day.ok(), "a formatted timestamp parses");
  return Date{*day};
}

Result<Json> Ledger::CampaignJson(std::string_view id, std::string_view days_from, std::size_t days_limit) const {
  return ReadCampaign(impl_->log->store(), id, Today(), days_from, days_limit);
}

Result<Json> Ledger::OrgCampaignsJson(std::string_view id) const {
  return ReadOrgCampaigns(impl_->log->store(), id, Today());
}

Result<Json> Ledger::OrgDirectoryJson(std::string_view from, std::size_t limit) const {
  return ReadOrgDirectory(impl_->log->store(), from, limit, Today());
}

Result<Json> Ledger::ReceiptJson(std::string_view receipt) const {
  return ReadReceiptJson(impl_->log->store(), receipt);
}

Result<Json> Ledger::ReceiptByFiscalJson(std::string_view code, std::string_view number) const {
  LEDGER_ASSIGN_OR_RETURN(std::string receipt, ReadReceiptOfFiscal(impl_->log->store(), code, number));
  return ReadReceiptJson(impl_->log->store(), receipt);
}

Result<Json> Ledger::OrgObligationsJson(std::string_view id) const {
  const Store& store = impl_->log->store();
  LEDGER_ASSIGN_OR_RETURN(Org org, OrgOr404(store, id));
  return ReadObligations(store, org, Today());
}

Result<Json> Ledger::RegionJson(std::string_view code) const { return ReadRegion(impl_->log->store(), code); }

Result<Json> Ledger::ProjectJson(std::string_view id, uint64_t timeline_from) const {
  return ReadProject(impl_->log->store(), id, timeline_from);
}

Result<Json> Ledger::ProjectsJson(ProjectList list, std::string_view value, std::string_view from,
                                  std::size_t limit) const {
  return ReadProjects(impl_->log->store(), list, value, from, limit);
}

}  // namespace ledger
