// The accounting engine: dispatch, funds, rates, and the sources of money
// (sales reports, donations, trust contributions and income). Lots and
// traces are in accounts_lots.cpp, outflows in accounts_flows.cpp,
// reversals in accounts_reversal.cpp.
#include "ledger/domain/accounts.hpp"

#include <algorithm>

#include "ledger/domain/campaigns.hpp"
#include "ledger/domain/org_rules.hpp"
#include "ledger/domain/receipts.hpp"

namespace ledger::accounts {
namespace {

Status OpenFund(State& state, FundRecord fund, const char* id_field) {
  LEDGER_ASSIGN_OR_RETURN(auto existing, state.Find<FundRecord>(keys::Fund(fund.id)));
  if (existing) return Error::Refused(id_field, "fund " + fund.id.str() + " already exists");
  state.PutRaw(keys::OrgFund(fund.owner, fund.id), "");
  state.Put(keys::Fund(fund.id), fund);
  return Status::Ok();
}

Status ApplyFundOpened(const FundOpened& b, const Applying& at, State& state) {
  if (b.owner != at.poster)
    return Error{Code::kPermissionDenied, "body.owner", "a fund is opened by its owner, " + at.poster.str()};
  if (b.kind == FundKind::kTrust) return Error::Refused("body.kind", "trust funds are opened by trust.established");
  return OpenFund(state,
                  FundRecord{.id = b.id, .owner = at.poster, .kind = b.kind, .purpose = b.purpose,
                             .restricted = b.restricted, .name = b.name, .budget_fen = b.budget_fen,
                             .opened_seq = at.seq},
                  "body.id");
}

Status ApplyTrustEstablished(const TrustEstablished& b, const Applying& at, State& state) {
  LEDGER_RETURN_IF_ERROR(KeepDay(at.seq, at.ts, state));
  return OpenFund(state,
                  FundRecord{.id = b.fund, .owner = at.poster, .kind = FundKind::kTrust,
                             .purpose = b.purpose, .restricted = true, .name = b.name,
                             .opened_seq = at.seq},
                  "body.fund");
}

Status ApplyRateSet(const LotteryRateSet& b, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto table, state.Find<RateTable>(keys::Rate(b.game)));
  RateTable rates = table.value_or(RateTable{});
  auto at = std::lower_bound(rates.rates.begin(), rates.rates.end(), b.effective_from.text,
                             [](const auto& entry, const std::string& p) { return entry.first < p; });
  if (at != rates.rates.end() && at->first == b.effective_from.text) at->second = b.welfare_rate_bp;
  else rates.rates.emplace(at, b.effective_from.text, b.welfare_rate_bp);
  state.Put(keys::Rate(b.game), rates);
  return Status::Ok();
}

Status CheckSales(const LotterySalesReported& b, State& state) {
  const std::string& game = b.game.str();
  const std::string& period = b.period.text;
  LEDGER_ASSIGN_OR_RETURN(auto table, state.Find<RateTable>(keys::Rate(b.game)));
  std::optional<int64_t> rate;
  if (table)
    for (const auto& [from, bp] : table->rates)
      if (from <= period) rate = bp;  // ascending: the last one in force wins
  if (!rate)
    return Error::Refused("body.welfare_rate_bp", "no welfare rate is in force for game " + game + " in " + period);
  if (b.welfare_rate_bp != *rate)
    return Error::Refused("body.welfare_rate_bp", "the rate in force for game " + game + " in " + period +
                                                     " is " + std::to_string(*rate) + " bp");
  const unsigned __int128 product =
      static_cast<unsigned __int128>(b.sales_fen.value) * static_cast<unsigned __int128>(*rate);
  const auto welfare = static_cast<int64_t>(product / 10000);
  if (b.welfare_fen.value != welfare)
    return Error::Refused("body.welfare_fen", "floor(sales_fen × " + std::to_string(*rate) +
                                                 " / 10000) is " + std::to_string(welfare));
  LEDGER_ASSIGN_OR_RETURN(auto reported, state.Find<Seq>(keys::Sales(b.game, period)));
  if (reported)
    return Error::Refused("body.period", "sales of game " + game + " for " + period + " were reported at seq " +
                                            std::to_string(reported->value) +
                                            " (reverse that report to correct it)");
  return Status::Ok();
}

// A designation's project must be a fund of kind project (from the second
// wave on; before, any id was taken, and nothing could spend it).
Status CheckProject(const FundId& project, std::string_view ts, State& state) {
  if (UnderFirstRules(ts)) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(project)));
  if (!fund) return Error::Refused("body.designation.project", "no fund " + project.str());
  if (fund->kind != FundKind::kProject)
    return Error::Refused("body.designation.project", "fund " + project.str() + " is a " +
                                                          std::string(NameOf(fund->kind)) + " fund, not a project");
  return Status::Ok();
}

// The restriction a gift's designation gives its lot.
Result<Restriction> Designated(const Gift& g, const FundRecord& fund, std::string_view ts, State& state) {
  if (!g.designation) return Restriction::None();
  if (g.designation->project) {
    LEDGER_RETURN_IF_ERROR(CheckProject(*g.designation->project, ts, state));
    return Restriction::Project(g.designation->project->str());
  }
  const Purpose purpose = *g.designation->purpose;
  if (fund.restricted && purpose != fund.purpose)
    return Error::Refused("body.designation.purpose",
                          "fund " + fund.id.str() + " is restricted to " + std::string(NameOf(fund.purpose)));
  return Restriction::Purpose(NameOf(purpose));
}

struct SourceFacts {
  FundId fund;
  Fen amount;
  const Gift* gift = nullptr;  // donations and trust contributions
  const LotterySalesReported* sales = nullptr;
};

SourceFacts FactsOf(const EventBody& body) {
  if (auto* b = std::get_if<LotterySalesReported>(&body)) return {b->fund, b->welfare_fen, nullptr, b};
  if (auto* b = std::get_if<AppropriationReceived>(&body)) return {b->fund, b->amount_fen};
  if (auto* b = std::get_if<DonationReceived>(&body)) return {b->fund, b->amount_fen, b};
  if (auto* b = std::get_if<TrustContributed>(&body)) return {b->fund, b->amount_fen, b};
  const auto& income = std::get<TrustIncomeRecorded>(body);
  return {income.fund, income.amount_fen};
}

Status ApplySource(const EventBody& body, const Applying& at, State& state) {
  const SourceFacts facts = FactsOf(body);
  const EventKind kind = KindOf(body);
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, OwnedFund(state, facts.fund, "body.fund", at.poster));
  const bool into_trust = kind == EventKind::kTrustContributed || kind == EventKind::kTrustIncomeRecorded;
  if (kind != EventKind::kLotterySalesReported && into_trust != (fund.kind == FundKind::kTrust))
    return Error::Refused("body.fund", into_trust ? "fund " + fund.id.str() + " is not a trust fund"
                                                  : "fund " + fund.id.str() + " is a trust fund: use trust.contributed");
  SourceRecord source{.seq = at.seq, .kind = kind, .fund = fund.id, .amount_fen = facts.amount};
  Restriction restriction;
  restriction.lottery = facts.sales != nullptr;
  if (facts.sales) LEDGER_RETURN_IF_ERROR(CheckSales(*facts.sales, state));
  if (facts.gift) {
    source.receipt = facts.gift->receipt;
    LEDGER_RETURN_IF_ERROR(campaigns::CheckGift(*facts.gift, kind, at.poster, state));
    LEDGER_RETURN_IF_ERROR(receipts::Take(*facts.gift, kind, receipts::At{at.seq, at.poster, at.ts}, state));
    LEDGER_ASSIGN_OR_RETURN(restriction, Designated(*facts.gift, fund, at.ts, state));
  }
  if (facts.sales) state.Put(keys::Sales(facts.sales->game, facts.sales->period.text), at.seq);
  if (facts.amount > Fen(0)) {
    LEDGER_ASSIGN_OR_RETURN(const uint64_t order,
                            Credit(state, fund,
                                   LotRecord{.source_seq = at.seq, .amount_fen = facts.amount,
                                             .restriction = std::move(restriction), .arrival_seq = at.seq},
                                   at.month));
    source.lot_order = order;
    source.held.emplace_back(fund.id, facts.amount);
  }
  state.Put(keys::Source(at.seq), source);
  state.Put(keys::Fund(fund.id), fund);
  return Status::Ok();
}

}  // namespace

std::string FlowMonth(const EventBody& body, std::string_view recorded_month) {
  if (auto* b = std::get_if<LotterySalesReported>(&body)) return b->period.text;
  if (auto* b = std::get_if<DonationReceived>(&body)) return std::string(b->date.month());
  if (auto* b = std::get_if<TrustContributed>(&body)) return std::string(b->date.month());
  if (auto* b = std::get_if<TrustIncomeRecorded>(&body)) return std::string(b->date.month());
  if (auto* b = std::get_if<AppropriationReceived>(&body)) return std::string(b->date.month());
  const std::optional<Date>* date = OutflowDate(body);
  if (date && *date) return std::string((*date)->month());
  return std::string(recorded_month);
}

const std::optional<Date>* OutflowDate(const EventBody& body) {
  if (auto* b = std::get_if<FundsTransferred>(&body)) return &b->date;
  if (auto* b = std::get_if<DisbursementMade>(&body)) return &b->date;
  if (auto* b = std::get_if<ExpenseRecorded>(&body)) return &b->date;
  return nullptr;
}

bool Handles(EventKind kind) {
  switch (kind) {
    case EventKind::kFundOpened:
    case EventKind::kLotteryRateSet:
    case EventKind::kLotterySalesReported:
    case EventKind::kDonationReceived:
    case EventKind::kTrustEstablished:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
    case EventKind::kAppropriationReceived:
    case EventKind::kFundsTransferred:
    case EventKind::kDisbursementMade:
    case EventKind::kExpenseRecorded:
    case EventKind::kEventReversed:
      return true;
    default:
      return false;
  }
}

Status Apply(const EventBody& body, const Applying& at, State& state) {
  switch (KindOf(body)) {
    case EventKind::kFundOpened: return ApplyFundOpened(std::get<FundOpened>(body), at, state);
    case EventKind::kTrustEstablished: return ApplyTrustEstablished(std::get<TrustEstablished>(body), at, state);
    case EventKind::kLotteryRateSet: return ApplyRateSet(std::get<LotteryRateSet>(body), state);
    case EventKind::kLotterySalesReported:
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
    case EventKind::kAppropriationReceived:
      return ApplySource(body, at, state);
    case EventKind::kFundsTransferred: return Transfer(std::get<FundsTransferred>(body), at, state);
    case EventKind::kDisbursementMade: {
      const auto& b = std::get<DisbursementMade>(body);
      return Spend(b.fund, b.amount_fen, body, at, state);
    }
    case EventKind::kExpenseRecorded: {
      const auto& b = std::get<ExpenseRecorded>(body);
      return Spend(b.fund, b.amount_fen, body, at, state);
    }
    default:
      LEDGER_CHECK_MSG(false, "accounts::Apply called for an event it does not handle");
  }
  return Status::Ok();
}

}  // namespace ledger::accounts
