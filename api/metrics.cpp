#include "metrics.hpp"

#include <cstdio>

#include "ledger/status.hpp"

namespace ledger::api {

namespace {

// Label values are route patterns we chose; escape anyway, as the format asks.
std::string Escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

void Metrics::RecordRequest(std::string_view route, int status,
                            std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), status}];
  for (std::size_t i = 0; i < kDurationBucketsSeconds.size(); ++i) {
    if (seconds <= kDurationBucketsSeconds[i]) {
      ++buckets_[i];
      break;
    }
  }
  ++duration_count_;
  duration_sum_seconds_ += seconds;
}

void Metrics::ConnectionOpened() {
  std::lock_guard lock(mu_);
  ++connections_open_;
  ++connections_total_;
}

void Metrics::ConnectionClosed() {
  std::lock_guard lock(mu_);
  LEDGER_CHECK(connections_open_ > 0);
  --connections_open_;
}

void Metrics::ConnectionRejected() {
  std::lock_guard lock(mu_);
  ++connections_rejected_;
}

void Metrics::RequestRateLimited() {
  std::lock_guard lock(mu_);
  ++ip_rate_limited_;
}

void Metrics::StreamOpened() {
  std::lock_guard lock(mu_);
  ++streams_open_;
}

void Metrics::StreamClosed() {
  std::lock_guard lock(mu_);
  LEDGER_CHECK(streams_open_ > 0);
  --streams_open_;
}

void Metrics::EventsStreamed(uint64_t events) {
  std::lock_guard lock(mu_);
  events_streamed_ += events;
}

void Metrics::StreamTooSlow() {
  std::lock_guard lock(mu_);
  ++streams_too_slow_;
}

namespace {

void Line(std::string& out, std::string_view name, std::string_view type, std::string_view help, uint64_t value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

void RenderLoad(std::string& out, const WriterLoad& load, uint64_t ip_rate_limited) {
  Line(out, "ledgerd_writer_queue", "gauge", "Submissions waiting for the writer.", load.queued);
  Line(out, "ledgerd_writer_queue_limit", "gauge", "Submissions that may wait (--max-pending).", load.queue_limit);
  Line(out, "ledgerd_writer_queue_full_total", "counter", "Submissions answered 503 because the queue was full.",
       load.queue_full);
  out += "# HELP ledgerd_rate_limited_total Requests answered 429: a client address past --rate-ip, an org past --rate-org.\n";
  out += "# TYPE ledgerd_rate_limited_total counter\n";
  out += "ledgerd_rate_limited_total{limit=\"ip\"} " + std::to_string(ip_rate_limited) + "\n";
  out += "ledgerd_rate_limited_total{limit=\"org\"} " + std::to_string(load.org_rate_limited) + "\n";
}

}  // namespace

std::string Metrics::Render(uint64_t tree_size, const WriterLoad& load) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP ledgerd_tree_size Events in the log (the Merkle tree size).\n";
  out += "# TYPE ledgerd_tree_size gauge\n";
  out += "ledgerd_tree_size " + std::to_string(tree_size) + "\n";

  out += "# HELP ledgerd_http_requests_total Answered HTTP requests by route and status.\n";
  out += "# TYPE ledgerd_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "ledgerd_http_requests_total{route=\"" + Escape(key.first) + "\",code=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }

  out += "# HELP ledgerd_http_request_duration_seconds From a complete request to its response ready to write.\n";
  out += "# TYPE ledgerd_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kDurationBucketsSeconds.size(); ++i) {
    cumulative += buckets_[i];
    out += "ledgerd_http_request_duration_seconds_bucket{le=\"" +
           Number(kDurationBucketsSeconds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += "ledgerd_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(duration_count_) + "\n";
  out += "ledgerd_http_request_duration_seconds_sum " + Number(duration_sum_seconds_) + "\n";
  out += "ledgerd_http_request_duration_seconds_count " + std::to_string(duration_count_) + "\n";

  out += "# HELP ledgerd_http_connections_open Connections being served now.\n";
  out += "# TYPE ledgerd_http_connections_open gauge\n";
  out += "ledgerd_http_connections_open " + std::to_string(connections_open_) + "\n";
  out += "# HELP ledgerd_http_connections_total Connections accepted and served.\n";
  out += "# TYPE ledgerd_http_connections_total counter\n";
  out += "ledgerd_http_connections_total " + std::to_string(connections_total_) + "\n";
  out += "# HELP ledgerd_http_connections_rejected_total Connections refused with 503 over the limit.\n";
  out += "# TYPE ledgerd_http_connections_rejected_total counter\n";
  out += "ledgerd_http_connections_rejected_total " + std::to_string(connections_rejected_) + "\n";
  RenderLoad(out, load, ip_rate_limited_);
  Line(out, "ledgerd_event_streams_open", "gauge", "Event streams (GET /v1/events/stream) being served now.",
       streams_open_);
  Line(out, "ledgerd_events_streamed_total", "counter", "Events written to event streams.", events_streamed_);
  Line(out, "ledgerd_event_streams_slow_closed_total", "counter",
       "Event streams closed because the client did not read within the write timeout.", streams_too_slow_);
  return out;
}

}  // namespace ledger::api
