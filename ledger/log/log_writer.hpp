// The log's single writer: group commit of stamped events (internal).
//
// Callers prepare their entries (canonical members, sorted) on their own
// thread, then queue them. One writer thread takes everything queued — up
// to the group bounds — stamps seq, prev and ts in order, hashes, adds the
// events and their tree nodes to one WriteSet and writes it with a synced
// WAL. While that sync runs, new requests queue up and form the next group,
// so many appenders share one sync. A failed write is not retried: the
// writer stops and every later append fails with kUnavailable; the process
// is expected to restart and recover from the log.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
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

// Canonicalises `entries` for appending. Errors name "entries[i].field".
Result<std::vector<PreparedEntry>> PrepareEntries(const std::vector<Json>& entries);

// The canonical event: `entry` merged with the stamped prev, seq and ts.
std::string StampEvent(const PreparedEntry& entry, uint64_t seq, const Hash& prev,
                       const std::string& ts);

struct WriterState {
  Frontier frontier;     // tree over every durable event
  Hash last_leaf{};      // leaf hash of seq size-1, zeros when empty
  std::string last_ts;   // ts of seq size-1; stamps never go below it
};

class LogWriter {
 public:
  // `durable_size` is advanced (release) after each group is on disk.
  LogWriter(Store& store, WriterState state, Clock clock, std::size_t max_group_events,
            std::size_t max_group_bytes, std::atomic<uint64_t>& durable_size);
  ~LogWriter();  // finishes queued groups, then joins

  // Queues the entries; `done` receives the outcome (see AdmitFn, AppendDone).
  void Append(std::vector<PreparedEntry> entries, AdmitFn admit, AppendDone done);

 private:
  struct Request {
    std::vector<PreparedEntry> entries;
    std::size_t bytes = 0;
    AdmitFn admit;
    AppendDone done;
  };
  using Outcome = Result<std::vector<Appended>>;

  void Run();
  std::vector<std::unique_ptr<Request>> TakeGroup(std::unique_lock<std::mutex>& lock);
  Status WriteGroup(const std::vector<std::unique_ptr<Request>>& group,
                    std::vector<Outcome>& outcomes);

  Store& store_;
  WriterState state_;  // writer thread only
  Clock clock_;
  const std::size_t max_group_events_;
  const std::size_t max_group_bytes_;
  std::atomic<uint64_t>& durable_size_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Request>> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  bool failed_ = false;         // guarded by mu_
  std::string failure_;         // guarded by mu_
  std::thread thread_;
};

}  // namespace ledger
