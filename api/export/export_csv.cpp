#include "export/export_csv.hpp"

namespace ledger::api {
namespace {

void AppendCell(const XlsxCell& cell, std::string& out) {
  switch (cell.kind) {
    case XlsxCell::Kind::kEmpty: return;
    case XlsxCell::Kind::kText: out += CsvText(cell.text); return;
    case XlsxCell::Kind::kInteger: out += std::to_string(cell.number); return;
    case XlsxCell::Kind::kFen: out += YuanText(Fen(cell.number)); return;
  }
}

}  // namespace

std::string CsvText(std::string_view text) {
  std::string field;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) field = "'";
  field += text;
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void AppendCsvHeader(const std::vector<ExportColumn>& columns, std::string& out) {
  out += kUtf8Bom;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvText(columns[i].header);
  }
  out += "\r\n";
}

void AppendCsvRow(const std::vector<ExportColumn>& columns, const ExportRow& row, std::string& out) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    AppendCell(columns[i].cell(row), out);
  }
  out += "\r\n";
}

}  // namespace ledger::api
