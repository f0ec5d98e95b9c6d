// GET /v1/stats from the stored aggregates (stats.hpp): each bucket placed
// in the answer by its path, and a page of the honour list.
#include "ledger/domain/records.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

// "donations/month/2026-11" -> where it goes in the answer, and its label.
void PlaceBucket(Json& out, std::string_view path, const StatsBucket& bucket) {
  auto slash = path.find('/');
  const std::string group(path.substr(0, slash));
  std::string_view rest = slash == std::string_view::npos ? "" : path.substr(slash + 1);
  const int64_t fen = bucket.amount_fen;
  const int64_t count = bucket.count;
  if (group == "lottery") {
    auto game_end = rest.find('/');
    out["lottery"].push_back({{"game", std::string(rest.substr(0, game_end))},
                              {"period", std::string(rest.substr(game_end + 1))},
                              {"sales_fen", fen}, {"welfare_fen", bucket.welfare_fen}, {"count", count}});
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
      {"month", "month"}, {"purpose", "purpose"}, {"channel", "channel"}, {"org", "org"}, {"category", "category"},
      {"level", "level"}, {"region", "region"}};
  auto label = kLabels.find(dimension);
  if (label == kLabels.end() || dim_end == std::string_view::npos) return;  // a newer bucket kind
  out[group]["by_" + dimension].push_back(
      {{label->second, std::string(rest.substr(dim_end + 1))}, {"amount_fen", fen}, {"count", count}});
}

}  // namespace

Result<Json> ReadStats(const Store& store, uint64_t honour_from, std::size_t honour_limit) {
  StoreKv kv(store, [](Seq) -> Result<std::optional<std::string>> { return std::optional<std::string>(); });
  Overlay overlay(&kv);
  State state(overlay);
  Json out = {{"donations", {{"total_fen", 0}, {"count", 0}, {"by_month", Json::array()},
                             {"by_purpose", Json::array()}, {"by_channel", Json::array()},
                             {"by_org", Json::array()}}},
              {"income", {{"total_fen", 0}, {"count", 0}}},
              {"spending", {{"by_purpose", Json::array()}, {"by_category", Json::array()},
                            {"by_org", Json::array()}}},
              {"lottery", Json::array()},
              {"appropriations", {{"total_fen", 0}, {"count", 0}, {"by_level", Json::array()}}},
              {"lottery_projects", {{"by_purpose", Json::array()}, {"by_region", Json::array()}}}};
  LEDGER_RETURN_IF_ERROR(state.Scan<StatsBucket>(keys::kStatsPrefix, {},
                                                 [&](std::string_view key, const StatsBucket& bucket) {
                                                   PlaceBucket(out, key.substr(keys::kStatsPrefix.size()), bucket);
                                                   return true;
                                                 }));
  Json honour = Json::array();
  Json next = nullptr;
  LEDGER_RETURN_IF_ERROR(state.Scan<HonourEntry>(keys::kHonourPrefix, keys::Honour(Seq(honour_from)),
                                                 [&](std::string_view, const HonourEntry& h) {
    if (honour.size() == honour_limit) {
      next = h.seq;
      return false;
    }
    honour.push_back({{"seq", h.seq}, {"display_name", h.display_name}, {"amount_fen", h.amount_fen},
                      {"org", h.org}, {"date", h.date}});
    return true;
  }));
  out["honour"] = std::move(honour);
  out["honour_next"] = std::move(next);
  return out;
}

}  // namespace ledger
