// The receipts the demo points people to: one of each fate a gift can
// have (spent, partly spent, held, passed to another org and spent there,
// refunded), then others of note, then a spread over the orgs.
#include <functional>
#include <set>

#include "demo_city_year.hpp"

namespace ledger::demo {

void CityYear::PickHighlights() {
  std::map<std::string, const ScenarioEvent*> by_receipt;
  for (const ScenarioEvent& e : scenario_.events)
    if (e.type == "donation.received" || e.type == "trust.contributed")
      by_receipt[e.body["receipt"].get<std::string>()] = &e;

  const std::vector<ModelTrace> sources = model_.Sources();
  std::vector<const ModelTrace*> gifts;  // donations and contributions, in order
  for (const ModelTrace& trace : sources)
    if (!trace.receipt.empty()) gifts.push_back(&trace);

  std::set<std::string> taken;
  auto add = [&](const ModelTrace& t, const std::string& kind) {
    const ScenarioEvent& e = *by_receipt.at(t.receipt.str());
    scenario_.highlights.push_back({t.receipt.str(), t.amount_fen.value, t.fund.str(), e.org, kind});
    taken.insert(t.receipt.str());
  };
  // Of the gifts that match, the middle one: neither the year's first nor its last.
  auto pick = [&](const std::string& kind, const std::function<bool(const ModelTrace&)>& match) {
    std::vector<const ModelTrace*> found;
    for (const ModelTrace* t : gifts)
      if (!taken.contains(t->receipt.str()) && match(*t)) found.push_back(t);
    if (!found.empty()) add(*found[found.size() / 2], kind);
  };
  auto held = [](const ModelTrace& t) {
    int64_t sum = 0;
    for (const auto& [fund, fen] : t.held) sum += fen.value;
    return sum;
  };
  auto owner = [this](const FundId& fund) { return model_.FundOf(fund.str()).owner; };
  auto body = [&](const ModelTrace& t) -> const Json& { return by_receipt.at(t.receipt.str())->body; };

  pick("refunded", [](const ModelTrace& t) { return t.reversed; });
  pick("fully_disbursed", [&](const ModelTrace& t) {
    return !t.reversed && held(t) == 0 && t.expensed.empty() && !t.spent.empty();
  });
  pick("partly_disbursed", [&](const ModelTrace& t) {
    return !t.reversed && held(t) > 0 && !t.spent.empty();
  });
  pick("held", [&](const ModelTrace& t) { return !t.reversed && held(t) == t.amount_fen.value; });
  pick("regranted_then_disbursed", [&](const ModelTrace& t) {
    for (const ModelSpend& s : t.spent)
      if (owner(s.fund) != owner(t.fund)) return true;
    return false;
  });
  pick("in_kind", [&](const ModelTrace& t) { return body(t)["channel"] == "in_kind"; });
  pick("designated", [&](const ModelTrace& t) { return body(t).contains("designation"); });
  pick("trust_contribution", [&](const ModelTrace& t) { return t.kind == EventKind::kTrustContributed; });
  pick("enterprise", [&](const ModelTrace& t) {
    return body(t)["donor"]["kind"] == "enterprise" && body(t)["donor"].contains("display_name");
  });
  // The rest spread evenly over the year's gifts.
  const std::size_t step = std::max<std::size_t>(1, gifts.size() / kHighlights);
  for (std::size_t i = step / 2; i < gifts.size() && scenario_.highlights.size() < kHighlights; i += step)
    if (!taken.contains(gifts[i]->receipt.str()) && !gifts[i]->reversed) add(*gifts[i], "other");
  for (std::size_t i = 0; i < gifts.size() && scenario_.highlights.size() < kHighlights; ++i)
    if (!taken.contains(gifts[i]->receipt.str()) && !gifts[i]->reversed) add(*gifts[i], "other");
}

}  // namespace ledger::demo
