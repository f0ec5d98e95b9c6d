// Outflows: transfers between funds, disbursements and expenses, and the
// traces they leave; a tranche payment also draws on its project's
// commitment, and no outflow may leave a fund's commitments unpaid.
#include "ledger/domain/accounts.hpp"
#include "ledger/domain/projects.hpp"

namespace ledger::accounts {
namespace {

// The project a tranche payment draws on, checked and drawn; nullopt for
// any other outflow.
Result<std::optional<Purpose>> DrawTranche(const std::optional<projects::Payment>& payment,
                                           const projects::PaidTo& paid, const Applying& at, FundRecord& fund,
                                           State& state) {
  if (!payment) return std::optional<Purpose>();
  LEDGER_ASSIGN_OR_RETURN(Purpose purpose, projects::Draw(*payment, paid, projects::At{at.seq, at.poster, at.ts},
                                                          fund, state));
  return std::optional<Purpose>(purpose);
}

}  // namespace

Status Transfer(const FundsTransferred& b, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord from, OwnedFund(state, b.from, "body.from", at.poster));
  LEDGER_ASSIGN_OR_RETURN(FundRecord to, KnownFund(state, b.to, "body.to"));
  std::optional<projects::Payment> payment;
  if (b.project && b.tranche)
    payment = projects::Payment{*b.project, *b.tranche, b.amount_fen, b.date.value_or(Date{}),
                                EventKind::kFundsTransferred};
  LEDGER_ASSIGN_OR_RETURN(const std::optional<Purpose> project_purpose,
                          DrawTranche(payment, projects::PaidTo{&to, std::nullopt}, at, from, state));
  const bool rule = LotteryRuleAt(at.ts);
  LEDGER_ASSIGN_OR_RETURN(
      std::vector<Piece> pieces,
      Take(state, from, b.amount_fen,
           [&to, rule, &project_purpose](const Restriction& r) {
             return MayMoveInto(r, to, rule) && (!rule || !project_purpose || LotteryMayServe(r, *project_purpose));
           },
           "that may move to fund " + to.id.str(), at.month));
  LEDGER_RETURN_IF_ERROR(CheckCovered(from, "body.amount_fen", "this transfer"));
  TransferRecord placed{.from = from.id, .to = to.id, .amount_fen = b.amount_fen,
                        .first_order = to.next_lot_order, .count = pieces.size()};
  for (const Piece& piece : pieces) {
    auto credited = Credit(state, to,
                           LotRecord{.source_seq = piece.source_seq, .amount_fen = piece.amount_fen,
                                     .restriction = piece.restriction, .arrival_seq = at.seq,
                                     .departed_with = piece.restriction},
                           at.month);
    if (!credited.ok()) return credited.error();
    LEDGER_RETURN_IF_ERROR(TraceHop(state, piece.source_seq, at.seq, from.id, to.id, piece.amount_fen));
  }
  state.Put(keys::Transfer(at.seq), placed);
  state.Put(keys::Fund(from.id), from);
  state.Put(keys::Fund(to.id), to);
  return Status::Ok();
}

namespace {

// What an outflow may take and how a refusal names it.
struct SpendRule {
  Compatible ok;
  std::string usable_for;
  bool expense = false;
  std::string what;  // purpose or category
  std::optional<Purpose> purpose;  // what it serves, for disbursements and program expenses
};

Result<SpendRule> RuleFor(const EventBody& body, const FundRecord& f, bool rule) {
  if (auto* d = std::get_if<DisbursementMade>(&body)) {
    const Purpose purpose = d->purpose;
    if (f.restricted && purpose != f.purpose)
      return Error::Refused("body.purpose", "fund " + f.id.str() + " is restricted to " +
                                                std::string(NameOf(f.purpose)));
    return SpendRule{[&f, purpose, rule](const Restriction& r) { return MayDisburse(r, f, purpose, rule); },
                     "usable for purpose=" + std::string(NameOf(purpose)), false, std::string(NameOf(purpose)),
                     purpose};
  }
  const auto& e = std::get<ExpenseRecorded>(body);
  const std::string category(NameOf(e.category));
  if (e.category == ExpenseCategory::kProgram) {
    const Purpose purpose = f.purpose;
    return SpendRule{[&f, purpose, rule](const Restriction& r) { return MayDisburse(r, f, purpose, rule); },
                     "usable for program spending (purpose=" + std::string(NameOf(purpose)) + ")", true, category,
                     purpose};
  }
  if (projects::PaymentOf(body))
    return Error::Refused("body.category", "a tranche is paid by a transfer, a disbursement or a program expense");
  return SpendRule{[](const Restriction& r) { return r.none(); },
                   "unrestricted, usable for " + category + " expenses", true, category, std::nullopt};
}

// Lottery money the fund could otherwise have spent: the refusal names
// the purpose, not a shortfall.
Status CheckLotteryPurpose(const FundRecord& f, Fen amount, const SpendRule& rule) {
  if (!rule.purpose || IsLotteryPurpose(*rule.purpose)) return Status::Ok();
  Fen usable, without_rule;
  for (const auto& [r, fen] : f.by_restriction) {
    if (rule.ok(r)) usable += fen;
    if (MayDisburse(r, f, *rule.purpose, false)) without_rule += fen;
  }
  if (usable >= amount || without_rule < amount) return Status::Ok();
  return Error::Refused(rule.expense ? "body.category" : "body.purpose",
                        "fund " + f.id.str() + " holds lottery welfare money, which serves only the elderly, "
                        "the disabled, orphans and the poor (elderly, disabled, orphans, poverty), not " +
                            std::string(NameOf(*rule.purpose)) + "; it holds " + FormatYuan(usable) +
                            " yuan of other money usable for it");
}

}  // namespace

Status Spend(const FundId& fund_id, Fen amount, const EventBody& body, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord f, OwnedFund(state, fund_id, "body.fund", at.poster));
  LEDGER_ASSIGN_OR_RETURN(SpendRule rule, RuleFor(body, f, LotteryRuleAt(at.ts)));
  if (rule.purpose) {
    const char* field = rule.expense ? "body.fund" : "body.purpose";
    auto drawn = DrawTranche(projects::PaymentOf(body), projects::PaidTo{nullptr, rule.purpose, field}, at, f, state);
    if (!drawn.ok()) return drawn.error();
  }
  LEDGER_RETURN_IF_ERROR(CheckLotteryPurpose(f, amount, rule));
  LEDGER_ASSIGN_OR_RETURN(std::vector<Piece> pieces, Take(state, f, amount, rule.ok, rule.usable_for, at.month));
  LEDGER_RETURN_IF_ERROR(CheckCovered(f, "body.amount_fen", rule.expense ? "this expense" : "this disbursement"));
  for (const Piece& piece : pieces)
    LEDGER_RETURN_IF_ERROR(TraceSpend(state, piece.source_seq, at.seq, rule.expense, f.id, piece.amount_fen, rule.what));
  state.Put(keys::Outflow(at.seq),
            OutflowRecord{.seq = at.seq, .kind = KindOf(body), .fund = f.id, .amount_fen = amount,
                          .what = rule.what, .pieces = std::move(pieces)});
  state.Put(keys::Fund(f.id), f);
  return Status::Ok();
}

}  // namespace ledger::accounts
