// CSV of an export (RFC 4180): UTF-8 with a byte order mark so that Excel
// reads Chinese correctly, CRLF line ends, one header row. A text cell is
// quoted when it holds a comma, a quote, CR or LF (quotes doubled). A text
// cell starting with = + - @, tab or CR gets a leading ' so that a
// spreadsheet shows it as text instead of running it as a formula (CSV
// injection); amounts and seqs are numbers and never start so.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "export/export_columns.hpp"

namespace ledger::api {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The BOM and the header row.
void AppendCsvHeader(const std::vector<ExportColumn>& columns, std::string& out);
void AppendCsvRow(const std::vector<ExportColumn>& columns, const ExportRow& row, std::string& out);
// One text field, guarded and quoted as above.
std::string CsvText(std::string_view text);

}  // namespace ledger::api
