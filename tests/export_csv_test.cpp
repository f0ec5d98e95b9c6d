// The CSV cells of an export without a server: RFC 4180 quoting, the
// formula guard, and yuan written exactly from fen (export_csv.hpp,
// export_columns.hpp). The exports themselves: export_api_test.cpp.
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "export/export_csv.hpp"

namespace ledger::api {
namespace {

TEST(ExportCsv, TextIsQuotedPerRfc4180AndGuardedAgainstFormulas) {
  EXPECT_EQ(CsvText("plain"), "plain");
  EXPECT_EQ(CsvText("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvText("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvText("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvText("cr\rhere"), "\"cr\rhere\"");
  for (const char* risky : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx"})
    EXPECT_EQ(CsvText(risky), std::string("'") + risky) << risky;
  EXPECT_EQ(CsvText("a=1"), "a=1");
  EXPECT_EQ(CsvText(""), "");
}

TEST(ExportCsv, YuanAreExactFromFen) {
  EXPECT_EQ(YuanText(Fen(0)), "0.00");
  EXPECT_EQ(YuanText(Fen(1)), "0.01");
  EXPECT_EQ(YuanText(Fen(10)), "0.10");
  EXPECT_EQ(YuanText(Fen(123456)), "1234.56");
  EXPECT_EQ(YuanText(Fen(100000001)), "1000000.01");
  EXPECT_EQ(YuanText(Fen(-5)), "-0.05");
  EXPECT_EQ(YuanText(Fen(9007199254740993)), "90071992547409.93");  // past a double's exact integers
  EXPECT_EQ(YuanText(Fen(INT64_MIN)), "-92233720368547758.08");
}

}  // namespace
}  // namespace ledger::api
