// Token buckets by key — a client's address, an org's id: each key earns
// `rate` tokens a second and saves up at most `burst`. Thread-safe.
//
// The table of buckets is bounded (`max_keys`): a bucket that has filled
// up again is the same as no bucket and is dropped when room is needed;
// when every bucket is still in use, a new key is refused rather than the
// table growing with the load (memory stays bounded under any flood).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ledger {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    uint64_t rate = 1;     // tokens a second, at least 1
    uint64_t burst = 2;    // the most a key may save up, at least 1
    std::size_t max_keys = 65'536;
  };

  explicit RateLimiter(Options options);

  // Takes `cost` tokens from `key`'s bucket at time `now`, or returns false
  // and takes nothing. A cost above `burst` passes on a full bucket and
  // leaves it in debt, so that a large batch is neither refused for ever
  // nor free: the average stays at `rate`.
  bool Take(std::string_view key, uint64_t cost, Clock::time_point now = Clock::now());

  std::size_t keys() const;  // buckets held now (tests, metrics)
  const Options& options() const { return options_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  void Refill(Bucket& bucket, Clock::time_point now) const;
  // Drops the buckets that are full again; false if none could go.
  bool MakeRoom(Clock::time_point now);

  const Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
  Clock::time_point last_sweep_{};                   // guarded by mu_
};

}  // namespace ledger
