// The audit report as a workbook (ledger-audit --xlsx FILE; docs/audit.md):
// the same facts as the JSON report, in sheets a reviewer filters and
// prints — the summary (the verdict first), the warnings, the totals, the
// events by type and the first projection differences.
#pragma once

#include <string>

#include "ledger/status.hpp"
#include "report.hpp"

namespace ledger::audit {

// Writes the workbook to `path`, replacing it atomically and durably, with
// mode kAuditFileMode (as --json): the workbook goes to a temp file beside
// `path` ("<path>.tmp-<pid>"), is closed, fsynced and renamed into place.
// On any error — a cell libxlsxwriter refuses, a full disk — `path` is as
// it was (absent, or the earlier file) and no temp file is left; kIoError
// or kInvalidArgument naming the path or the cell.
Status WriteXlsxReport(const std::string& path, const AuditReport& report);

}  // namespace ledger::audit
