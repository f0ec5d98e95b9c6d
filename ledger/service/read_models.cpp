#include "ledger/read_models.hpp"

#include <map>

#include "ledger/domain/records.hpp"
#include "ledger/domain/shares.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/ratios.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

std::string_view TypeName(EventKind kind) { return EventTypeOf(kind).name; }

Json FundHeader(const FundRecord& f) {
  Json j = {{"id", f.id.str()},
            {"owner", f.owner.str()},
            {"kind", NameOf(f.kind)},
            {"purpose", NameOf(f.purpose)},
            {"restricted", f.restricted},
            {"name", f.name},
            {"opened_seq", f.opened_seq.value},
            {"balance_fen", f.balance_fen.value},
            {"inflow_fen", f.inflow_fen.value},
            {"outflow_fen", f.outflow_fen.value},
            {"lot_count", f.lot_count},
            {"committed_fen", f.committed_fen().value},
            {"usable_fen", (f.balance_fen - f.committed_fen()).value}};
  if (f.budget_fen) j["budget_fen"] = f.budget_fen->value;
  return j;
}

Result<FundRecord> FundOr404(State& state, std::string_view id) {
  LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(FundId(id))));
  if (!fund) return Error::NotFound("no fund " + std::string(id));
  return std::move(*fund);
}

uint64_t OrderOf(std::string_view key, std::size_t prefix_size) {
  return DecodeSeqKey(key.substr(prefix_size)).value();
}

Result<Json> OrgFunds(State& state, const OrgId& org) {
  Json funds = Json::array();
  const std::string prefix = keys::OrgFundPrefix(org);
  std::vector<FundId> ids;
  LEDGER_RETURN_IF_ERROR(state.kv().Scan(Space::kState, prefix, keys::End(prefix),
                                         [&](std::string_view key, std::string_view) {
                                           ids.emplace_back(key.substr(prefix.size()));
                                           return true;
                                         }));
  for (const FundId& id : ids) {
    LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(id)));
    if (!fund) return Error::Corruption("org " + org.str() + " lists a missing fund " + id.str());
    funds.push_back({{"id", id.str()}, {"balance_fen", fund->balance_fen.value}});
  }
  return funds;
}

Result<Json> OrgFlows(State& state, const OrgId& org, std::size_t limit) {
  Json flows = Json::array();
  LEDGER_RETURN_IF_ERROR(state.Scan<OrgFlowRecord>(keys::OrgFlowPrefix(org), {},
                                                   [&](std::string_view, const OrgFlowRecord& f) {
    if (flows.size() >= limit) return false;
    flows.push_back({{"seq", f.seq.value}, {"type", f.type}, {"by", f.by.str()}});
    return true;
  }));
  return flows;
}

// Which checks apply to `org` (WarningsFor) and their limits.
Json RulesFor(const Org& org) {
  Json rules = Json::object();
  if (org.kind == OrgKind::kLotteryCenter) rules["central_remittance_min_percent"] = kCentralRemittanceMinPercent;
  if (org.kind == OrgKind::kCivilAffairs) rules["lottery_elderly_min_percent"] = kLotteryElderlyMinPercent;
  if (IsPublicFundraising(org)) {
    rules["charitable_spending_min_percent"] = kCharitableSpendingMinPercent;
    rules["management_max_percent"] =
        org.kind == OrgKind::kFoundation ? kFoundationManagementMaxPercent : kCharityManagementMaxPercent;
    rules["management_exempt_below_fen"] = kManagementExemptBelowFen;
  }
  return rules;
}

// Warnings carry int64 amounts; served, they stay within what JSON keeps.
int64_t Served(int64_t fen) { return std::min(fen, kMaxSafeInteger); }

Result<std::map<int, YearTotals>> YearsOf(State& state, const OrgId& org) {
  std::map<int, YearTotals> years;
  const std::string prefix = keys::OrgYearPrefix(org);
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(state.Scan<YearTotals>(prefix, {}, [&](std::string_view key, const YearTotals& totals) {
    const std::optional<int> year = keys::YearOfOrgYear(key);
    if (!year || key.size() != prefix.size() + 4) {
      failed = Error::Corruption("org year " + State::Printable(key) + " is malformed");
      return false;
    }
    years.emplace(*year, totals);
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  return years;
}

}  // namespace

Result<std::optional<Org>> ReadOrg(const Store& store, std::string_view id) {
  StoreStateView view(store);
  return view.state().Find<Org>(keys::Org(OrgId(id)));
}

Result<Json> ReadOrgJson(const Store& store, std::string_view id) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto org, view.state().Find<Org>(keys::Org(OrgId(id))));
  if (!org) return Error::NotFound("org " + std::string(id) + " is not registered");
  Json json = OrgToJson(*org);
  LEDGER_ASSIGN_OR_RETURN(json["funds"], OrgFunds(view.state(), OrgId(id)));
  LEDGER_ASSIGN_OR_RETURN(json["recent"], OrgFlows(view.state(), OrgId(id), kRecentFlows));
  return json;
}

Result<Json> ReadOrgRatios(const Store& store, const Org& org, int current_year) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto years, YearsOf(view.state(), OrgId(org.id)));
  Json out_years = Json::array();
  for (const auto& [year, totals] : years) {
    Json y = TotalsJson(totals);
    y["year"] = year;
    y["complete"] = year < current_year;
    out_years.push_back(std::move(y));
  }
  Json warnings = Json::array();
  LEDGER_ASSIGN_OR_RETURN(ShareOfYear share_of, shares::OfYears(view.state(), org, years));
  for (const RatioWarning& w : WarningsFor(org, years, current_year, share_of))
    warnings.push_back({{"check", w.check}, {"year", w.year}, {"numerator_fen", Served(w.numerator_fen)},
                        {"denominator_fen", Served(w.denominator_fen)}, {"message", w.message}});
  return Json{{"org", org.id}, {"current_year", current_year}, {"rules", RulesFor(org)},
              {"years", std::move(out_years)}, {"warnings", std::move(warnings)}};
}

Result<Json> ReadFund(const Store& store, std::string_view id, uint64_t from, std::size_t limit) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, FundOr404(view.state(), id));
  Json out = FundHeader(fund);
  Json lots = Json::array();
  Json next = nullptr;
  const std::string prefix = keys::LotPrefix(fund.id);
  from = std::max(from, fund.first_lot_order);
  LEDGER_RETURN_IF_ERROR(view.state().Scan<LotRecord>(prefix, prefix + SeqKey(from),
                                                      [&](std::string_view key, const LotRecord& lot) {
    const uint64_t order = OrderOf(key, prefix.size());
    if (lots.size() == limit) {
      next = order;
      return false;
    }
    lots.push_back({{"order", order}, {"source_seq", lot.source_seq.value},
                    {"amount_fen", lot.amount_fen.value}, {"restriction", lot.restriction.ToJson()}});
    return true;
  }));
  out["lots"] = std::move(lots);
  out["lots_next"] = std::move(next);
  return out;
}

Result<Json> ReadFundFlows(const Store& store, std::string_view id, std::string_view from, std::size_t limit) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(FundRecord fund, FundOr404(view.state(), id));
  const std::string prefix = keys::FundMonthPrefix(fund.id);
  Json months = Json::array();
  Json next = nullptr;
  const std::string start = prefix + std::string(from);
  LEDGER_RETURN_IF_ERROR(view.state().Scan<FundMonthRecord>(
      prefix, start, [&](std::string_view key, const FundMonthRecord& flows) {
        const std::string month(key.substr(prefix.size()));
        if (months.size() == limit) {
          next = month;
          return false;
        }
        months.push_back({{"month", month}, {"inflow_fen", flows.inflow_fen.value},
                          {"outflow_fen", flows.outflow_fen.value}});
        return true;
      }));
  return Json{{"fund", std::string(id)}, {"months", std::move(months)}, {"next", std::move(next)}};
}

Result<Json> ReadSourceTrace(const Store& store, uint64_t seq) {
  StoreStateView view(store);
  State& state = view.state();
  LEDGER_ASSIGN_OR_RETURN(auto source, state.Find<SourceRecord>(keys::Source(Seq(seq))));
  if (!source) return Error::NotFound("event " + std::to_string(seq) + " is not a source of money");
  Json held = Json::array(), hops = Json::array(), spent = Json::array(), expensed = Json::array();
  for (const auto& [fund, fen] : source->held) held.push_back({{"fund", fund.str()}, {"amount_fen", fen.value}});
  const std::string hop_prefix = keys::HopPrefix(Seq(seq));
  LEDGER_RETURN_IF_ERROR(state.Scan<HopRecord>(hop_prefix, {}, [&](std::string_view key, const HopRecord& h) {
    hops.push_back({{"seq", OrderOf(key, hop_prefix.size())}, {"from", h.from.str()}, {"to", h.to.str()},
                    {"amount_fen", h.amount_fen.value}});
    return true;
  }));
  const std::string spend_prefix = keys::SpendPrefix(Seq(seq));
  LEDGER_RETURN_IF_ERROR(state.Scan<SpendRecord>(spend_prefix, {}, [&](std::string_view key, const SpendRecord& s) {
    (s.expense ? expensed : spent)
        .push_back({{"seq", OrderOf(key, spend_prefix.size())}, {"fund", s.fund.str()},
                    {"amount_fen", s.amount_fen.value}, {s.expense ? "category" : "purpose", s.what}});
    return true;
  }));
  const Json receipt = source->receipt.empty() ? Json(nullptr) : Json(source->receipt.str());
  return Json{{"seq", seq}, {"type", TypeName(source->kind)}, {"receipt", receipt},
              {"fund", source->fund.str()}, {"amount_fen", source->amount_fen.value},
              {"reversed", source->reversed}, {"held", std::move(held)}, {"hops", std::move(hops)},
              {"spent", std::move(spent)}, {"expensed", std::move(expensed)}};
}

Result<ReceiptRef> ReadReceipt(const Store& store, std::string_view receipt) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto record, view.state().Find<ReceiptRecord>(keys::Receipt(ReceiptNo(receipt))));
  if (!record) return Error::NotFound("no donation has receipt " + std::string(receipt));
  ReceiptRef ref{record->seq.value, std::nullopt};
  if (record->replaced_by) ref.replaced_by = record->replaced_by->str();
  return ref;
}

Result<Json> ReadOutflow(const Store& store, uint64_t seq) {
  StoreStateView view(store);
  State& state = view.state();
  LEDGER_ASSIGN_OR_RETURN(auto outflow, state.Find<OutflowRecord>(keys::Outflow(Seq(seq))));
  if (!outflow)
    return Error::NotFound("event " + std::to_string(seq) + " is not a disbursement or expense");
  // Pieces summed per source, in the order each source was first taken.
  Json sources = Json::array();
  std::map<uint64_t, std::size_t> at;
  for (const Piece& p : outflow->pieces) {
    auto [it, fresh] = at.emplace(p.source_seq.value, sources.size());
    if (!fresh) {
      sources[it->second]["amount_fen"] = sources[it->second]["amount_fen"].get<int64_t>() + p.amount_fen.value;
      continue;
    }
    LEDGER_ASSIGN_OR_RETURN(SourceRecord source, state.Need<SourceRecord>(keys::Source(p.source_seq)));
    sources.push_back({{"source_seq", p.source_seq.value}, {"type", TypeName(source.kind)},
                       {"receipt", source.receipt.empty() ? Json(nullptr) : Json(source.receipt.str())},
                       {"amount_fen", p.amount_fen.value}});
  }
  const bool disbursement = outflow->kind == EventKind::kDisbursementMade;
  return Json{{"seq", seq}, {"type", TypeName(outflow->kind)}, {"fund", outflow->fund.str()},
              {"amount_fen", outflow->amount_fen.value}, {disbursement ? "purpose" : "category", outflow->what},
              {"reversed", outflow->reversed}, {"sources", std::move(sources)}};
}

namespace {

Result<std::vector<std::string>> IdsUnder(const Store& store, std::string_view prefix) {
  std::vector<std::string> ids;
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kState, prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key.substr(prefix.size()));
    return true;
  }, keys::End(prefix)));
  return ids;
}

}  // namespace

Result<std::vector<std::string>> ListFunds(const Store& store) { return IdsUnder(store, keys::kFundPrefix); }
Result<std::vector<std::string>> ListOrgs(const Store& store) { return IdsUnder(store, keys::kOrgPrefix); }

}  // namespace ledger
