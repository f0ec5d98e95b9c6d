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
//   idem   "<org>/<idem>"          SHA-256 of the content ‖ SeqKey(seq)
//   index  the accounting read models (ledger/projections.hpp)
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/accounts.hpp"
#include "ledger/stats.hpp"
#include "ledger/log.hpp"
#include "ledger/orgs.hpp"
#include "ledger/projections.hpp"
#include "ledger/store.hpp"
#include "ledger/submission.hpp"

namespace ledger {

inline constexpr std::string_view kOrgStatePrefix = "org/";
inline constexpr std::string_view kAppliedStateKey = "applied";

std::string IdemKey(std::string_view org, std::string_view idem);
// The value of an idem record: content hash ‖ SeqKey(seq).
std::string EncodeIdem(const Hash& content_hash, uint64_t seq);

// The registry as of seq 0: the regulator named in the genesis event.
Result<OrgRegistry> RegistryAtGenesis(const Log& log);

// What applying events changed in the read models, for writing them.
struct ProjectionChange {
  AccountsChange accounts;
  StatsChange stats;
};

// What Admit found when every event of a submission was already in the log.
struct DuplicateOf {
  std::vector<uint64_t> seqs;  // the original seq of each event, in order
};

class Admitter {
 public:
  // `log` supplies durable reads; `registry` is the state at log.size().
  Admitter(const Log& log, OrgRegistry registry);

  // Decides `submission` as if its first event took `first_seq`. Its
  // signature was checked on the caller's thread with `checked_key`
  // (nullptr if not); it is checked again here only if the key valid at
  // `first_seq` differs. Yes: adds the state writes and returns the
  // admission. All duplicates: `duplicate` is filled and nothing is
  // appended. Errors are the codes of Ledger::Submit.
  Result<Admission> Admit(const Submission& submission, const PublicKey* checked_key,
                          uint64_t first_seq, WriteSet& writes, DuplicateOf& duplicate);

  // Brings the state up to date with an event already in the log (replay
  // on open). No signature, role or idem checks; the registry's and the
  // accounts' rules still apply, and a refusal is corruption. With
  // `sink`, also writes the event's projections (events the admitter
  // did not decide); without, rebuilds memory only.
  Status Replay(const Submission& stored, uint64_t seq, const ProjectionSink* sink);
  // Replays the log's events from seq 1 to its end: those from `write_from`
  // on also get their projections written to `sink` (if not null);
  // `each` (if set) sees every event after it is applied.
  using EachEvent = std::function<void(uint64_t seq, const Submission& stored)>;
  Status ReplayLog(uint64_t write_from, const ProjectionSink* sink, const EachEvent& each = {});

  const OrgRegistry& registry() const { return registry_; }
  const Accounts& accounts() const { return accounts_; }
  const Stats& stats() const { return stats_; }

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
  Status CheckSigner(const Submission& submission, const Org& org, const PublicKey* checked_key,
                     uint64_t first_seq) const;
  // Ok(true) when every event is a duplicate (then `duplicate` is filled).
  Result<bool> CheckIdems(const Submission& submission, DuplicateOf& duplicate) const;
  Status CheckRole(const Org& org, const SubmittedEvent& event, const std::string& prefix) const;
  Status CheckReversal(const Org& org, const SubmittedEvent& event, const std::string& prefix) const;
  Result<std::optional<PostedEvent>> FindPosted(uint64_t seq) const;
  Status ApplyEvent(const Submission& submission, std::size_t i, uint64_t seq, Undo& undo,
                    AccountsJournal* journal, ProjectionChange* change,
                    std::map<std::string, uint64_t>& touched);
  // The accounts and the aggregates' part of ApplyEvent.
  Status ApplyMoney(const Submission& submission, std::size_t i, uint64_t seq, Undo& undo,
                    AccountsJournal* journal, ProjectionChange* change);
  void WriteOrgFlow(const std::string& poster, const SubmittedEvent& event, uint64_t seq,
                    const ProjectionSink& sink) const;
  void Remember(const Submission& submission, uint64_t first_seq, const ProjectionSink& sink,
                const std::map<std::string, uint64_t>& touched, const ProjectionChange& change);

  const Log& log_;
  OrgRegistry registry_;
  Accounts accounts_;
  Stats stats_;
  // Decided but maybe not yet durable, with their seqs in order for forgetting.
  std::unordered_map<std::string, IdemRecord> pending_idems_;
  std::map<uint64_t, PostedEvent> pending_events_;
  std::deque<std::pair<uint64_t, std::string>> pending_idem_order_;
};

}  // namespace ledger
