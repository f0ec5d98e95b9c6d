#include "ledger/ratios.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>


namespace ledger {
namespace {

using Wide = __int128;

int64_t Saturate(Wide fen) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  return fen > kMax ? kMax : fen < kMin ? kMin : static_cast<int64_t>(fen);
}

// The decimal digits of `n`, grouped by thousands when `grouped`.
std::string Digits(unsigned __int128 n, bool grouped) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n != 0);
  if (!grouped) return digits;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// "1,234.56" for 123456 fen.
std::string Yuan(Wide fen) {
  const bool negative = fen < 0;
  const unsigned __int128 abs =
      negative ? -static_cast<unsigned __int128>(fen) : static_cast<unsigned __int128>(fen);
  const unsigned cents = static_cast<unsigned>(abs % 100);
  // Appended piece by piece: GCC 12 misreports a chain of operator+ (-Wrestrict).
  std::string yuan = negative ? "-" : "";
  yuan += Digits(abs / 100, true);
  yuan += cents < 10 ? ".0" : ".";
  yuan += std::to_string(cents);
  return yuan;
}

// part / whole (both >= 0, whole > 0) as "12.34%", rounded down (`up`
// false) or up, so that a ratio on the wrong side of a limit is never
// printed as the limit itself.
std::string Percent(Wide part, Wide whole, bool up) {
  const Wide scaled = part * 10000;
  const Wide bp = scaled / whole + (up && scaled % whole != 0 ? 1 : 0);
  const unsigned rest = static_cast<unsigned>(bp % 100);
  return Digits(static_cast<unsigned __int128>(bp / 100), false) + "." + (rest < 10 ? "0" : "") +
         std::to_string(rest) + "%";
}

Wide CeilDiv(Wide a, Wide b) { return (a + b - 1) / b; }

RatioWarning CharitableWarning(const std::string& org, int year, Wide charitable, Wide income) {
  const Wide required = CeilDiv(income * kCharitableSpendingMinPercent, 100);
  return {"charitable_spending",
          org,
          year,
          Saturate(charitable),
          Saturate(income),
          org + " spent " + Yuan(charitable) + " yuan on charitable activities in " +
              std::to_string(year) + ", " + Percent(charitable, income, false) + " of its " +
              std::to_string(year - 1) + " income of " + Yuan(income) + " yuan; at least " +
              std::to_string(kCharitableSpendingMinPercent) + "% (" + Yuan(required) +
              " yuan) is expected, " + Yuan(required - charitable) + " yuan short"};
}

RatioWarning ManagementWarning(const Org& org, int year, Wide management, Wide total,
                               int64_t max_percent) {
  const Wide allowed = total * max_percent / 100;
  const char* what = org.kind == OrgKind::kFoundation ? "a public-fundraising foundation"
                                                      : "a public-fundraising charity";
  return {"management_expenses",
          org.id,
          year,
          Saturate(management),
          Saturate(total),
          org.id + " spent " + Yuan(management) + " yuan on management in " + std::to_string(year) +
              ", " + Percent(management, total, true) + " of its total spending of " + Yuan(total) +
              " yuan; " + what + " may spend at most " + std::to_string(max_percent) + "% (" +
              Yuan(allowed) + " yuan), " + Yuan(management - allowed) + " yuan over"};
}

RatioWarning RemittanceWarning(const std::string& org, int year, Wide remitted, Wide welfare) {
  const Wide required = welfare * kCentralRemittanceMinPercent / 100;
  return {"central_remittance",
          org,
          year,
          Saturate(remitted),
          Saturate(welfare),
          org + " remitted " + Yuan(remitted) + " yuan to the central level in " +
              std::to_string(year) + ", " + Percent(remitted, welfare, false) + " of the " +
              Yuan(welfare) + " yuan welfare share of its sales reported that year; at least " +
              std::to_string(kCentralRemittanceMinPercent) + "% (" + Yuan(required) +
              " yuan) is due, " + Yuan(required - remitted) + " yuan short"};
}

RatioWarning ElderlyWarning(const std::string& org, int year, Wide elderly, Wide used) {
  const Wide required = CeilDiv(used * kLotteryElderlyMinPercent, 100);
  return {"lottery_elderly_share",
          org,
          year,
          Saturate(elderly),
          Saturate(used),
          org + " used " + Yuan(used) + " yuan of lottery welfare money in " + std::to_string(year) + ", " +
              Yuan(elderly) + " yuan (" + Percent(elderly, used, false) + ") of it for the elderly; at least " +
              std::to_string(kLotteryElderlyMinPercent) + "% (" + Yuan(required) + " yuan) is expected, " +
              Yuan(required - elderly) + " yuan short"};
}

RatioWarning ShareWarning(const std::string& org, int year, Wide passed, Wide base, int64_t share_bp) {
  const Wide required = base * share_bp / 10000;
  return {"lottery_share",
          org,
          year,
          Saturate(passed),
          Saturate(base),
          org + " passed " + Yuan(passed) + " yuan of lottery welfare money down to the level below in " +
              std::to_string(year) + ", " + Percent(passed, base, false) + " of the " + Yuan(base) +
              " yuan it received that year, less what it remitted; the share set is " +
              Percent(share_bp, 10000, false) + " (" + Yuan(required) + " yuan), " + Yuan(required - passed) +
              " yuan short"};
}

// The lottery checks, for complete years from kLotteryChecksFromYear on.
void LotteryWarnings(const Org& org, const std::map<int, YearTotals>& years, int current_year,
                     const ShareOfYear& share_of, std::vector<RatioWarning>& warnings) {
  for (const auto& [year, t] : years) {
    if (year < kLotteryChecksFromYear || year >= current_year) continue;
    if (org.kind == OrgKind::kCivilAffairs && t.lottery_used_fen > 0 &&
        t.lottery_elderly_fen * 100 < t.lottery_used_fen * kLotteryElderlyMinPercent)
      warnings.push_back(ElderlyWarning(org.id, year, t.lottery_elderly_fen, t.lottery_used_fen));
    const std::optional<int64_t> share = share_of ? share_of(year) : std::nullopt;
    const Wide base = t.welfare_fen + t.lottery_received_fen - t.remitted_fen;
    // Rounded down, as the shares of sales are.
    if (share && base > 0 && t.lottery_passed_fen < base * *share / 10000)
      warnings.push_back(ShareWarning(org.id, year, t.lottery_passed_fen, base, *share));
  }
}

}  // namespace

bool IsPublicFundraising(const Org& org) {
  return (org.kind == OrgKind::kCharity || org.kind == OrgKind::kFoundation) && org.qualified;
}

namespace {

// The members of a year's totals as served and stored, in one place.
constexpr std::pair<const char*, __int128 YearTotals::*> kTotalsFields[] = {
    {"income_fen", &YearTotals::income_fen},
    {"charitable_fen", &YearTotals::charitable_fen},
    {"management_fen", &YearTotals::management_fen},
    {"fundraising_fen", &YearTotals::fundraising_fen},
    {"welfare_fen", &YearTotals::welfare_fen},
    {"remitted_fen", &YearTotals::remitted_fen},
    {"lottery_received_fen", &YearTotals::lottery_received_fen},
    {"lottery_passed_fen", &YearTotals::lottery_passed_fen},
    {"lottery_used_fen", &YearTotals::lottery_used_fen},
    {"lottery_elderly_fen", &YearTotals::lottery_elderly_fen}};

}  // namespace

Json TotalsJson(const YearTotals& totals) {
  Json json = Json::object();
  for (const auto& [name, field] : kTotalsFields)
    json[name] = static_cast<int64_t>(std::min<Wide>(totals.*field, kMaxSafeInteger));
  return json;
}

std::vector<RatioWarning> WarningsFor(const Org& org, const std::map<int, YearTotals>& years,
                                      int current_year, const ShareOfYear& share_of) {
  std::vector<RatioWarning> warnings;
  LotteryWarnings(org, years, current_year, share_of, warnings);
  if (org.kind == OrgKind::kLotteryCenter) {
    for (const auto& [year, t] : years) {
      if (year >= current_year || t.welfare_fen == 0) continue;
      // The share due is rounded down, as welfare_fen itself is (DESIGN.md §6).
      if (t.remitted_fen < t.welfare_fen * kCentralRemittanceMinPercent / 100)
        warnings.push_back(RemittanceWarning(org.id, year, t.remitted_fen, t.welfare_fen));
    }
  }
  if (!IsPublicFundraising(org)) return warnings;
  const int64_t max_percent = org.kind == OrgKind::kFoundation ? kFoundationManagementMaxPercent
                                                               : kCharityManagementMaxPercent;
  for (const auto& [year, t] : years) {
    // charitable spending of year + 1 against this year's income
    if (t.income_fen > 0 && year + 1 < current_year) {
      auto next = years.find(year + 1);
      const Wide charitable = next == years.end() ? 0 : next->second.charitable_fen;
      if (charitable * 100 < t.income_fen * kCharitableSpendingMinPercent)
        warnings.push_back(CharitableWarning(org.id, year + 1, charitable, t.income_fen));
    }
    // The exemption looks at management alone: a small office is never judged, however
    // little else the org spent.
    if (year >= current_year || t.management_fen < kManagementExemptBelowFen) continue;
    const Wide total = t.charitable_fen + t.management_fen + t.fundraising_fen;
    if (t.management_fen * 100 > total * max_percent)
      warnings.push_back(ManagementWarning(org, year, t.management_fen, total, max_percent));
  }
  return warnings;
}

}  // namespace ledger
