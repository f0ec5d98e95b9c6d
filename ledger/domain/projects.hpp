// Programmes (DESIGN.md §6b): a project from its application through
// approval, commitment, tranche payments, milestones and evaluations to
// its closing. Applied by apply.cpp; tranche payments are drawn by the
// outflows of accounts_flows.cpp and given back by their reversals.
// Internal; no I/O but the state's reads.
//
// Errors name the body field: kPermissionDenied when the poster is not the
// applicant, approver or owner it must be; kUnprocessable for the rules.
#pragma once

#include <optional>
#include <string_view>

#include "ledger/domain/state.hpp"

namespace ledger::projects {

struct At {
  Seq seq;
  const OrgId& poster;
  std::string_view ts;
};

Status Apply(const ProjectApplied& body, const At& at, State& state);
Status Approve(const ProjectApproved& body, const At& at, State& state);
Status Reject(const ProjectRejected& body, const At& at, State& state);
Status Release(const CommitmentReleased& body, const At& at, State& state);
Status ReportMilestone(const ProjectMilestoneReported& body, const At& at, State& state);
Status Evaluate(const ProjectEvaluated& body, const At& at, State& state);
Status Close(const ProjectClosed& body, const At& at, State& state);

// A tranche payment: an outflow naming a project and its tranche.
struct Payment {
  ProjectId project;
  int64_t tranche = 0;
  Fen amount;
  Date date;
  EventKind kind = EventKind::kDisbursementMade;  // the outflow's
};
std::optional<Payment> PaymentOf(const EventBody& body);

// Where a payment goes: into `to` (a transfer), or spent for `purpose`.
struct PaidTo {
  const FundRecord* to = nullptr;
  std::optional<Purpose> purpose;
  const char* purpose_field = "body.purpose";  // body.fund for a program expense (its fund's purpose)
};

// Checks a tranche payment out of `fund` (the poster's, already read) and
// draws it from the project's commitment there; returns the project's
// purpose, which the lots paying it must serve.
Result<Purpose> Draw(const Payment& payment, const PaidTo& paid, const At& at, FundRecord& fund, State& state);
// Gives a payment reversed at `at` back to its commitment in `fund`.
Status Undraw(const Payment& payment, const At& at, FundRecord& fund, State& state);

}  // namespace ledger::projects
