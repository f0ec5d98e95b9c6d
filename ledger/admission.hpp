// Deciding what may enter the log (internal to the ledger service).
//
// The Admitter holds the state that decisions need — the org registry, the
// accounts, and the idem records of events not yet durable — and runs on
// the log's writer thread only, one submission at a time in seq order, so
// each decision sees every event before it. Durable state is read from the
// store; what earlier requests of the not-yet-written group changed is held
// in memory until the log's durable size passes it.
//
// State it keeps in the store (written in the same WriteSet as the events):
//   state  "org/<id>"              OrgToJson, canonical
//   state  "applied"               SeqKey(n): every event below n is in the state
//   state  "projections"           kProjectionsVersion: which read models are kept
//   idem   "<org>/<idem>"          SHA-256 of the content ‖ SeqKey(seq)
//   index  the accounting read models (ledger/projections.hpp)
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/accounts.hpp"
#include "ledger/ratios.hpp"
#include "ledger/stats.hpp"
#include "ledger/log.hpp"
#include "ledger/orgs.hpp"
#include "ledger/projections.hpp"
#include "ledger/store.hpp"
#include "ledger/submission.hpp"

namespace ledger {

inline constexpr std::string_view kOrgStatePrefix = "org/";
inline constexpr std::string_view kAppliedStateKey = "applied";
inline constexpr std::string_view kProjectionsVersionKey = "projections";
// 2: funds' flows by month (fundmonth/…) were added; 3: orgs' regulatory
// totals by year (orgyear/…). A ledger whose stored version is older gets
// what was added written when it is next opened.
inline constexpr std::string_view kProjectionsVersion = "3";

std::string IdemKey(std::string_view org, std::string_view idem);
// The value of an idem record: content hash ‖ SeqKey(seq).
std::string EncodeIdem(const Hash& content_hash, uint64_t seq);

// The registry as of seq 0: the regulator named in the genesis event.
Result<OrgRegistry> RegistryAtGenesis(const Log& log);
Result<OrgRegistry> RegistryFromGenesis(const Json& genesis);

// The projections a ledger holds from its genesis alone: the regulator's
// org record and the projections version (stored when a ledger is first
// opened).
Status SinkGenesisProjections(const OrgRegistry& at_genesis, const ProjectionSink& sink);

// What the admitter reads of the events before the ones it decides: the
// log's durable events, or in an audit the events verified so far.
class DurableEvents {
 public:
  virtual ~DurableEvents() = default;
  virtual uint64_t size() const = 0;
  // Canonical bytes of event `seq` < size().
  virtual Result<std::string> ReadEvent(uint64_t seq) const = 0;
  // The idem records (EncodeIdem values) of `keys` (IdemKey), in order.
  virtual Result<std::vector<std::optional<std::string>>> ReadIdems(
      std::span<const std::string> keys) const = 0;
};

// A log's durable events.
class LogEvents final : public DurableEvents {
 public:
  explicit LogEvents(const Log& log) : log_(log) {}
  uint64_t size() const override { return log_.size(); }
  Result<std::string> ReadEvent(uint64_t seq) const override { return log_.ReadEvent(seq); }
  Result<std::vector<std::optional<std::string>>> ReadIdems(
      std::span<const std::string> keys) const override;

 private:
  const Log& log_;
};

// What applying events changed in the read models, for writing them.
struct ProjectionChange {
  AccountsChange accounts;
  StatsChange stats;
  RatioTracker::Touched org_years;
};

// What Admit found when every event of a submission was already in the log.
struct DuplicateOf {
  std::vector<uint64_t> seqs;  // the original seq of each event, in order
};

class Admitter {
 public:
  // `durable` supplies the events before those decided; `registry` is the
  // state at durable.size().
  Admitter(const DurableEvents& durable, OrgRegistry registry);

  // Decides `submission` as if its first event took `first_seq` and its
  // events were stamped `ts` (the flows' recorded month). Its
  // signature was checked on the caller's thread with `checked_key`
  // (nullptr if not); it is checked again here only if the key valid at
  // `first_seq` differs. Yes: adds the state writes and returns the
  // admission. All duplicates: `duplicate` is filled and nothing is
  // appended. Errors are the codes of Ledger::Submit.
  Result<Admission> Admit(const Submission& submission, const PublicKey* checked_key,
                          uint64_t first_seq, std::string_view ts, WriteSet& writes,
                          DuplicateOf& duplicate);

  // Brings the state up to date with an event already in the log (replay
  // on open), stamped `ts`. No signature, role or idem checks; the registry's and the
  // accounts' rules still apply, and a refusal is corruption. With
  // `sink`, also writes the event's projections (events the admitter
  // did not decide); without, rebuilds memory only.
  Status Replay(const Submission& stored, uint64_t seq, std::string_view ts,
                const ProjectionSink* sink);
  // Replays `log`'s events from seq 1 to its end: those from `write_from`
  // on also get their projections written to `sink` (if not null);
  // `each` (if set) sees every event after it is applied.
  using EachEvent = std::function<void(uint64_t seq, const Submission& stored)>;
  Status ReplayLog(const Log& log, uint64_t write_from, const ProjectionSink* sink,
                   const EachEvent& each = {});

  // Re-decides a submission already in the log (an audit): `stored` was
  // rebuilt from its stored events (PostedSubmission) and its first event
  // sits at `first_seq` = durable.size(); `recorded_months` holds the
  // MonthOfTimestamp of each stored event's ts. Every check of Admit runs: the
  // org, its signature with the key it held at `first_seq` (skipped when
  // that key is `checked_key`: events an earlier audit verified), idem (an
  // event repeating an earlier one is kConflict), suspension, role and the
  // rules. Yes: the state moves past it and `sink` gets its idem records,
  // plus the read models when `read_models`. No: the error Admit would have
  // given, and the state is as before.
  Status Verify(const Submission& stored, uint64_t first_seq,
                std::span<const std::string> recorded_months, const PublicKey* checked_key,
                const ProjectionSink& sink, bool read_models);

  const OrgRegistry& registry() const { return registry_; }
  const Accounts& accounts() const { return accounts_; }
  const Stats& stats() const { return stats_; }
  const RatioTracker& ratios() const { return ratios_; }

 private:
  struct IdemRecord {
    Hash content_hash{};
    uint64_t seq = 0;
  };
  struct PostedEvent {
    EventKind kind;
    std::string org;
    Json body;
  };
  // Undoes, newest first, what earlier events of a refused batch changed.
  using Undo = std::vector<std::function<void()>>;

  void ForgetDurable();
  // `recorded_months`: one per event of `submission`.
  Result<Admission> Decide(const Submission& submission, const PublicKey* checked_key,
                           uint64_t first_seq, std::span<const std::string> recorded_months,
                           const ProjectionSink& sink, bool read_models, DuplicateOf& duplicate);
  Status CheckSigner(const Submission& submission, const Org& org, const PublicKey* checked_key,
                     uint64_t first_seq) const;
  // Ok(true) when every event is a duplicate (then `duplicate` is filled).
  Result<bool> CheckIdems(const Submission& submission, DuplicateOf& duplicate) const;
  Status CheckRole(const Org& org, const SubmittedEvent& event, const std::string& prefix) const;
  Status CheckReversal(const Org& org, const SubmittedEvent& event, const std::string& prefix) const;
  Result<std::optional<PostedEvent>> FindPosted(uint64_t seq) const;
  Status ApplyEvent(const Submission& submission, std::size_t i, uint64_t seq,
                    std::string_view recorded_month, Undo& undo, AccountsJournal* journal,
                    ProjectionChange* change, std::map<std::string, uint64_t>& touched);
  // The accounts and the aggregates' part of ApplyEvent.
  Status ApplyMoney(const Submission& submission, std::size_t i, uint64_t seq,
                    std::string_view recorded_month, Undo& undo, AccountsJournal* journal,
                    ProjectionChange* change);
  // The regulatory totals' part of ApplyMoney: years of the ts in UTC+8.
  void ApplyRatios(const SubmittedEvent& event, const std::string& poster, uint64_t seq,
                   std::string_view recorded_month, Undo& undo, ProjectionChange* change);
  void WriteOrgFlow(const std::string& poster, const SubmittedEvent& event, uint64_t seq,
                    const ProjectionSink& sink) const;
  void Remember(const Submission& submission, uint64_t first_seq, const ProjectionSink& sink,
                const std::map<std::string, uint64_t>& touched, const ProjectionChange& change,
                bool read_models);

  const DurableEvents& durable_;
  OrgRegistry registry_;
  Accounts accounts_;
  Stats stats_;
  // Per counted event a record, for its reversal: memory in proportion to the log.
  RatioTracker ratios_;
  // Decided but maybe not yet durable, with their seqs in order for forgetting.
  std::unordered_map<std::string, IdemRecord> pending_idems_;
  std::map<uint64_t, PostedEvent> pending_events_;
  std::deque<std::pair<uint64_t, std::string>> pending_idem_order_;
};

}  // namespace ledger
