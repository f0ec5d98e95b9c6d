// The rows of an org's export (GET /v1/orgs/{id}/export; docs/api.md gives
// the columns and docs/open-data.md the grants' mapping): its donations,
// the transfers in and out of its funds, its disbursements, and its grants
// (money it passed to another org), each row with the seq that a reader
// looks up in the log to verify it.
//
// Rows are found through the org's flow index (orgflow/<org>/, newest
// first: the money events it posted and the transfers into its funds) and
// read from the log's events; nothing is replayed. Work and memory are
// bounded: at most kMaxExportScannedEvents index entries are read and the
// rows are visited one at a time, oldest first; only the seqs of the rows
// (8 bytes each, at most kMaxExportRows) are held between the two passes.
// Thread-safe: each call reads the store on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/events.hpp"
#include "ledger/log.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr std::size_t kMaxExportRows = 100'000;
// Index entries read, newest first, to find the rows of a range: an org
// with more money events since `from` is asked to narrow the range.
inline constexpr std::size_t kMaxExportScannedEvents = 1'000'000;
// A range of at most this many days, from and to included: to − from ≥
// this is refused. An open range (no from or no to) is bounded by
// kMaxExportRows and kMaxExportScannedEvents instead.
inline constexpr int kMaxExportRangeDays = 3660;

enum class ExportWhat : uint8_t { kDonations, kFlows, kDisbursements, kGrants };

struct ExportQuery {
  OrgId org;
  ExportWhat what = ExportWhat::kDonations;
  // Inclusive, on the row's business date (the day the money moved: the
  // body's `date`, or for an undated event the day of its ts in UTC+8),
  // as the fund months and the ratios count it.
  std::optional<Date> from, to;
  std::optional<FundId> fund;  // only rows touching this fund of the org
  // The events the export sees: seqs below this. The sequencer writes an
  // event's index entries and state in the batch that writes the event but
  // raises the log's size after, so an index entry may name an event not
  // yet readable; such entries (and reversals at or past it) are skipped.
  // A caller that stamps the file with a size sets it to that size, read
  // once before the walk; unset, the log's size when the call begins.
  std::optional<uint64_t> log_size;
  // The bounds (ledgerd keeps the defaults; tests feed them at their edge).
  std::size_t max_rows = kMaxExportRows;
  std::size_t max_scanned = kMaxExportScannedEvents;
};

// One row. Which members are set depends on `what` (docs/api.md).
struct ExportRow {
  uint64_t seq = 0;
  std::string type;  // the event's type
  Date date;         // the business date
  FundId fund;       // the donation's or disbursement's fund; a transfer's source
  FundId to_fund;    // a transfer's destination
  Fen amount_fen;
  std::optional<uint64_t> reversed_by;  // the seq of its event.reversed
  std::string reference;
  // donations: the receipt, the donor as the public log shows it (a
  // pseudonym, its kind, a display name only if the donor chose one),
  // channel, designation, campaign.
  std::string receipt;
  std::string party_pseudonym, party_kind;
  std::optional<std::string> party_display_name;
  std::string channel, designation, campaign;
  // disbursements: purpose, project, tranche (party_* is the beneficiary).
  std::string purpose, project;
  std::optional<int64_t> tranche;
  // flows and grants: "in", "out" or "internal" (both funds the org's), the
  // other org, the transfer's reason; grants: the recipient's region.
  std::string direction;
  OrgId counterpart;
  std::string counterpart_name, counterpart_region, reason;
};

struct ExportOrg {
  OrgId id;
  std::string name;
  std::string region;  // "" when not placed
};

using ExportVisit = std::function<Status(const ExportRow&)>;

// Calls `visit` for every row of `query`, oldest first, after counting
// them: nothing is visited when the export is refused. Errors: kNotFound
// (field "id": no such org; field "fund": not a fund of the org),
// kUnprocessable (field "to": more than max_rows rows; field "from": more
// than max_scanned money events of the org since `from`, or in all when
// there is no `from`), or what `visit` returns. Returns the org.
Result<ExportOrg> ForEachExportRow(const Log& log, const ExportQuery& query, const ExportVisit& visit);

}  // namespace ledger
