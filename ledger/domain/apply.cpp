#include "ledger/domain/apply.hpp"

#include "ledger/domain/accounts.hpp"
#include "ledger/domain/aggregates.hpp"
#include "ledger/domain/org_rules.hpp"
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
  auto year = YearOfTimestamp(ts);
  if (!year.ok()) return Error::Corruption("event " + std::to_string(seq.value) + ": " + year.error().ToString());
  return ApplyRatioCounts(body, *year, sign, state);
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

Status ApplyMoney(const Event& event, const Placement& at, State& state) {
  auto month = MonthOfTimestamp(at.ts);
  if (!month.ok()) return Error::Corruption("event " + std::to_string(at.seq.value) + ": " + month.error().ToString());
  const accounts::Applying applying{at.seq, at.poster, accounts::FlowMonth(event.body, *month)};
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

}  // namespace

Status ApplyEvent(const Event& event, const Placement& at, const OrgId& regulator, State& state) {
  switch (event.kind()) {
    case EventKind::kOrgRegistered:
      LEDGER_RETURN_IF_ERROR(RegisterOrg(std::get<OrgRegistered>(event.body), at.seq, state));
      break;
    case EventKind::kOrgKeyRotated:
      LEDGER_RETURN_IF_ERROR(RotateOrgKey(std::get<OrgKeyRotated>(event.body), at.seq, state));
      break;
    case EventKind::kOrgSuspended:
      LEDGER_RETURN_IF_ERROR(SuspendOrg(std::get<OrgSuspended>(event.body), at.seq, regulator, state));
      break;
    default:
      if (accounts::Handles(event.kind())) LEDGER_RETURN_IF_ERROR(ApplyMoney(event, at, state));
      break;
  }
  // Later events of the batch or group may reverse this one.
  state.kv().AddPosted(PostedEvent{at.seq, at.poster, std::string(at.ts), event});
  return Status::Ok();
}

}  // namespace ledger
