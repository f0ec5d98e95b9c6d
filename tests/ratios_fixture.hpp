// The books the ratio tests judge (ratios_test, ratios_management_test):
// orgs, funds and money events applied by the ledger's rules (Books, over
// a state in memory) in seq order, each in the year a test names; the
// totals read from the state's orgyear/ records and judged as the audit
// judges them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "accounts_util.hpp"
#include "ledger/crypto.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/domain/shares.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/orgs.hpp"
#include "ledger/ratios.hpp"
#include "submit_util.hpp"

namespace ledger {

inline constexpr char kCharity[] = "sz-charity";        // public-fundraising charity
inline constexpr char kFoundation[] = "sz-foundation";  // public-fundraising foundation
inline constexpr char kNanshan[] = "nanshan-care";      // a charity without fundraise
inline constexpr char kLottery[] = "gd-lottery-center";
inline constexpr char kCentral[] = "mca-welfare";  // receives the central share
inline constexpr char kTrustee[] = "sz-trust-co";

// (check, org, year, numerator, denominator): what a warning compared.
using Judged = std::tuple<std::string, std::string, int, int64_t, int64_t>;

inline std::vector<Judged> Judgements(const std::vector<RatioWarning>& warnings) {
  std::vector<Judged> out;
  for (const RatioWarning& w : warnings)
    out.emplace_back(w.check, w.org, w.year, w.numerator_fen, w.denominator_fen);
  return out;
}

// Every fen of a year, as 64-bit numbers for the comparisons below.
struct Fens {
  int64_t income = 0, charitable = 0, management = 0, fundraising = 0, welfare = 0, remitted = 0;
  friend bool operator==(const Fens&, const Fens&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Fens& f) {
    return os << "{income " << f.income << ", charitable " << f.charitable << ", management "
              << f.management << ", fundraising " << f.fundraising << ", welfare " << f.welfare
              << ", remitted " << f.remitted << "}";
  }
};

// The regulatory warnings of every org the state holds totals for, as
// StateWarnings (replay.hpp) finds them in a Store: its orgyear/<org>/<YYYY>
// records judged by WarningsFor with the shares their levels pass down,
// ordered by check, org and year.
inline std::vector<RatioWarning> StateWarningsIn(const MemoryKv& kv, int current_year) {
  Overlay overlay(&kv);
  State state(overlay);
  std::map<std::string, std::map<int, YearTotals>> years;
  Status scanned = state.Scan<YearTotals>(keys::kOrgYearPrefix, {}, [&](std::string_view key, const YearTotals& t) {
    const std::string_view rest = key.substr(keys::kOrgYearPrefix.size());
    const std::size_t slash = rest.rfind('/');
    years[std::string(rest.substr(0, slash))][std::stoi(std::string(rest.substr(slash + 1)))] = t;
    return true;
  });
  EXPECT_TRUE(scanned.ok()) << scanned.error().ToString();
  std::vector<RatioWarning> warnings;
  for (const auto& [id, org_years] : years) {
    auto org = state.Find<Org>(keys::Org(OrgId(id)));
    EXPECT_TRUE(org.ok() && org->has_value()) << "totals for org " << id << ", which the state does not hold";
    if (!org.ok() || !org->has_value()) continue;
    auto share_of = shares::OfYears(state, **org, org_years);
    EXPECT_TRUE(share_of.ok());
    if (!share_of.ok()) continue;
    for (RatioWarning& w : WarningsFor(**org, org_years, current_year, *share_of)) warnings.push_back(std::move(w));
  }
  std::sort(warnings.begin(), warnings.end(), [](const RatioWarning& a, const RatioWarning& b) {
    return std::tie(a.check, a.org, a.year) < std::tie(b.check, b.org, b.year);
  });
  return warnings;
}

// Orgs, funds and money events applied in seq order, each with a "ts" in
// the year the test names.
class Ratios : public ::testing::Test {
 protected:
  void SetUp() override {
    Register(kCharity, "charity", {"fundraise", "disburse"});
    Register(kFoundation, "foundation", {"fundraise", "disburse"});
    Register(kNanshan, "charity", {"disburse"});
    Register(kLottery, "lottery_center", {"allocate", "disburse"});
    Register(kCentral, "civil_affairs", {"allocate", "disburse"});
    Register(kTrustee, "trustee", {"trustee", "disburse"});
    for (const char* org : {kCharity, kFoundation, kNanshan, kCentral})
      Post(2025, EventKind::kFundOpened, org,
           testing::FundBody(Fund(org), org, "general", false));
    Post(2025, EventKind::kFundOpened, kLottery,
         testing::FundBody(Fund(kLottery), kLottery, "general", false, "lottery_welfare"));
    Post(2025, EventKind::kLotteryRateSet, "mca",
         testing::RateBody("shuangseqiu", 3600, "2025-01"));
  }

  static std::string Fund(const std::string& org) { return org + "-general"; }

  void Register(const std::string& id, const std::string& kind, std::vector<std::string> roles) {
    Post(2025, EventKind::kOrgRegistered, testing::Books::kRegulator,
         testing::RegisterBody(id, kind, std::move(roles), PrivateKey::Generate()->public_key()));
  }

  uint64_t Post(int year, EventKind kind, const std::string& poster, const Json& body) {
    books_.RecordIn(std::to_string(year) + "-06");
    return books_.Post(kind, poster, body);
  }
  // Given on a day of `year`: a gift counts in the year of its date.
  uint64_t Donate(int year, const std::string& org, int64_t fen) {
    Json body = testing::DonationBody("R-" + std::to_string(books_.next_seq()), Fund(org), fen);
    body["date"] = std::to_string(year) + "-06-14";
    return Post(year, EventKind::kDonationReceived, org, body);
  }
  uint64_t Disburse(int year, const std::string& org, int64_t fen) {
    return Post(year, EventKind::kDisbursementMade, org,
                testing::DisbursementBody(Fund(org), fen, "elderly"));
  }
  uint64_t Expense(int year, const std::string& org, int64_t fen, const std::string& category) {
    return Post(year, EventKind::kExpenseRecorded, org,
                testing::ExpenseBody(Fund(org), fen, category));
  }
  uint64_t Grant(int year, const std::string& from, const std::string& to, int64_t fen,
                 const std::string& reason = "grant") {
    return Post(year, EventKind::kFundsTransferred, from,
                testing::TransferBody(Fund(from), Fund(to), fen, reason));
  }
  uint64_t Sales(int year, const std::string& period, int64_t sales_fen, int64_t welfare_fen) {
    return Post(year, EventKind::kLotterySalesReported, kLottery,
                testing::SalesBody(period, "shuangseqiu", sales_fen, 3600, welfare_fen,
                                   Fund(kLottery)));
  }
  // The reversal is posted in `year`; what it takes back stays in the year
  // of the event it reverses.
  uint64_t Reverse(int year, const std::string& poster, uint64_t seq) {
    books_.RecordIn(std::to_string(year) + "-06");
    return books_.Reverse(poster, seq);
  }

  std::vector<RatioWarning> Warnings(int current_year) const { return StateWarningsIn(books_.kv(), current_year); }
  std::vector<Judged> Judge(int current_year) const { return Judgements(Warnings(current_year)); }

  // The org's totals for `year`, all zero when the state holds none.
  Fens Totals(const std::string& org, int year) const {
    Overlay overlay(&books_.kv());
    State state(overlay);
    auto found = state.Find<YearTotals>(keys::OrgYear(OrgId(org), year));
    EXPECT_TRUE(found.ok()) << found.error().ToString();
    const YearTotals t = found.ok() ? found->value_or(YearTotals{}) : YearTotals{};
    return {static_cast<int64_t>(t.income_fen),     static_cast<int64_t>(t.charitable_fen),
            static_cast<int64_t>(t.management_fen), static_cast<int64_t>(t.fundraising_fen),
            static_cast<int64_t>(t.welfare_fen),    static_cast<int64_t>(t.remitted_fen)};
  }

  // The state's orgyear/ records, key and bytes: every total of every org.
  std::map<std::string, std::string> YearRecords() const {
    std::map<std::string, std::string> records;
    for (const auto& [key, value] : books_.kv().data())
      if (key.first == Space::kState && key.second.starts_with(keys::kOrgYearPrefix)) records[key.second] = value;
    return records;
  }
  // The orgyear/ keys written between two YearRecords().
  static std::set<std::string> ChangedYears(const std::map<std::string, std::string>& before,
                                            const std::map<std::string, std::string>& after) {
    std::set<std::string> changed;
    for (const auto& [key, value] : before)
      if (auto it = after.find(key); it == after.end() || it->second != value) changed.insert(key);
    for (const auto& [key, value] : after)
      if (!before.contains(key)) changed.insert(key);
    return changed;
  }

  testing::Books books_;
};

}  // namespace ledger
