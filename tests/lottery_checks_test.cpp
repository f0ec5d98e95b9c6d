// The audit's lottery checks (ratios.hpp), exact to the fen: a civil
// affairs department uses at least 55% of its lottery welfare money for the
// elderly, and a province or city passes down the share lottery.share_set
// names; both judge complete years from 2027, and count only money moved
// under the second wave's rules.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ratios_fixture.hpp"

namespace ledger {
namespace {

constexpr char kProvince[] = "gd-mca";
constexpr char kCity[] = "sz-mca";
constexpr char kNgo[] = "sz-care";

class LotteryChecks : public Ratios {
 protected:
  void SetUp() override {
    Ratios::SetUp();
    Locate(kProvince, "440000", "province");
    Locate(kCity, "440300", "city");
    Register(kNgo, "charity", {"fundraise", "disburse"});
    Open(2026, kProvince, Lottery(kProvince), "general", "lottery_welfare");
    Open(2026, kCity, Lottery(kCity), "general", "lottery_welfare");
    Open(2026, kNgo, kElderlyFund, "elderly", "project");
    Open(2026, kNgo, kPovertyFund, "poverty", "project");
  }

  static std::string Lottery(const std::string& org) { return org + "-lottery"; }
  static constexpr char kElderlyFund[] = "sz-care-elderly";
  static constexpr char kPovertyFund[] = "sz-care-poverty";

  void Locate(const std::string& id, const std::string& region, const std::string& level) {
    Json body = testing::RegisterBody(id, "civil_affairs", {"allocate", "disburse"}, PrivateKey::Generate()->public_key());
    body["region"] = region;
    body["level"] = level;
    Post(2026, EventKind::kOrgRegistered, testing::Books::kRegulator, body);
  }
  void Open(int year, const std::string& owner, const std::string& id, const std::string& purpose,
            const std::string& kind) {
    Post(year, EventKind::kFundOpened, owner, testing::FundBody(id, owner, purpose, kind != "lottery_welfare", kind));
  }
  // Lottery welfare money the province receives from the lottery centre:
  // the welfare share of `sales_fen` of sales at 36%.
  void Receive(int year, int64_t sales_fen) {
    Sales(year, std::to_string(year) + "-0" + std::to_string(++sales_), sales_fen, sales_fen * 36 / 100);
    Post(year, EventKind::kFundsTransferred, kLottery,
         testing::TransferBody(Fund(kLottery), Lottery(kProvince), sales_fen * 36 / 100, "allocation"));
  }
  YearTotals TotalsOf(const std::string& org, int year) const {
    Overlay overlay(&books_.kv());
    State state(overlay);
    auto found = state.Find<YearTotals>(keys::OrgYear(OrgId(org), year));
    EXPECT_TRUE(found.ok());
    return found.ok() ? found->value_or(YearTotals{}) : YearTotals{};
  }
  uint64_t Spend(int year, const std::string& org, int64_t fen, const std::string& purpose) {
    return Post(year, EventKind::kDisbursementMade, org, testing::DisbursementBody(Lottery(org), fen, purpose));
  }
  uint64_t PassDown(int year, int64_t fen) {
    return Post(year, EventKind::kFundsTransferred, kProvince,
                testing::TransferBody(Lottery(kProvince), Lottery(kCity), fen, "allocation"));
  }
  void SetShare(int year, int64_t bp, const std::string& region) {
    Json body = {{"from_level", "province"}, {"to_level", "city"}, {"share_bp", bp},
                 {"effective_from", std::to_string(year) + "-01"}};
    if (!region.empty()) body["region"] = region;
    Post(year, EventKind::kLotteryShareSet, testing::Books::kRegulator, body);
  }

  std::vector<RatioWarning> Of(const std::string& check, int current_year) const {
    std::vector<RatioWarning> out;
    for (const RatioWarning& w : Warnings(current_year))
      if (w.check == check) out.push_back(w);
    return out;
  }

  int sales_ = 0;
};

TEST_F(LotteryChecks, ADepartmentUsingLessThanFiftyFivePercentForTheElderlyIsWarnedToTheFen) {
  Receive(2027, 10'000'000);  // 3,600,000 fen of lottery money
  Spend(2027, kProvince, 55'000, "elderly");
  Spend(2027, kProvince, 45'000, "poverty");
  EXPECT_TRUE(Of("lottery_elderly_share", 2028).empty());  // 55,000 of 100,000: exactly 55%
  const uint64_t one = Spend(2027, kProvince, 1, "poverty");
  // 55,000 of 100,001: 55% of it is 55,000.55, rounded up 55,001: one fen short.
  const std::vector<RatioWarning> warned = Of("lottery_elderly_share", 2028);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].org, kProvince);
  EXPECT_EQ(warned[0].year, 2027);
  EXPECT_EQ(warned[0].numerator_fen, 55'000);
  EXPECT_EQ(warned[0].denominator_fen, 100'001);
  EXPECT_TRUE(testing::Mentions(warned[0].message, "550.01 yuan) is expected, 0.01 yuan short"));
  EXPECT_TRUE(Of("lottery_elderly_share", 2027).empty());  // a year is judged once complete
  Reverse(2028, kProvince, one);  // taken back from 2027, the year it counted in
  EXPECT_TRUE(Of("lottery_elderly_share", 2028).empty());
}

TEST_F(LotteryChecks, GrantsToOtherOrgsCountAsUseByThePurposeOfTheFundTheyReach) {
  Receive(2027, 10'000'000);
  Post(2027, EventKind::kFundsTransferred, kProvince,
       testing::TransferBody(Lottery(kProvince), kElderlyFund, 54'999, "grant"));
  Post(2027, EventKind::kFundsTransferred, kProvince,
       testing::TransferBody(Lottery(kProvince), kPovertyFund, 45'001, "grant"));
  EXPECT_EQ(TotalsOf(kProvince, 2027).lottery_received_fen, 3'600'000);
  const std::vector<RatioWarning> warned = Of("lottery_elderly_share", 2028);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].numerator_fen, 54'999);
  EXPECT_EQ(warned[0].denominator_fen, 100'000);
  // Money passed down by allocation is the city's to use, not the province's.
  PassDown(2027, 1'000'000);
  EXPECT_EQ(Of("lottery_elderly_share", 2028)[0].denominator_fen, 100'000);
}

TEST_F(LotteryChecks, AProvincePassingDownLessThanItsShareIsWarnedToTheFen) {
  Receive(2027, 10'000'000);  // 3,600,000 fen received
  SetShare(2027, 5000, "");
  PassDown(2027, 1'799'999);
  const std::vector<RatioWarning> warned = Of("lottery_share", 2028);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0].org, kProvince);
  EXPECT_EQ(warned[0].numerator_fen, 1'799'999);
  EXPECT_EQ(warned[0].denominator_fen, 3'600'000);
  EXPECT_TRUE(testing::Mentions(warned[0].message, "0.01 yuan short"));
  PassDown(2027, 1);
  EXPECT_TRUE(Of("lottery_share", 2028).empty());
  // The province's own region may have a share of its own, which wins:
  // 60% of 3,600,000 is 2,160,000.
  SetShare(2027, 6000, "440000");
  const std::vector<RatioWarning> own = Of("lottery_share", 2028);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_TRUE(testing::Mentions(own[0].message, "3,600.00 yuan short"));
}

TEST_F(LotteryChecks, MoneyMovedUnderTheFirstRulesAndYearsBefore2027AreNotJudged) {
  Receive(2026, 10'000'000);  // stamped 2026-06: the first rules
  Spend(2026, kProvince, 1'000, "poverty");
  SetShare(2026, 5000, "");
  EXPECT_TRUE(Of("lottery_elderly_share", 2028).empty());
  EXPECT_TRUE(Of("lottery_share", 2028).empty());
  const YearTotals t = TotalsOf(kProvince, 2026);
  EXPECT_EQ(t.income_fen, 3'600'000);  // the first rules' totals, as before
  EXPECT_EQ(t.lottery_received_fen + t.lottery_used_fen + t.lottery_passed_fen, 0);
  // The same money used in 2027 but short of the share: 2026 is never judged.
  Spend(2027, kProvince, 1'000, "poverty");
  EXPECT_EQ(Of("lottery_elderly_share", 2028).size(), 1u);
}

}  // namespace
}  // namespace ledger
