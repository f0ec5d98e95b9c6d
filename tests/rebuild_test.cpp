// Projections rebuilt from the log alone are byte-identical to the ones the
// ledger kept event by event, over a long random mix of posted events; a
// projection edited behind the ledger's back is found and put right; and
// `ledgerctl rebuild` reports it with the documented exit codes.
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "test_dates.hpp"
#include "ledger/ledger.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/store.hpp"
#include "ledger_fixture.hpp"
#include "ledgerctl.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

using testing::RegisterBody;
using testing::SignedSubmission;

class RebuildTest : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    ledger_ = OpenLedger();
    ASSERT_TRUE(ledger_);
    for (int o = 0; o < 3; ++o) {
      const std::string org = "org-" + std::to_string(o);
      keys_.push_back(*PrivateKey::Generate());
      Must(SignedSubmission("org.registered", "civil-affairs", "reg-" + org,
                            RegisterBody(org, "charity", {"fundraise", "disburse"}, keys_.back().public_key()),
                            regulator()));
      for (int f = 0; f < 2; ++f)
        Must(As(o, "fund.opened", "open-" + std::to_string(f),
                {{"id", Fund(o, f)}, {"owner", org}, {"kind", "donations"},
                 {"purpose", f == 0 ? "elderly" : "general"}, {"restricted", f == 0},
                 {"name", "Fund " + Fund(o, f)}}));
    }
  }

  static std::string Fund(int org, int f) { return "fund-" + std::to_string(org) + "-" + std::to_string(f); }
  Json As(int org, const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, "org-" + std::to_string(org), idem, std::move(body), keys_[org]);
  }
  void Must(const Json& doc) {
    auto r = ledger_->Submit(doc);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  // Posts a random mix; refusals (shortfalls, moved money) are part of it.
  void PostRandomMix(int count, uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int i = 0; i < count; ++i) {
      const int org = pick(3), f = pick(2), kind = pick(10);
      const std::string idem = "e-" + std::to_string(i);
      Json doc;
      if (kind < 5) {
        Json donor = {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}};
        if (pick(4) == 0) donor["display_name"] = "Donor " + std::to_string(i);
        doc = As(org, "donation.received", idem,
                 {{"receipt", "R-" + std::to_string(i)}, {"fund", Fund(org, f)},
                  {"amount_fen", 100 + pick(10000)}, {"donor", donor}, {"channel", "online"},
                  {"date", "2026-1" + std::to_string(pick(3)) + "-01"}});
      } else if (kind < 7) {
        doc = As(org, "funds.transferred", idem,
                 {{"from", Fund(org, f)}, {"to", Fund(pick(3), pick(2))}, {"amount_fen", 1 + pick(5000)},
                  {"reason", "grant"}, {"reference", "r"}, {"date", testing::TodayInBeijing()}});
        if (doc["body"]["from"] == doc["body"]["to"]) continue;
      } else if (kind < 9) {
        doc = As(org, "disbursement.made", idem,
                 {{"fund", Fund(org, f)}, {"amount_fen", 1 + pick(4000)},
                  {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                  {"purpose", f == 0 ? "elderly" : "general"}, {"reference", "r"},
                  {"date", testing::TodayInBeijing()}});
      } else {
        const uint64_t size = ledger_->log().size();
        doc = As(org, "event.reversed", idem,
                 {{"seq", static_cast<int64_t>(size - 1 - pick(static_cast<int>(std::min<uint64_t>(size - 1, 20))))},
                  {"reason", "correction"}});
      }
      (void)ledger_->Submit(doc);
    }
  }

  std::unique_ptr<Ledger> ledger_;
  std::vector<PrivateKey> keys_;
};

TEST_F(RebuildTest, LiveProjectionsAreExactlyWhatTheLogImplies) {
  PostRandomMix(600, 7);
  ledger_.reset();
  auto report = RebuildProjections(data_dir(), /*write=*/false);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_GT(report->events, 400u);
  EXPECT_GT(report->keys, 500u);
  EXPECT_EQ(report->differences, 0u) << (report->first.empty() ? "" : report->first[0].what + " " + report->first[0].key);
}

TEST_F(RebuildTest, EditedProjectionsAreFoundAndPutRight) {
  PostRandomMix(200, 11);
  const Json fund = *ledger_->FundJson(Fund(1, 1), 0, 1000);
  ledger_.reset();
  {
    auto store = Store::Open({.dir = data_dir()});
    ASSERT_TRUE(store.ok());
    WriteSet edit(**store);
    edit.Put(Column::kState, "fund/" + Fund(1, 1), "not a fund");
    edit.Put(Column::kState, "stats/donations/total", "not a bucket");
    edit.Put(Column::kState, "org/ghost", "{}");
    ASSERT_TRUE((*store)->Write(edit, true).ok());
  }
  auto found = RebuildProjections(data_dir(), /*write=*/false);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->differences, 3u);
  auto fixed = RebuildProjections(data_dir(), /*write=*/true);
  ASSERT_TRUE(fixed.ok());
  EXPECT_TRUE(fixed->written);
  auto again = RebuildProjections(data_dir(), /*write=*/false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->differences, 0u);
  ledger_ = OpenLedger();
  EXPECT_EQ(*ledger_->FundJson(Fund(1, 1), 0, 1000), fund);
}

TEST_F(RebuildTest, CommandExitsOneWhenACheckFindsDifferences) {
  PostRandomMix(50, 3);
  ledger_.reset();
  auto run = [this](std::vector<std::string> args, std::string* out_text) {
    std::istringstream in;
    std::ostringstream out, err;
    const int code = cli::RunLedgerctl(args, in, out, err);
    *out_text = out.str();
    return code;
  };
  std::string out;
  EXPECT_EQ(run({"rebuild", "--data", data_dir(), "--check"}, &out), cli::kExitOk);
  EXPECT_NE(out.find("differences: 0"), std::string::npos) << out;
  {
    auto store = Store::Open({.dir = data_dir()});
    ASSERT_TRUE(store.ok());
    WriteSet edit(**store);
    edit.Delete(Column::kState, "fund/" + Fund(0, 0));
    ASSERT_TRUE((*store)->Write(edit, true).ok());
  }
  EXPECT_EQ(run({"rebuild", "--data", data_dir(), "--check"}, &out), cli::kExitRefused);
  EXPECT_NE(out.find("missing state fund/" + Fund(0, 0)), std::string::npos) << out;
  EXPECT_EQ(run({"rebuild", "--data", data_dir()}, &out), cli::kExitOk);
  EXPECT_EQ(run({"rebuild", "--data", data_dir(), "--check"}, &out), cli::kExitOk);
  EXPECT_EQ(run({"rebuild"}, &out), cli::kExitUsage);
}

}  // namespace
}  // namespace ledger
