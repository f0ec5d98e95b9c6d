#include "ledger/domain/disclosures.hpp"

#include "ledger/obligations.hpp"
#include "ledger/timestamp.hpp"

namespace ledger::disclosures {
namespace {

Status OwnFund(std::string_view subject, FundKind kind, const OrgId& poster, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(FundId(subject))));
  const std::string what = kind == FundKind::kTrust ? "trust fund" : "project fund";
  if (!fund || fund->kind != kind) return Error::Refused("body.subject", "no " + what + " " + std::string(subject));
  if (fund->owner != poster)
    return Error{Code::kPermissionDenied, "body.subject", what + " " + std::string(subject) + " belongs to " +
                                                              fund->owner.str()};
  return Status::Ok();
}

Status OwnCampaign(std::string_view subject, const OrgId& poster, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto campaign, state.Find<CampaignRecord>(keys::Campaign(CampaignId(subject))));
  if (!campaign) return Error::Refused("body.subject", "no campaign " + std::string(subject));
  if (campaign->org != poster)
    return Error{Code::kPermissionDenied, "body.subject",
                 "campaign " + std::string(subject) + " was filed by " + campaign->org.str()};
  return Status::Ok();
}

// A project the poster approved or applied for; before projects were
// events, a project fund it owns.
Status OwnProject(std::string_view subject, const OrgId& poster, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto project, state.Find<ProjectRecord>(keys::Project(ProjectId(subject))));
  if (!project) return OwnFund(subject, FundKind::kProject, poster, state);
  if (project->approver != poster && project->applicant != poster)
    return Error{Code::kPermissionDenied, "body.subject",
                 "project " + std::string(subject) + " is " + project->applicant.str() + "'s, decided by " +
                     (project->approver.empty() ? std::string("nobody yet") : project->approver.str())};
  return Status::Ok();
}

Status CheckSubject(const DisclosurePublished& b, const OrgId& poster, State& state) {
  switch (b.kind) {
    case DisclosureKind::kCampaignProgress:
    case DisclosureKind::kCampaignFinal: return OwnCampaign(b.subject, poster, state);
    case DisclosureKind::kAnnualReport:
      if (b.subject != poster.str())
        return Error::Refused("body.subject", "an annual report's subject is the org posting it, " + poster.str());
      return Status::Ok();
    case DisclosureKind::kTrustReport: return OwnFund(b.subject, FundKind::kTrust, poster, state);
    case DisclosureKind::kProjectFinal: return OwnProject(b.subject, poster, state);
  }
  return Status::Ok();
}

bool IsQuarter(std::string_view p) { return p.size() == 7 && p[5] == 'Q'; }

Status CheckPeriod(const DisclosurePublished& b) {
  const bool year = b.period.size() == 4;
  switch (b.kind) {
    case DisclosureKind::kCampaignProgress:
      if (!IsQuarter(b.period)) return Error::Refused("body.period", "a campaign's progress is disclosed by quarter, YYYY-Qn");
      break;
    case DisclosureKind::kAnnualReport:
    case DisclosureKind::kTrustReport:
      if (!year) return Error::Refused("body.period", "a yearly report names its year, YYYY");
      break;
    default: break;
  }
  return Status::Ok();
}

}  // namespace

Status Publish(const DisclosurePublished& body, Seq seq, const OrgId& poster, std::string_view ts, State& state) {
  LEDGER_RETURN_IF_ERROR(CheckSubject(body, poster, state));
  LEDGER_RETURN_IF_ERROR(CheckPeriod(body));
  auto day = DayOfTimestamp(ts);
  if (!day.ok()) return Error::Corruption("event " + std::to_string(seq.value) + ": " + day.error().ToString());
  const Date recorded{*day};
  if (recorded < body.date) return Error::Refused("body.date", "is after the day it is posted (" + *day + ")");
  const DisclosureRecord record{seq, poster, recorded, body};
  const std::string key = keys::Disclosed(poster, body.kind, body.subject, DisclosureKey(body.kind, body.period));
  LEDGER_ASSIGN_OR_RETURN(auto first, state.kv().Get(Space::kState, key));
  if (!first) state.Put(key, record);  // the first one meets the obligation; later ones are listed only
  state.Put(keys::OrgDisclosure(poster, seq), record);
  return Status::Ok();
}

}  // namespace ledger::disclosures
