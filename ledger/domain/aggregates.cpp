// What an event counts beside the accounts: the portal's aggregates
// (stats.hpp) and the regulatory totals by org and year (ratios.hpp).
// Both are applied with a sign: +1 for the event, -1 for its reversal,
// which takes back exactly what the event counted, computed again from it
// (fund owners and purposes never change, so the second count is the first).
#include "ledger/domain/aggregates.hpp"

namespace ledger {
namespace {

// ---- the portal's aggregates ----

Status NoRoom(std::string_view field, const std::string& path) {
  return Error::Refused(std::string(field), "would take the portal's total " + path + " past " +
                                                FormatYuan(kMaxTotalFen) + " yuan, the largest total the ledger keeps");
}

// `field` names the amount in the event, for the refusal when the bucket's
// total has no room for it.
Status AddToBucket(State& state, const std::string& path, int64_t fen, int sign,
                   std::string_view field = "body.amount_fen", int64_t welfare_fen = 0) {
  const std::string key = keys::Stats(path);
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<StatsBucket>(key));
  StatsBucket bucket = found.value_or(StatsBucket{});
  if (sign > 0 && !FitsTotal(Fen(bucket.amount_fen), Fen(fen))) return NoRoom(field, path);
  if (sign > 0 && !FitsTotal(Fen(bucket.welfare_fen), Fen(welfare_fen))) return NoRoom("body.welfare_fen", path);
  bucket.amount_fen += sign * fen;
  bucket.welfare_fen += sign * welfare_fen;
  bucket.count += sign;
  LEDGER_CHECK(bucket.count >= 0 && bucket.amount_fen >= 0);
  if (bucket.count == 0) state.Delete(key);  // nothing live is counted there
  else state.Put(key, bucket);
  return Status::Ok();
}

Status CountGift(const Gift& g, const StatsEvent& e, int sign, State& state) {
  const int64_t fen = g.amount_fen.value;
  LEDGER_RETURN_IF_ERROR(AddToBucket(state, "donations/total", fen, sign));
  LEDGER_RETURN_IF_ERROR(AddToBucket(state, "donations/month/" + std::string(g.date.month()), fen, sign));
  LEDGER_RETURN_IF_ERROR(AddToBucket(state, "donations/purpose/" + std::string(NameOf(e.fund_purpose)), fen, sign));
  LEDGER_RETURN_IF_ERROR(AddToBucket(state, "donations/channel/" + std::string(NameOf(g.channel)), fen, sign));
  LEDGER_RETURN_IF_ERROR(AddToBucket(state, "donations/org/" + e.poster.str(), fen, sign));
  if (!g.donor.display_name) return Status::Ok();
  if (sign > 0)
    state.Put(keys::Honour(e.seq),
              HonourEntry{e.seq.value, *g.donor.display_name, fen, e.poster.str(), g.date.text});
  else
    state.Delete(keys::Honour(e.seq));
  return Status::Ok();
}

// ---- the regulatory totals ----

enum class Measure : uint8_t {
  kIncome, kCharitable, kManagement, kFundraising, kWelfare, kRemitted,
  kLotteryReceived, kLotteryPassed, kLotteryUsed, kLotteryElderly
};

__int128& Field(YearTotals& totals, Measure measure) {
  switch (measure) {
    case Measure::kIncome: return totals.income_fen;
    case Measure::kCharitable: return totals.charitable_fen;
    case Measure::kManagement: return totals.management_fen;
    case Measure::kFundraising: return totals.fundraising_fen;
    case Measure::kWelfare: return totals.welfare_fen;
    case Measure::kRemitted: return totals.remitted_fen;
    case Measure::kLotteryReceived: return totals.lottery_received_fen;
    case Measure::kLotteryPassed: return totals.lottery_passed_fen;
    case Measure::kLotteryUsed: return totals.lottery_used_fen;
    case Measure::kLotteryElderly: return totals.lottery_elderly_fen;
  }
  LEDGER_CHECK_MSG(false, "every measure has a field");
  return totals.income_fen;
}

struct Count {
  OrgId org;
  Measure measure;
  Fen fen;
};

Result<OrgId> OwnerOf(State& state, const FundId& fund) {
  LEDGER_ASSIGN_OR_RETURN(FundRecord record, state.Need<FundRecord>(keys::Fund(fund)));
  return record.owner;
}

// What `body` counts: the money is the fund owner's.
Result<std::vector<Count>> CountsOf(const EventBody& body, State& state) {
  std::vector<Count> counts;
  auto count = [&](const FundId& fund, Measure measure, Fen fen) -> Status {
    LEDGER_ASSIGN_OR_RETURN(OrgId owner, OwnerOf(state, fund));
    counts.push_back({std::move(owner), measure, fen});
    return Status::Ok();
  };
  if (auto* b = std::get_if<DonationReceived>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kIncome, b->amount_fen));
  if (auto* b = std::get_if<TrustContributed>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kIncome, b->amount_fen));
  if (auto* b = std::get_if<TrustIncomeRecorded>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kIncome, b->amount_fen));
  if (auto* b = std::get_if<LotterySalesReported>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kWelfare, b->welfare_fen));
  if (auto* b = std::get_if<AppropriationReceived>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kIncome, b->amount_fen));
  if (auto* b = std::get_if<DisbursementMade>(&body)) LEDGER_RETURN_IF_ERROR(count(b->fund, Measure::kCharitable, b->amount_fen));
  if (auto* b = std::get_if<ExpenseRecorded>(&body)) {
    const Measure measure = b->category == ExpenseCategory::kManagement    ? Measure::kManagement
                            : b->category == ExpenseCategory::kFundraising ? Measure::kFundraising
                                                                           : Measure::kCharitable;  // program
    LEDGER_RETURN_IF_ERROR(count(b->fund, measure, b->amount_fen));
  }
  if (auto* b = std::get_if<FundsTransferred>(&body)) {
    LEDGER_ASSIGN_OR_RETURN(OrgId giver, OwnerOf(state, b->from));
    LEDGER_ASSIGN_OR_RETURN(OrgId receiver, OwnerOf(state, b->to));
    if (giver != receiver) {  // money moved inside one org is neither earned nor spent
      counts.push_back({giver, Measure::kCharitable, b->amount_fen});
      counts.push_back({receiver, Measure::kIncome, b->amount_fen});
      if (b->reason == TransferReason::kRemittance) counts.push_back({giver, Measure::kRemitted, b->amount_fen});
    }
  }
  return counts;
}

// Lottery welfare money used by the owner of lottery fund `from`, for
// `purpose`: the elderly part counted apart.
void CountLotteryUse(const FundRecord& from, Purpose purpose, Fen fen, std::vector<Count>& counts) {
  counts.push_back({from.owner, Measure::kLotteryUsed, fen});
  if (purpose == Purpose::kElderly) counts.push_back({from.owner, Measure::kLotteryElderly, fen});
}

// What an outflow counts in the lottery totals (ratios.hpp, YearTotals):
// money in lottery_welfare funds, judged by the funds' kinds (never
// changed), so that a reversal takes back exactly what was counted.
Status LotteryCountsOf(const EventBody& body, State& state, std::vector<Count>& counts) {
  if (auto* b = std::get_if<DisbursementMade>(&body)) {
    LEDGER_ASSIGN_OR_RETURN(FundRecord f, state.Need<FundRecord>(keys::Fund(b->fund)));
    if (f.kind == FundKind::kLotteryWelfare) CountLotteryUse(f, b->purpose, b->amount_fen, counts);
  }
  if (auto* b = std::get_if<ExpenseRecorded>(&body); b && b->category == ExpenseCategory::kProgram) {
    LEDGER_ASSIGN_OR_RETURN(FundRecord f, state.Need<FundRecord>(keys::Fund(b->fund)));
    if (f.kind == FundKind::kLotteryWelfare) CountLotteryUse(f, f.purpose, b->amount_fen, counts);
  }
  auto* t = std::get_if<FundsTransferred>(&body);
  if (!t) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(FundRecord from, state.Need<FundRecord>(keys::Fund(t->from)));
  LEDGER_ASSIGN_OR_RETURN(FundRecord to, state.Need<FundRecord>(keys::Fund(t->to)));
  if (from.owner == to.owner) return Status::Ok();
  if (to.kind == FundKind::kLotteryWelfare) counts.push_back({to.owner, Measure::kLotteryReceived, t->amount_fen});
  if (from.kind != FundKind::kLotteryWelfare || t->reason == TransferReason::kRemittance) return Status::Ok();
  if (t->reason == TransferReason::kAllocation) counts.push_back({from.owner, Measure::kLotteryPassed, t->amount_fen});
  else CountLotteryUse(from, to.purpose, t->amount_fen, counts);
  return Status::Ok();
}

Status AddToYear(State& state, const Count& c, int year, int sign) {
  if (c.fen == Fen(0)) return Status::Ok();  // a zero welfare share counts nothing
  const std::string key = keys::OrgYear(c.org, year);
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<YearTotals>(key));
  YearTotals totals = found.value_or(YearTotals{});
  __int128& field = Field(totals, c.measure);
  field += sign * static_cast<__int128>(c.fen.value);
  LEDGER_CHECK(field >= 0);
  // Nothing live left: forget it, so the state equals one that never saw the event.
  if (totals == YearTotals{}) state.Delete(key);
  else state.Put(key, totals);
  return Status::Ok();
}

}  // namespace

Status ApplyStats(const EventBody& body, const StatsEvent& e, int sign, State& state) {
  switch (KindOf(body)) {
    case EventKind::kDonationReceived: return CountGift(std::get<DonationReceived>(body), e, sign, state);
    case EventKind::kTrustContributed: return CountGift(std::get<TrustContributed>(body), e, sign, state);
    case EventKind::kTrustIncomeRecorded:
      return AddToBucket(state, "income/total", std::get<TrustIncomeRecorded>(body).amount_fen.value, sign);
    case EventKind::kDisbursementMade: {
      const auto& b = std::get<DisbursementMade>(body);
      LEDGER_RETURN_IF_ERROR(AddToBucket(state, "spending/purpose/" + std::string(NameOf(b.purpose)),
                                         b.amount_fen.value, sign));
      return AddToBucket(state, "spending/org/" + e.poster.str(), b.amount_fen.value, sign);
    }
    case EventKind::kExpenseRecorded: {
      const auto& b = std::get<ExpenseRecorded>(body);
      LEDGER_RETURN_IF_ERROR(AddToBucket(state, "spending/category/" + std::string(NameOf(b.category)),
                                         b.amount_fen.value, sign));
      return AddToBucket(state, "spending/org/" + e.poster.str(), b.amount_fen.value, sign);
    }
    case EventKind::kAppropriationReceived: {
      const auto& b = std::get<AppropriationReceived>(body);
      LEDGER_RETURN_IF_ERROR(AddToBucket(state, "appropriations/total", b.amount_fen.value, sign));
      return AddToBucket(state, "appropriations/level/" + std::string(NameOf(b.level)), b.amount_fen.value, sign);
    }
    case EventKind::kLotterySalesReported: {
      const auto& b = std::get<LotterySalesReported>(body);
      return AddToBucket(state, "lottery/" + b.game.str() + "/" + b.period.text, b.sales_fen.value, sign,
                         "body.sales_fen", b.welfare_fen.value);
    }
    default:
      return Status::Ok();  // not money entering or leaving the ledger
  }
}

Status CountLotteryProject(const ProjectApplied& terms, Fen amount, State& state) {
  LEDGER_RETURN_IF_ERROR(
      AddToBucket(state, "lottery_projects/purpose/" + std::string(NameOf(terms.purpose)), amount.value, +1));
  return AddToBucket(state, "lottery_projects/region/" + terms.region, amount.value, +1);
}

Status ApplyRatioCounts(const EventBody& body, int year, int sign, bool lottery_totals, State& state) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<Count> counts, CountsOf(body, state));
  if (lottery_totals) LEDGER_RETURN_IF_ERROR(LotteryCountsOf(body, state, counts));
  for (const Count& c : counts) LEDGER_RETURN_IF_ERROR(AddToYear(state, c, year, sign));
  return Status::Ok();
}

}  // namespace ledger
