// The books the ratio tests judge (ratios_test, ratios_management_test):
// orgs, funds and money events fed to Accounts, the registry and the
// RatioTracker in seq order, each in the year a test names.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "accounts_util.hpp"
#include "ledger/crypto.hpp"
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

// Orgs, funds and money events fed to Accounts, the registry and the
// tracker, in seq order, each with the year its "ts" falls in.
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
    Json body = testing::RegisterBody(id, kind, std::move(roles),
                                      PrivateKey::Generate()->public_key());
    Status allowed = registry_.CheckRegistered(body);
    ASSERT_TRUE(allowed.ok()) << allowed.error().ToString();
    registry_.ApplyRegistered(body, books_.Foreign(EventKind::kOrgRegistered));
  }

  uint64_t Post(int year, EventKind kind, const std::string& poster, const Json& body) {
    const uint64_t seq = books_.Post(kind, poster, body);
    tracker_.Apply(kind, body, poster, seq, year, books_.accounts());
    return seq;
  }
  uint64_t Donate(int year, const std::string& org, int64_t fen) {
    return Post(year, EventKind::kDonationReceived, org,
                testing::DonationBody("R-" + std::to_string(books_.next_seq()), Fund(org), fen));
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
    const uint64_t reversal = books_.Reverse(poster, seq);
    tracker_.Apply(EventKind::kEventReversed, testing::ReversalBody(seq), poster, reversal, year,
                   books_.accounts());
    return reversal;
  }

  std::vector<Judged> Judge(int current_year) const {
    return Judgements(tracker_.Warnings(registry_, current_year));
  }
  Fens Totals(const std::string& org, int year) const {
    const RatioTracker::YearTotals t = tracker_.Totals(org, year);
    return {static_cast<int64_t>(t.income_fen),     static_cast<int64_t>(t.charitable_fen),
            static_cast<int64_t>(t.management_fen), static_cast<int64_t>(t.fundraising_fen),
            static_cast<int64_t>(t.welfare_fen),    static_cast<int64_t>(t.remitted_fen)};
  }

  testing::Books books_;
  OrgRegistry registry_ = OrgRegistry::FromGenesis("mca", "Ministry of Civil Affairs",
                                                   PrivateKey::Generate()->public_key());
  RatioTracker tracker_;
};

}  // namespace ledger
