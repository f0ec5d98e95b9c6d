// The columns of an org's export, per `what` (docs/api.md lists them): a
// header "中文 / English" and how a row fills the cell. Shared by the CSV
// and the workbook, so that both carry the same columns in the same order.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/org_export.hpp"
#include "ledger/xlsx_writer.hpp"

namespace ledger::api {

struct ExportColumn {
  std::string header;
  double width_chars;
  std::function<XlsxCell(const ExportRow&)> cell;
};

// The ledger's origin names a grant ("<origin>-<seq>").
std::vector<ExportColumn> ExportColumns(ExportWhat what, const std::string& origin);

// "donations", "flows", "disbursements", "grants".
std::string_view ExportWhatName(ExportWhat what);

// 123456 fen as "1234.56", -5 as "-0.05": exact, by integer arithmetic.
std::string YuanText(Fen fen);

}  // namespace ledger::api
