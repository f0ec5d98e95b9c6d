// Stamping events into the log (internal): seq, prev and ts set in order,
// each event hashed and its tree nodes added to the caller's WriteSet, so
// that whoever owns the order (the log's raw writer, the ledger service)
// writes the events with its own state in one synced WriteBatch. No
// thread here: one owner at a time calls it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ledger/log.hpp"
#include "ledger/merkle.hpp"
#include "ledger/store.hpp"

namespace ledger {

// An entry's members as (name, canonical value) pairs, sorted by name in
// RFC 8785 order, without the stamped fields.
struct PreparedEntry {
  std::vector<std::pair<std::string, std::string>> members;
  std::size_t bytes = 0;  // sum of piece sizes
};

// Upper bound of what stamping adds: the three members and separators.
inline constexpr std::size_t kStampBytes = 128;

// Canonicalises `entries` for appending. Errors name "entries[i].field".
Result<std::vector<PreparedEntry>> PrepareEntries(const std::vector<Json>& entries);
// kInvalidArgument at `path` when the entry, once stamped, would exceed
// kMaxEventBytes.
Status CheckEntrySize(const PreparedEntry& entry, const std::string& path);

// The canonical event: `entry` merged with the stamped prev, seq and ts.
std::string StampEvent(const PreparedEntry& entry, uint64_t seq, const Hash& prev, const std::string& ts);

struct WriterState {
  Frontier frontier;     // tree over every durable event
  Hash last_leaf{};      // leaf hash of seq size-1, zeros when empty
  std::string last_ts;   // ts of seq size-1; stamps never go below it
};

class LogAppender {
 public:
  // `durable_size` is advanced (release) by Commit.
  LogAppender(WriterState state, std::atomic<uint64_t>& durable_size);

  // The seq the next stamped event takes.
  uint64_t next_seq() const { return pending_.frontier.size(); }
  // A ts for the next group: now, or the last one if the clock went back.
  std::string Timestamp(const Clock& clock) const;
  // Stamps `entries` at the next seqs with `ts`, adding the events and
  // their tree nodes to `writes`.
  std::vector<Appended> Stamp(const std::vector<PreparedEntry>& entries, const std::string& ts, WriteSet& writes);
  // What was stamped since the last Commit is durable now: publish it.
  void Commit();
  // Where stamping stands now, for CommitUpTo once what was stamped so far
  // is durable while later groups are stamped already.
  const WriterState& stamped() const { return pending_; }
  // Everything stamped up to `stamped` (a value of stamped()) is durable.
  void CommitUpTo(WriterState stamped);
  // A write of what was stamped failed: forget everything not committed.
  void Rollback();

 private:
  WriterState durable_;
  WriterState pending_;
  std::atomic<uint64_t>& durable_size_;
};

}  // namespace ledger
