// Deciding a ledger's events again, in order, against a scratch state: the
// ledger's own admission and rules (one implementation, shared), in memory
// that does not grow with the log. The audit (`ledger-audit`) re-decides
// every stored submission with Verify; `ledgerctl rebuild` applies them
// with Apply. The scratch state is a RocksDB directory of its own, written
// without a WAL; it holds exactly what a ledger's state holds, key for key,
// so the two compare byte for byte (CompareState, rebuild.hpp).
#pragma once

#include "ledger/events.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/events.hpp"
#include "ledger/ratios.hpp"
#include "ledger/status.hpp"
#include "ledger/store.hpp"
#include "ledger/submission.hpp"

namespace ledger {

struct ReplayOptions {
  // Created for the replay (its parent must exist); it must not exist yet
  // unless it holds a kept replay (Resume).
  std::string scratch_dir;
  // Keep the directory when the Replay is destroyed (a --follow audit
  // resumes it next time); else it is removed.
  bool keep = false;
  // Events decided between two writes of the scratch store: what the
  // replay holds in memory.
  std::size_t group_events = 4000;
};

// The canonical bytes of an earlier event, which the caller has verified
// (an audit re-reads its source), or nullopt past what was verified.
using ReplayEvents = std::function<Result<std::optional<std::string>>(Seq seq)>;

class Replay {
 public:
  // A replay from event 0 (`genesis`, already verified by the caller).
  static Result<std::unique_ptr<Replay>> Create(const ReplayOptions& options, const StoredEvent& genesis,
                                                ReplayEvents events);
  // A kept replay, to go on from where it stopped.
  static Result<std::unique_ptr<Replay>> Resume(const ReplayOptions& options, ReplayEvents events);
  ~Replay();

  // The seq the next event must have: events decided so far, genesis included.
  uint64_t size() const;

  // Re-decides a stored submission whose first event is at size(): every
  // check of Ledger::Submit, the signature with the key the org held then
  // (not checked again when `verify_signature` is false: events an earlier
  // audit verified). `ts` holds each event's stored ts. A resend of an
  // earlier submission is kConflict (the ledger appends nothing for one).
  // On an error the state is as before.
  Status Verify(const Submission& submission, std::span<const std::string_view> ts, bool verify_signature = true);
  // Applies a stored event as the log holds it (a rebuild): the rules still
  // apply; a refusal is kCorruption.
  Status Apply(const StoredEvent& stored);

  // The leaf hash the caller verified for event `seq`, kept for checking
  // events read again later (bounded memory: it goes to the scratch store).
  void RecordLeaf(Seq seq, const Hash& leaf);
  Result<std::optional<Hash>> LeafAt(Seq seq) const;

  // Writes what is pending to the scratch store (Verify and Apply do it
  // every group_events events).
  Status Flush();
  // The replayed state; Flush first.
  const Store& store() const;

  // The genesis regulator's org id.
  const std::string& regulator_id() const;

  // Notes the caller keeps with a kept replay (counts for its report, the
  // chain's state): written with the next Flush.
  void PutMeta(std::string_view name, std::string value);
  Result<std::optional<std::string>> GetMeta(std::string_view name) const;

 private:
  struct Impl;
  explicit Replay(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What a state holds adds up: every fund's balance is its lots and its
// inflow less its outflow, and its months add up to its flows; every live
// source's fen are held, spent or expensed; and money is conserved (all
// sources = held + disbursed + expensed). Its totals are filled either way
// (by type of live source, "sources", "disbursement.made",
// "expense.recorded", "held"). An error is the first thing that does not
// add up (kCorruption), or a read that failed.
Status CheckAccounts(const Store& state, std::map<std::string, int64_t>& totals);

// The regulatory ratio warnings of every org the state holds
// (ratios.hpp), for complete years before `current_year`.
Result<std::vector<RatioWarning>> StateWarnings(const Store& state, int current_year);
// The disclosure obligations (obligations.hpp) of every org that are late
// (met after their due day) or overdue as of `today`, as warnings of check
// "disclosure_late" or "disclosure_overdue" (year: the due day's year).
Result<std::vector<RatioWarning>> DisclosureWarnings(const Store& state, const Date& today);

}  // namespace ledger
