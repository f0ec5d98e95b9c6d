// The accounting engine: dispatch, funds, rates, and the sources of money
// (sales reports, donations, trust contributions and income). Outflows are
// in accounts_flows.cpp, reversals in accounts_reversal.cpp.
#include "ledger/accounts.hpp"

#include <algorithm>

#include "ledger/accounts_impl.hpp"

namespace ledger {
namespace {

using Impl = Accounts::Impl;

const std::string& Str(const Json& body, const char* name) {
  return body.at(name).get_ref<const std::string&>();
}
int64_t Int(const Json& body, const char* name) { return body.at(name).get<int64_t>(); }

std::string SalesKey(const Json& body) { return Str(body, "game") + "/" + Str(body, "period"); }

}  // namespace

Json Restriction::ToJson() const {
  switch (kind) {
    case Kind::kNone: return nullptr;
    case Kind::kPurpose: return {{"purpose", value}};
    case Kind::kProject: return {{"project", value}};
  }
  return nullptr;
}

std::string FormatYuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  const std::string digits = std::to_string(abs / 100);
  std::string yuan;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) yuan.push_back(',');
    yuan.push_back(digits[i]);
  }
  const uint64_t cents = abs % 100;
  return (negative ? "-" : "") + yuan + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

Result<Fund*> Impl::KnownFund(Accounts& a, const Json& body, const char* field) {
  const std::string& id = Str(body, field);
  auto it = a.funds_.find(id);
  if (it == a.funds_.end()) return Error::Refused(std::string("body.") + field, "no fund " + id);
  return &it->second;
}

Result<Fund*> Impl::OwnedFund(Accounts& a, const Json& body, const char* field,
                              const std::string& poster) {
  auto fund = KnownFund(a, body, field);
  if (!fund.ok()) return fund.error();
  if ((*fund)->owner != poster)
    return Error{Code::kPermissionDenied, std::string("body.") + field,
                 "fund " + (*fund)->id + " belongs to " + (*fund)->owner + ", not " + poster};
  return fund;
}

Restriction Impl::OnEntry(const Fund& fund, Restriction r) {
  if (r.none() && fund.restricted) return Restriction::Purpose(fund.purpose);
  return r;
}

bool Impl::MayMoveInto(const Restriction& r, const Fund& to) {
  switch (r.kind) {
    case Restriction::Kind::kNone: return true;
    case Restriction::Kind::kPurpose: return r.value == to.purpose;
    case Restriction::Kind::kProject: return r.value == to.id;
  }
  return false;
}

bool Impl::MayDisburse(const Restriction& r, const Fund& from, const std::string& purpose) {
  switch (r.kind) {
    case Restriction::Kind::kNone: return true;
    case Restriction::Kind::kPurpose: return r.value == purpose;
    case Restriction::Kind::kProject: return r.value == from.id;
  }
  return false;
}

void Impl::Credit(Accounts& a, Fund& fund, Lot lot) {
  lot.restriction = OnEntry(fund, std::move(lot.restriction));
  lot.order = fund.next_lot_order++;
  fund.balance_fen += lot.amount_fen;
  fund.inflow_fen += lot.amount_fen;
  FileFlow(a, fund, lot.amount_fen, 0);
  if (a.journal_)
    a.journal_->Record([&fund, amount = lot.amount_fen] {
      fund.lots.pop_back();
      --fund.next_lot_order;
      fund.balance_fen -= amount;
      fund.inflow_fen -= amount;
    });
  LotChanged(a, fund, lot.order, &lot);
  fund.lots.push_back(std::move(lot));
}

void Impl::FileFlow(Accounts& a, Fund& fund, int64_t inflow, int64_t outflow) {
  LEDGER_CHECK_MSG(!a.month_.empty(), "flows are filed only during Apply");
  if (inflow == 0 && outflow == 0) return;
  SaveEntry(a, fund.months, a.month_);
  FundMonth& month = fund.months[a.month_];
  month.inflow_fen += inflow;
  month.outflow_fen += outflow;
  if (a.change_) a.change_->fund_months.emplace_back(fund.id, a.month_);
}

void Impl::LotChanged(Accounts& a, const Fund& fund, uint64_t order, const Lot* lot) {
  if (!a.change_) return;
  a.change_->lots.push_back({fund.id, order, lot ? std::optional<Lot>(*lot) : std::nullopt});
}

void Impl::SaveFund(Accounts& a, Fund& fund, bool lots) {
  if (!a.journal_) return;
  std::optional<std::deque<Lot>> saved_lots;
  if (lots) saved_lots = fund.lots;
  a.journal_->Record([&fund, balance = fund.balance_fen, inflow = fund.inflow_fen,
                      outflow = fund.outflow_fen, saved_lots = std::move(saved_lots)] {
    fund.balance_fen = balance;
    fund.inflow_fen = inflow;
    fund.outflow_fen = outflow;
    if (saved_lots) fund.lots = *saved_lots;
  });
}

void AccountsJournal::Undo() {
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
  undo_.clear();
}

bool Accounts::Handles(EventKind kind) {
  switch (kind) {
    case EventKind::kFundOpened:
    case EventKind::kLotteryRateSet:
    case EventKind::kLotterySalesReported:
    case EventKind::kDonationReceived:
    case EventKind::kTrustEstablished:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
    case EventKind::kFundsTransferred:
    case EventKind::kDisbursementMade:
    case EventKind::kExpenseRecorded:
    case EventKind::kEventReversed:
      return true;
    default:
      return false;
  }
}

namespace {

Status OpenFund(Accounts& a, std::map<std::string, Fund, std::less<>>& funds, Fund fund,
                const char* id_field, AccountsChange& change) {
  if (funds.count(fund.id)) return Error::Refused(id_field, "fund " + fund.id + " already exists");
  Impl::SaveEntry(a, funds, fund.id);
  change.funds.push_back(fund.id);
  std::string id = fund.id;
  funds.emplace(std::move(id), std::move(fund));
  return Status::Ok();
}

Fund FundFromBody(const Json& body, const std::string& id_member, const std::string& owner,
                  uint64_t seq) {
  Fund fund;
  fund.id = Str(body, id_member.c_str());
  fund.owner = owner;
  fund.name = Str(body, "name");
  fund.purpose = Str(body, "purpose");
  fund.opened_seq = seq;
  return fund;
}

}  // namespace

std::string Accounts::FlowMonth(EventKind kind, const Json& body, std::string_view recorded_month) {
  switch (kind) {
    case EventKind::kLotterySalesReported:
      return Str(body, "period");
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
      return Str(body, "date").substr(0, 7);
    default:
      return std::string(recorded_month);
  }
}

Status Accounts::Apply(EventKind kind, const Json& body, const std::string& poster, uint64_t seq,
                       std::string_view recorded_month, std::optional<EventKind> reversed_kind,
                       AccountsChange* change_out, AccountsJournal* journal) {
  // Journal only for this call: a copy of the Accounts never points at it.
  struct JournalScope {
    Accounts& a;
    ~JournalScope() {
      a.journal_ = nullptr;
      a.change_ = nullptr;
      a.month_.clear();
    }
  } scope{*this};
  LEDGER_CHECK_MSG(recorded_month.size() == 7, "a recorded month is YYYY-MM");
  month_ = FlowMonth(kind, body, recorded_month);
  journal_ = journal;
  AccountsChange scratch;
  AccountsChange& change = change_out ? *change_out : scratch;
  change_ = change_out;
  switch (kind) {
    case EventKind::kFundOpened: {
      if (Str(body, "owner") != poster)
        return Error{Code::kPermissionDenied, "body.owner", "a fund is opened by its owner, " + poster};
      if (Str(body, "kind") == "trust")
        return Error::Refused("body.kind", "trust funds are opened by trust.established");
      Fund fund = FundFromBody(body, "id", poster, seq);
      fund.kind = Str(body, "kind");
      fund.restricted = body.at("restricted").get<bool>();
      if (body.contains("budget_fen")) fund.budget_fen = Int(body, "budget_fen");
      return OpenFund(*this, funds_, std::move(fund), "body.id", change);
    }
    case EventKind::kTrustEstablished: {
      Fund fund = FundFromBody(body, "fund", poster, seq);
      fund.kind = "trust";
      fund.restricted = true;
      return OpenFund(*this, funds_, std::move(fund), "body.fund", change);
    }
    case EventKind::kLotteryRateSet:
      Impl::SaveEntry(*this, rates_, Str(body, "game"));
      rates_[Str(body, "game")][Str(body, "effective_from")] = Int(body, "welfare_rate_bp");
      return Status::Ok();
    case EventKind::kLotterySalesReported:
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
      return ApplySource(kind, body, poster, seq, change);
    case EventKind::kFundsTransferred:
      return Impl::Transfer(*this, body, poster, seq, change);
    case EventKind::kDisbursementMade:
    case EventKind::kExpenseRecorded:
      return Impl::Spend(*this, kind, body, poster, seq, change);
    case EventKind::kEventReversed:
      LEDGER_CHECK_MSG(reversed_kind.has_value(), "a reversal needs the reversed event's kind");
      return Impl::Reverse(*this, *reversed_kind, body, seq, change);
    default:
      LEDGER_CHECK_MSG(false, "Accounts::Apply called for an event it does not handle");
  }
  return Status::Ok();
}

Status Accounts::CheckSales(const Json& body) const {
  const std::string& game = Str(body, "game");
  const std::string& period = Str(body, "period");
  auto rates = rates_.find(game);
  std::optional<int64_t> rate;
  if (rates != rates_.end()) {
    auto it = rates->second.upper_bound(period);  // first effective_from after period
    if (it != rates->second.begin()) rate = std::prev(it)->second;
  }
  if (!rate)
    return Error::Refused("body.welfare_rate_bp",
                         "no welfare rate is in force for game " + game + " in " + period);
  if (Int(body, "welfare_rate_bp") != *rate)
    return Error::Refused("body.welfare_rate_bp", "the rate in force for game " + game + " in " +
                                                     period + " is " + std::to_string(*rate) + " bp");
  const unsigned __int128 product =
      static_cast<unsigned __int128>(Int(body, "sales_fen")) * static_cast<unsigned __int128>(*rate);
  const auto welfare = static_cast<int64_t>(product / 10000);
  if (Int(body, "welfare_fen") != welfare)
    return Error::Refused("body.welfare_fen", "floor(sales_fen × " + std::to_string(*rate) +
                                                 " / 10000) is " + std::to_string(welfare));
  if (auto reported = sales_reported_.find(SalesKey(body)); reported != sales_reported_.end())
    return Error::Refused("body.period", "sales of game " + game + " for " + period +
                                            " were reported at seq " +
                                            std::to_string(reported->second) +
                                            " (reverse that report to correct it)");
  return Status::Ok();
}

Status Accounts::ApplySource(EventKind kind, const Json& body, const std::string& poster,
                             uint64_t seq, AccountsChange& change) {
  auto fund = Impl::OwnedFund(*this, body, "fund", poster);
  if (!fund.ok()) return fund.error();
  Fund& f = **fund;
  const bool into_trust = kind == EventKind::kTrustContributed || kind == EventKind::kTrustIncomeRecorded;
  if (kind != EventKind::kLotterySalesReported && into_trust != (f.kind == "trust"))
    return Error::Refused("body.fund", into_trust ? "fund " + f.id + " is not a trust fund"
                                                 : "fund " + f.id + " is a trust fund: use trust.contributed");
  SourceTrace trace{.seq = seq, .kind = kind, .fund = f.id};
  Restriction restriction;
  if (kind == EventKind::kLotterySalesReported) {
    LEDGER_RETURN_IF_ERROR(CheckSales(body));
    trace.amount_fen = Int(body, "welfare_fen");
  } else {
    trace.amount_fen = Int(body, "amount_fen");
  }
  if (kind == EventKind::kDonationReceived || kind == EventKind::kTrustContributed) {
    trace.receipt = Str(body, "receipt");
    if (auto used = receipts_.find(trace.receipt); used != receipts_.end())
      return Error::Refused("body.receipt", "receipt " + trace.receipt + " was issued at seq " +
                                               std::to_string(used->second));
    if (auto d = body.find("designation"); d != body.end()) {
      if (d->contains("project")) {
        restriction = Restriction::Project(Str(*d, "project"));
      } else {
        restriction = Restriction::Purpose(Str(*d, "purpose"));
        if (f.restricted && restriction.value != f.purpose)
          return Error::Refused("body.designation.purpose",
                               "fund " + f.id + " is restricted to " + f.purpose);
      }
    }
    Impl::SaveEntry(*this, receipts_, trace.receipt);
    receipts_[trace.receipt] = seq;
    change.receipts_taken.push_back(trace.receipt);
  }
  if (kind == EventKind::kLotterySalesReported) {
    Impl::SaveEntry(*this, sales_reported_, SalesKey(body));
    sales_reported_[SalesKey(body)] = seq;
  }
  Impl::SaveEntry(*this, placed_, seq);
  Impl::SaveEntry(*this, sources_, seq);
  if (trace.amount_fen > 0) {
    Impl::Credit(*this, f, Lot{.source_seq = seq, .amount_fen = trace.amount_fen,
                        .restriction = std::move(restriction), .arrival_seq = seq});
    trace.held[f.id] = trace.amount_fen;
  }
  placed_[seq] = {f.id, trace.amount_fen};
  sources_[seq] = std::move(trace);
  change.funds.push_back(f.id);
  change.sources.push_back(seq);
  return Status::Ok();
}

const Fund* Accounts::FindFund(std::string_view id) const {
  auto it = funds_.find(id);
  return it == funds_.end() ? nullptr : &it->second;
}

const SourceTrace* Accounts::FindSource(uint64_t seq) const {
  auto it = sources_.find(seq);
  return it == sources_.end() ? nullptr : &it->second;
}

const Outflow* Accounts::FindOutflow(uint64_t seq) const {
  auto it = outflows_.find(seq);
  return it == outflows_.end() ? nullptr : &it->second;
}

std::optional<uint64_t> Accounts::FindReceipt(std::string_view receipt) const {
  auto it = receipts_.find(receipt);
  if (it == receipts_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Accounts::FundsOf(std::string_view org) const {
  std::vector<std::string> ids;
  for (const auto& [id, fund] : funds_)
    if (fund.owner == org) ids.push_back(id);
  return ids;
}

}  // namespace ledger
