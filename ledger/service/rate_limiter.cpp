#include "ledger/rate_limiter.hpp"

#include <algorithm>
#include <iterator>

#include "ledger/status.hpp"

namespace ledger {
namespace {

// A full table is swept at most this often: under a flood of new keys the
// sweep (linear in the table) must not run on every request.
constexpr std::chrono::milliseconds kSweepInterval{100};

}  // namespace

RateLimiter::RateLimiter(Options options) : options_(options) {
  LEDGER_CHECK(options_.rate >= 1 && options_.burst >= 1 && options_.max_keys >= 1);
}

void RateLimiter::Refill(Bucket& bucket, Clock::time_point now) const {
  if (now <= bucket.updated) return;
  const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(static_cast<double>(options_.burst),
                           bucket.tokens + seconds * static_cast<double>(options_.rate));
  bucket.updated = now;
}

bool RateLimiter::MakeRoom(Clock::time_point now) {
  if (now - last_sweep_ < kSweepInterval) return false;
  last_sweep_ = now;
  const auto before = buckets_.size();
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    it = it->second.tokens >= static_cast<double>(options_.burst) ? buckets_.erase(it) : std::next(it);
  }
  return buckets_.size() < before;
}

bool RateLimiter::Take(std::string_view key, uint64_t cost, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_keys && !MakeRoom(now)) return false;
    it = buckets_.emplace(std::string(key), Bucket{static_cast<double>(options_.burst), now}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now);
  const double needed = static_cast<double>(std::min(cost, options_.burst));
  if (bucket.tokens < needed) return false;
  bucket.tokens -= static_cast<double>(cost);
  return true;
}

std::size_t RateLimiter::keys() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace ledger
