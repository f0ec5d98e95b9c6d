// What an audit checks of a replayed state as a whole: that it adds up,
// and the regulatory warnings of every org (replay.hpp).
#include <map>

#include "ledger/domain/records.hpp"
#include "ledger/domain/shares.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/read_models.hpp"
#include "ledger/replay.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

Error Fails(const std::string& what) { return Error::Corruption(what); }

// Every fund: balance = lots = inflow − outflow; months add up to the flows.
Status CheckFunds(State& state, Fen& held) {
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(state.Scan<FundRecord>(keys::kFundPrefix, {}, [&](std::string_view, const FundRecord& fund) {
    Fen lots, in, out;
    const std::string lot_prefix = keys::LotPrefix(fund.id);
    Status s = state.Scan<LotRecord>(lot_prefix, lot_prefix + SeqKey(fund.first_lot_order),
                                     [&](std::string_view, const LotRecord& lot) {
                                       lots += lot.amount_fen;
                                       return true;
                                     });
    if (s.ok())
      s = state.Scan<FundMonthRecord>(keys::FundMonthPrefix(fund.id), {},
                                      [&](std::string_view, const FundMonthRecord& m) {
                                        in += m.inflow_fen;
                                        out += m.outflow_fen;
                                        return true;
                                      });
    if (!s.ok()) failed = s;
    else if (lots != fund.balance_fen || fund.balance_fen != fund.inflow_fen - fund.outflow_fen)
      failed = Fails("fund " + fund.id.str() + ": balance, lots and flows disagree");
    else if (in != fund.inflow_fen || out != fund.outflow_fen)
      failed = Fails("fund " + fund.id.str() + ": its months do not add up to its flows");
    held += fund.balance_fen;
    return failed.ok();
  }));
  return failed;
}

// Every live source's fen are held, spent or expensed.
Status CheckSources(State& state, std::map<std::string, int64_t>& totals) {
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(state.Scan<SourceRecord>(keys::kSourcePrefix, {}, [&](std::string_view, const SourceRecord& source) {
    if (source.reversed) return true;
    Fen sum;
    for (const auto& [fund, fen] : source.held) sum += fen;
    Status s = state.Scan<SpendRecord>(keys::SpendPrefix(source.seq), {}, [&](std::string_view, const SpendRecord& spend) {
      sum += spend.amount_fen;
      return true;
    });
    if (!s.ok()) failed = s;
    else if (sum != source.amount_fen)
      failed = Fails("the trace of source " + std::to_string(source.seq.value) + " accounts for " +
                     std::to_string(sum.value) + " of its " + std::to_string(source.amount_fen.value) + " fen");
    totals[std::string(EventTypeOf(source.kind).name)] += source.amount_fen.value;
    totals["sources"] += source.amount_fen.value;
    return failed.ok();
  }));
  return failed;
}

Status SumOutflows(State& state, std::map<std::string, int64_t>& totals) {
  return state.Scan<OutflowRecord>(keys::kOutflowPrefix, {}, [&](std::string_view, const OutflowRecord& outflow) {
    if (!outflow.reversed) totals[std::string(EventTypeOf(outflow.kind).name)] += outflow.amount_fen.value;
    return true;
  });
}

}  // namespace

Status CheckAccounts(const Store& store, std::map<std::string, int64_t>& totals) {
  StoreStateView view(store);
  Fen held;
  totals.clear();
  LEDGER_RETURN_IF_ERROR(CheckFunds(view.state(), held));
  totals["held"] = held.value;
  LEDGER_RETURN_IF_ERROR(CheckSources(view.state(), totals));
  LEDGER_RETURN_IF_ERROR(SumOutflows(view.state(), totals));
  auto total = [&totals](const char* name) {
    auto it = totals.find(name);
    return it == totals.end() ? int64_t{0} : it->second;
  };
  const int64_t spent = total("held") + total("disbursement.made") + total("expense.recorded");
  if (total("sources") != spent)
    return Fails("money is not conserved: sources " + std::to_string(total("sources")) + " fen, held + spent " +
                 std::to_string(spent) + " fen");
  return Status::Ok();
}

Result<std::vector<RatioWarning>> StateWarnings(const Store& store, int current_year) {
  StoreStateView view(store);
  State& state = view.state();
  std::map<std::string, std::map<int, YearTotals>> years;
  Status malformed;
  LEDGER_RETURN_IF_ERROR(state.Scan<YearTotals>(keys::kOrgYearPrefix, {}, [&](std::string_view key, const YearTotals& t) {
    const std::optional<int> year = keys::YearOfOrgYear(key);
    if (!year || key.size() < keys::kOrgYearPrefix.size() + 6) {
      malformed = Error::Corruption("org year " + State::Printable(key) + " is malformed");
      return false;
    }
    const std::string_view rest = key.substr(keys::kOrgYearPrefix.size());
    years[std::string(rest.substr(0, rest.size() - 5))][*year] = t;
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(malformed);
  std::vector<RatioWarning> warnings;
  for (const auto& [id, org_years] : years) {
    LEDGER_ASSIGN_OR_RETURN(auto org, state.Find<Org>(keys::Org(OrgId(id))));
    if (!org) continue;  // cannot happen for an accepted event
    LEDGER_ASSIGN_OR_RETURN(ShareOfYear share_of, shares::OfYears(state, *org, org_years));
    for (RatioWarning& w : WarningsFor(*org, org_years, current_year, share_of)) warnings.push_back(std::move(w));
  }
  std::sort(warnings.begin(), warnings.end(), [](const RatioWarning& a, const RatioWarning& b) {
    return std::tie(a.check, a.org, a.year) < std::tie(b.check, b.org, b.year);
  });
  return warnings;
}

Result<std::vector<RatioWarning>> DisclosureWarnings(const Store& store, const Date& today) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> orgs, ListOrgs(store));
  std::vector<RatioWarning> warnings;
  for (const std::string& id : orgs) {
    LEDGER_ASSIGN_OR_RETURN(auto org, ReadOrg(store, id));
    if (!org) continue;
    LEDGER_ASSIGN_OR_RETURN(std::vector<Obligation> owed, OrgObligations(store, *org, today));
    for (const Obligation& o : owed) {
      LEDGER_ASSIGN_OR_RETURN(const ObligationStatus status, ObligationStatusOf(store, *org, o, today));
      if (status != ObligationStatus::kLate && status != ObligationStatus::kOverdue) continue;
      const bool late = status == ObligationStatus::kLate;
      warnings.push_back({late ? "disclosure_late" : "disclosure_overdue", id, std::stoi(o.due.text.substr(0, 4)), 0, 0,
                          id + (late ? " published " : " has not published ") + "its " +
                              std::string(NameOf(o.kind)) + " of " + o.subject + " for " + o.period + ", due " +
                              o.due.text + (late ? ", after the deadline" : "")});
    }
  }
  return warnings;
}

}  // namespace ledger
