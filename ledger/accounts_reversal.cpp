// event.reversed: undoing one money event by a compensating entry
// (DESIGN.md §7). Sources and transfers only while what they placed is
// still where they put it; disbursements and expenses always, once.
#include <utility>

#include "ledger/accounts_impl.hpp"

namespace ledger {
namespace {

using Impl = Accounts::Impl;

std::string SeqText(uint64_t seq) { return "event " + std::to_string(seq); }

// Removes, in queue order, the lots of `fund` placed by event `placed_by`.
std::vector<Lot> RemovePlaced(Accounts& a, Fund& fund, uint64_t placed_by) {
  Impl::SaveFund(a, fund, /*lots=*/true);  // a rare, whole-queue change
  std::vector<Lot> removed;
  std::deque<Lot> kept;
  for (Lot& lot : fund.lots) {
    if (lot.arrival_seq == placed_by) {
      Impl::LotChanged(a, fund, lot.order, nullptr);
      removed.push_back(std::move(lot));
    } else {
      kept.push_back(std::move(lot));
    }
  }
  fund.lots = std::move(kept);
  int64_t sum = 0;
  for (const Lot& lot : removed) sum += lot.amount_fen;
  fund.balance_fen -= sum;
  fund.outflow_fen += sum;
  Impl::FileFlow(a, fund, 0, sum);
  return removed;
}

}  // namespace

Status Impl::Reverse(Accounts& a, EventKind reversed_kind, const Json& body, uint64_t seq,
                     AccountsChange& change) {
  const uint64_t target = body.at("seq").get<uint64_t>();
  if (auto by = a.reversed_by_.find(target); by != a.reversed_by_.end())
    return Error::Refused("body.seq", SeqText(target) + " was already reversed at seq " + std::to_string(by->second));
  switch (reversed_kind) {
    case EventKind::kLotterySalesReported:
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
    case EventKind::kFundsTransferred: {
      auto placed = a.placed_.find(target);
      if (placed == a.placed_.end()) return Error::Refused("body.seq", SeqText(target) + " placed no money");
      Fund& fund = a.funds_.at(placed->second.first);
      const int64_t still = PlacedBy(fund, target);
      if (still != placed->second.second)
        return Error::Refused("body.seq", SeqText(target) + " can no longer be reversed: of the " +
                                       FormatYuan(placed->second.second) + " yuan it placed in fund " +
                                       fund.id + ", " + FormatYuan(still) + " are still there");
      std::vector<Lot> removed = RemovePlaced(a, fund, target);
      change.funds.push_back(fund.id);
      if (reversed_kind == EventKind::kFundsTransferred) {
        Fund& from = a.funds_.at(a.transfer_from_.at(target));
        for (Lot& lot : removed) {
          TraceHop(a, lot.source_seq, seq, fund.id, from.id, lot.amount_fen);
          change.sources.push_back(lot.source_seq);
          Credit(a, from, Lot{.source_seq = lot.source_seq, .amount_fen = lot.amount_fen,
                           .restriction = lot.departed_with, .arrival_seq = seq});
        }
        change.funds.push_back(from.id);
      } else {
        SaveEntry(a, a.sources_, target);
        SourceTrace& trace = a.sources_.at(target);
        trace.reversed = true;
        trace.held.clear();
        change.sources.push_back(target);
        if (!trace.receipt.empty() && a.receipts_.count(trace.receipt)) {
          SaveEntry(a, a.receipts_, trace.receipt);
          a.receipts_.erase(trace.receipt);
          change.receipts_freed.push_back(trace.receipt);
        }
        for (auto it = a.sales_reported_.begin(); it != a.sales_reported_.end();) {
          if (it->second != target) { ++it; continue; }
          SaveEntry(a, a.sales_reported_, it->first);
          it = a.sales_reported_.erase(it);
        }
      }
      break;
    }
    case EventKind::kDisbursementMade:
    case EventKind::kExpenseRecorded: {
      auto it = a.outflows_.find(target);
      if (it == a.outflows_.end()) return Error::Refused("body.seq", SeqText(target) + " spent nothing");
      Outflow& outflow = it->second;
      Fund& fund = a.funds_.at(outflow.fund);
      for (const Piece& piece : outflow.pieces) {
        // Back as a new lot; the entry rule cannot loosen or change a
        // restriction that came from this very fund.
        Credit(a, fund, Lot{.source_seq = piece.source_seq, .amount_fen = piece.amount_fen,
                         .restriction = piece.restriction, .arrival_seq = seq});
        SaveEntry(a, a.sources_, piece.source_seq);
        SourceTrace& trace = a.sources_.at(piece.source_seq);
        auto& list = reversed_kind == EventKind::kDisbursementMade ? trace.spent : trace.expensed;
        std::erase_if(list, [target](const ledger::Spend& s) { return s.seq == target; });
        Held(trace, fund.id, piece.amount_fen);
        change.sources.push_back(piece.source_seq);
      }
      SaveEntry(a, a.outflows_, target);
      outflow.reversed = true;
      change.funds.push_back(fund.id);
      change.outflows.push_back(target);
      break;
    }
    default:
      return Error::Refused("body.seq", SeqText(target) + " is " +
                                     std::string(EventTypeOf(reversed_kind).name) +
                                     ", which moves no money and cannot be reversed");
  }
  SaveEntry(a, a.reversed_by_, target);
  a.reversed_by_[target] = seq;
  return Status::Ok();
}

}  // namespace ledger
