// The ledger service: the log plus the rules that decide what may enter
// it. Submit checks a signed submission or batch against the ledger's state
// at the seq it would take (org, key valid at that seq, suspension, role,
// idem) and appends it atomically, or refuses it leaving no trace.
//
// Thread-safe. Stateless checks (parsing, schemas, the signature against
// the org's current key) run on the caller's thread; the decision and the
// append run on the log's writer thread in seq order, each request seeing
// every one before it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/events.hpp"
#include "ledger/log.hpp"
#include "ledger/read_models.hpp"
#include "ledger/status.hpp"

namespace ledger {

struct EventResult {
  uint64_t seq = 0;
  Hash leaf_hash{};
  std::string idem;
  bool duplicate = false;
};

struct SubmitOutcome {
  std::vector<EventResult> results;  // in submission order
  uint64_t tree_size = 0;            // the log's size after this submission
  bool appended = false;             // false when every event was a duplicate
};

struct LedgerOptions {
  // State records (orgs, funds, aggregates read by every group) the writer
  // keeps in memory, at most this many and this many bytes, least recently
  // used out first; 0 entries turns the cache off. Nothing else the ledger
  // keeps in memory grows with its history.
  std::size_t state_cache_entries = 100'000;
  std::size_t state_cache_bytes = 64u << 20;
  // Called now and then while an open brings the state up to date (a
  // migration rebuilds it from the log once): (events done, events in all).
  std::function<void(uint64_t, uint64_t)> progress;
  // Submissions waiting for the writer at most (at least 1); one more is
  // refused kUnavailable, so that memory does not grow with the load.
  std::size_t max_pending = 256;
  // Events a second each org may submit, counted after its signature
  // verifies, with bursts up to twice that; past it kRateLimited (field
  // "org"). 0: no limit.
  uint64_t org_events_per_second = 0;
};

// What the ledger holds in memory now, counted (tests and /metrics).
struct LedgerMemory {
  std::size_t cached_entries = 0;
  std::size_t cache_limit = 0;
  std::size_t cached_bytes = 0;  // keys, values and the cache's own bookkeeping
  std::size_t cache_bytes_limit = 0;
  std::size_t queued_submissions = 0;
  std::size_t queue_limit = 0;
};

// Submissions refused for load since the ledger opened (/metrics).
struct LedgerRefusals {
  uint64_t org_rate_limited = 0;  // kRateLimited: an org past its rate
  uint64_t queue_full = 0;        // kUnavailable: max_pending were waiting
};

class Ledger {
 public:
  // Opens the ledger in `options.dir`. The stored state is the state:
  // opening replays nothing, except once for a ledger whose state was kept
  // by an older version (rebuilt from its log: docs/log-format.md) and for
  // events appended without the rules. A read-only open needs a current
  // state (kUnavailable otherwise).
  static Result<std::unique_ptr<Ledger>> Open(const LogOptions& options,
                                              std::optional<PrivateKey> log_key,
                                              const LedgerOptions& ledger_options = {});
  ~Ledger();

  // Error codes: kInvalidArgument (malformed, schema, limits, unknown type),
  // kUnauthenticated (unknown org, signature does not verify with the key
  // valid at the seq), kPermissionDenied (role missing, org suspended),
  // kConflict (idem reused with other content, or a batch mixing new and
  // already-used idems), kUnprocessable (refused by the rules).
  Result<SubmitOutcome> Submit(const Json& doc);
  // Parses `body` strictly first.
  Result<SubmitOutcome> Submit(std::string_view body);

  // Submit without waiting: the checks that need no state run now, on the
  // caller's thread; `done` receives the outcome once the events are
  // durable or refused. `done` may run on the log's writer thread: it must
  // be short and hand real work elsewhere.
  using SubmitDone = std::function<void(Result<SubmitOutcome>)>;
  void SubmitAsync(std::string_view body, SubmitDone done);

  Log& log();
  const Log& log() const;

  // The org as durably stored (OrgToJson form) plus "funds":[{"id",
  // "balance_fen"}] of the funds it owns and "recent":[{"seq","type","by"}],
  // its 20 newest money events (posted by it, or transfers into its
  // funds); kNotFound if unknown.
  Result<Json> OrgJson(std::string_view id) const;
  // The org's totals by year as the regulatory ratios count them, the
  // checks that apply to it and the warnings for complete years (see
  // ReadOrgRatios, include/ledger/read_models.hpp); kNotFound if unknown.
  Result<Json> OrgRatiosJson(std::string_view id) const;

  // The accounting read models, as durably stored (docs/api.md gives the
  // shapes); kNotFound naming what is unknown.
  // A fund and a page of its lots, from the lot with order >= lots_from.
  Result<Json> FundJson(std::string_view id, uint64_t lots_from, std::size_t lots_limit) const;
  // A page of a fund's flows by month, from month `from` ("" for the
  // first; see ReadFundFlows in include/ledger/read_models.hpp).
  Result<Json> FundFlowsJson(std::string_view id, std::string_view from, std::size_t limit) const;
  // Where the donation (or trust contribution) with `receipt` went, with
  // its inclusion proof in the tree of the log's current size.
  Result<Json> ReceiptTraceJson(std::string_view receipt) const;
  // The same for any source event by its seq: a sales report, an
  // appropriation, trust income (which have no receipt number).
  Result<Json> SourceTraceJson(uint64_t seq) const;
  // The sources that paid for disbursement (or expense) `seq`.
  Result<Json> SourcesJson(uint64_t seq) const;
  // The public side of fundraising (DESIGN.md §6b), as of the ledger's
  // clock in UTC+8 (Today): a campaign with a page of its days; an org's
  // campaigns; a receipt's status and history, by its number or by its
  // fiscal code and number; an org's disclosure obligations. kNotFound
  // naming what is unknown.
  Result<Json> CampaignJson(std::string_view id, std::string_view days_from, std::size_t days_limit) const;
  Result<Json> OrgCampaignsJson(std::string_view id) const;
  // The directory of orgs, a page from id `from` ("" for the first).
  Result<Json> OrgDirectoryJson(std::string_view from, std::size_t limit) const;
  Result<Json> ReceiptJson(std::string_view receipt) const;
  Result<Json> ReceiptByFiscalJson(std::string_view code, std::string_view number) const;
  Result<Json> OrgObligationsJson(std::string_view id) const;
  // Programmes: a project's page; a page of projects by org, programme or
  // region (read_models.hpp). kNotFound naming an unknown project.
  Result<Json> ProjectJson(std::string_view id, uint64_t timeline_from) const;
  Result<Json> ProjectsJson(ProjectList list, std::string_view value, std::string_view from,
                            std::size_t limit) const;
  // The orgs of a region and their money by level (read_models.hpp).
  Result<Json> RegionJson(std::string_view code) const;
  // The ledger's clock's day in UTC+8, "YYYY-MM-DD".
  Date Today() const;

  // The portal's aggregates and a page of the honour list.
  Result<Json> StatsJson(uint64_t honour_from, std::size_t honour_limit) const;

  // Witness cosignatures (C2SP tlog-cosignature v1, ledger/cosignature.hpp;
  // docs/checkpoints.md). `note` is a signed note whose text is the body of
  // a kept checkpoint. Each line named for an org that holds `audit`, is
  // not suspended and whose key ID is that of the key it holds now is
  // verified; the log's line and every other line are ignored. Kept lines
  // are synced before this returns; per (size, witness) the newest
  // timestamp is kept. Returns {"size","witnesses":[ids accepted,
  // ascending]}. Errors: kInvalidArgument (field "note": malformed note,
  // body or cosignature line), kNotFound (field "size": no checkpoint of
  // that size is kept), kUnprocessable (field "checkpoint": the body
  // differs from the kept one, a fork; field "timestamp": more than
  // kMaxCosignatureFutureSeconds ahead of the system clock; field
  // "witnesses": the checkpoint already holds kMaxCosignaturesPerNote
  // witnesses), kPermissionDenied (no accepted line, and one was by a
  // registered org lacking `audit` or suspended), kUnauthenticated (no
  // accepted line otherwise, or a line of an audit org does not verify:
  // nothing of the note is kept then).
  // Thread-safe.
  Result<Json> AddCosignatures(std::string_view note);
  // {"size","checkpoint":<the log's note with every kept cosignature line
  // appended, witness ids ascending>,"cosignatures":[{"witness",
  // "timestamp","line"}]} for the checkpoint of `size` (default: the
  // latest); kNotFound (field "size") if no such checkpoint is kept.
  Result<Json> CosignaturesJson(std::optional<uint64_t> size) const;

  // The genesis regulator's org id.
  const std::string& regulator_id() const;

  LedgerMemory Memory() const;
  LedgerRefusals Refusals() const;

 private:
  struct Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger
