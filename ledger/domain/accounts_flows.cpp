// Outflows: transfers between funds, disbursements and expenses, and the
// traces they leave.
#include "ledger/domain/accounts.hpp"

namespace ledger::accounts {

Status Transfer(const FundsTransferred& b, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord from, OwnedFund(state, b.from, "body.from", at.poster));
  LEDGER_ASSIGN_OR_RETURN(FundRecord to, KnownFund(state, b.to, "body.to"));
  LEDGER_ASSIGN_OR_RETURN(
      std::vector<Piece> pieces,
      Take(state, from, b.amount_fen, [&to](const Restriction& r) { return MayMoveInto(r, to); },
           "that may move to fund " + to.id.str(), at.month));
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
};

Result<SpendRule> RuleFor(const EventBody& body, const FundRecord& f) {
  if (auto* d = std::get_if<DisbursementMade>(&body)) {
    const std::string purpose(NameOf(d->purpose));
    if (f.restricted && d->purpose != f.purpose)
      return Error::Refused("body.purpose", "fund " + f.id.str() + " is restricted to " +
                                                std::string(NameOf(f.purpose)));
    return SpendRule{[&f, purpose](const Restriction& r) { return MayDisburse(r, f, purpose); },
                     "usable for purpose=" + purpose, false, purpose};
  }
  const auto& e = std::get<ExpenseRecorded>(body);
  const std::string category(NameOf(e.category));
  if (e.category == ExpenseCategory::kProgram) {
    const std::string purpose(NameOf(f.purpose));
    return SpendRule{[&f, purpose](const Restriction& r) { return MayDisburse(r, f, purpose); },
                     "usable for program spending (purpose=" + purpose + ")", true, category};
  }
  return SpendRule{[](const Restriction& r) { return r.none(); },
                   "unrestricted, usable for " + category + " expenses", true, category};
}

}  // namespace

Status Spend(const FundId& fund_id, Fen amount, const EventBody& body, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord f, OwnedFund(state, fund_id, "body.fund", at.poster));
  LEDGER_ASSIGN_OR_RETURN(SpendRule rule, RuleFor(body, f));
  LEDGER_ASSIGN_OR_RETURN(std::vector<Piece> pieces, Take(state, f, amount, rule.ok, rule.usable_for, at.month));
  for (const Piece& piece : pieces)
    LEDGER_RETURN_IF_ERROR(TraceSpend(state, piece.source_seq, at.seq, rule.expense, f.id, piece.amount_fen, rule.what));
  state.Put(keys::Outflow(at.seq),
            OutflowRecord{.seq = at.seq, .kind = KindOf(body), .fund = f.id, .amount_fen = amount,
                          .what = rule.what, .pieces = std::move(pieces)});
  state.Put(keys::Fund(f.id), f);
  return Status::Ok();
}

}  // namespace ledger::accounts
