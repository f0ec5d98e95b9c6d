// The only file that includes libxlsxwriter (linked PRIVATE to ledger_xlsx).
#include "ledger/xlsx_writer.hpp"

#include <xlsxwriter.h>

namespace ledger {

struct XlsxWriter::Impl {
  std::string path;
  std::string tmp_dir;  // kept alive: the options point into it
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* header = nullptr;
  lxw_format* money = nullptr;
  std::size_t columns = 0;
  uint32_t next_row = 0;

  Status Failed(const char* what, lxw_error error) const {
    return Error::Io("workbook " + path + ": " + what + ": " + lxw_strerror(error));
  }
};

XlsxWriter::XlsxWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

XlsxWriter::~XlsxWriter() {
  // Not closed: libxlsxwriter has no way to drop a workbook without
  // writing it, so write it (its temp files go) and ignore the outcome.
  if (impl_ && impl_->workbook) workbook_close(impl_->workbook);
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::string& path, const std::string& tmp_dir) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->tmp_dir = tmp_dir;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = impl->tmp_dir.empty() ? nullptr : impl->tmp_dir.data();
  options.use_zip64 = LXW_FALSE;
  impl->workbook = workbook_new_opt(path.c_str(), &options);
  if (!impl->workbook) return Error::Io("cannot start workbook " + path);
  impl->header = workbook_add_format(impl->workbook);
  format_set_bold(impl->header);
  impl->money = workbook_add_format(impl->workbook);
  format_set_num_format(impl->money, "0.00");
  return std::unique_ptr<XlsxWriter>(new XlsxWriter(std::move(impl)));
}

Status XlsxWriter::AddSheet(std::string_view name, std::span<const XlsxColumn> columns) {
  LEDGER_CHECK_MSG(impl_->workbook, "AddSheet after Close");
  const std::string sheet_name(name);
  if (name.empty() || workbook_validate_sheet_name(impl_->workbook, sheet_name.c_str()) != LXW_NO_ERROR)
    return Error::Invalid("sheet", "Excel refuses the sheet name \"" + sheet_name + "\"");
  lxw_worksheet* sheet = workbook_add_worksheet(impl_->workbook, sheet_name.c_str());
  if (!sheet) return Error::Io("workbook " + impl_->path + ": cannot add sheet " + sheet_name);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    if (lxw_error e = worksheet_set_column(sheet, col, col, columns[c].width_chars, nullptr); e != LXW_NO_ERROR)
      return impl_->Failed("column width", e);
    if (lxw_error e = worksheet_write_string(sheet, 0, col, columns[c].header.c_str(), impl_->header);
        e != LXW_NO_ERROR)
      return impl_->Failed("header", e);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  impl_->sheet = sheet;
  impl_->columns = columns.size();
  impl_->next_row = 1;
  return Status::Ok();
}

Status XlsxWriter::AddRow(std::span<const XlsxCell> cells) {
  LEDGER_CHECK_MSG(impl_->sheet, "AddRow before AddSheet");
  if (cells.size() > impl_->columns) return Error::Invalid("row", "has more cells than the sheet has columns");
  if (impl_->next_row >= kXlsxMaxRows) return Error::Invalid("row", "a sheet holds at most 1048576 rows");
  const lxw_row_t row = impl_->next_row++;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    const XlsxCell& cell = cells[c];
    lxw_error e = LXW_NO_ERROR;
    switch (cell.kind) {
      case XlsxCell::Kind::kEmpty: break;
      case XlsxCell::Kind::kText: e = worksheet_write_string(impl_->sheet, row, col, cell.text.c_str(), nullptr); break;
      case XlsxCell::Kind::kInteger:
        e = worksheet_write_number(impl_->sheet, row, col, static_cast<double>(cell.number), nullptr);
        break;
      case XlsxCell::Kind::kFen:
        e = worksheet_write_number(impl_->sheet, row, col, static_cast<double>(cell.number) / 100.0, impl_->money);
        break;
    }
    if (e != LXW_NO_ERROR) return impl_->Failed("cell", e);
  }
  return Status::Ok();
}

Status XlsxWriter::Close() {
  LEDGER_CHECK_MSG(impl_->workbook, "Close twice");
  lxw_error e = workbook_close(impl_->workbook);
  impl_->workbook = nullptr;
  impl_->sheet = nullptr;
  if (e != LXW_NO_ERROR) return impl_->Failed("close", e);
  return Status::Ok();
}

}  // namespace ledger
