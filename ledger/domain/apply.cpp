#include "ledger/domain/apply.hpp"

#include "ledger/domain/accounts.hpp"
#include "ledger/domain/aggregates.hpp"
#include "ledger/domain/campaigns.hpp"
#include "ledger/domain/disclosures.hpp"
#include "ledger/domain/receipts.hpp"
#include "ledger/domain/org_rules.hpp"
#include "ledger/domain/projects.hpp"
#include "ledger/domain/shares.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

// The purpose of the fund a source's money entered, for the aggregates.
Result<Purpose> FundPurpose(const EventBody& body, State& state) {
  const FundId* fund = nullptr;
  if (auto* b = std::get_if<DonationReceived>(&body)) fund = &b->fund;
  if (auto* b = std::get_if<TrustContributed>(&body)) fund = &b->fund;
  if (!fund) return Purpose::kGeneral;  // not counted by purpose
  LEDGER_ASSIGN_OR_RETURN(FundRecord record, state.Need<FundRecord>(keys::Fund(*fund)));
  return record.purpose;
}

// What the aggregates and the totals count of an event (sign +1) or take
// back for its reversal (-1).
Status Count(const EventBody& body, Seq seq, const OrgId& poster, std::string_view ts, int sign, State& state) {
  LEDGER_ASSIGN_OR_RETURN(const Purpose purpose, FundPurpose(body, state));
  LEDGER_RETURN_IF_ERROR(ApplyStats(body, StatsEvent{seq, poster, purpose}, sign, state));
  if (auto* gift = std::get_if<DonationReceived>(&body)) LEDGER_RETURN_IF_ERROR(campaigns::Count(*gift, sign, state));
  // The year of the business month, the day the money moved (DESIGN.md
  // §7); an event stamped under the first rules counts in its ts's year.
  auto month = MonthOfTimestamp(ts);
  if (!month.ok()) return Error::Corruption("event " + std::to_string(seq.value) + ": " + month.error().ToString());
  const std::string counted = UnderFirstRules(ts) ? *month : accounts::FlowMonth(body, *month);
  return ApplyRatioCounts(body, std::stoi(counted.substr(0, 4)), sign, !UnderFirstRules(ts), state);
}

void PutOrgFlow(const OrgId& org, Seq seq, std::string_view type, const OrgId& by, State& state) {
  state.Put(keys::OrgFlow(org, seq), OrgFlowRecord{seq, std::string(type), by});
}

// A money event in the flows of its poster and, for a transfer, of the
// receiving fund's owner.
Status RecordOrgFlow(const Event& event, const Placement& at, State& state) {
  PutOrgFlow(at.poster, at.seq, event.type->name, at.poster, state);
  auto* transfer = std::get_if<FundsTransferred>(&event.body);
  if (!transfer) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(FundRecord to, state.Need<FundRecord>(keys::Fund(transfer->to)));
  if (to.owner != at.poster) PutOrgFlow(to.owner, at.seq, event.type->name, at.poster, state);
  return Status::Ok();
}

// From the second wave on, an outflow states its day, and not a day after
// it is posted (UTC+8): money is not spent in the future. The schema asks
// for the day in every submission; this also catches a stored event that
// lacks it (appended without admission).
Status CheckDated(const EventBody& body, std::string_view ts) {
  if (UnderFirstRules(ts)) return Status::Ok();
  const std::optional<Date>* date = accounts::OutflowDate(body);
  if (!date) return Status::Ok();
  if (!*date) return Error::Invalid("body.date", "is required: the day the money moved (YYYY-MM-DD)");
  auto posted = DayOfTimestamp(ts);
  if (!posted.ok()) return Error::Corruption("ts " + std::string(ts) + ": " + posted.error().ToString());
  if (*posted < (*date)->text) return Error::Refused("body.date", "is after the day it is posted (" + *posted + ")");
  return Status::Ok();
}

Status ApplyMoney(const Event& event, const Placement& at, State& state) {
  LEDGER_RETURN_IF_ERROR(CheckDated(event.body, at.ts));
  auto month = MonthOfTimestamp(at.ts);
  if (!month.ok()) return Error::Corruption("event " + std::to_string(at.seq.value) + ": " + month.error().ToString());
  const accounts::Applying applying{at.seq, at.poster, accounts::FlowMonth(event.body, *month), at.ts};
  if (auto* reversal = std::get_if<EventReversed>(&event.body)) {
    LEDGER_ASSIGN_OR_RETURN(auto posted, state.kv().Posted(reversal->seq));
    if (!posted) return Error::Refused("body.seq", "names no earlier event");
    LEDGER_RETURN_IF_ERROR(accounts::Reverse(*reversal, *posted, applying, state));
    LEDGER_RETURN_IF_ERROR(Count(posted->event.body, posted->seq, posted->org, posted->ts, -1, state));
  } else {
    LEDGER_RETURN_IF_ERROR(accounts::Apply(event.body, applying, state));
    LEDGER_RETURN_IF_ERROR(Count(event.body, at.seq, at.poster, at.ts, +1, state));
  }
  if (event.type->moves_money || event.kind() == EventKind::kEventReversed)
    LEDGER_RETURN_IF_ERROR(RecordOrgFlow(event, at, state));
  return Status::Ok();
}

// The events of the public side of fundraising (DESIGN.md §6b).
Status ApplyPublic(const Event& event, const Placement& at, State& state) {
  const receipts::At on{at.seq, at.poster, at.ts};
  const campaigns::At filed{at.seq, at.poster, at.ts};
  switch (event.kind()) {
    case EventKind::kCampaignFiled: return campaigns::File(std::get<CampaignFiled>(event.body), filed, state);
    case EventKind::kCampaignAmended: return campaigns::Amend(std::get<CampaignAmended>(event.body), filed, state);
    case EventKind::kCampaignClosed: return campaigns::Close(std::get<CampaignClosed>(event.body), filed, state);
    case EventKind::kReceiptIssued: return receipts::Issue(std::get<ReceiptIssued>(event.body), on, state);
    case EventKind::kReceiptVoided: return receipts::Void(std::get<ReceiptVoided>(event.body), on, state);
    case EventKind::kReceiptRedReversed:
      return receipts::RedReverse(std::get<ReceiptRedReversed>(event.body), on, state);
    case EventKind::kDisclosurePublished:
      return disclosures::Publish(std::get<DisclosurePublished>(event.body), at.seq, at.poster, at.ts, state);
    default: LEDGER_CHECK_MSG(false, "ApplyPublic takes the public-side events only");
  }
  return Status::Ok();
}

bool IsPublicSide(EventKind kind) {
  return kind >= EventKind::kCampaignFiled && kind <= EventKind::kDisclosurePublished;
}

// The programme events (DESIGN.md §6b).
Status ApplyProgramme(const Event& event, const Placement& at, State& state) {
  const projects::At on{at.seq, at.poster, at.ts};
  switch (event.kind()) {
    case EventKind::kLotteryShareSet: return shares::Set(std::get<LotteryShareSet>(event.body), state);
    case EventKind::kProjectApplied: return projects::Apply(std::get<ProjectApplied>(event.body), on, state);
    case EventKind::kProjectApproved: return projects::Approve(std::get<ProjectApproved>(event.body), on, state);
    case EventKind::kProjectRejected: return projects::Reject(std::get<ProjectRejected>(event.body), on, state);
    case EventKind::kCommitmentReleased:
      return projects::Release(std::get<CommitmentReleased>(event.body), on, state);
    case EventKind::kProjectMilestoneReported:
      return projects::ReportMilestone(std::get<ProjectMilestoneReported>(event.body), on, state);
    case EventKind::kProjectEvaluated: return projects::Evaluate(std::get<ProjectEvaluated>(event.body), on, state);
    case EventKind::kProjectClosed: return projects::Close(std::get<ProjectClosed>(event.body), on, state);
    default: LEDGER_CHECK_MSG(false, "ApplyProgramme takes the programme events only");
  }
  return Status::Ok();
}

bool IsProgramme(EventKind kind) {
  return kind == EventKind::kLotteryShareSet || (kind >= EventKind::kProjectApplied && kind <= EventKind::kProjectClosed);
}

}  // namespace

Status ApplyEvent(const Event& event, const Placement& at, const OrgId& regulator, State& state) {
  switch (event.kind()) {
    case EventKind::kOrgRegistered:
      LEDGER_RETURN_IF_ERROR(RegisterOrg(std::get<OrgRegistered>(event.body), at.seq, at.ts, state));
      break;
    case EventKind::kOrgQualified:
      LEDGER_RETURN_IF_ERROR(QualifyOrg(std::get<OrgQualified>(event.body), at.seq, state));
      break;
    case EventKind::kOrgKeyRotated:
      LEDGER_RETURN_IF_ERROR(RotateOrgKey(std::get<OrgKeyRotated>(event.body), at.seq, state));
      break;
    case EventKind::kOrgSuspended:
      LEDGER_RETURN_IF_ERROR(SuspendOrg(std::get<OrgSuspended>(event.body), at.seq, regulator, state));
      break;
    case EventKind::kOrgLocated:
      LEDGER_RETURN_IF_ERROR(LocateOrg(std::get<OrgLocated>(event.body), state));
      break;
    default:
      if (accounts::Handles(event.kind())) LEDGER_RETURN_IF_ERROR(ApplyMoney(event, at, state));
      if (IsPublicSide(event.kind())) LEDGER_RETURN_IF_ERROR(ApplyPublic(event, at, state));
      if (IsProgramme(event.kind())) LEDGER_RETURN_IF_ERROR(ApplyProgramme(event, at, state));
      break;
  }
  // Later events of the batch or group may reverse this one.
  state.kv().AddPosted(PostedEvent{at.seq, at.poster, std::string(at.ts), event});
  return Status::Ok();
}

}  // namespace ledger
