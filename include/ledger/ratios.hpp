// The regulatory ratios the audit tool reports as warnings (DESIGN.md §8),
// kept as money events are applied (ledger/domain/ratio_counts.cpp). Pure;
// no I/O. docs/ratios.md explains each check to an auditor, with a worked
// example.
//
// Years are cut by the event's "ts" in China Standard Time (UTC+8): the
// year the ledger recorded the event, for every kind of event alike
// (disbursements and expenses carry no date of their own). A reversal
// takes back, in the year of the event it reverses, exactly what that
// event added.
//
// What is counted, per org (the owner of the fund the money entered or
// left) and year:
//   income        donations and trust contributions into its funds, trust
//                 income, and transfers into its funds from another org's
//                 funds (grants received)
//   charitable    disbursements, program expenses, and transfers out of its
//                 funds into another org's funds (grants made)
//   management    management expenses
//   fundraising   fundraising expenses
//   total         charitable + management + fundraising
//   welfare       welfare_fen of its lottery sales reports
//   remitted      transfers with reason "remittance" from its funds into
//                 another org's funds
// A transfer between two funds of the same org is neither income nor
// spending (nor a remittance).
//
// The checks, judged only for complete years (before the year of the last
// event):
//   charitable_spending  orgs of kind charity or foundation with the
//                        fundraise role: charitable(Y) >= 70% income(Y-1),
//                        when income(Y-1) > 0
//   management_expenses  the same orgs: management(Y) <= 10% total(Y) for a
//                        foundation, 13% for a charity; skipped when
//                        management(Y) < 200,000.00 yuan
//   central_remittance   orgs of kind lottery_center: remitted(Y) >=
//                        floor(welfare(Y) / 2), when welfare(Y) > 0
// Comparisons are exact integer arithmetic (128-bit): 100·a >= 70·b, never
// a floating-point ratio. A warning is not a failure: the ledger is still
// sound; it asks a person to look.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/event_types.hpp"
#include "ledger/orgs.hpp"
#include "ledger/status.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {

// The percentages and the exemption, as the regulations state them.
inline constexpr int64_t kCharitableSpendingMinPercent = 70;
inline constexpr int64_t kFoundationManagementMaxPercent = 10;
inline constexpr int64_t kCharityManagementMaxPercent = 13;
// The management check is skipped when the year's management expenses (not
// its total spending) are below this, 200,000.00 yuan: 第十一条 of
// 《关于慈善组织开展慈善活动年度支出和管理费用的规定》 (2016).
inline constexpr int64_t kManagementExemptBelowFen = 20'000'000;
inline constexpr int64_t kCentralRemittanceMinPercent = 50;
// At least this share of a civil-affairs department's lottery welfare money
// used in a year goes to services for the elderly (民政部门彩票公益金
// 55%以上用于支持发展养老服务).
inline constexpr int64_t kLotteryElderlyMinPercent = 55;
// The lottery checks (elderly share, shares passed down) judge years from
// this one on: the money they count is counted from the second wave on.
inline constexpr int kLotteryChecksFromYear = 2027;

// The share of lottery welfare money (basis points) a level passes down in
// a year, for the org judged; nullopt when none is set.
using ShareOfYear = std::function<std::optional<int64_t>(int year)>;

// Whether the charitable-spending and management checks apply to `org`:
// a charity or foundation holding the public-fundraising qualification
// (Org::qualified).
bool IsPublicFundraising(const Org& org);

struct RatioWarning {
  // "charitable_spending", "management_expenses", "central_remittance",
  // "lottery_elderly_share", "lottery_share"
  std::string check;
  std::string org;
  int year = 0;  // the year judged (for charitable_spending, the year of the spending)
  // What was compared, saturated to the int64 range:
  //   charitable_spending  charitable(Y) / income(Y-1)
  //   management_expenses  management(Y) / total(Y)
  //   central_remittance   remitted(Y) / welfare(Y)
  //   lottery_elderly_share  lottery_elderly(Y) / lottery_used(Y)
  //   lottery_share        lottery_passed(Y) / (welfare + lottery_received − remitted)(Y)
  int64_t numerator_fen = 0, denominator_fen = 0;
  std::string message;  // one line a person reads, with yuan amounts and percentages
  friend bool operator==(const RatioWarning&, const RatioWarning&) = default;
};

// What an org did in one year; 128-bit so that no sequence of events,
// however long, can overflow it.
struct YearTotals {
  __int128 income_fen = 0;
  __int128 charitable_fen = 0;
  __int128 management_fen = 0;
  __int128 fundraising_fen = 0;
  __int128 welfare_fen = 0;
  __int128 remitted_fen = 0;
  // Lottery welfare money in the org's lottery_welfare funds, counted from
  // the second wave on: received by transfer from other orgs, passed to
  // other orgs by allocation (the shares passed down), used (disbursed,
  // spent on programs, granted to other orgs), and the used part that went
  // to the elderly.
  __int128 lottery_received_fen = 0;
  __int128 lottery_passed_fen = 0;
  __int128 lottery_used_fen = 0;
  __int128 lottery_elderly_fen = 0;
  friend bool operator==(const YearTotals&, const YearTotals&) = default;
};

// {"income_fen","charitable_fen","management_fen","fundraising_fen",
// "welfare_fen","remitted_fen","lottery_received_fen","lottery_passed_fen",
// "lottery_used_fen","lottery_elderly_fen"}, each saturated at kMaxSafeInteger (no real
// sum comes near it) so that every JSON reader keeps it exactly.
Json TotalsJson(const YearTotals& totals);

// Warnings for complete years only: years < `current_year` (the year of
// the last event); charitable_spending also needs the year before. `org`
// is judged by its kind and roles; `years` are its totals by year (years
// with nothing counted may be absent). Ordered by check, then year.
// `share_of` gives the share the org's level passes down in a year (the
// lottery_share check); empty, that check is skipped.
std::vector<RatioWarning> WarningsFor(const Org& org, const std::map<int, YearTotals>& years,
                                      int current_year, const ShareOfYear& share_of = {});

}  // namespace ledger
