// Outflows: taking lots FIFO among the compatible ones, transfers,
// disbursements and expenses, and the traces they leave.
#include <tuple>
#include <utility>

#include "ledger/accounts_impl.hpp"

namespace ledger {
namespace {

using Impl = Accounts::Impl;

const std::string& Str(const Json& body, const char* name) {
  return body.at(name).get_ref<const std::string&>();
}

}  // namespace

Result<std::vector<Piece>> Impl::Take(Accounts& a, Fund& fund, int64_t amount, const Compatible& ok,
                                      const std::string& usable_for) {
  // Plan first, so that a refusal leaves the fund untouched.
  std::vector<std::pair<std::size_t, int64_t>> plan;  // (lot index, fen taken)
  int64_t planned = 0, usable = 0;
  for (std::size_t i = 0; i < fund.lots.size(); ++i) {
    const Lot& lot = fund.lots[i];
    if (!ok(lot.restriction)) continue;
    usable += lot.amount_fen;
    if (planned < amount) {
      const int64_t take = std::min(lot.amount_fen, amount - planned);
      plan.emplace_back(i, take);
      planned += take;
    }
  }
  if (planned < amount)
    return Error::Refused("body.amount_fen", "fund " + fund.id + " holds " + FormatYuan(usable) +
                                          " yuan " + usable_for + ", " + FormatYuan(amount) +
                                          " requested");
  if (a.journal_) {
    // What Take is about to change: the lots it erases or splits (by their
    // index now, ascending), and the counters.
    std::vector<std::tuple<std::size_t, Lot, bool>> before;  // (index, lot, erased)
    for (const auto& [i, take] : plan) before.emplace_back(i, fund.lots[i], take == fund.lots[i].amount_fen);
    a.journal_->Record([&fund, before = std::move(before), balance = fund.balance_fen,
                        outflow = fund.outflow_fen] {
      // Ascending, so that each index is again where the lot stood.
      for (const auto& [i, lot, erased] : before) {
        if (erased) fund.lots.insert(fund.lots.begin() + static_cast<std::ptrdiff_t>(i), lot);
        else fund.lots[i] = lot;
      }
      fund.balance_fen = balance;
      fund.outflow_fen = outflow;
    });
  }
  std::vector<Piece> pieces;
  pieces.reserve(plan.size());
  for (const auto& [i, take] : plan)
    pieces.push_back({fund.lots[i].source_seq, take, fund.lots[i].restriction});
  // Only the last planned lot can be split; whole lots leave, back to front
  // so that the indices stay valid.
  for (auto it = plan.rbegin(); it != plan.rend(); ++it) {
    Lot& lot = fund.lots[it->first];
    if (it->second == lot.amount_fen) {
      LotChanged(a, fund, lot.order, nullptr);
      fund.lots.erase(fund.lots.begin() + static_cast<std::ptrdiff_t>(it->first));
    } else {
      lot.amount_fen -= it->second;  // the remainder keeps its place
      LotChanged(a, fund, lot.order, &lot);
    }
  }
  fund.balance_fen -= amount;
  fund.outflow_fen += amount;
  FileFlow(a, fund, 0, amount);
  return pieces;
}

void Impl::Held(SourceTrace& trace, const std::string& fund, int64_t delta) {
  int64_t& held = trace.held[fund];
  held += delta;
  LEDGER_CHECK(held >= 0);
  if (held == 0) trace.held.erase(fund);
}

void Impl::TraceHop(Accounts& a, uint64_t source, uint64_t seq, const std::string& from,
                    const std::string& to, int64_t amount) {
  SaveEntry(a, a.sources_, source);
  SourceTrace& trace = a.sources_.at(source);
  Held(trace, from, -amount);
  Held(trace, to, amount);
  if (!trace.hops.empty() && trace.hops.back().seq == seq && trace.hops.back().from == from &&
      trace.hops.back().to == to) {
    trace.hops.back().amount_fen += amount;
  } else {
    trace.hops.push_back({seq, from, to, amount});
  }
}

void Impl::TraceSpend(Accounts& a, uint64_t source, uint64_t seq, EventKind kind,
                      const std::string& fund, int64_t amount, const std::string& what) {
  SaveEntry(a, a.sources_, source);
  SourceTrace& trace = a.sources_.at(source);
  Held(trace, fund, -amount);
  auto& list = kind == EventKind::kDisbursementMade ? trace.spent : trace.expensed;
  if (!list.empty() && list.back().seq == seq) {
    list.back().amount_fen += amount;
  } else {
    list.push_back({seq, fund, amount, what});
  }
}

int64_t Impl::PlacedBy(const Fund& fund, uint64_t seq) {
  int64_t sum = 0;
  for (const Lot& lot : fund.lots)
    if (lot.arrival_seq == seq) sum += lot.amount_fen;
  return sum;
}

Status Impl::Transfer(Accounts& a, const Json& body, const std::string& poster, uint64_t seq,
                      AccountsChange& change) {
  auto from = OwnedFund(a, body, "from", poster);
  if (!from.ok()) return from.error();
  auto to = KnownFund(a, body, "to");
  if (!to.ok()) return to.error();
  Fund& f = **from;
  Fund& t = **to;
  const int64_t amount = body.at("amount_fen").get<int64_t>();
  auto pieces = Take(a, f, amount, [&t](const Restriction& r) { return MayMoveInto(r, t); },
                     "that may move to fund " + t.id);
  if (!pieces.ok()) return pieces.error();
  for (Piece& piece : *pieces) {
    Lot lot{.source_seq = piece.source_seq, .amount_fen = piece.amount_fen,
            .restriction = piece.restriction, .arrival_seq = seq,
            .departed_with = piece.restriction};
    Credit(a, t, std::move(lot));
    TraceHop(a, piece.source_seq, seq, f.id, t.id, piece.amount_fen);
    change.sources.push_back(piece.source_seq);
  }
  SaveEntry(a, a.placed_, seq);
  SaveEntry(a, a.transfer_from_, seq);
  a.placed_[seq] = {t.id, amount};
  a.transfer_from_[seq] = f.id;
  change.funds.push_back(f.id);
  change.funds.push_back(t.id);
  return Status::Ok();
}

Status Impl::Spend(Accounts& a, EventKind kind, const Json& body, const std::string& poster,
                   uint64_t seq, AccountsChange& change) {
  auto fund = OwnedFund(a, body, "fund", poster);
  if (!fund.ok()) return fund.error();
  Fund& f = **fund;
  const int64_t amount = body.at("amount_fen").get<int64_t>();
  Outflow outflow{.seq = seq, .kind = kind, .fund = f.id, .amount_fen = amount};
  Compatible ok;
  std::string usable_for;
  if (kind == EventKind::kDisbursementMade) {
    outflow.what = Str(body, "purpose");
    if (f.restricted && outflow.what != f.purpose)
      return Error::Refused("body.purpose", "fund " + f.id + " is restricted to " + f.purpose);
    ok = [&f, &outflow](const Restriction& r) { return MayDisburse(r, f, outflow.what); };
    usable_for = "usable for purpose=" + outflow.what;
  } else {
    outflow.what = Str(body, "category");
    if (outflow.what == "program") {
      ok = [&f](const Restriction& r) { return MayDisburse(r, f, f.purpose); };
      usable_for = "usable for program spending (purpose=" + f.purpose + ")";
    } else {
      ok = [](const Restriction& r) { return r.none(); };
      usable_for = "unrestricted, usable for " + outflow.what + " expenses";
    }
  }
  auto pieces = Take(a, f, amount, ok, usable_for);
  if (!pieces.ok()) return pieces.error();
  for (const Piece& piece : *pieces) {
    TraceSpend(a, piece.source_seq, seq, kind, f.id, piece.amount_fen, outflow.what);
    change.sources.push_back(piece.source_seq);
  }
  outflow.pieces = std::move(*pieces);
  SaveEntry(a, a.outflows_, seq);
  a.outflows_[seq] = std::move(outflow);
  change.funds.push_back(f.id);
  change.outflows.push_back(seq);
  return Status::Ok();
}

}  // namespace ledger
