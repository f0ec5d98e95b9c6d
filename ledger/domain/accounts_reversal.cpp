// event.reversed: undoing one money event by a compensating entry
// (DESIGN.md §7). Sources and transfers only while what they placed is
// still where they put it; disbursements and expenses always, once.
#include "ledger/domain/accounts.hpp"
#include "ledger/domain/projects.hpp"
#include "ledger/domain/receipts.hpp"

namespace ledger::accounts {
namespace {

std::string SeqText(Seq seq) { return "event " + std::to_string(seq.value); }

struct PlacedLot {
  uint64_t order;
  LotRecord lot;
};

// The lots event `target` placed in `fund` at orders [first, first + count)
// that are still there, in queue order.
Result<std::vector<PlacedLot>> StillPlaced(State& state, const FundId& fund, Seq target, uint64_t first,
                                           uint64_t count) {
  std::vector<PlacedLot> lots;
  for (uint64_t order = first; order < first + count; ++order) {
    LEDGER_ASSIGN_OR_RETURN(auto lot, state.Find<LotRecord>(keys::Lot(fund, order)));
    if (lot && lot->arrival_seq == target) lots.push_back({order, std::move(*lot)});
  }
  return lots;
}

// Takes the placed lots out of `fund` (a debit of their sum).
Status RemovePlaced(State& state, FundRecord& fund, const std::vector<PlacedLot>& lots, const std::string& month) {
  Fen sum;
  for (const PlacedLot& p : lots) {
    state.Delete(keys::Lot(fund.id, p.order));
    AddToRestriction(fund, p.lot.restriction, -p.lot.amount_fen);
    --fund.lot_count;
    sum += p.lot.amount_fen;
  }
  fund.balance_fen -= sum;
  fund.outflow_fen += sum;
  return FileFlow(state, fund, month, Fen(0), sum);
}

Error NoLongerHeld(Seq target, Fen placed, const FundRecord& fund, Fen still) {
  return Error::Refused("body.seq", SeqText(target) + " can no longer be reversed: of the " + FormatYuan(placed) +
                                        " yuan it placed in fund " + fund.id.str() + ", " + FormatYuan(still) +
                                        " are still there");
}

Fen Sum(const std::vector<PlacedLot>& lots) {
  Fen sum;
  for (const PlacedLot& p : lots) sum += p.lot.amount_fen;
  return sum;
}

Status ReverseSource(Seq target, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<SourceRecord>(keys::Source(target)));
  if (!found) return Error::Refused("body.seq", SeqText(target) + " placed no money");
  SourceRecord source = std::move(*found);
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, state.Need<FundRecord>(keys::Fund(source.fund)));
  std::vector<PlacedLot> lots;
  if (source.lot_order) {
    LEDGER_ASSIGN_OR_RETURN(lots, StillPlaced(state, fund.id, target, *source.lot_order, 1));
  }
  if (Sum(lots) != source.amount_fen) return NoLongerHeld(target, source.amount_fen, fund, Sum(lots));
  LEDGER_RETURN_IF_ERROR(RemovePlaced(state, fund, lots, at.month));
  LEDGER_RETURN_IF_ERROR(CheckCovered(fund, "body.seq", "this reversal"));
  state.Put(keys::Fund(fund.id), fund);
  source.reversed = true;
  source.held.clear();
  if (!source.receipt.empty()) LEDGER_RETURN_IF_ERROR(receipts::GiftReversed(source.receipt, target, at.seq, state));
  state.Put(keys::Source(target), source);
  return Status::Ok();
}

Status ReverseSales(const LotterySalesReported& report, Seq target, State& state) {
  const std::string key = keys::Sales(report.game, report.period.text);
  LEDGER_ASSIGN_OR_RETURN(auto live, state.Find<Seq>(key));
  if (live && *live == target) state.Delete(key);
  return Status::Ok();
}

// A reversed tranche payment goes back to its project's commitment.
Status Undraw(const EventBody& original, const Applying& at, FundRecord& fund, State& state) {
  const std::optional<projects::Payment> payment = projects::PaymentOf(original);
  if (!payment) return Status::Ok();
  LEDGER_RETURN_IF_ERROR(projects::Undraw(*payment, projects::At{at.seq, at.poster, at.ts}, fund, state));
  // The pieces that come back need not be those that backed the commitment
  // (a lot designated to the fund itself backs none).
  return CheckCovered(fund, "body.seq", "this reversal");
}

Status ReverseTransfer(Seq target, const EventBody& original, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<TransferRecord>(keys::Transfer(target)));
  if (!found) return Error::Refused("body.seq", SeqText(target) + " placed no money");
  const TransferRecord& placed = *found;
  LEDGER_ASSIGN_OR_RETURN(FundRecord to, state.Need<FundRecord>(keys::Fund(placed.to)));
  LEDGER_ASSIGN_OR_RETURN(auto lots, StillPlaced(state, to.id, target, placed.first_order, placed.count));
  if (Sum(lots) != placed.amount_fen) return NoLongerHeld(target, placed.amount_fen, to, Sum(lots));
  LEDGER_RETURN_IF_ERROR(RemovePlaced(state, to, lots, at.month));
  LEDGER_RETURN_IF_ERROR(CheckCovered(to, "body.seq", "this reversal"));
  state.Put(keys::Fund(to.id), to);
  LEDGER_ASSIGN_OR_RETURN(FundRecord from, state.Need<FundRecord>(keys::Fund(placed.from)));
  for (const PlacedLot& p : lots) {
    LEDGER_RETURN_IF_ERROR(TraceHop(state, p.lot.source_seq, at.seq, to.id, from.id, p.lot.amount_fen));
    auto credited = Credit(state, from,
                           LotRecord{.source_seq = p.lot.source_seq, .amount_fen = p.lot.amount_fen,
                                     .restriction = p.lot.departed_with, .arrival_seq = at.seq},
                           at.month);
    if (!credited.ok()) return credited.error();
  }
  LEDGER_RETURN_IF_ERROR(Undraw(original, at, from, state));
  state.Put(keys::Fund(from.id), from);
  return Status::Ok();
}

Status ReverseOutflow(Seq target, const EventBody& original, const Applying& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<OutflowRecord>(keys::Outflow(target)));
  if (!found) return Error::Refused("body.seq", SeqText(target) + " spent nothing");
  OutflowRecord outflow = std::move(*found);
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, state.Need<FundRecord>(keys::Fund(outflow.fund)));
  for (const Piece& piece : outflow.pieces) {
    // Back as a new lot; the entry rule cannot loosen or change a
    // restriction that came from this very fund.
    auto credited = Credit(state, fund,
                           LotRecord{.source_seq = piece.source_seq, .amount_fen = piece.amount_fen,
                                     .restriction = piece.restriction, .arrival_seq = at.seq},
                           at.month);
    if (!credited.ok()) return credited.error();
    LEDGER_ASSIGN_OR_RETURN(SourceRecord source, state.Need<SourceRecord>(keys::Source(piece.source_seq)));
    Held(source, fund.id, piece.amount_fen);
    state.Put(keys::Source(piece.source_seq), source);
    state.Delete(keys::Spend(piece.source_seq, target));
  }
  LEDGER_RETURN_IF_ERROR(Undraw(original, at, fund, state));
  outflow.reversed = true;
  state.Put(keys::Outflow(target), outflow);
  state.Put(keys::Fund(fund.id), fund);
  return Status::Ok();
}

}  // namespace

Status Reverse(const EventReversed& body, const PostedEvent& reversed, const Applying& at, State& state) {
  const Seq target = body.seq;
  LEDGER_ASSIGN_OR_RETURN(auto by, state.Find<Seq>(keys::Reversed(target)));
  if (by)
    return Error::Refused("body.seq", SeqText(target) + " was already reversed at seq " + std::to_string(by->value));
  const EventBody& original = reversed.event.body;
  switch (KindOf(original)) {
    case EventKind::kLotterySalesReported:
      LEDGER_RETURN_IF_ERROR(ReverseSource(target, at, state));
      LEDGER_RETURN_IF_ERROR(ReverseSales(std::get<LotterySalesReported>(original), target, state));
      break;
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
    case EventKind::kAppropriationReceived:
      LEDGER_RETURN_IF_ERROR(ReverseSource(target, at, state));
      break;
    case EventKind::kFundsTransferred:
      LEDGER_RETURN_IF_ERROR(ReverseTransfer(target, original, at, state));
      break;
    case EventKind::kDisbursementMade:
    case EventKind::kExpenseRecorded:
      LEDGER_RETURN_IF_ERROR(ReverseOutflow(target, original, at, state));
      break;
    default:
      return Error::Refused("body.seq", SeqText(target) + " is " + std::string(reversed.event.type->name) +
                                            ", which moves no money and cannot be reversed");
  }
  state.Put(keys::Reversed(target), at.seq);
  return Status::Ok();
}

}  // namespace ledger::accounts
