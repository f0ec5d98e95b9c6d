// Lots and traces: finding funds for a poster, the restriction rules,
// crediting a lot, taking lots FIFO among the compatible ones, and keeping
// each source's trace (where its fen are held, hops and spends as keys).
#include <algorithm>

#include "ledger/domain/accounts.hpp"

namespace ledger::accounts {

Result<FundRecord> KnownFund(State& state, const FundId& id, const char* field) {
  LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(id)));
  if (!fund) return Error::Refused(field, "no fund " + id.str());
  return std::move(*fund);
}

Result<FundRecord> OwnedFund(State& state, const FundId& id, const char* field, const OrgId& owner) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, KnownFund(state, id, field));
  if (fund.owner != owner)
    return Error{Code::kPermissionDenied, field,
                 "fund " + fund.id.str() + " belongs to " + fund.owner.str() + ", not " + owner.str()};
  return fund;
}

Restriction OnEntry(const FundRecord& fund, Restriction r) {
  if (r.none() && fund.restricted) {
    Restriction entered = Restriction::Purpose(NameOf(fund.purpose));
    entered.lottery = r.lottery;
    return entered;
  }
  return r;
}

bool IsLotteryPurpose(Purpose p) {
  return p == Purpose::kElderly || p == Purpose::kDisabled || p == Purpose::kOrphans || p == Purpose::kPoverty;
}

bool LotteryMayServe(const Restriction& r, Purpose purpose) { return !r.lottery || IsLotteryPurpose(purpose); }

bool MayMoveInto(const Restriction& r, const FundRecord& to, bool lottery_rule) {
  // Lottery money in a fund restricted to another purpose could never be spent.
  if (lottery_rule && to.restricted && !LotteryMayServe(r, to.purpose)) return false;
  switch (r.kind) {
    case Restriction::Kind::kNone: return true;
    case Restriction::Kind::kPurpose: return r.value == NameOf(to.purpose);
    case Restriction::Kind::kProject: return r.value == to.id.str();
  }
  return false;
}

bool MayDisburse(const Restriction& r, const FundRecord& from, Purpose purpose, bool lottery_rule) {
  if (lottery_rule && !LotteryMayServe(r, purpose)) return false;
  switch (r.kind) {
    case Restriction::Kind::kNone: return true;
    case Restriction::Kind::kPurpose: return r.value == NameOf(purpose);
    case Restriction::Kind::kProject: return r.value == from.id.str();
  }
  return false;
}

void AddToRestriction(FundRecord& fund, const Restriction& r, Fen delta) {
  auto& list = fund.by_restriction;
  auto at = std::lower_bound(list.begin(), list.end(), r,
                             [](const auto& entry, const Restriction& key) { return entry.first < key; });
  if (at == list.end() || at->first != r) at = list.emplace(at, r, Fen(0));
  at->second += delta;
  LEDGER_CHECK(at->second >= Fen(0));
  if (at->second == Fen(0)) list.erase(at);
}

Status FileFlow(State& state, const FundRecord& fund, const std::string& month, Fen inflow, Fen outflow) {
  if (inflow == Fen(0) && outflow == Fen(0)) return Status::Ok();
  const std::string key = keys::FundMonth(fund.id, month);
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<FundMonthRecord>(key));
  FundMonthRecord flows = found.value_or(FundMonthRecord{});
  flows.inflow_fen += inflow;
  flows.outflow_fen += outflow;
  state.Put(key, flows);
  return Status::Ok();
}

Result<uint64_t> Credit(State& state, FundRecord& fund, LotRecord lot, const std::string& month) {
  if (!FitsTotal(fund.inflow_fen, lot.amount_fen))
    return Error::Refused("body.amount_fen", "would take the inflow of fund " + fund.id.str() + " past " +
                                                 FormatYuan(kMaxTotalFen) + " yuan, the largest total the ledger keeps");
  lot.restriction = OnEntry(fund, std::move(lot.restriction));
  const uint64_t order = fund.next_lot_order++;
  fund.balance_fen += lot.amount_fen;
  fund.inflow_fen += lot.amount_fen;
  ++fund.lot_count;
  AddToRestriction(fund, lot.restriction, lot.amount_fen);
  LEDGER_RETURN_IF_ERROR(FileFlow(state, fund, month, lot.amount_fen, Fen(0)));
  state.Put(keys::Lot(fund.id, order), lot);
  return order;
}

namespace {

struct Planned {
  uint64_t order;
  LotRecord lot;
  Fen take;
};

// The lots an outflow of `amount` takes, oldest first among the compatible
// ones; and the new lower bound of the fund's live lots.
Status Plan(State& state, const FundRecord& fund, Fen amount, const Compatible& ok,
            std::vector<Planned>& plan, uint64_t& first_live) {
  Fen planned;
  bool front_taken = true;  // every lot seen so far leaves the fund whole
  first_live = fund.first_lot_order;
  const std::string prefix = keys::LotPrefix(fund.id);
  Status malformed;
  LEDGER_RETURN_IF_ERROR(state.Scan<LotRecord>(prefix, prefix + SeqKey(fund.first_lot_order),
                                               [&](std::string_view key, const LotRecord& lot) {
    auto decoded = DecodeSeqKey(key.substr(prefix.size()));
    if (!decoded.ok()) {
      malformed = Error::Corruption("a lot key of fund " + fund.id.str() + " holds no order");
      return false;
    }
    const uint64_t order = *decoded;
    if (!ok(lot.restriction)) {
      front_taken = false;
      return true;
    }
    const Fen take = std::min(lot.amount_fen, amount - planned);
    plan.push_back({order, lot, take});
    planned += take;
    if (front_taken && take == lot.amount_fen) first_live = order + 1;
    else front_taken = false;
    return planned < amount;
  }));
  return malformed;
}

}  // namespace

Result<std::vector<Piece>> Take(State& state, FundRecord& fund, Fen amount, const Compatible& ok,
                                const std::string& usable_for, const std::string& month) {
  Fen usable;
  for (const auto& [restriction, fen] : fund.by_restriction)
    if (ok(restriction)) usable += fen;
  if (usable < amount)
    return Error::Refused("body.amount_fen", "fund " + fund.id.str() + " holds " + FormatYuan(usable) +
                                                 " yuan " + usable_for + ", " + FormatYuan(amount) +
                                                 " requested");
  std::vector<Planned> plan;
  uint64_t first_live = 0;
  LEDGER_RETURN_IF_ERROR(Plan(state, fund, amount, ok, plan, first_live));
  std::vector<Piece> pieces;
  pieces.reserve(plan.size());
  Fen taken;
  for (Planned& p : plan) {
    pieces.push_back({p.lot.source_seq, p.take, p.lot.restriction});
    taken += p.take;
    AddToRestriction(fund, p.lot.restriction, -p.take);
    if (p.take == p.lot.amount_fen) {
      state.Delete(keys::Lot(fund.id, p.order));
      --fund.lot_count;
    } else {
      p.lot.amount_fen -= p.take;  // the remainder keeps its place
      state.Put(keys::Lot(fund.id, p.order), p.lot);
    }
  }
  LEDGER_CHECK_MSG(taken == amount, "fund " + fund.id.str() + "'s lots disagree with its balances by restriction");
  fund.first_lot_order = first_live;
  fund.balance_fen -= amount;
  fund.outflow_fen += amount;
  LEDGER_RETURN_IF_ERROR(FileFlow(state, fund, month, Fen(0), amount));
  return pieces;
}

void Held(SourceRecord& source, const FundId& fund, Fen delta) {
  auto& held = source.held;
  auto at = std::lower_bound(held.begin(), held.end(), fund,
                             [](const auto& entry, const FundId& id) { return entry.first < id; });
  if (at == held.end() || at->first != fund) at = held.emplace(at, fund, Fen(0));
  at->second += delta;
  LEDGER_CHECK(at->second >= Fen(0));
  if (at->second == Fen(0)) held.erase(at);
}

Status TraceHop(State& state, Seq source_seq, Seq seq, const FundId& from, const FundId& to, Fen amount) {
  LEDGER_ASSIGN_OR_RETURN(SourceRecord source, state.Need<SourceRecord>(keys::Source(source_seq)));
  Held(source, from, -amount);
  Held(source, to, amount);
  state.Put(keys::Source(source_seq), source);
  // Pieces of one source moved by one event are one hop.
  const std::string key = keys::Hop(source_seq, seq);
  LEDGER_ASSIGN_OR_RETURN(auto hop, state.Find<HopRecord>(key));
  if (hop) hop->amount_fen += amount;
  else hop = HopRecord{from, to, amount};
  state.Put(key, *hop);
  return Status::Ok();
}

Status TraceSpend(State& state, Seq source_seq, Seq seq, bool expense, const FundId& fund, Fen amount,
                  const std::string& what) {
  LEDGER_ASSIGN_OR_RETURN(SourceRecord source, state.Need<SourceRecord>(keys::Source(source_seq)));
  Held(source, fund, -amount);
  state.Put(keys::Source(source_seq), source);
  const std::string key = keys::Spend(source_seq, seq);
  LEDGER_ASSIGN_OR_RETURN(auto spend, state.Find<SpendRecord>(key));
  if (spend) spend->amount_fen += amount;
  else spend = SpendRecord{expense, fund, amount, what};
  state.Put(key, *spend);
  return Status::Ok();
}

}  // namespace ledger::accounts
