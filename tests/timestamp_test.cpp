// The bureau's calendar of the log's stamps: UTC times read in China
// Standard Time (UTC+8), at every boundary where the local month or year
// differs from the UTC one.
#include <gtest/gtest.h>

#include <string>

#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

std::string Month(std::string_view ts) {
  auto month = MonthOfTimestamp(ts);
  EXPECT_TRUE(month.ok()) << ts << ": " << month.error().ToString();
  return month.ok() ? *month : "";
}

TEST(Timestamp, TheLocalMonthTurnsAtSixteenHundredUtcOnTheLastDay) {
  EXPECT_EQ(Month("2026-01-31T15:59:59.999Z"), "2026-01");
  EXPECT_EQ(Month("2026-01-31T16:00:00.000Z"), "2026-02");
  EXPECT_EQ(Month("2026-01-30T23:59:59.999Z"), "2026-01");  // not the last day
  EXPECT_EQ(Month("2026-04-30T16:00:00.000Z"), "2026-05");
  EXPECT_EQ(Month("2026-11-01T00:00:00.000Z"), "2026-11");
}

TEST(Timestamp, FebruaryEndsOnTheTwentyNinthInALeapYear) {
  EXPECT_EQ(Month("2026-02-28T16:00:00.000Z"), "2026-03");
  EXPECT_EQ(Month("2028-02-28T16:00:00.000Z"), "2028-02");
  EXPECT_EQ(Month("2028-02-29T16:00:00.000Z"), "2028-03");
}

TEST(Timestamp, TheLocalYearTurnsWithDecember) {
  EXPECT_EQ(Month("2026-12-31T15:59:59.999Z"), "2026-12");
  EXPECT_EQ(Month("2026-12-31T16:00:00.000Z"), "2027-01");
  EXPECT_EQ(*YearOfTimestamp("2026-12-31T15:59:59.999Z"), 2026);
  EXPECT_EQ(*YearOfTimestamp("2026-12-31T16:00:00.000Z"), 2027);
  EXPECT_EQ(*YearOfTimestamp("2026-11-30T16:00:00.000Z"), 2026);  // December, same year
}

TEST(Timestamp, AnythingButTheStampedFormIsRefusedAtTs) {
  for (std::string_view bad : {"2026-11-23", "2026-11-23T04:55:34Z", "2026-11-23T04:55:34.123+08:00",
                               "2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                               "2026-11-23T24:00:00.000Z", "2026-11-23t04:55:34.123Z", ""}) {
    auto month = MonthOfTimestamp(bad);
    ASSERT_FALSE(month.ok()) << bad;
    EXPECT_EQ(month.error().field, "ts");
    EXPECT_FALSE(YearOfTimestamp(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace ledger
