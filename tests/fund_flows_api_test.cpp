// GET /v1/funds/{id}/flows over a real server whose log is stamped by a
// clock the test moves: dated sources are filed under their date, undated
// flows under the month their ts falls in (UTC+8); pages; bad parameters;
// and a replay of the log gives the very same months.
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/store.hpp"
#include "raw_http_client.hpp"

namespace ledger::api {
namespace {

using std::chrono::system_clock;

constexpr char kCharity[] = "szc";
constexpr char kGeneral[] = "szc-general";
constexpr char kElderly[] = "szc-elderly";

// 2026-mm-dd hh:00 UTC.
system_clock::time_point Utc(int month, int day, int hour) {
  using namespace std::chrono;
  return sys_days{year{2026} / month / day} + hours{hour};
}

Json Donation(const std::string& receipt, int64_t fen, const std::string& date) {
  return {{"receipt", receipt}, {"fund", kGeneral}, {"amount_fen", fen},
          {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}}},
          {"channel", "online"}, {"date", date}};
}

Json Month(const std::string& month, int64_t in, int64_t out) {
  return {{"month", month}, {"inflow_fen", in}, {"outflow_fen", out}};
}

class FundFlowsApiTest : public ServerFixture {
 protected:
  FundFlowsApiTest() {
    clock_ = [this] { return now_.load(); };
  }

  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    PostEvent(SignedSubmission("org.registered", "reg", "reg-szc",
                          RegisterBody(kCharity, "charity", {"fundraise", "disburse"}, key_->public_key()),
                          *regulator_));
    PostEvent(As("fund.opened", "f1", {{"id", kGeneral}, {"owner", kCharity}, {"kind", "donations"},
                                  {"purpose", "general"}, {"restricted", false}, {"name", "General"}}));
    PostEvent(As("fund.opened", "f2", {{"id", kElderly}, {"owner", kCharity}, {"kind", "project"},
                                  {"purpose", "elderly"}, {"restricted", true}, {"name", "Elderly"}}));
    // Recorded in March (UTC+8), dated January and February.
    PostEvent(As("donation.received", "d1", Donation("R-1", 100000, "2026-01-15")));
    d2_ = PostEvent(As("donation.received", "d2", Donation("R-2", 50000, "2026-02-10")));
    // 17:00 UTC on 31 March is already April in UTC+8.
    now_ = Utc(3, 31, 17);
    PostEvent(As("funds.transferred", "t1", {{"from", kGeneral}, {"to", kElderly}, {"amount_fen", 60000},
                                        {"reason", "allocation"}, {"reference", "A-1"}, {"date", "2026-04-01"}}));
    now_ = Utc(5, 10, 0);
    PostEvent(As("disbursement.made", "p1",
            {{"fund", kElderly}, {"amount_fen", 20000},
             {"beneficiary", {{"pseudonym", std::string(64, 'e')}, {"kind", "institution"}}},
             {"purpose", "elderly"}, {"reference", "meals"}, {"date", "2026-05-10"}}));
    PostEvent(As("event.reversed", "x1", {{"seq", d2_}, {"reason", "refunded"}}));
  }

  Json As(const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, kCharity, idem, std::move(body), *key_);
  }
  std::string ProblemFieldOf(const std::string& target, int status) {
    Json problem = GetJson(target, status);
    return problem["errors"][0]["field"].is_string() ? problem["errors"][0]["field"].get<std::string>() : "";
  }

  std::atomic<system_clock::time_point> now_{Utc(3, 2, 4)};
  std::unique_ptr<PrivateKey> key_;
  uint64_t d2_ = 0;
};

TEST_F(FundFlowsApiTest, MonthsAreDatedSourcesThenTheMonthsUndatedFlowsWereRecordedIn) {
  Json general = GetJson(std::string("/v1/funds/") + kGeneral + "/flows");
  EXPECT_EQ(general, (Json{{"fund", kGeneral},
                           {"months", {Month("2026-01", 100000, 0), Month("2026-02", 50000, 0),
                                       Month("2026-04", 0, 60000), Month("2026-05", 0, 50000)}},
                           {"next", nullptr}}));
  Json elderly = GetJson(std::string("/v1/funds/") + kElderly + "/flows");
  EXPECT_EQ(elderly["months"], (Json{Month("2026-04", 60000, 0), Month("2026-05", 0, 20000)}));
}

TEST_F(FundFlowsApiTest, TheMonthsAddUpToTheFundsCounters) {
  for (const char* id : {kGeneral, kElderly}) {
    Json fund = GetJson(std::string("/v1/funds/") + id);
    Json flows = GetJson(std::string("/v1/funds/") + id + "/flows");
    int64_t in = 0, out = 0;
    for (const Json& m : flows["months"]) {
      in += m["inflow_fen"].get<int64_t>();
      out += m["outflow_fen"].get<int64_t>();
    }
    EXPECT_EQ(in, fund["inflow_fen"].get<int64_t>()) << id;
    EXPECT_EQ(out, fund["outflow_fen"].get<int64_t>()) << id;
    EXPECT_EQ(in - out, fund["balance_fen"].get<int64_t>()) << id;
  }
}

TEST_F(FundFlowsApiTest, PagesFollowNext) {
  const std::string base = std::string("/v1/funds/") + kGeneral + "/flows";
  Json first = GetJson(base + "?limit=3");
  ASSERT_EQ(first["months"].size(), 3u);
  EXPECT_EQ(first["months"][2]["month"], "2026-04");
  ASSERT_EQ(first["next"], "2026-05");
  Json second = GetJson(base + "?limit=3&from=" + first["next"].get<std::string>());
  // Json::array, not Json{…}: a braced list of one json is a copy of it
  // under clang++ and an array of it under g++.
  EXPECT_EQ(second["months"], Json::array({Month("2026-05", 0, 50000)}));
  EXPECT_EQ(second["next"], nullptr);
  // A month with no flow starts the page at the next one that has.
  EXPECT_EQ(GetJson(base + "?from=2026-03")["months"][0]["month"], "2026-04");
  EXPECT_EQ(GetJson(base + "?from=2027-01")["months"], Json::array());
}

TEST_F(FundFlowsApiTest, BadParametersAreRefusedByName) {
  const std::string base = std::string("/v1/funds/") + kGeneral + "/flows";
  EXPECT_EQ(ProblemFieldOf(base + "?from=2026-13", 400), "from");
  EXPECT_EQ(ProblemFieldOf(base + "?from=2026-1", 400), "from");
  EXPECT_EQ(ProblemFieldOf(base + "?from=2026-01&from=2026-02", 400), "from");
  EXPECT_EQ(ProblemFieldOf(base + "?limit=0", 400), "limit");
  EXPECT_EQ(ProblemFieldOf(base + "?limit=1001", 400), "limit");
  EXPECT_EQ(ProblemFieldOf(base + "?month=2026-01", 400), "month");
  EXPECT_EQ(ProblemFieldOf("/v1/funds/no-such-fund/flows", 404), "id");
}

TEST_F(FundFlowsApiTest, AReplayOfTheLogFilesEveryFlowUnderTheSameMonth) {
  StopAndClose();
  auto report = RebuildProjections(dir_, /*write=*/false);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->differences, 0u);
  EXPECT_GT(report->events, 8u);
}

TEST_F(FundFlowsApiTest, ALedgerKeptBeforeMonthsAndYearsWereProjectedGetsThemOnItsNextOpen) {
  const std::string path = std::string("/v1/funds/") + kGeneral + "/flows";
  const Json served = GetJson(path);
  const Json ratios = GetJson(std::string("/v1/orgs/") + kCharity + "/ratios");
  ASSERT_EQ(ratios["years"].size(), 1u);
  StopAndClose();
  std::size_t deleted = 0;
  {  // as an older ledgerd left it: no months, no org years, no projections version
    auto store = Store::Open({.dir = dir_});
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    WriteSet writes(**store);
    for (const std::string prefix : {"fundmonth/", "orgyear/"})
      ASSERT_TRUE((*store)->Scan(Column::kState, prefix, [&](std::string_view key, std::string_view) {
        if (!key.starts_with(prefix)) return false;
        writes.Delete(Column::kState, key);
        ++deleted;
        return true;
      }).ok());
    EXPECT_EQ(deleted, 7u);  // 6 months of 2 funds, and the charity's 2026
    writes.Delete(Column::kState, kVersionKey);
    ASSERT_TRUE((*store)->Write(writes, true).ok());
  }
  auto stale = RebuildProjections(dir_, /*write=*/false);
  ASSERT_TRUE(stale.ok()) << stale.error().ToString();
  EXPECT_EQ(stale->differences, deleted + 1);  // and the version

  Restart();
  EXPECT_EQ(GetJson(path), served);
  EXPECT_EQ(GetJson(std::string("/v1/orgs/") + kCharity + "/ratios"), ratios);
  StopAndClose();
  auto upgraded = RebuildProjections(dir_, /*write=*/false);
  ASSERT_TRUE(upgraded.ok()) << upgraded.error().ToString();
  EXPECT_EQ(upgraded->differences, 0u);
}

TEST_F(FundFlowsApiTest, ALedgerKeptByANewerVersionIsNotOpened) {
  StopAndClose();
  {
    auto store = Store::Open({.dir = dir_});
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    WriteSet writes(**store);
    writes.Put(Column::kState, kVersionKey, "10");
    ASSERT_TRUE((*store)->Write(writes, true).ok());
  }
  auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
  ASSERT_TRUE(key.ok());
  auto opened = Ledger::Open({.dir = dir_}, std::move(*key));
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("version 10, kept by a newer welfare-ledger"), std::string::npos)
      << opened.error().ToString();
  auto store = Store::Open({.dir = dir_, .read_only = true});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->Get(Column::kState, kVersionKey), std::optional<std::string>("10"));
}

}  // namespace
}  // namespace ledger::api
