// The ledger's single writer (internal to the service): it owns the order
// of the log. It takes every queued submission, up to a group's bounds;
// decides each in turn against the state (the store, under an overlay of
// what the group's earlier submissions changed); stamps the accepted ones;
// and writes their events, tree nodes and state in one synced WriteBatch
// (group commit). Only then are the submitters answered. A failed write is
// not retried: its group and every later submission get kUnavailable until
// the store resumes writing (a full disk that has space again). A refused
// submission tries that, at most every kResumeInterval, on its own thread
// while the writer refuses; nothing acknowledged depends on it.
//
// Two groups at most are in the pipeline: while one is written (the
// Committer's thread: RocksDB and its fsync), the next is decided over the
// first's overlay, so the writer's thread never waits on the disk. A group
// is answered after the one before it is durable, and fails with it.
//
// Data flows one way: decode (the caller's thread) → decide → write →
// answer. Nothing here grows with the history: the cache is bounded and a
// group's overlay lives for one group.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ledger/ledger.hpp"
#include "ledger/log/appender.hpp"
#include "ledger/log/group_queue.hpp"
#include "ledger/service/admission.hpp"
#include "ledger/service/committer.hpp"
#include "ledger/service/state_cache.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {

struct SubmitRequest {
  Submission submission;
  PublicKey checked_key;                // the org's key the signature was checked with
  std::vector<PreparedEntry> entries;   // the events' entries, without a batch's member
  std::size_t events = 0;
  std::size_t bytes = 0;
  Ledger::SubmitDone done;
};

// The log entry (unstamped) of each event of `submission`; kInvalidArgument
// naming the event when one would exceed kMaxEventBytes.
Result<std::vector<PreparedEntry>> EntriesOf(const Submission& submission);

// How often refused submissions may try to resume a store that failed a write.
inline constexpr std::chrono::milliseconds kResumeInterval{1000};

class Sequencer {
 public:
  Sequencer(Log& log, std::unique_ptr<LogAppender> appender, const Admission& admission,
            StateCache::Limits cache_limits, std::size_t max_pending);
  ~Sequencer();  // answers what is queued, then joins

  void Submit(std::unique_ptr<SubmitRequest> request);

  // For the bound test and /metrics: counts, never timings.
  std::size_t cached_entries() const { return cached_entries_.load(std::memory_order_relaxed); }
  std::size_t cached_bytes() const { return cached_bytes_.load(std::memory_order_relaxed); }
  StateCache::Limits cache_limits() const { return cache_.limits(); }
  std::size_t queued() const { return queue_.queued(); }
  std::size_t max_pending() const { return queue_.max_queued(); }
  uint64_t refused_full() const { return queue_.refused_full(); }

 private:
  using Outcome = Result<SubmitOutcome>;
  using Requests = std::vector<std::unique_ptr<SubmitRequest>>;
  struct Group;  // a decided group, being written or waiting to be

  void Run();
  // Decides `requests` over `below` (the group in flight, or the store),
  // stamping the accepted ones.
  std::unique_ptr<Group> Decide(Requests requests, const KvReader& below);
  // Waits for `group`'s write; publishes it and answers its submitters, or
  // fails them and everything after. False if it failed.
  bool Finish(std::unique_ptr<Group> group);
  void Refuse(Requests& requests, const std::string& why);
  // After a failed write: asks the store to resume, unless another caller
  // is at it or did within kResumeInterval. True if writes may go on.
  bool TryResume();
  Outcome Answer(const SubmitRequest& request, Result<Decision> decided, std::vector<Appended> appended) const;

  Log& log_;
  std::unique_ptr<LogAppender> appender_;
  const Admission& admission_;
  StateCache cache_;  // writer thread only
  StoreKv base_;      // the store through the cache: what is durable
  std::atomic<std::size_t> cached_entries_{0};
  std::atomic<std::size_t> cached_bytes_{0};
  GroupQueue<SubmitRequest> queue_;
  Committer committer_;
  std::mutex resume_mu_;
  std::chrono::steady_clock::time_point last_resume_{};  // guarded by resume_mu_
  std::thread thread_;
};

}  // namespace ledger
