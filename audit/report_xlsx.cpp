#include "report_xlsx.hpp"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "file_io.hpp"
#include "ledger/xlsx_writer.hpp"

namespace ledger::audit {
namespace {

using Cells = std::vector<XlsxCell>;

XlsxCell Text(std::string text) { return XlsxCell::Text(std::move(text)); }
XlsxCell Count(uint64_t n) { return XlsxCell::Integer(static_cast<int64_t>(n)); }
template <class T>
XlsxCell Maybe(const std::optional<T>& n) {
  return n ? Count(*n) : XlsxCell::Empty();
}

Status Rows(XlsxWriter& book, const std::vector<Cells>& rows) {
  for (const Cells& row : rows) LEDGER_RETURN_IF_ERROR(book.AddRow(row));
  return Status::Ok();
}

std::vector<Cells> SummaryRows(const AuditReport& r) {
  const Failure none;
  const Failure& f = r.failure ? *r.failure : none;
  std::vector<Cells> rows = {
      {Text("结果 / Result"), Text(r.ok() ? "PASSED" : "FAILED")},
      {Text("来源 / Source"), Text(r.source)},
      {Text("方式 / Mode"), Text(r.mode)},
      {Text("账本 / Origin"), Text(r.origin)},
      {Text("日志公钥 / Log key"), Text(r.log_key + (r.log_key_pinned ? " (pinned)" : " (not pinned)"))},
      {Text("已核事件 / Events verified"), Count(r.events)},
      {Text("前次已核 / Trusted from an earlier run"), Count(r.trusted)},
      {Text("批次 / Batches"), Count(r.batches)},
      {Text("已核检查点 / Checkpoints verified"), Count(r.checkpoints)},
      {Text("检查点大小 / Checkpoint size"), Maybe(r.checkpoint_size)},
      {Text("检查点根 / Checkpoint root"), Text(r.checkpoint_root)},
      {Text("机构 / Orgs"), Count(r.orgs)},
      {Text("基金 / Funds"), Count(r.funds)},
      {Text("首个失败检查 / First failed check"), Text(f.check)},
      {Text("失败序号 / Failed at seq"), Maybe(f.seq)},
      {Text("失败检查点 / Failed at checkpoint"), Maybe(f.checkpoint)},
      {Text("事件类型 / Event type"), Text(f.type)},
      {Text("提交机构 / Posted by"), Text(f.org)},
      {Text("原因 / Why"), Text(f.reason)},
      {Text("比对状态键 / Projection keys compared"), Maybe(r.projection_keys)},
      {Text("差异 / Projection differences"), Count(r.projection_differences)},
      {Text("比对服务端基金 / Served funds compared"), Maybe(r.served_funds)},
      {Text("警告 / Warnings"), Count(r.warnings.size())},
      {Text("耗时(毫秒) / Milliseconds"), XlsxCell::Integer(static_cast<int64_t>(r.seconds * 1000))}};
  for (const std::string& note : r.notes) rows.push_back({Text("备注 / Note"), Text(note)});
  return rows;
}

Status WriteSheets(XlsxWriter& book, const AuditReport& r) {
  const std::vector<XlsxColumn> summary = {{"项目 / Item", 36}, {"值 / Value", 80}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("摘要 Summary", summary));
  LEDGER_RETURN_IF_ERROR(Rows(book, SummaryRows(r)));

  const std::vector<XlsxColumn> warnings = {{"检查 / Check", 28},
                                            {"机构 / Org", 20},
                                            {"年度 / Year", 8},
                                            {"分子(元) / Numerator (yuan)", 18},
                                            {"分母(元) / Denominator (yuan)", 18},
                                            {"说明 / Message", 80}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("警告 Warnings", warnings));
  for (const RatioWarning& w : r.warnings)
    LEDGER_RETURN_IF_ERROR(book.AddRow(Cells{Text(w.check), Text(w.org), XlsxCell::Integer(w.year),
                                             XlsxCell::Money(Fen(w.numerator_fen)),
                                             XlsxCell::Money(Fen(w.denominator_fen)), Text(w.message)}));

  const std::vector<XlsxColumn> totals = {{"合计 / Total", 28}, {"金额(元) / Amount (yuan)", 20}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("合计 Totals", totals));
  for (const auto& [name, fen] : r.totals_fen)
    LEDGER_RETURN_IF_ERROR(book.AddRow(Cells{Text(name), XlsxCell::Money(Fen(fen))}));

  const std::vector<XlsxColumn> types = {{"事件类型 / Event type", 28}, {"数量 / Count", 12}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("事件 Events", types));
  for (const auto& [type, n] : r.by_type) LEDGER_RETURN_IF_ERROR(book.AddRow(Cells{Text(type), Count(n)}));

  const std::vector<XlsxColumn> diffs = {{"差异 / What", 12}, {"列族 / Column", 12}, {"键 / Key", 60}};
  LEDGER_RETURN_IF_ERROR(book.AddSheet("差异 Differences", diffs));
  for (const ProjectionDiff& d : r.first_differences)
    LEDGER_RETURN_IF_ERROR(book.AddRow(Cells{Text(d.what), Text(d.column), Text(d.key)}));
  return Status::Ok();
}

// Removes the temp file on every way out, an exception included; after a
// successful install it is gone already (renamed).
class TempRemover {
 public:
  explicit TempRemover(std::string path) : path_(std::move(path)) {}
  ~TempRemover() { ::unlink(path_.c_str()); }
  TempRemover(const TempRemover&) = delete;
  TempRemover& operator=(const TempRemover&) = delete;

 private:
  std::string path_;
};

}  // namespace

Status WriteXlsxReport(const std::string& path, const AuditReport& report) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  // A crashed run may have left its temp file; it never counts.
  if (::unlink(temp.c_str()) != 0 && errno != ENOENT) return IoError("remove", temp, errno);
  const TempRemover remover(temp);  // outlives the writer, whose destructor may write `temp`
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> book, XlsxWriter::Create(temp));
  LEDGER_RETURN_IF_ERROR(WriteSheets(*book, report));
  LEDGER_RETURN_IF_ERROR(book->Close());
  return InstallFile(temp, path, kAuditFileMode);
}

}  // namespace ledger::audit
