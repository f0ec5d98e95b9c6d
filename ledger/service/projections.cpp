#include "ledger/projections.hpp"

#include <algorithm>
#include <set>

namespace ledger {
namespace {

constexpr std::string_view kFund = "fund/";
constexpr std::string_view kLot = "lot/";
constexpr std::string_view kSource = "source/";
constexpr std::string_view kOutflow = "outflow/";
constexpr std::string_view kReceipt = "receipt/";
constexpr std::string_view kOrgFund = "orgfund/";
constexpr std::string_view kFundMonth = "fundmonth/";

std::string Key(std::string_view prefix, std::string_view rest) {
  std::string key(prefix);
  key += rest;
  return key;
}
std::string LotPrefix(std::string_view fund) { return Key(kLot, fund) + "/"; }
std::string FundMonthPrefix(std::string_view fund) { return Key(kFundMonth, fund) + "/"; }

std::string Canonical(const Json& value) {
  auto text = Canonicalize(value);
  LEDGER_CHECK_MSG(text.ok(), "a projection canonicalises");
  return std::move(*text);
}

Json FundHeader(const Fund& f) {
  Json j = {{"id", f.id},         {"owner", f.owner},          {"kind", f.kind},
            {"purpose", f.purpose}, {"restricted", f.restricted}, {"name", f.name},
            {"opened_seq", f.opened_seq}, {"balance_fen", f.balance_fen},
            {"inflow_fen", f.inflow_fen}, {"outflow_fen", f.outflow_fen},
            {"lot_count", f.lots.size()},
            // Where the live lots begin: spent ones leave deleted keys before it.
            {"first_lot_order", f.lots.empty() ? f.next_lot_order : f.lots.front().order}};
  if (f.budget_fen) j["budget_fen"] = *f.budget_fen;
  return j;
}

Json LotJson(const Lot& lot) {
  return {{"source_seq", lot.source_seq}, {"amount_fen", lot.amount_fen},
          {"restriction", lot.restriction.ToJson()}, {"arrival_seq", lot.arrival_seq}};
}

std::string_view TypeName(EventKind kind) { return EventTypeOf(kind).name; }

Json TraceJson(const SourceTrace& t) {
  Json held = Json::array(), hops = Json::array(), spent = Json::array(), expensed = Json::array();
  for (const auto& [fund, fen] : t.held) held.push_back({{"fund", fund}, {"amount_fen", fen}});
  for (const Hop& h : t.hops)
    hops.push_back({{"seq", h.seq}, {"from", h.from}, {"to", h.to}, {"amount_fen", h.amount_fen}});
  for (const Spend& s : t.spent)
    spent.push_back({{"seq", s.seq}, {"fund", s.fund}, {"amount_fen", s.amount_fen}, {"purpose", s.what}});
  for (const Spend& s : t.expensed)
    expensed.push_back({{"seq", s.seq}, {"fund", s.fund}, {"amount_fen", s.amount_fen}, {"category", s.what}});
  return {{"seq", t.seq}, {"type", TypeName(t.kind)}, {"receipt", t.receipt}, {"fund", t.fund},
          {"amount_fen", t.amount_fen}, {"reversed", t.reversed}, {"held", std::move(held)},
          {"hops", std::move(hops)}, {"spent", std::move(spent)}, {"expensed", std::move(expensed)}};
}

// Pieces summed per source, in the order each source was first taken.
Json OutflowJson(const Accounts& accounts, const Outflow& o) {
  Json sources = Json::array();
  std::map<uint64_t, std::size_t> at;
  for (const Piece& p : o.pieces) {
    auto [it, fresh] = at.emplace(p.source_seq, sources.size());
    if (!fresh) {
      sources[it->second]["amount_fen"] = sources[it->second]["amount_fen"].get<int64_t>() + p.amount_fen;
      continue;
    }
    const SourceTrace* source = accounts.FindSource(p.source_seq);
    LEDGER_CHECK(source != nullptr);
    sources.push_back({{"source_seq", p.source_seq}, {"type", TypeName(source->kind)},
                       {"receipt", source->receipt.empty() ? Json(nullptr) : Json(source->receipt)},
                       {"amount_fen", p.amount_fen}});
  }
  const bool disbursement = o.kind == EventKind::kDisbursementMade;
  return {{"seq", o.seq}, {"type", TypeName(o.kind)}, {"fund", o.fund}, {"amount_fen", o.amount_fen},
          {disbursement ? "purpose" : "category", o.what}, {"reversed", o.reversed},
          {"sources", std::move(sources)}};
}

void PutFundMonth(const ProjectionSink& sink, const std::string& fund, const std::string& month,
                  const FundMonth& flows) {
  const std::string value =
      Canonical({{"inflow_fen", flows.inflow_fen}, {"outflow_fen", flows.outflow_fen}});
  sink(Column::kIndex, FundMonthPrefix(fund) + month, &value);
}

Result<std::optional<Json>> GetJson(const Store& store, const std::string& key) {
  auto value = store.Get(Column::kIndex, key);
  if (!value.ok()) return value.error();
  if (!*value) return std::optional<Json>();
  auto json = ParseStrict(**value);
  if (!json.ok()) return Error::Corruption("projection " + key + " does not parse");
  return std::optional<Json>(std::move(*json));
}

}  // namespace

ProjectionSink SinkInto(WriteSet& writes) {
  return [&writes](Column column, const std::string& key, const std::string* value) {
    if (value) writes.Put(column, key, *value);
    else writes.Delete(column, key);
  };
}

void WriteProjections(const Accounts& accounts, const AccountsChange& change,
                      const ProjectionSink& sink) {
  auto put = [&sink](const std::string& key, const std::string& value) {
    sink(Column::kIndex, key, &value);
  };
  auto del = [&sink](const std::string& key) { sink(Column::kIndex, key, nullptr); };
  for (const std::string& id : std::set<std::string>(change.funds.begin(), change.funds.end())) {
    const Fund* fund = accounts.FindFund(id);
    LEDGER_CHECK(fund != nullptr);
    put(Key(kFund, id), Canonical(FundHeader(*fund)));
    put(Key(kOrgFund, fund->owner + "/" + id), "");
  }
  for (const LotChange& c : change.lots) {
    const std::string key = LotPrefix(c.fund) + SeqKey(c.order);
    if (c.lot) put(key, Canonical(LotJson(*c.lot)));
    else del(key);
  }
  for (const auto& [id, month] : std::set(change.fund_months.begin(), change.fund_months.end()))
    PutFundMonth(sink, id, month, accounts.FindFund(id)->months.at(month));
  for (uint64_t seq : std::set<uint64_t>(change.sources.begin(), change.sources.end()))
    put(Key(kSource, SeqKey(seq)), Canonical(TraceJson(*accounts.FindSource(seq))));
  for (uint64_t seq : std::set<uint64_t>(change.outflows.begin(), change.outflows.end()))
    put(Key(kOutflow, SeqKey(seq)),
               Canonical(OutflowJson(accounts, *accounts.FindOutflow(seq))));
  std::set<std::string> receipts(change.receipts_taken.begin(), change.receipts_taken.end());
  receipts.insert(change.receipts_freed.begin(), change.receipts_freed.end());
  for (const std::string& r : receipts) {
    std::optional<uint64_t> seq = accounts.FindReceipt(r);
    // A reversed donation's receipt still answers with its trace, marked
    // reversed, until the receipt is issued again (DESIGN.md §7).
    for (uint64_t s : change.sources)
      if (const SourceTrace* t = accounts.FindSource(s); !seq && t && t->reversed && t->receipt == r) seq = s;
    if (seq) put(Key(kReceipt, r), SeqKey(*seq));
    else del(Key(kReceipt, r));
  }
}

void WriteAllFundMonths(const Accounts& accounts, const ProjectionSink& sink) {
  for (const auto& [id, fund] : accounts.funds())
    for (const auto& [month, flows] : fund.months) PutFundMonth(sink, id, month, flows);
}

Result<Json> ReadFund(const Store& store, std::string_view id, uint64_t from, std::size_t limit) {
  auto header = GetJson(store, Key(kFund, id));
  if (!header.ok()) return header.error();
  if (!*header) return Error::NotFound("no fund " + std::string(id));
  Json fund = std::move(**header);
  Json lots = Json::array();
  Json next = nullptr;
  const std::string prefix = LotPrefix(id);
  std::string end = prefix;
  end.back() = '/' + 1;  // just past every key of this fund's lots
  from = std::max(from, fund.value("first_lot_order", uint64_t{0}));
  fund.erase("first_lot_order");
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, prefix + SeqKey(from),
                                    [&](std::string_view key, std::string_view value) {
    if (!key.starts_with(prefix)) return false;
    auto order = DecodeSeqKey(key.substr(prefix.size()));
    auto lot = ParseStrict(value);
    if (!order.ok() || !lot.ok()) {
      failed = Error::Corruption("lot " + std::string(key) + " is malformed");
      return false;
    }
    if (lots.size() == limit) {
      next = *order;
      return false;
    }
    lots.push_back({{"order", *order}, {"source_seq", (*lot)["source_seq"]},
                    {"amount_fen", (*lot)["amount_fen"]}, {"restriction", (*lot)["restriction"]}});
    return true;
  }, end));
  LEDGER_RETURN_IF_ERROR(failed);
  fund["lots"] = std::move(lots);
  fund["lots_next"] = std::move(next);
  return fund;
}

Result<Json> ReadFundFlows(const Store& store, std::string_view id, std::string_view from,
                           std::size_t limit) {
  auto header = store.Get(Column::kIndex, Key(kFund, id));
  if (!header.ok()) return header.error();
  if (!*header) return Error::NotFound("no fund " + std::string(id));
  const std::string prefix = FundMonthPrefix(id);
  std::string end = prefix;
  end.back() = '/' + 1;  // just past every month of this fund
  Json months = Json::array();
  Json next = nullptr;
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, prefix + std::string(from),
                                    [&](std::string_view key, std::string_view value) {
    const std::string month(key.substr(prefix.size()));
    auto flows = ParseStrict(value);
    if (!flows.ok() || !flows->is_object()) {
      failed = Error::Corruption("fund month " + std::string(key) + " is malformed");
      return false;
    }
    if (months.size() == limit) {
      next = month;
      return false;
    }
    months.push_back({{"month", month}, {"inflow_fen", (*flows)["inflow_fen"]},
                      {"outflow_fen", (*flows)["outflow_fen"]}});
    return true;
  }, end));
  LEDGER_RETURN_IF_ERROR(failed);
  return Json{{"fund", std::string(id)}, {"months", std::move(months)}, {"next", std::move(next)}};
}

Result<Json> ReadSource(const Store& store, uint64_t seq) {
  auto source = GetJson(store, Key(kSource, SeqKey(seq)));
  if (!source.ok()) return source.error();
  if (!*source) return Error::NotFound("event " + std::to_string(seq) + " is not a source of money");
  return std::move(**source);
}

Result<uint64_t> ReadReceipt(const Store& store, std::string_view receipt) {
  auto value = store.Get(Column::kIndex, Key(kReceipt, receipt));
  if (!value.ok()) return value.error();
  if (!*value) return Error::NotFound("no donation has receipt " + std::string(receipt));
  return DecodeSeqKey(**value);
}

Result<Json> ReadOutflow(const Store& store, uint64_t seq) {
  auto outflow = GetJson(store, Key(kOutflow, SeqKey(seq)));
  if (!outflow.ok()) return outflow.error();
  if (!*outflow) return Error::NotFound("event " + std::to_string(seq) + " is not a disbursement or expense");
  return std::move(**outflow);
}

Result<Json> ReadOrgFunds(const Store& store, std::string_view org) {
  const std::string prefix = Key(kOrgFund, std::string(org) + "/");
  std::vector<std::string> ids;
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, prefix, [&](std::string_view key, std::string_view) {
    if (!key.starts_with(prefix)) return false;
    ids.emplace_back(key.substr(prefix.size()));
    return true;
  }));
  Json funds = Json::array();
  for (const std::string& id : ids) {
    auto header = GetJson(store, Key(kFund, id));
    if (!header.ok()) return header.error();
    if (!*header) return Error::Corruption("org " + std::string(org) + " lists a missing fund " + id);
    funds.push_back({{"id", id}, {"balance_fen", (**header)["balance_fen"]}});
  }
  return funds;
}

}  // namespace ledger

namespace ledger {
namespace {

constexpr std::string_view kStats = "stats/";
constexpr std::string_view kHonour = "honour/";

// "donations/month/2026-11" -> where it goes in the answer, and its label.
void PlaceBucket(Json& out, std::string_view path, const Json& bucket) {
  auto slash = path.find('/');
  const std::string group(path.substr(0, slash));
  std::string_view rest = slash == std::string_view::npos ? "" : path.substr(slash + 1);
  const int64_t fen = bucket.value("amount_fen", int64_t{0});
  const int64_t count = bucket.value("count", int64_t{0});
  if (group == "lottery") {
    auto game_end = rest.find('/');
    out["lottery"].push_back({{"game", std::string(rest.substr(0, game_end))},
                              {"period", std::string(rest.substr(game_end + 1))},
                              {"sales_fen", fen}, {"welfare_fen", bucket.value("welfare_fen", int64_t{0})},
                              {"count", count}});
    return;
  }
  if (rest == "total") {
    out[group]["total_fen"] = fen;
    out[group]["count"] = count;
    return;
  }
  auto dim_end = rest.find('/');
  const std::string dimension(rest.substr(0, dim_end));
  static const std::map<std::string, std::string> kLabels = {
      {"month", "month"}, {"purpose", "purpose"}, {"channel", "channel"},
      {"org", "org"}, {"category", "category"}};
  auto label = kLabels.find(dimension);
  if (label == kLabels.end() || dim_end == std::string_view::npos) return;  // a newer bucket kind
  out[group]["by_" + dimension].push_back(
      {{label->second, std::string(rest.substr(dim_end + 1))}, {"amount_fen", fen}, {"count", count}});
}

}  // namespace

void WriteStatsProjections(const Stats& stats, const StatsChange& change, const ProjectionSink& sink) {
  auto put = [&sink](const std::string& key, const std::string& value) {
    sink(Column::kIndex, key, &value);
  };
  auto del = [&sink](const std::string& key) { sink(Column::kIndex, key, nullptr); };
  for (const std::string& path : std::set<std::string>(change.buckets.begin(), change.buckets.end())) {
    const std::string key = Key(kStats, path);
    if (const StatsBucket* b = stats.Find(path)) {
      put(key,
                 Canonical({{"amount_fen", b->amount_fen}, {"count", b->count},
                            {"welfare_fen", b->welfare_fen}}));
    } else {
      del(key);
    }
  }
  for (const HonourEntry& h : change.honour_added)
    put(Key(kHonour, SeqKey(h.seq)),
               Canonical({{"seq", h.seq}, {"display_name", h.display_name},
                          {"amount_fen", h.amount_fen}, {"org", h.org}, {"date", h.date}}));
  for (uint64_t seq : change.honour_removed) del(Key(kHonour, SeqKey(seq)));
}

Result<Json> ReadStats(const Store& store, uint64_t honour_from, std::size_t honour_limit) {
  Json out = {{"donations", {{"total_fen", 0}, {"count", 0}, {"by_month", Json::array()},
                             {"by_purpose", Json::array()}, {"by_channel", Json::array()},
                             {"by_org", Json::array()}}},
              {"income", {{"total_fen", 0}, {"count", 0}}},
              {"spending", {{"by_purpose", Json::array()}, {"by_category", Json::array()},
                            {"by_org", Json::array()}}},
              {"lottery", Json::array()}};
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, kStats, [&](std::string_view key, std::string_view value) {
    if (!key.starts_with(kStats)) return false;
    auto bucket = ParseStrict(value);
    if (!bucket.ok()) {
      failed = Error::Corruption("aggregate " + std::string(key) + " does not parse");
      return false;
    }
    PlaceBucket(out, key.substr(kStats.size()), *bucket);
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  Json honour = Json::array();
  Json next = nullptr;
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, Key(kHonour, SeqKey(honour_from)),
                                    [&](std::string_view key, std::string_view value) {
    if (!key.starts_with(kHonour)) return false;
    auto entry = ParseStrict(value);
    if (!entry.ok()) {
      failed = Error::Corruption("honour entry " + std::string(key) + " does not parse");
      return false;
    }
    if (honour.size() == honour_limit) {
      next = (*entry)["seq"];
      return false;
    }
    honour.push_back(std::move(*entry));
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  out["honour"] = std::move(honour);
  out["honour_next"] = std::move(next);
  return out;
}

}  // namespace ledger

namespace ledger {
namespace {

constexpr std::string_view kOrgFlow = "orgflow/";

std::string OrgFlowPrefix(std::string_view org) { return std::string(kOrgFlow) + std::string(org) + "/"; }

}  // namespace

void WriteOrgFlowEntry(const std::string& org, uint64_t seq, std::string_view type,
                       const std::string& by, const ProjectionSink& sink) {
  // Inverted, so that a forward scan meets the newest first.
  const std::string key = OrgFlowPrefix(org) + SeqKey(~seq);
  auto value = Canonicalize(Json{{"seq", seq}, {"type", type}, {"by", by}});
  LEDGER_CHECK(value.ok());
  sink(Column::kIndex, key, &*value);
}

Result<Json> ReadOrgFlows(const Store& store, std::string_view org, std::size_t limit) {
  const std::string prefix = OrgFlowPrefix(org);
  Json flows = Json::array();
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(store.Scan(Column::kIndex, prefix, [&](std::string_view key, std::string_view value) {
    if (!key.starts_with(prefix) || flows.size() >= limit) return false;
    auto entry = ParseStrict(value);
    if (!entry.ok()) {
      failed = Error::Corruption("flow entry " + std::string(key) + " does not parse");
      return false;
    }
    flows.push_back(std::move(*entry));
    return true;
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  return flows;
}

}  // namespace ledger
