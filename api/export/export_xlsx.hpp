// The workbook of an export: sheet "数据 Data" with the rows (amounts as
// numbers formatted 0.00, the header bold and frozen), then sheet
// "说明 About" saying what was exported from which ledger and the
// checkpoint a reader verifies the rows against. Written to a temp file
// (rows flushed as they go: constant memory) and read back whole: the
// response is bounded by kMaxExportRows rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "export/export_columns.hpp"
#include "ledger/log.hpp"
#include "ledger/org_export.hpp"

namespace ledger::api {

struct ExportStamp {
  std::string origin;
  std::string generated;  // the ledger clock's timestamp, UTC
  // Events when the export began: its rows are of seqs below it (the
  // query's log_size). Read after the checkpoint, so checkpoint_size is at
  // most this; rows at or past checkpoint_size need a later checkpoint.
  uint64_t log_size = 0;
  std::optional<uint64_t> checkpoint_size;
  std::string checkpoint_root;  // base64, as the checkpoint shows it
};

// The workbook's bytes; errors of the rows' read (ForEachExportRow), of
// the temp file (kIoError), or kUnprocessable (field "bytes") once the
// rows' cells hold more than `max_cell_bytes` (text bytes, 16 a number).
Result<std::string> ExportWorkbook(const Log& log, const ExportQuery& query, const ExportStamp& stamp,
                                   std::size_t max_cell_bytes);

}  // namespace ledger::api
