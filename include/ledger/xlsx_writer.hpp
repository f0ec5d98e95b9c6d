// Spreadsheets (Office Open XML workbooks) written row by row, for the
// exports of ledgerd and the report of ledger-audit: one writer, so that a
// workbook from either looks the same (docs/api.md, docs/audit.md).
//
// Memory stays bounded whatever the number of rows: the writer works in
// libxlsxwriter's constant_memory mode, which flushes each row to a temp
// file as soon as the next begins. The price is order: rows of a sheet are
// written top to bottom, once. Not thread-safe; one writer per workbook.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ledger/status.hpp"
#include "ledger/types.hpp"

namespace ledger {

// Excel's own limits: a sheet name's length, rows of a sheet.
inline constexpr std::size_t kXlsxMaxSheetNameChars = 31;
inline constexpr uint32_t kXlsxMaxRows = 1'048'576;

struct XlsxColumn {
  std::string header;  // the bold, frozen first row
  double width_chars = 12;
};

// One cell: empty, text, an integer, or money shown in yuan with the
// number format 0.00. A spreadsheet keeps numbers as IEEE doubles, so the
// stored number is the double nearest fen / 100 (0.01 has no exact binary
// form); the 0.00 format shows the exact yuan, and a sum of many cells may
// differ from the integer sum by a rounding error. The exact amounts are
// the CSV's and JSON's decimal text, written from the integer fen.
struct XlsxCell {
  enum class Kind : uint8_t { kEmpty, kText, kInteger, kFen };
  Kind kind = Kind::kEmpty;
  std::string text;
  int64_t number = 0;

  static XlsxCell Empty() { return {}; }
  static XlsxCell Text(std::string t) { return {Kind::kText, std::move(t), 0}; }
  static XlsxCell Integer(int64_t n) { return {Kind::kInteger, {}, n}; }
  static XlsxCell Money(Fen fen) { return {Kind::kFen, {}, fen.value}; }
};

class XlsxWriter {
 public:
  // Starts a workbook at `path`, written by Close (kIoError naming the path
  // if it cannot be). Temp files go to `tmp_dir` ("" for the system's).
  // libxlsxwriter cannot drop a workbook: a writer destroyed unclosed (an
  // error, an exception) writes what was added to `path`. A caller that
  // must never leave a partial file writes to a temp path and removes it on
  // every way out (audit/report_xlsx.cpp, api/export/export_xlsx.cpp).
  static Result<std::unique_ptr<XlsxWriter>> Create(const std::string& path, const std::string& tmp_dir = "");
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet and writes its header row, bold and frozen, with the
  // columns' widths. Later rows go to this sheet. kInvalidArgument (field
  // "sheet") for a name Excel refuses ([]:*?/\, empty, over 31 characters,
  // or already used).
  Status AddSheet(std::string_view name, std::span<const XlsxColumn> columns);
  // Appends a row below the last one. Cells past the sheet's columns are an
  // error (kInvalidArgument, field "row"), as is a row past kXlsxMaxRows.
  Status AddRow(std::span<const XlsxCell> cells);
  // Writes the workbook out. Nothing may be added afterwards.
  Status Close();

 private:
  struct Impl;
  explicit XlsxWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger
