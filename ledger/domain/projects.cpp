#include "ledger/domain/projects.hpp"

#include "ledger/domain/accounts.hpp"
#include "ledger/domain/aggregates.hpp"
#include "ledger/timestamp.hpp"

namespace ledger::projects {
namespace {

using Stage = ProjectRecord::Stage;

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kApplied: return "applied for";
    case Stage::kApproved: return "approved";
    case Stage::kRejected: return "rejected";
    case Stage::kClosed: return "closed";
  }
  return "";
}

Result<ProjectRecord> Known(const ProjectId& id, const char* field, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<ProjectRecord>(keys::Project(id)));
  if (!found) return Error::Refused(field, "no project " + id.str() + " was applied for");
  return std::move(*found);
}

Status InStage(const ProjectRecord& p, Stage stage, const char* field) {
  if (p.stage == stage) return Status::Ok();
  std::string why = "project " + p.terms.id.str() + " is " + std::string(StageName(p.stage));
  if (p.closed) why += " (on " + p.closed->text + ")";
  return Error::Refused(field, why + ", not " + std::string(StageName(stage)));
}

// The approver's own events: approval, release, closing, payments.
Status ByApprover(const ProjectRecord& p, const OrgId& poster, const char* field) {
  if (p.approver == poster) return Status::Ok();
  return Error{Code::kPermissionDenied, field,
               "project " + p.terms.id.str() + " was approved by " + p.approver.str() + ", not " + poster.str()};
}

Result<Date> PostedDay(const At& at) {
  auto day = DayOfTimestamp(at.ts);
  if (!day.ok()) return Error::Corruption("event " + std::to_string(at.seq.value) + ": " + day.error().ToString());
  return Date{*day};
}

// Adds the event to the project's timeline and writes the record.
Status Record(const ProjectRecord& p, const At& at, EventKind kind, std::optional<Date> date, State& state) {
  if (!date) {
    LEDGER_ASSIGN_OR_RETURN(date, PostedDay(at));
  }
  state.Put(keys::ProjectTimeline(p.terms.id, at.seq), TimelineEntry{at.seq, kind, std::move(*date)});
  state.Put(keys::Project(p.terms.id), p);
  return Status::Ok();
}


Result<TrancheState*> TrancheOf(ProjectRecord& p, int64_t no, const char* field) {
  for (TrancheState& t : p.tranches)
    if (t.plan.no == no) return &t;
  return Error::Refused(field, "project " + p.terms.id.str() + " has " + std::to_string(p.tranches.size()) +
                                   " tranche(s); there is no tranche " + std::to_string(no));
}

// An org does not decide on its own application (募集、使用、监督分离).
Status NotOwnApplication(const ProjectRecord& p, const OrgId& poster) {
  if (p.applicant != poster) return Status::Ok();
  return Error::Refused("body.project", "project " + p.terms.id.str() + " is " + poster.str() +
                                            "'s own application; another org decides on it");
}

Status NotAfterPosting(const Date& date, const At& at) {
  LEDGER_ASSIGN_OR_RETURN(const Date posted, PostedDay(at));
  if (posted < date) return Error::Refused("body.date", "is after the day it is posted (" + posted.text + ")");
  return Status::Ok();
}

// Gives back to usable money what the project still holds committed.
Status Uncommit(ProjectRecord& p, Fen amount, State& state) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, state.Need<FundRecord>(keys::Fund(p.fund)));
  accounts::Commit(fund, p.terms.purpose, -amount);
  state.Put(keys::Fund(fund.id), fund);
  p.committed_fen -= amount;
  p.released_fen += amount;
  return Status::Ok();
}

}  // namespace

Status Apply(const ProjectApplied& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto existing, state.Find<ProjectRecord>(keys::Project(b.id)));
  if (existing) return Error::Refused("body.id", "project " + b.id.str() + " was already applied for");
  // A project_final disclosure names a project, or (before projects were
  // events) a project fund: one id must not name both.
  LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(FundId(b.id.str()))));
  if (fund) return Error::Refused("body.id", "is the id of fund " + b.id.str() + "; a project takes an id of its own");
  ProjectRecord p;
  p.applicant = at.poster;
  p.terms = b;
  state.PutRaw(keys::OrgProject(at.poster, b.id), "");
  state.PutRaw(keys::ProgrammeProject(b.programme, b.id), "");
  state.PutRaw(keys::RegionProject(b.region, b.id), "");
  return Record(p, at, EventKind::kProjectApplied, std::nullopt, state);
}

Status Approve(const ProjectApproved& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApplied, "body.project"));
  LEDGER_RETURN_IF_ERROR(NotOwnApplication(p, at.poster));
  if (b.amount_fen > p.terms.amount_fen)
    return Error::Refused("body.amount_fen", "is more than the " + FormatYuan(p.terms.amount_fen) +
                                                 " yuan project " + b.project.str() + " applied for");
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, accounts::OwnedFund(state, b.fund, "body.fund", at.poster));
  if (fund.kind == FundKind::kTrust)
    return Error::Refused("body.fund", "fund " + fund.id.str() + " is a trust fund; trusts pay by trust distributions");
  accounts::Commit(fund, p.terms.purpose, b.amount_fen);
  LEDGER_RETURN_IF_ERROR(accounts::CheckCovered(fund, "body.amount_fen",
                                                "committing " + FormatYuan(b.amount_fen) + " yuan for " +
                                                    std::string(NameOf(p.terms.purpose))));
  state.Put(keys::Fund(fund.id), fund);
  if (fund.kind == FundKind::kLotteryWelfare)
    LEDGER_RETURN_IF_ERROR(CountLotteryProject(p.terms, b.amount_fen, state));
  p.stage = Stage::kApproved;
  p.approver = at.poster;
  p.document = b.document;
  p.approved_fen = b.amount_fen;
  p.committed_fen = b.amount_fen;
  p.fund = fund.id;
  for (const Tranche& t : b.tranches) p.tranches.push_back(TrancheState{t});
  state.PutRaw(keys::OrgProject(at.poster, b.project), "");
  return Record(p, at, EventKind::kProjectApproved, std::nullopt, state);
}

Status Reject(const ProjectRejected& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApplied, "body.project"));
  LEDGER_RETURN_IF_ERROR(NotOwnApplication(p, at.poster));
  p.stage = Stage::kRejected;
  p.approver = at.poster;
  p.rejected_reason = b.reason;
  state.PutRaw(keys::OrgProject(at.poster, b.project), "");
  return Record(p, at, EventKind::kProjectRejected, std::nullopt, state);
}

Status Release(const CommitmentReleased& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApproved, "body.project"));
  LEDGER_RETURN_IF_ERROR(ByApprover(p, at.poster, "body.project"));
  if (b.amount_fen > p.committed_fen)
    return Error::Refused("body.amount_fen", "project " + p.terms.id.str() + " holds " +
                                                 FormatYuan(p.committed_fen) + " yuan committed, " +
                                                 FormatYuan(b.amount_fen) + " requested");
  LEDGER_RETURN_IF_ERROR(Uncommit(p, b.amount_fen, state));
  return Record(p, at, EventKind::kCommitmentReleased, std::nullopt, state);
}

Status ReportMilestone(const ProjectMilestoneReported& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  if (p.applicant != at.poster)
    return Error{Code::kPermissionDenied, "body.project",
                 "project " + p.terms.id.str() + " is " + p.applicant.str() + "'s; its applicant reports milestones"};
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApproved, "body.project"));
  LEDGER_ASSIGN_OR_RETURN(TrancheState * tranche, TrancheOf(p, b.tranche, "body.tranche"));
  tranche->milestone = true;
  state.Put(keys::ProjectMilestone(p.terms.id, at.seq), MilestoneEntry{at.seq, b});
  return Record(p, at, EventKind::kProjectMilestoneReported, std::nullopt, state);
}

// An evaluation of a tranche needs its milestone first; a grade of A to C
// passes it (D fails, and the tranche waits for a later evaluation).
Status Evaluate(const ProjectEvaluated& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  if (p.stage != Stage::kApproved && p.stage != Stage::kClosed)
    return Error::Refused("body.project", "project " + p.terms.id.str() + " is " + std::string(StageName(p.stage)) +
                                              "; only approved or closed projects are evaluated");
  if (b.tranche) {
    LEDGER_ASSIGN_OR_RETURN(TrancheState * tranche, TrancheOf(p, *b.tranche, "body.tranche"));
    if (!tranche->milestone)
      return Error::Refused("body.tranche", "no milestone of tranche " + std::to_string(*b.tranche) +
                                                " of project " + p.terms.id.str() + " was reported");
    if (b.grade != Grade::kD) tranche->evaluated = true;
  }
  state.Put(keys::ProjectEvaluation(p.terms.id, at.seq), EvaluationEntry{at.seq, at.poster, b});
  return Record(p, at, EventKind::kProjectEvaluated, std::nullopt, state);
}

Status Close(const ProjectClosed& b, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(b.project, "body.project", state));
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApproved, "body.project"));
  LEDGER_RETURN_IF_ERROR(ByApprover(p, at.poster, "body.project"));
  LEDGER_RETURN_IF_ERROR(NotAfterPosting(b.date, at));
  if (p.committed_fen > Fen(0)) LEDGER_RETURN_IF_ERROR(Uncommit(p, p.committed_fen, state));
  p.stage = Stage::kClosed;
  p.closed = b.date;
  p.leftover = b.leftover;
  return Record(p, at, EventKind::kProjectClosed, b.date, state);
}

std::optional<Payment> PaymentOf(const EventBody& body) {
  auto make = [&body](const auto& b) -> std::optional<Payment> {
    if (!b.project || !b.tranche) return std::nullopt;
    return Payment{*b.project, *b.tranche, b.amount_fen, b.date.value_or(Date{}), KindOf(body)};
  };
  if (auto* b = std::get_if<FundsTransferred>(&body)) return make(*b);
  if (auto* b = std::get_if<DisbursementMade>(&body)) return make(*b);
  if (auto* b = std::get_if<ExpenseRecorded>(&body)) return make(*b);
  return std::nullopt;
}

namespace {

// A transfer pays the applicant, into a fund of the project's purpose; a
// disbursement or program expense is spent for that purpose.
Status CheckDestination(const ProjectRecord& p, const PaidTo& paid) {
  const Purpose purpose = p.terms.purpose;
  if (paid.to && paid.to->owner != p.applicant)
    return Error::Refused("body.to", "fund " + paid.to->id.str() + " belongs to " + paid.to->owner.str() +
                                         "; project " + p.terms.id.str() + " is paid to its applicant, " +
                                         p.applicant.str());
  if (paid.to && paid.to->purpose != purpose)
    return Error::Refused("body.to", "fund " + paid.to->id.str() + " serves " +
                                         std::string(NameOf(paid.to->purpose)) + "; project " +
                                         p.terms.id.str() + " serves " + std::string(NameOf(purpose)));
  if (paid.purpose && *paid.purpose != purpose)
    return Error::Refused(paid.purpose_field, "project " + p.terms.id.str() + " serves " +
                                                  std::string(NameOf(purpose)) + ", not " +
                                                  std::string(NameOf(*paid.purpose)));
  return Status::Ok();
}

Status CheckTranche(ProjectRecord& p, const Payment& payment, TrancheState& t) {
  const std::string name = "tranche " + std::to_string(t.plan.no) + " of project " + p.terms.id.str();
  if (t.plan.needs_evaluation && !t.evaluated)
    return Error::Refused("body.tranche", name + " is paid only once its milestone is evaluated (grade A to C)");
  const Fen left = t.plan.amount_fen - t.paid_fen;
  if (payment.amount > left)
    return Error::Refused("body.amount_fen", name + " has " + FormatYuan(left) + " yuan left to pay, " +
                                                 FormatYuan(payment.amount) + " requested");
  if (payment.amount > p.committed_fen)
    return Error::Refused("body.amount_fen", "project " + p.terms.id.str() + " holds " +
                                                 FormatYuan(p.committed_fen) + " yuan committed (the rest was released)");
  return Status::Ok();
}

}  // namespace

Result<Purpose> Draw(const Payment& payment, const PaidTo& paid, const At& at, FundRecord& fund, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, Known(payment.project, "body.project", state));
  LEDGER_RETURN_IF_ERROR(InStage(p, Stage::kApproved, "body.project"));
  if (p.fund != fund.id)
    return Error::Refused("body.project", "project " + p.terms.id.str() + " is paid from fund " + p.fund.str() +
                                              ", not " + fund.id.str());
  LEDGER_RETURN_IF_ERROR(ByApprover(p, at.poster, "body.project"));
  LEDGER_RETURN_IF_ERROR(CheckDestination(p, paid));
  LEDGER_ASSIGN_OR_RETURN(TrancheState * tranche, TrancheOf(p, payment.tranche, "body.tranche"));
  LEDGER_RETURN_IF_ERROR(CheckTranche(p, payment, *tranche));
  tranche->paid_fen += payment.amount;
  p.paid_fen += payment.amount;
  p.committed_fen -= payment.amount;
  accounts::Commit(fund, p.terms.purpose, -payment.amount);
  LEDGER_RETURN_IF_ERROR(Record(p, at, payment.kind, payment.date, state));
  return p.terms.purpose;
}

Status Undraw(const Payment& payment, const At& at, FundRecord& fund, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, state.Need<ProjectRecord>(keys::Project(payment.project)));
  if (p.stage != Stage::kApproved)
    return Error::Refused("body.seq", "pays project " + p.terms.id.str() + ", which is " +
                                          std::string(StageName(p.stage)) + "; its payments stand");
  LEDGER_ASSIGN_OR_RETURN(TrancheState * tranche, TrancheOf(p, payment.tranche, "body.seq"));
  tranche->paid_fen -= payment.amount;
  p.paid_fen -= payment.amount;
  p.committed_fen += payment.amount;
  accounts::Commit(fund, p.terms.purpose, payment.amount);
  return Record(p, at, EventKind::kEventReversed, std::nullopt, state);
}

}  // namespace ledger::projects
