// The demo city's fixed cast (funds, games, charities' missions) and the
// seeded randomness the generator draws from. Internal to the demo seeder.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::demo {

inline constexpr std::string_view kYear = "2025";

// Org ids, named once.
inline constexpr std::string_view kLotteryCentre = "city-welfare-lottery";
inline constexpr std::string_view kProvincialHolder = "prov-welfare-lottery";
inline constexpr std::string_view kFederation = "city-charity-federation";
inline constexpr std::string_view kElderlyFoundation = "city-elderly-foundation";
inline constexpr std::string_view kDisabledCharity = "city-disabled-assistance";
inline constexpr std::string_view kChildrensHome = "city-childrens-home";
inline constexpr std::string_view kPovertyRelief = "city-poverty-relief";
inline constexpr std::string_view kTrustee = "city-trust-company";
inline constexpr std::string_view kAuditor = "city-audit-firm";

// Fund ids the flows name.
inline constexpr std::string_view kLotteryWelfareFund = "city-lottery-welfare";
inline constexpr std::string_view kCentralShareFund = "prov-lottery-central";
inline constexpr std::string_view kTrustFund = "trust-orphans-education";

struct DemoFund {
  std::string_view id, owner, kind, purpose;
  bool restricted;
  std::string_view name;
};

// Every fund but the trust's (trust.established opens that one), in
// opening order; an owner's unrestricted fund comes before its projects.
inline constexpr DemoFund kDemoFunds[] = {
    {"city-lottery-welfare", kLotteryCentre, "lottery_welfare", "general", false, "市本级福利彩票公益金"},
    {"lottery-elderly", kLotteryCentre, "project", "elderly", true, "福彩公益金·扶老项目"},
    {"lottery-disabled", kLotteryCentre, "project", "disabled", true, "福彩公益金·助残项目"},
    {"lottery-orphans", kLotteryCentre, "project", "orphans", true, "福彩公益金·救孤项目"},
    {"lottery-poverty", kLotteryCentre, "project", "poverty", true, "福彩公益金·济困项目"},
    {"prov-lottery-central", kProvincialHolder, "lottery_welfare", "general", false, "中央集中彩票公益金（省级代收）"},
    {"fed-general", kFederation, "donations", "general", false, "慈善总会·非限定慈善基金"},
    {"fed-poverty", kFederation, "donations", "poverty", true, "慈善总会·扶贫济困专项基金"},
    {"eld-general", kElderlyFoundation, "donations", "general", false, "老年关爱基金会·非限定基金"},
    {"eld-homecare", kElderlyFoundation, "project", "elderly", true, "居家养老服务项目"},
    {"eld-meals", kElderlyFoundation, "project", "elderly", true, "长者助餐项目"},
    {"dis-general", kDisabledCharity, "donations", "general", false, "助残慈善会·非限定基金"},
    {"dis-rehab", kDisabledCharity, "project", "disabled", true, "残疾儿童康复项目"},
    {"kids-general", kChildrensHome, "donations", "general", false, "儿童福利院·非限定捐赠"},
    {"kids-orphans", kChildrensHome, "project", "orphans", true, "孤儿助养项目"},
    {"pov-general", kPovertyRelief, "donations", "general", false, "扶贫济困慈善会·非限定基金"},
    {"pov-relief", kPovertyRelief, "project", "poverty", true, "困难家庭临时救助项目"},
};

// A charity that takes donations: its receipt prefix, its unrestricted
// fund, its projects (which donors may name), its mission and its share of
// the city's donations in percent.
struct DemoCharity {
  std::string_view org, receipt_prefix, general_fund;
  std::vector<std::string_view> projects;
  std::string_view purpose;
  int donation_share_pct;
};

inline const std::vector<DemoCharity>& DemoCharities() {
  static const std::vector<DemoCharity> kCharities = {
      {kFederation, "FED", "fed-general", {"fed-poverty"}, "poverty", 35},
      {kElderlyFoundation, "ELD", "eld-general", {"eld-homecare", "eld-meals"}, "elderly", 20},
      {kDisabledCharity, "DIS", "dis-general", {"dis-rehab"}, "disabled", 15},
      {kChildrensHome, "KID", "kids-general", {"kids-orphans"}, "orphans", 15},
      {kPovertyRelief, "POV", "pov-general", {"pov-relief"}, "poverty", 15},
  };
  return kCharities;
}

// A welfare-lottery game: its id, its public-welfare share, and its
// monthly sales range in yuan.
struct DemoGame {
  std::string_view id;
  int64_t welfare_rate_bp;
  int64_t min_sales_yuan, max_sales_yuan;
};

inline constexpr DemoGame kDemoGames[] = {
    {"ssq", 3600, 60'000'000, 90'000'000},     // 双色球
    {"fc3d", 3500, 20'000'000, 30'000'000},    // 福彩3D
    {"kl8", 3700, 30'000'000, 50'000'000},     // 快乐8
    {"instant", 2000, 10'000'000, 20'000'000}, // 即开型
};

// How the year's donations fall by month (September's charity day and
// December's year-end giving stand out).
inline constexpr int kMonthWeights[12] = {6, 5, 6, 7, 7, 7, 7, 8, 16, 8, 8, 15};

inline std::string Period(int month) {
  return std::string(kYear) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

inline std::string Date(int month, int day) {
  return Period(month) + (day < 10 ? "-0" : "-") + std::to_string(day);
}

inline int DaysIn(int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2025
  return kDays[month - 1];
}

// Every draw of the generator comes from here, in a fixed order.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  int64_t Uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
  }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  double Real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(engine_); }
  template <class V>
  const auto& Pick(const V& values) {
    return values[static_cast<std::size_t>(Uniform(0, int64_t(std::size(values)) - 1))];
  }
  // An index drawn with the given weights.
  std::size_t Weighted(std::span<const int> weights) {
    return std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(engine_);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ledger::demo
