#include "export/export_xlsx.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ledger::api {
namespace {

// A temp file's name, the file removed when this goes.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ledger-export-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  // Removed on every way out (the workbook's destructor, which runs first,
  // may have written it); the error_code form never throws from here.
  ~TempFile() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return Error::Io("cannot read the workbook back from " + path);
  return bytes.str();
}

std::string Optional(const std::optional<Date>& d) { return d ? d->text : ""; }

Status WriteAbout(XlsxWriter& book, const ExportQuery& query, const ExportOrg& org, const ExportStamp& stamp,
                  uint64_t rows) {
  const std::vector<XlsxColumn> columns = {{"项目 / Item", 28}, {"值 / Value", 60}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("说明 About", columns));
  const auto text = [&](std::string item, std::string value) {
    const XlsxCell cells[] = {XlsxCell::Text(std::move(item)), XlsxCell::Text(std::move(value))};
    return book.AddRow(cells);
  };
  const auto number = [&](std::string item, std::optional<uint64_t> value) {
    const XlsxCell cells[] = {XlsxCell::Text(std::move(item)),
                              value ? XlsxCell::Integer(static_cast<int64_t>(*value)) : XlsxCell::Empty()};
    return book.AddRow(cells);
  };
  LEDGER_RETURN_IF_ERROR(text("账本 / Ledger origin", stamp.origin));
  LEDGER_RETURN_IF_ERROR(text("机构 / Org", org.id.str()));
  LEDGER_RETURN_IF_ERROR(text("机构名称 / Org name", org.name));
  LEDGER_RETURN_IF_ERROR(text("内容 / What", std::string(ExportWhatName(query.what))));
  LEDGER_RETURN_IF_ERROR(text("基金 / Fund", query.fund ? query.fund->str() : ""));
  LEDGER_RETURN_IF_ERROR(text("起始日期 / From", Optional(query.from)));
  LEDGER_RETURN_IF_ERROR(text("截止日期 / To", Optional(query.to)));
  LEDGER_RETURN_IF_ERROR(number("行数 / Rows", rows));
  LEDGER_RETURN_IF_ERROR(text("生成时间 (UTC) / Generated (UTC)", stamp.generated));
  LEDGER_RETURN_IF_ERROR(number("日志大小 / Log size (rows: seq below it)", stamp.log_size));
  LEDGER_RETURN_IF_ERROR(number("检查点大小 / Checkpoint size", stamp.checkpoint_size));
  LEDGER_RETURN_IF_ERROR(text("检查点根 / Checkpoint root", stamp.checkpoint_root));
  return text("核验 / Verify",
              "GET /v1/events/{seq}, then /v1/proof/inclusion?seq={seq}&size={checkpoint size} against this "
              "checkpoint for a seq below its size; a row at or past it (the checkpoint may be smaller than the "
              "log size) is proved against a later checkpoint (GET /v1/checkpoint), with that one's size");
}

}  // namespace

Result<std::string> ExportWorkbook(const Log& log, const ExportQuery& query, const ExportStamp& stamp,
                                   std::size_t max_cell_bytes) {
  TempFile file;
  if (file.path().empty()) return Error::Io("cannot make a temp file for the workbook");
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> book, XlsxWriter::Create(file.path()));
  const std::vector<ExportColumn> columns = ExportColumns(query.what, stamp.origin);
  std::vector<XlsxColumn> headers;
  for (const ExportColumn& c : columns) headers.push_back({c.header, c.width_chars});
  LEDGER_RETURN_IF_ERROR(book->AddSheet("数据 Data", headers));
  uint64_t rows = 0;
  std::size_t cell_bytes = 0;
  std::vector<XlsxCell> cells(columns.size());
  LEDGER_ASSIGN_OR_RETURN(ExportOrg org, ForEachExportRow(log, query, [&](const ExportRow& row) -> Status {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      cells[i] = columns[i].cell(row);
      cell_bytes += cells[i].kind == XlsxCell::Kind::kText ? cells[i].text.size() : 16;
    }
    if (cell_bytes > max_cell_bytes) return Error::Refused("bytes", "the workbook's cells are too large");
    ++rows;
    return book->AddRow(cells);
  }));
  LEDGER_RETURN_IF_ERROR(WriteAbout(*book, query, org, stamp, rows));
  LEDGER_RETURN_IF_ERROR(book->Close());
  return ReadAll(file.path());
}

}  // namespace ledger::api
