// Money events through the ledger service over a real RocksDB: the
// accounting rules decide them at their seq, a refused money event in a
// batch takes the whole batch back, and the accounts survive a reopen.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"
#include "test_dates.hpp"

namespace ledger {
namespace {

using testing::Batch;
using testing::BatchEvent;
using testing::RegisterBody;
using testing::SignedSubmission;

const std::string kRegulatorId = "civil-affairs";

Json FundBody(const std::string& id, const std::string& owner) {
  return {{"id", id}, {"owner", owner}, {"kind", "donations"}, {"purpose", "elderly"},
          {"restricted", false}, {"name", "Fund " + id}};
}

Json DonationBody(const std::string& receipt, const std::string& fund, int64_t fen) {
  return {{"receipt", receipt}, {"fund", fund}, {"amount_fen", fen},
          {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
          {"channel", "bank"}, {"date", "2026-11-23"}};
}

Json DisbursementBody(const std::string& fund, int64_t fen) {
  return {{"fund", fund}, {"amount_fen", fen},
          {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
          {"purpose", "elderly"}, {"reference", "care home fees"}, {"date", testing::TodayInBeijing()}};
}

class LedgerMoneyTest : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    ledger_ = OpenLedger();
    ASSERT_TRUE(ledger_);
    for (const char* id : {"home", "other"}) {
      keys_.emplace(id, *PrivateKey::Generate());
      ASSERT_TRUE(Post(SignedSubmission("org.registered", kRegulatorId, std::string("reg-") + id,
                                        RegisterBody(id, "charity", {"fundraise", "disburse"},
                                                     keys_.at(id).public_key()),
                                        regulator()))
                      .ok());
      ASSERT_TRUE(As(id, "fund.opened", std::string("open-") + id, FundBody(std::string(id) + "-fund", id)).ok());
    }
  }

  Result<SubmitOutcome> Post(const Json& doc) { return ledger_->Submit(doc); }
  Result<SubmitOutcome> As(const std::string& org, const std::string& type, const std::string& idem,
                           Json body) {
    return Post(SignedSubmission(type, org, idem, std::move(body), keys_.at(org)));
  }

  void ExpectRefused(const Result<SubmitOutcome>& r, Code code, const std::string& field) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().ToString();
    EXPECT_EQ(r.error().field, field) << r.error().ToString();
  }

  std::unique_ptr<Ledger> ledger_;
  std::map<std::string, PrivateKey> keys_;
};

TEST_F(LedgerMoneyTest, DonationIntoAnotherOrgsFundIs403AndIntoNoFundIs422) {
  const uint64_t size = ledger_->log().size();
  ExpectRefused(As("home", "donation.received", "d1", DonationBody("R-1", "other-fund", 100)),
                Code::kPermissionDenied, "body.fund");
  ExpectRefused(As("home", "donation.received", "d1", DonationBody("R-1", "no-fund", 100)),
                Code::kUnprocessable, "body.fund");
  EXPECT_EQ(ledger_->log().size(), size);
}

TEST_F(LedgerMoneyTest, OverspendingIs422NamingTheShortfallAndWritesNothing) {
  ASSERT_TRUE(As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 10000)).ok());
  const uint64_t size = ledger_->log().size();
  auto r = As("home", "disbursement.made", "p1", DisbursementBody("home-fund", 15000));
  ExpectRefused(r, Code::kUnprocessable, "body.amount_fen");
  EXPECT_NE(r.error().message.find("100.00 yuan"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("150.00 requested"), std::string::npos) << r.error().message;
  EXPECT_EQ(ledger_->log().size(), size);
  EXPECT_TRUE(As("home", "disbursement.made", "p1", DisbursementBody("home-fund", 10000)).ok());
}

// A running total never overflows: an event that would take a fund's
// inflow or a total of the portal's statistics past 2^62 - 1 fen is refused,
// naming the amount, and nothing is written; the ledger goes on as before.
TEST_F(LedgerMoneyTest, ATotalPastTheLargestKeptIs422AndWritesNothing) {
  constexpr int64_t kMaxAmount = 9007199254740991;  // 2^53 - 1, the most one event carries
  std::vector<Json> gifts;
  for (int i = 0; i < 512; ++i)  // 512 (2^53 - 1) = 2^62 - 512
    gifts.push_back(BatchEvent("donation.received", "big-" + std::to_string(i),
                               DonationBody("B-" + std::to_string(i), "home-fund", kMaxAmount)));
  auto filled = Post(Batch("home", std::move(gifts), keys_.at("home")));
  ASSERT_TRUE(filled.ok()) << filled.error().ToString();
  const uint64_t size = ledger_->log().size();
  auto fund_full = As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 512));
  ExpectRefused(fund_full, Code::kUnprocessable, "body.amount_fen");
  EXPECT_NE(fund_full.error().message.find("inflow of fund home-fund"), std::string::npos)
      << fund_full.error().message;
  auto total_full = As("other", "donation.received", "d2", DonationBody("R-2", "other-fund", 512));
  ExpectRefused(total_full, Code::kUnprocessable, "body.amount_fen");
  EXPECT_NE(total_full.error().message.find("donations/total"), std::string::npos) << total_full.error().message;
  EXPECT_EQ(ledger_->log().size(), size);
  // One fen less fits both.
  EXPECT_TRUE(As("home", "donation.received", "d3", DonationBody("R-3", "home-fund", 511)).ok());
}

TEST_F(LedgerMoneyTest, DuplicateReceiptIs422) {
  ASSERT_TRUE(As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 100)).ok());
  ExpectRefused(As("other", "donation.received", "d2", DonationBody("R-1", "other-fund", 100)),
                Code::kUnprocessable, "body.receipt");
}

TEST_F(LedgerMoneyTest, RefusedMoneyEventTakesBackTheWholeBatch) {
  const uint64_t size = ledger_->log().size();
  ExpectRefused(Post(Batch("home",
                           {BatchEvent("donation.received", "d1", DonationBody("R-1", "home-fund", 10000)),
                            BatchEvent("disbursement.made", "p1", DisbursementBody("home-fund", 15000))},
                           keys_.at("home"))),
                Code::kUnprocessable, "events[1].body.amount_fen");
  EXPECT_EQ(ledger_->log().size(), size);
  // The donation of the refused batch left no trace: its receipt is free
  // and its money is not there to spend.
  ASSERT_TRUE(As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 5000)).ok());
  ExpectRefused(As("home", "disbursement.made", "p1", DisbursementBody("home-fund", 5001)),
                Code::kUnprocessable, "body.amount_fen");
  auto ok = Post(Batch("home",
                       {BatchEvent("donation.received", "d2", DonationBody("R-2", "home-fund", 1000)),
                        BatchEvent("disbursement.made", "p2", DisbursementBody("home-fund", 6000))},
                       keys_.at("home")));
  EXPECT_TRUE(ok.ok()) << ok.error().ToString();
}

TEST_F(LedgerMoneyTest, ReversalFollowsTheAccountingRules) {
  auto donation = As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 10000));
  ASSERT_TRUE(donation.ok());
  const int64_t seq = static_cast<int64_t>(donation->results[0].seq);
  ASSERT_TRUE(As("home", "disbursement.made", "p1", DisbursementBody("home-fund", 4000)).ok());
  // Part of it is spent: the donation can no longer be reversed.
  ExpectRefused(As("home", "event.reversed", "x1", {{"seq", seq}, {"reason", "typo"}}),
                Code::kUnprocessable, "body.seq");
  // The disbursement can be; its money comes back, but as new lots: the
  // donation's own pieces have left once, so it stays unreversible.
  ASSERT_TRUE(As("home", "event.reversed", "x2", {{"seq", seq + 1}, {"reason", "paid twice"}}).ok());
  ExpectRefused(As("home", "event.reversed", "x3", {{"seq", seq}, {"reason", "typo"}}),
                Code::kUnprocessable, "body.seq");
  auto untouched = As("home", "donation.received", "d2", DonationBody("R-2", "home-fund", 500));
  ASSERT_TRUE(untouched.ok());
  const int64_t fresh = static_cast<int64_t>(untouched->results[0].seq);
  EXPECT_TRUE(As("home", "event.reversed", "x4", {{"seq", fresh}, {"reason", "typo"}}).ok());
  // The receipt of a reversed donation is never taken again: the corrected
  // entry takes a new number and names the one it replaces.
  ExpectRefused(As("home", "donation.received", "d3", DonationBody("R-2", "home-fund", 500)),
                Code::kUnprocessable, "body.receipt");
  Json corrected = DonationBody("R-2b", "home-fund", 500);
  corrected["replaces"] = "R-2";
  EXPECT_TRUE(As("home", "donation.received", "d3", corrected).ok());
}

TEST_F(LedgerMoneyTest, AccountsAreRebuiltOnReopen) {
  ASSERT_TRUE(As("home", "donation.received", "d1", DonationBody("R-1", "home-fund", 10000)).ok());
  ASSERT_TRUE(As("home", "disbursement.made", "p1", DisbursementBody("home-fund", 3000)).ok());
  ledger_.reset();
  ledger_ = OpenLedger();
  ASSERT_TRUE(ledger_);
  ExpectRefused(As("home", "disbursement.made", "p2", DisbursementBody("home-fund", 7001)),
                Code::kUnprocessable, "body.amount_fen");
  EXPECT_TRUE(As("home", "disbursement.made", "p2", DisbursementBody("home-fund", 7000)).ok());
  ExpectRefused(As("other", "donation.received", "d9", DonationBody("R-1", "other-fund", 1)),
                Code::kUnprocessable, "body.receipt");
}

}  // namespace
}  // namespace ledger
