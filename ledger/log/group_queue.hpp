// The queue in front of a single writer thread (internal): callers push
// requests; the writer takes everything queued, up to a group's bounds, and
// writes it with one synced WriteBatch (group commit), while new requests
// queue up for the next group. Whoever owns the order owns the thread: the
// log for raw appends, the ledger service for submissions.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ledger {

// Request must have `std::size_t events` and `std::size_t bytes`.
template <class Request>
class GroupQueue {
 public:
  struct Bounds {
    std::size_t max_group_events = 8192;
    std::size_t max_group_bytes = 16u << 20;
    // Requests waiting at most; a push beyond is refused (0: no bound,
    // for callers whose pushers are bounded already).
    std::size_t max_queued = 0;
  };
  explicit GroupQueue(Bounds bounds) : bounds_(bounds) {}

  // Queues `request` and returns true, or returns false with the reason
  // (stopping, the writer failed, or max_queued are waiting) and leaves it
  // with the caller.
  bool Push(std::unique_ptr<Request>& request, std::string& refusal) {
    {
      std::lock_guard lock(mu_);
      if (!failure_.empty() || stopping_) {
        refusal = !failure_.empty() ? "the log stopped after a failed write: " + failure_
                                    : std::string("the log is closing");
        return false;
      }
      if (bounds_.max_queued != 0 && queue_.size() >= bounds_.max_queued) {
        refusal = std::to_string(queue_.size()) + " submissions are waiting for the writer, its limit; try again shortly";
        ++refused_full_;
        return false;
      }
      queue_.push_back(std::move(request));
    }
    wake_.notify_one();
    return true;
  }

  // Waits for requests (with `wait`; else returns what is there, maybe
  // nothing); takes everything queued up to the bounds (a request is never
  // split, and the first is always taken). Empty when waiting only if
  // stopping with nothing queued.
  std::vector<std::unique_ptr<Request>> TakeGroup(bool wait = true) {
    std::unique_lock lock(mu_);
    if (wait) wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    std::vector<std::unique_ptr<Request>> group;
    std::size_t events = 0, bytes = 0;
    while (!queue_.empty()) {
      Request& r = *queue_.front();
      if (!group.empty() && (events + r.events > bounds_.max_group_events ||
                             bytes + r.bytes > bounds_.max_group_bytes))
        break;
      events += r.events;
      bytes += r.bytes;
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    return group;
  }

  // Requests are refused from now on; the writer drains what is queued.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
  }
  // A write failed: later pushes are refused with `why`.
  void Fail(const std::string& why) {
    std::lock_guard lock(mu_);
    if (failure_.empty()) failure_ = why;
  }
  // The cause of a failed write is gone (the store resumed): pushes are
  // taken again.
  void Recover() {
    std::lock_guard lock(mu_);
    failure_.clear();
  }
  std::string failure() const {
    std::lock_guard lock(mu_);
    return failure_;
  }
  std::size_t queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }
  std::size_t max_queued() const { return bounds_.max_queued; }
  // Pushes refused because max_queued were waiting, since the start.
  uint64_t refused_full() const {
    std::lock_guard lock(mu_);
    return refused_full_;
  }

 private:
  const Bounds bounds_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Request>> queue_;  // guarded by mu_
  bool stopping_ = false;                       // guarded by mu_
  std::string failure_;                         // guarded by mu_
  uint64_t refused_full_ = 0;                   // guarded by mu_
};

}  // namespace ledger
