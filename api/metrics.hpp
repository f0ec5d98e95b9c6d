// Counters for GET /metrics, in the Prometheus text exposition format 0.0.4.
// Thread-safe: the io threads record, the metrics route renders.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace ledger::api {

// Upper bounds of the request-duration histogram buckets, in seconds.
inline constexpr std::array<double, 10> kDurationBucketsSeconds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0};

// The writer's queue and the refusals for load, as the ledger counts them.
struct WriterLoad {
  uint64_t queued = 0;
  uint64_t queue_limit = 0;
  uint64_t queue_full = 0;        // submissions answered 503, the queue full
  uint64_t org_rate_limited = 0;  // submissions answered 429, an org past its rate
};

class Metrics {
 public:
  // One answered request. `route` is a pattern or a fixed label
  // (Response::route), never a raw path, so label values stay few.
  void RecordRequest(std::string_view route, int status, std::chrono::nanoseconds duration);
  void ConnectionOpened();
  void ConnectionClosed();
  void ConnectionRejected();  // over the connection limit
  void RequestRateLimited();  // a client address past --rate-ip
  // Event streams (GET /v1/events/stream): one served, one ended, events
  // written to one, one closed because its client did not read in time.
  void StreamOpened();
  void StreamClosed();
  void EventsStreamed(uint64_t events);
  void StreamTooSlow();

  // All metrics, with the log's current size and the writer's load.
  std::string Render(uint64_t tree_size, const WriterLoad& load = {}) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status)
  std::array<uint64_t, kDurationBucketsSeconds.size()> buckets_{};  // not cumulative
  uint64_t duration_count_ = 0;
  double duration_sum_seconds_ = 0;
  uint64_t connections_open_ = 0;
  uint64_t connections_total_ = 0;
  uint64_t connections_rejected_ = 0;
  uint64_t ip_rate_limited_ = 0;
  uint64_t streams_open_ = 0;
  uint64_t events_streamed_ = 0;
  uint64_t streams_too_slow_ = 0;
};

}  // namespace ledger::api
