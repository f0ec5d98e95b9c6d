#include "ledger/ratios.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>


namespace ledger {
namespace {

using Fen = __int128;

const std::string& Str(const Json& body, const char* name) {
  return body.at(name).get_ref<const std::string&>();
}

int64_t Fen64(const Json& body, const char* name) { return body.at(name).get<int64_t>(); }

// The owner of the fund body[field] names. The event was accepted, so the
// fund exists; if not, the caller broke Apply's precondition.
const std::string& OwnerOf(const Accounts& accounts, const Json& body, const char* field) {
  const Fund* fund = accounts.FindFund(Str(body, field));
  LEDGER_CHECK_MSG(fund != nullptr, "an accepted event names fund " + Str(body, field) +
                                        ", which Accounts does not hold");
  return fund->owner;
}

int64_t Saturate(Fen fen) {
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
std::string Yuan(Fen fen) {
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
std::string Percent(Fen part, Fen whole, bool up) {
  const Fen scaled = part * 10000;
  const Fen bp = scaled / whole + (up && scaled % whole != 0 ? 1 : 0);
  const unsigned rest = static_cast<unsigned>(bp % 100);
  return Digits(static_cast<unsigned __int128>(bp / 100), false) + "." + (rest < 10 ? "0" : "") +
         std::to_string(rest) + "%";
}

Fen CeilDiv(Fen a, Fen b) { return (a + b - 1) / b; }

RatioWarning CharitableWarning(const std::string& org, int year, Fen charitable, Fen income) {
  const Fen required = CeilDiv(income * kCharitableSpendingMinPercent, 100);
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

RatioWarning ManagementWarning(const Org& org, int year, Fen management, Fen total,
                               int64_t max_percent) {
  const Fen allowed = total * max_percent / 100;
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

RatioWarning RemittanceWarning(const std::string& org, int year, Fen remitted, Fen welfare) {
  const Fen required = welfare * kCentralRemittanceMinPercent / 100;
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

}  // namespace

bool IsPublicFundraising(const Org& org) {
  return (org.kind == OrgKind::kCharity || org.kind == OrgKind::kFoundation) &&
         org.roles.Has(Role::kFundraise);
}

__int128& RatioTracker::Field(YearTotals& totals, Measure measure) {
  switch (measure) {
    case Measure::kIncome:
      return totals.income_fen;
    case Measure::kCharitable:
      return totals.charitable_fen;
    case Measure::kManagement:
      return totals.management_fen;
    case Measure::kFundraising:
      return totals.fundraising_fen;
    case Measure::kWelfare:
      return totals.welfare_fen;
    case Measure::kRemitted:
      return totals.remitted_fen;
  }
  LEDGER_CHECK_MSG(false, "every measure has a field");
  return totals.income_fen;
}

void RatioTracker::Count(SeqRecord& record, const std::string& org, Measure measure, int64_t fen,
                         Touched* touched) {
  if (fen == 0) return;  // a zero welfare share counts nothing
  Field(years_[org][record.year], measure) += fen;
  record.counted.push_back({org, measure, fen});
  if (touched) touched->emplace_back(org, record.year);
}

void RatioTracker::AddCounts(const SeqRecord& record, int sign, Touched* touched) {
  for (const Counted& c : record.counted) {
    if (touched) touched->emplace_back(c.org, record.year);
    if (sign > 0) {
      Field(years_[c.org][record.year], c.measure) += c.fen;
      continue;
    }
    auto org = years_.find(c.org);
    LEDGER_CHECK(org != years_.end());
    auto totals = org->second.find(record.year);
    LEDGER_CHECK(totals != org->second.end());
    Fen& field = Field(totals->second, c.measure);
    field -= c.fen;
    LEDGER_CHECK(field >= 0);
    // Nothing live left: forget it, so the state equals one that never saw the event.
    if (totals->second == YearTotals{}) org->second.erase(totals);
    if (org->second.empty()) years_.erase(org);
  }
}

void RatioTracker::Apply(EventKind kind, const Json& body, const std::string& /*poster*/,
                         uint64_t seq, int year, const Accounts& accounts, Touched* touched) {
  if (kind == EventKind::kEventReversed) return Reverse(body.at("seq").get<uint64_t>(), touched);
  SeqRecord record{year, {}};
  switch (kind) {
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed:
    case EventKind::kTrustIncomeRecorded:
      Count(record, OwnerOf(accounts, body, "fund"), Measure::kIncome, Fen64(body, "amount_fen"),
            touched);
      break;
    case EventKind::kLotterySalesReported:
      Count(record, OwnerOf(accounts, body, "fund"), Measure::kWelfare, Fen64(body, "welfare_fen"),
            touched);
      break;
    case EventKind::kDisbursementMade:
      Count(record, OwnerOf(accounts, body, "fund"), Measure::kCharitable, Fen64(body, "amount_fen"),
            touched);
      break;
    case EventKind::kExpenseRecorded: {
      const std::string& category = Str(body, "category");
      const Measure measure = category == "management"    ? Measure::kManagement
                              : category == "fundraising" ? Measure::kFundraising
                                                          : Measure::kCharitable;  // program
      Count(record, OwnerOf(accounts, body, "fund"), measure, Fen64(body, "amount_fen"),
            touched);
      break;
    }
    case EventKind::kFundsTransferred: {
      const std::string& giver = OwnerOf(accounts, body, "from");
      const std::string& receiver = OwnerOf(accounts, body, "to");
      if (giver == receiver) break;  // money moved inside one org: neither earned nor spent
      const int64_t fen = Fen64(body, "amount_fen");
      Count(record, giver, Measure::kCharitable, fen, touched);
      Count(record, receiver, Measure::kIncome, fen, touched);
      if (Str(body, "reason") == "remittance") Count(record, giver, Measure::kRemitted, fen, touched);
      break;
    }
    default:
      return;  // funds, rates, trusts established, orgs: no money counted
  }
  if (!record.counted.empty()) by_seq_.emplace(seq, std::move(record));
}

void RatioTracker::Reverse(uint64_t reversed_seq, Touched* touched) {
  auto it = by_seq_.find(reversed_seq);
  if (it == by_seq_.end()) return;  // it counted nothing (a same-org transfer, say)
  AddCounts(it->second, -1, touched);
  taken_back_.insert_or_assign(reversed_seq, std::move(it->second));
  by_seq_.erase(it);
}

void RatioTracker::Unapply(EventKind kind, const Json& body, uint64_t seq, Touched* touched) {
  if (kind != EventKind::kEventReversed) {
    auto it = by_seq_.find(seq);
    if (it == by_seq_.end()) return;  // it counted nothing
    AddCounts(it->second, -1, touched);
    by_seq_.erase(it);
    return;
  }
  auto it = taken_back_.find(body.at("seq").get<uint64_t>());
  if (it == taken_back_.end()) return;  // the reversed event had counted nothing
  AddCounts(it->second, +1, touched);
  by_seq_.insert_or_assign(it->first, std::move(it->second));
  taken_back_.erase(it);
}

namespace {

// The members of a year's totals as served and stored, in one place.
constexpr std::pair<const char*, __int128 RatioTracker::YearTotals::*> kTotalsFields[] = {
    {"income_fen", &RatioTracker::YearTotals::income_fen},
    {"charitable_fen", &RatioTracker::YearTotals::charitable_fen},
    {"management_fen", &RatioTracker::YearTotals::management_fen},
    {"fundraising_fen", &RatioTracker::YearTotals::fundraising_fen},
    {"welfare_fen", &RatioTracker::YearTotals::welfare_fen},
    {"remitted_fen", &RatioTracker::YearTotals::remitted_fen}};

}  // namespace

Json RatioTracker::TotalsJson(const YearTotals& totals) {
  Json json = Json::object();
  for (const auto& [name, field] : kTotalsFields)
    json[name] = static_cast<int64_t>(std::min<Fen>(totals.*field, kMaxSafeInteger));
  return json;
}

Result<RatioTracker::YearTotals> RatioTracker::TotalsFromJson(const Json& json) {
  YearTotals totals;
  for (const auto& [name, field] : kTotalsFields) {
    if (!json.contains(name) || !json.at(name).is_number_integer())
      return Error::Corruption(std::string("the totals have no integer ") + name);
    totals.*field = json.at(name).get<int64_t>();
  }
  return totals;
}

RatioTracker::YearTotals RatioTracker::Totals(std::string_view org, int year) const {
  auto by_org = years_.find(org);
  if (by_org == years_.end()) return {};
  auto totals = by_org->second.find(year);
  return totals == by_org->second.end() ? YearTotals{} : totals->second;
}

std::vector<RatioWarning> RatioTracker::WarningsFor(const Org& org,
                                                    const std::map<int, YearTotals>& years,
                                                    int current_year) {
  std::vector<RatioWarning> warnings;
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
      const Fen charitable = next == years.end() ? 0 : next->second.charitable_fen;
      if (charitable * 100 < t.income_fen * kCharitableSpendingMinPercent)
        warnings.push_back(CharitableWarning(org.id, year + 1, charitable, t.income_fen));
    }
    // The exemption looks at management alone: a small office is never judged, however
    // little else the org spent.
    if (year >= current_year || t.management_fen < kManagementExemptBelowFen) continue;
    const Fen total = t.charitable_fen + t.management_fen + t.fundraising_fen;
    if (t.management_fen * 100 > total * max_percent)
      warnings.push_back(ManagementWarning(org, year, t.management_fen, total, max_percent));
  }
  return warnings;
}

std::vector<RatioWarning> RatioTracker::Warnings(const OrgRegistry& registry,
                                                 int current_year) const {
  std::vector<RatioWarning> warnings;
  for (const auto& [id, years] : years_) {
    const Org* org = registry.Find(id);
    if (org == nullptr) continue;  // not an org (cannot happen for an accepted event)
    std::vector<RatioWarning> of_org = WarningsFor(*org, years, current_year);
    warnings.insert(warnings.end(), of_org.begin(), of_org.end());
  }
  std::sort(warnings.begin(), warnings.end(), [](const RatioWarning& a, const RatioWarning& b) {
    return std::tie(a.check, a.org, a.year) < std::tie(b.check, b.org, b.year);
  });
  return warnings;
}

}  // namespace ledger
