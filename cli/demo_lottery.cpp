// The lottery centre's month (sales, the central share, allocations, its
// projects' disbursements) and the charity trust's.
#include "demo_city_year.hpp"

namespace ledger::demo {

namespace {

// The lottery centre's own projects, one per purpose of 扶老、助残、救孤、济困.
constexpr std::string_view kLotteryProjects[] = {"lottery-elderly", "lottery-disabled",
                                                 "lottery-orphans", "lottery-poverty"};
// Charities' projects that the lottery money also funds.
constexpr std::string_view kFundedCharityProjects[] = {"eld-homecare", "dis-rehab",
                                                       "kids-orphans", "pov-relief"};
// Shares of a month's welfare money, in percent: the rest of the local
// half stays in the welfare fund as a reserve.
constexpr int64_t kOwnProjectPct = 9;
constexpr int64_t kCharityProjectPct = 2;

std::string Month(int month) { return std::to_string(month) + "月"; }

}  // namespace

Status CityYear::LotteryMonth(int month) {
  const std::string period = Period(month);
  int64_t welfare_fen = 0;
  for (const DemoGame& game : kDemoGames) {
    // Tickets cost 2 yuan, so sales are whole multiples of it.
    const int64_t sales_fen = rng_.Uniform(game.min_sales_yuan / 2, game.max_sales_yuan / 2) * 200;
    const int64_t welfare = static_cast<int64_t>(
        static_cast<__int128>(sales_fen) * game.welfare_rate_bp / 10000);
    welfare_fen += welfare;
    LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "lottery.sales_reported",
                                "demo-sales-" + std::string(game.id) + "-" + period,
                                {{"period", period}, {"game", game.id}, {"sales_fen", sales_fen},
                                 {"welfare_rate_bp", game.welfare_rate_bp},
                                 {"welfare_fen", welfare}, {"fund", kLotteryWelfareFund}}));
  }
  // Half goes up, rounded up, so the year's sum is never short of half the
  // year's total (the audit's central_remittance check).
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "funds.transferred", "demo-remit-" + period,
                              {{"from", kLotteryWelfareFund}, {"to", kCentralShareFund},
                               {"amount_fen", (welfare_fen + 1) / 2}, {"reason", "remittance"},
                               {"reference", std::string(kYear) + "年" + Month(month) + "中央集中彩票公益金上解（50%）"}}));
  auto allocate = [&](std::string_view to, int64_t pct) -> Status {
    const int64_t amount = std::min(welfare_fen * pct / 100 / 100 * 100,
                                    model_.UsableToward(std::string(kLotteryWelfareFund), std::string(to)));
    if (amount <= 0) return Status::Ok();
    return Emit(kLotteryCentre, "funds.transferred", "demo-alloc-" + std::string(to) + "-" + period,
                {{"from", kLotteryWelfareFund}, {"to", to}, {"amount_fen", amount},
                 {"reason", "allocation"},
                 {"reference", "市本级福彩公益金使用计划 " + std::string(kYear) + "年第" + std::to_string(month) + "批"}});
  };
  for (std::string_view project : kLotteryProjects)
    LEDGER_RETURN_IF_ERROR(allocate(project, kOwnProjectPct));
  for (std::string_view project : kFundedCharityProjects)
    LEDGER_RETURN_IF_ERROR(allocate(project, kCharityProjectPct));
  return Status::Ok();
}

Status CityYear::LotteryProjects(int month) {
  for (std::string_view project : kLotteryProjects) {
    const std::string fund(project);
    LEDGER_RETURN_IF_ERROR(Disburse(kLotteryCentre, fund, model_.FundOf(fund).purpose, month,
                                    DisbursementsPerMonth() + 1, 0.15, 0.35));
  }
  return Status::Ok();
}

Status CityYear::TrustMonth(int month) {
  const std::string trust(kTrustFund);
  auto contribute = [&](Json donor, int64_t amount_fen, std::string channel) {
    char receipt[32];
    std::snprintf(receipt, sizeof receipt, "TR-%s-%06llu", std::string(kYear).c_str(),
                  static_cast<unsigned long long>(++counters_["receipt/TR"]));
    return Emit(kTrustee, "trust.contributed", std::string("demo-contrib-") + receipt,
                {{"receipt", receipt}, {"fund", trust}, {"amount_fen", amount_fen},
                 {"donor", std::move(donor)}, {"channel", std::move(channel)},
                 {"date", Date(month, static_cast<int>(rng_.Uniform(1, DaysIn(month))))}});
  };
  if (month == 1)
    LEDGER_RETURN_IF_ERROR(contribute({{"pseudonym", Pseudonym(kTrustee, "settlor", 1)},
                                       {"kind", "enterprise"}, {"display_name", "鹏城智造科技有限公司"}},
                                      500'000'000, "bank"));
  if (month % 3 == 1 && month > 1)
    for (int64_t n = rng_.Uniform(1, 3); n > 0; --n)
      LEDGER_RETURN_IF_ERROR(contribute(Donor(kTrustee), rng_.Uniform(100, 2000) * 10'000, "bank"));
  if (month % 3 == 0) {
    const int quarter = month / 3;
    const int64_t income = model_.FundOf(trust).balance_fen * 6 / 1000 / 100 * 100;
    if (income > 0)
      LEDGER_RETURN_IF_ERROR(Emit(kTrustee, "trust.income_recorded",
                                  "demo-trust-income-q" + std::to_string(quarter),
                                  {{"fund", trust}, {"amount_fen", income},
                                   {"date", Date(month, DaysIn(month))},
                                   {"reference", "国债及银行存款利息 " + std::string(kYear) + "年第" + std::to_string(quarter) + "季度"}}));
    const int64_t distribution = Share(model_.UsableToward(trust, "kids-orphans"), 0.2, 0.3);
    if (distribution > 0)
      LEDGER_RETURN_IF_ERROR(Emit(kTrustee, "funds.transferred",
                                  "demo-trust-distribution-q" + std::to_string(quarter),
                                  {{"from", trust}, {"to", "kids-orphans"}, {"amount_fen", distribution},
                                   {"reason", "trust_distribution"},
                                   {"reference", "信托利益分配 " + std::string(kYear) + "年第" + std::to_string(quarter) + "季度"}}));
  }
  // Scholarships paid by the trustee itself.
  return Disburse(kTrustee, trust, "orphans", month, 1, 0.01, 0.03);
}

}  // namespace ledger::demo
