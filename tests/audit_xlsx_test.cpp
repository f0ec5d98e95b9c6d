// ledger-audit --xlsx FILE: the audit report as a workbook, read back with
// unzip. An untouched ledger's summary says PASSED; a ledger with an event
// deleted says FAILED with the check and the seq; the warnings sheet holds
// amounts as numbers formatted to the fen.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "audit_fixture.hpp"
#include "cli.hpp"
#include "file_io.hpp"
#include "ledger/encoding.hpp"
#include "ledger/store.hpp"
#include "report_xlsx.hpp"
#include "unzip_util.hpp"

namespace ledger::audit {
namespace {

using ledger::testing::Unzipped;

// The text right after the cell holding `label` in a two-column sheet:
// the next cell's XML, up to its end.
std::string CellAfter(const std::string& sheet, const std::string& label) {
  const std::size_t at = sheet.find("<t>" + label + "</t>");
  if (at == std::string::npos) return "";
  const std::size_t next = sheet.find("<c ", at);
  const std::size_t end = sheet.find("</c>", next);
  if (next == std::string::npos || end == std::string::npos) return "";
  return sheet.substr(next, end - next);
}

class AuditXlsxTest : public ::testing::Test, public testing::AuditScenario {
 protected:
  void SetUp() override {
    Build(40, 5);
    size_ = ledger().log().size();
    Close();
  }

  int RunCli(const std::string& dir, const std::string& xlsx) {
    std::vector<std::string> args = {"--data", dir, "--xlsx", xlsx, "--quiet"};
    std::ostringstream out, err;
    const int code = RunAuditCli(args, out, err);
    summary_ = out.str() + err.str();
    return code;
  }

  testing::TempDir out_;
  uint64_t size_ = 0;
  std::string summary_;
};

TEST_F(AuditXlsxTest, AnUntouchedLedgersWorkbookSaysPassed) {
  const std::string xlsx = out_.Sub("audit.xlsx");
  ASSERT_EQ(RunCli(data_dir(), xlsx), 0) << summary_;
  const std::string book = Unzipped(xlsx, "xl/workbook.xml");
  for (const char* sheet : {"摘要 Summary", "警告 Warnings", "合计 Totals", "事件 Events", "差异 Differences"})
    EXPECT_NE(book.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet << book;
  const std::string summary = Unzipped(xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(CellAfter(summary, "结果 / Result").find("<t>PASSED</t>"), std::string::npos) << summary;
  EXPECT_NE(CellAfter(summary, "已核事件 / Events verified").find("<v>" + std::to_string(size_) + "</v>"),
            std::string::npos)
      << summary;
  EXPECT_NE(CellAfter(summary, "检查点大小 / Checkpoint size").find("<v>" + std::to_string(size_) + "</v>"),
            std::string::npos)
      << summary;
  EXPECT_EQ(CellAfter(summary, "失败序号 / Failed at seq").find("<v>"), std::string::npos) << summary;
  EXPECT_NE(summary.find("<pane ySplit=\"1\""), std::string::npos);
}

TEST_F(AuditXlsxTest, ADeletedEventsWorkbookSaysFailedWithTheCheckAndSeq) {
  const std::string dir = CopyData("deleted");
  const uint64_t k = size_ / 2;
  {
    auto store = Store::Open({.dir = dir});
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    WriteSet writes(**store);
    writes.Delete(Column::kEvents, SeqKey(k));
    ASSERT_TRUE((*store)->Write(writes, true).ok());
  }
  const std::string xlsx = out_.Sub("failed.xlsx");
  ASSERT_EQ(RunCli(dir, xlsx), 1) << summary_;
  const std::string summary = Unzipped(xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(CellAfter(summary, "结果 / Result").find("<t>FAILED</t>"), std::string::npos) << summary;
  EXPECT_NE(CellAfter(summary, "首个失败检查 / First failed check").find("<t>seq</t>"), std::string::npos) << summary;
  EXPECT_NE(CellAfter(summary, "失败序号 / Failed at seq").find("<v>" + std::to_string(k) + "</v>"),
            std::string::npos)
      << summary;
  EXPECT_NE(CellAfter(summary, "原因 / Why").find("is missing"), std::string::npos) << summary;
}

TEST(AuditXlsx, WarningsAndTotalsAreNumbersFormattedToTheFen) {
  AuditReport report;
  report.mode = "full";
  report.totals_fen["donations"] = 100000001;
  report.warnings.push_back({.check = "management_expenses", .org = "szc", .year = 2026,
                             .numerator_fen = 1, .denominator_fen = 12345, .message = "管理费用超过 10%"});
  testing::TempDir dir;
  const std::string xlsx = dir.Sub("report.xlsx");
  ASSERT_TRUE(WriteXlsxReport(xlsx, report).ok());
  const std::string warnings = Unzipped(xlsx, "xl/worksheets/sheet2.xml");
  EXPECT_NE(warnings.find("<t>management_expenses</t>"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("<v>0.01</v>"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("<v>123.45</v>"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("<t>管理费用超过 10%</t>"), std::string::npos) << warnings;
  EXPECT_NE(Unzipped(xlsx, "xl/worksheets/sheet3.xml").find("<v>1000000.01</v>"), std::string::npos);
  EXPECT_NE(Unzipped(xlsx, "xl/styles.xml").find("formatCode=\"0.00\""), std::string::npos);
  // A path that cannot be written is an error, not a crash.
  EXPECT_FALSE(WriteXlsxReport(dir.Sub("no-such-dir/report.xlsx"), report).ok());
}

// A cell libxlsxwriter refuses (text over Excel's 32,767 characters) fails
// the write after the summary sheet was begun: the earlier file stays as
// it was, and no partial workbook or temp file is left beside it.
TEST(AuditXlsx, AFailedWriteLeavesTheEarlierFileAndNothingElse) {
  AuditReport report;
  report.mode = "full";
  report.notes.push_back(std::string(40'000, 'x'));
  testing::TempDir dir;
  const std::string xlsx = dir.Sub("report.xlsx");
  EXPECT_FALSE(WriteXlsxReport(xlsx, report).ok());
  EXPECT_FALSE(std::filesystem::exists(xlsx));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  std::ofstream(xlsx) << "the earlier report";
  EXPECT_FALSE(WriteXlsxReport(xlsx, report).ok());
  std::ifstream in(xlsx);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "the earlier report");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);
}

// As --json: readable by all, writable by the owner, whatever the umask.
TEST(AuditXlsx, TheWorkbookHasTheReportFilesModeWhateverTheUmask) {
  AuditReport report;
  report.mode = "full";
  testing::TempDir dir;
  const std::string xlsx = dir.Sub("report.xlsx");
  const mode_t old_umask = ::umask(077);
  const Status written = WriteXlsxReport(xlsx, report);
  ::umask(old_umask);
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(xlsx.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, kAuditFileMode);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);  // no temp file beside it
}

}  // namespace
}  // namespace ledger::audit
