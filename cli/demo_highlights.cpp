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
    if (e.body.contains("receipt") && e.type != "fund.opened")
      by_receipt[e.body["receipt"].get<std::string>()] = &e;

  std::vector<const SourceTrace*> gifts;  // donations and contributions, in order
  for (const auto& [seq, trace] : model_.accounts().sources())
    if (!trace.receipt.empty()) gifts.push_back(&trace);

  std::set<std::string> taken;
  auto add = [&](const SourceTrace& t, const std::string& kind) {
    const ScenarioEvent& e = *by_receipt.at(t.receipt);
    scenario_.highlights.push_back({t.receipt, t.amount_fen, t.fund, e.org, kind});
    taken.insert(t.receipt);
  };
  // Of the gifts that match, the middle one: neither the year's first nor its last.
  auto pick = [&](const std::string& kind, const std::function<bool(const SourceTrace&)>& match) {
    std::vector<const SourceTrace*> found;
    for (const SourceTrace* t : gifts)
      if (!taken.contains(t->receipt) && match(*t)) found.push_back(t);
    if (!found.empty()) add(*found[found.size() / 2], kind);
  };
  auto held = [](const SourceTrace& t) {
    int64_t sum = 0;
    for (const auto& [fund, fen] : t.held) sum += fen;
    return sum;
  };
  auto owner = [this](const std::string& fund) { return model_.FundOf(fund).owner; };
  auto body = [&](const SourceTrace& t) -> const Json& { return by_receipt.at(t.receipt)->body; };

  pick("refunded", [](const SourceTrace& t) { return t.reversed; });
  pick("fully_disbursed", [&](const SourceTrace& t) {
    return !t.reversed && held(t) == 0 && t.expensed.empty() && !t.spent.empty();
  });
  pick("partly_disbursed", [&](const SourceTrace& t) {
    return !t.reversed && held(t) > 0 && !t.spent.empty();
  });
  pick("held", [&](const SourceTrace& t) { return !t.reversed && held(t) == t.amount_fen; });
  pick("regranted_then_disbursed", [&](const SourceTrace& t) {
    for (const Spend& s : t.spent)
      if (owner(s.fund) != owner(t.fund)) return true;
    return false;
  });
  pick("in_kind", [&](const SourceTrace& t) { return body(t)["channel"] == "in_kind"; });
  pick("designated", [&](const SourceTrace& t) { return body(t).contains("designation"); });
  pick("trust_contribution", [&](const SourceTrace& t) { return t.kind == EventKind::kTrustContributed; });
  pick("enterprise", [&](const SourceTrace& t) {
    return body(t)["donor"]["kind"] == "enterprise" && body(t)["donor"].contains("display_name");
  });
  // The rest spread evenly over the year's gifts.
  const std::size_t step = std::max<std::size_t>(1, gifts.size() / kHighlights);
  for (std::size_t i = step / 2; i < gifts.size() && scenario_.highlights.size() < kHighlights; i += step)
    if (!taken.contains(gifts[i]->receipt) && !gifts[i]->reversed) add(*gifts[i], "other");
  for (std::size_t i = 0; i < gifts.size() && scenario_.highlights.size() < kHighlights; ++i)
    if (!taken.contains(gifts[i]->receipt) && !gifts[i]->reversed) add(*gifts[i], "other");
}

}  // namespace ledger::demo
