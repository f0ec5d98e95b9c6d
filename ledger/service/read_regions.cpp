// GET /v1/regions/{code}: the orgs located in a region and its
// sub-regions, and their money rolled up by administrative level
// (DESIGN.md §6b: statistics roll up by region and level).
#include <algorithm>
#include <map>

#include "ledger/domain/records.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

// Sums of many funds' running totals (each up to 2^62 − 1): kept in 128
// bits, served saturated at 2^53 − 1 as the ratios' totals are.
struct Money {
  __int128 balance = 0, inflow = 0, outflow = 0, committed = 0;
  int64_t orgs = 0;
  bool funds_truncated = false;  // an org holds more funds than were read
  void Add(const Money& m) {
    balance += m.balance;
    inflow += m.inflow;
    outflow += m.outflow;
    committed += m.committed;
    orgs += m.orgs;
    funds_truncated = funds_truncated || m.funds_truncated;
  }
  static int64_t Served(__int128 fen) { return static_cast<int64_t>(std::min<__int128>(fen, kMaxSafeInteger)); }
  Json ToJson() const {
    return {{"orgs", orgs}, {"balance_fen", Served(balance)}, {"inflow_fen", Served(inflow)},
            {"outflow_fen", Served(outflow)}, {"committed_fen", Served(committed)}};
  }
};

// A province's code ends in 0000, a city's in 00: their orgs are those
// whose codes start with the rest.
std::string RegionPrefix(std::string_view code) {
  if (code.ends_with("0000")) return std::string(code.substr(0, 2));
  if (code.ends_with("00")) return std::string(code.substr(0, 4));
  return std::string(code);
}

Result<Money> OrgMoney(State& state, const OrgId& org) {
  Money money;
  money.orgs = 1;
  const std::string prefix = keys::OrgFundPrefix(org);
  std::vector<FundId> funds;
  LEDGER_RETURN_IF_ERROR(state.kv().Scan(Space::kState, prefix, keys::End(prefix),
                                         [&](std::string_view key, std::string_view) {
                                           if (funds.size() >= kMaxListedFunds) {
                                             money.funds_truncated = true;
                                             return false;
                                           }
                                           funds.emplace_back(key.substr(prefix.size()));
                                           return true;
                                         }));
  for (const FundId& id : funds) {
    LEDGER_ASSIGN_OR_RETURN(FundRecord f, state.Need<FundRecord>(keys::Fund(id)));
    money.balance += f.balance_fen.value;
    money.inflow += f.inflow_fen.value;
    money.outflow += f.outflow_fen.value;
    money.committed += f.committed_fen().value;
  }
  return money;
}

}  // namespace

Result<Json> ReadRegion(const Store& store, std::string_view code) {
  StoreStateView view(store);
  State& state = view.state();
  const std::string prefix = std::string(keys::kOrgRegionPrefix) + RegionPrefix(code);
  std::vector<OrgId> ids;
  bool truncated = false;
  LEDGER_RETURN_IF_ERROR(state.kv().Scan(Space::kState, prefix, keys::End(prefix),
                                         [&](std::string_view key, std::string_view) {
                                           if (ids.size() >= kMaxRegionOrgs) {
                                             truncated = true;
                                             return false;
                                           }
                                           ids.emplace_back(key.substr(key.rfind('/') + 1));
                                           return true;
                                         }));
  Json orgs = Json::array();
  Money total;
  std::map<std::string, Money> by_level;
  for (const OrgId& id : ids) {
    LEDGER_ASSIGN_OR_RETURN(Org org, state.Need<Org>(keys::Org(id)));
    LEDGER_ASSIGN_OR_RETURN(Money money, OrgMoney(state, id));
    total.Add(money);
    by_level[org.level].Add(money);
    Json entry = money.ToJson();
    entry.erase("orgs");
    entry.update({{"id", org.id}, {"name", org.name}, {"kind", OrgKindName(org.kind)}, {"region", org.region},
                  {"level", org.level}});
    orgs.push_back(std::move(entry));
  }
  Json levels = Json::array();
  for (const auto& [level, money] : by_level) {
    Json entry = money.ToJson();
    entry["level"] = level;
    levels.push_back(std::move(entry));
  }
  return Json{{"region", std::string(code)}, {"orgs", std::move(orgs)}, {"totals", total.ToJson()},
              {"by_level", std::move(levels)}, {"truncated", truncated || total.funds_truncated}};
}

}  // namespace ledger
