// The limits of GET /v1/orgs/{id}/export and its refusals: each names
// its field, the range's edge (at most kMaxExportRangeDays days, from and
// to included), the row, scan and byte limits fed at their edge through
// the library and the route, and the exports made at once.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export_fixture.hpp"
#include "ledger/org_export.hpp"

namespace ledger::api {
namespace {

using ExportLimitsTest = ExportFixture;

// `days` after 2000-01-01, as YYYY-MM-DD.
std::string DaysAfter2000(int days) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{2000} / 1 / 1} + std::chrono::days{days}};
  char text[11];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

TEST_F(ExportLimitsTest, RefusalsNameTheirFields) {
  EXPECT_EQ(FieldOf("what=donations", 400), "format");
  EXPECT_EQ(FieldOf("format=csv", 400), "what");
  EXPECT_EQ(FieldOf("format=pdf&what=donations", 400), "format");
  EXPECT_EQ(FieldOf("format=csv&what=gifts", 400), "what");
  EXPECT_EQ(FieldOf("format=json&what=donations", 400), "format");
  EXPECT_EQ(FieldOf("format=csv&what=donations&from=2026-02-30", 400), "from");
  EXPECT_EQ(FieldOf("format=csv&what=donations&to=2026-1-01", 400), "to");
  EXPECT_EQ(FieldOf("format=csv&what=donations&from=2026-02-02&to=2026-02-01", 400), "to");
  EXPECT_EQ(FieldOf("format=csv&what=donations&limit=5", 400), "limit");
  EXPECT_EQ(FieldOf("format=csv&what=donations&what=flows", 400), "what");
  EXPECT_EQ(FieldOf("format=csv&what=donations", 404, "no-such-org"), "id");
  EXPECT_EQ(FieldOf("format=csv&what=donations&fund=szb-care", 404), "fund");
  EXPECT_EQ(FieldOf("format=csv&what=donations&fund=Bad!", 400), "fund");
}

TEST_F(ExportLimitsTest, TheRowLimitPassesAndOneMoreRowIsRefusedNamingTo) {
  ExportQuery query{.org = OrgId(kCharity), .what = ExportWhat::kDonations};
  query.max_rows = 3;
  std::vector<uint64_t> seen;
  auto visit = [&](const ExportRow& row) {
    seen.push_back(row.seq);
    return Status::Ok();
  };
  ASSERT_TRUE(ForEachExportRow(*log_, query, visit).ok());
  EXPECT_EQ(seen, (std::vector<uint64_t>{d1_, d2_, d3_}));
  query.max_rows = 2;
  seen.clear();
  auto refused = ForEachExportRow(*log_, query, visit);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kUnprocessable);
  EXPECT_EQ(refused.error().field, "to");
  EXPECT_TRUE(seen.empty());  // counted first: never a cut file
}

TEST_F(ExportLimitsTest, AWalkEndsAtTheFirstEventPostedBeforeFromAndIsBoundedOtherwise) {
  now_ = Utc(4, 1, 2);
  const uint64_t april = PostEvent(As(kCharity, "disbursement.made", "p2",
                                      {{"fund", "szc-elderly"}, {"amount_fen", 1000},
                                       {"beneficiary", {{"pseudonym", std::string(64, 'f')}, {"kind", "individual"}}},
                                       {"purpose", "elderly"}, {"reference", "april"}, {"date", "2026-04-01"}}));
  ExportQuery query{.org = OrgId(kCharity), .what = ExportWhat::kDisbursements, .from = Date{"2026-04-01"}};
  std::vector<uint64_t> seen;
  auto visit = [&](const ExportRow& row) {
    seen.push_back(row.seq);
    return Status::Ok();
  };
  // The April disbursement, then p1 (posted in March) ends the walk.
  query.max_scanned = 2;
  ASSERT_TRUE(ForEachExportRow(*log_, query, visit).ok());
  EXPECT_EQ(seen, std::vector<uint64_t>{april});
  query.max_scanned = 1;
  auto refused = ForEachExportRow(*log_, query, visit);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kUnprocessable);
  EXPECT_EQ(refused.error().field, "from");
  EXPECT_NE(refused.error().message.find("since 2026-04-01: give a later from"), std::string::npos)
      << refused.error().message;
}

TEST_F(ExportLimitsTest, AnExportPastItsByteLimitIsRefusedNamingTo) {
  const auto answer = [&](const std::string& query, ExportLimits limits) { return Answer(query, limits); };
  const std::size_t full = answer("format=csv&what=donations", {}).body.size();
  EXPECT_EQ(answer("format=csv&what=donations", {.max_bytes = full}).status, 200);
  Response over = answer("format=csv&what=donations", {.max_bytes = full - 1});
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(ProblemField(over), "to");
  // The limit as it is, not rounded down to "0 MiB".
  EXPECT_NE(over.body.find("larger than " + std::to_string(full - 1) + " bytes"), std::string::npos) << over.body;
  const std::size_t grants = answer("format=json&what=grants", {}).body.size() - 2;  // without the closing ]}
  EXPECT_EQ(answer("format=json&what=grants", {.max_bytes = grants}).status, 200);
  EXPECT_EQ(answer("format=json&what=grants", {.max_bytes = grants - 1}).status, 422);
  Response book = answer("format=xlsx&what=donations", {.max_bytes = 100});
  EXPECT_EQ(book.status, 422);
  EXPECT_EQ(ProblemField(book), "to");
}

TEST_F(ExportLimitsTest, ExportsPastTheConcurrencyLimitAreToldToRetry) {
  Router router;
  AddExportRoutes(router, *ledger_, {.max_concurrent = 0});
  Response busy = router.Handle(Request{"GET", "/v1/orgs/szc/export?format=csv&what=donations", {}, {}});
  EXPECT_EQ(busy.status, 503);
  bool retry_after = false;
  for (const auto& [name, value] : busy.headers) retry_after = retry_after || (name == "Retry-After" && value == "1");
  EXPECT_TRUE(retry_after);
  // A bad request is still told what is wrong first.
  EXPECT_EQ(router.Handle(Request{"GET", "/v1/orgs/szc/export?format=csv", {}, {}}).status, 400);
}

TEST_F(ExportLimitsTest, ARangeOfAtMost3660DaysFromAndToIncludedIsServed) {
  static_assert(kMaxExportRangeDays == 3660);
  const std::string from = "&from=" + DaysAfter2000(0);
  // to − from = 3659: 3660 days with both ends.
  EXPECT_EQ(FieldOf("format=csv&what=donations" + from + "&to=" + DaysAfter2000(3659), 200), "");
  // to − from = 3660: one day too many.
  Reply over = Export("format=csv&what=donations" + from + "&to=" + DaysAfter2000(3660));
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(Json::parse(over.body)["errors"][0]["field"], "to");
  EXPECT_NE(over.body.find("covers 3661 days, more than 3660 (from and to included)"), std::string::npos)
      << over.body;
}

TEST_F(ExportLimitsTest, AnOpenRangeIsBoundedByTheRowAndScanLimitsNotByDays) {
  // Thirty years with one end open: no day limit applies.
  EXPECT_EQ(FieldOf("format=csv&what=donations&from=1996-01-01", 200), "");
  EXPECT_EQ(FieldOf("format=csv&what=donations&to=2056-01-01", 200), "");
  // Without from, the scan limit still bounds the walk, and says what to give.
  ExportQuery query{.org = OrgId(kCharity), .what = ExportWhat::kDonations};
  query.max_scanned = 1;
  auto refused = ForEachExportRow(*log_, query, [](const ExportRow&) { return Status::Ok(); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kUnprocessable);
  EXPECT_EQ(refused.error().field, "from");
  EXPECT_NE(refused.error().message.find("no from was given: give a from"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("since"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace ledger::api
