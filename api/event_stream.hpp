// The messages of GET /v1/events/stream, in the Server-Sent Events format
// (WHATWG HTML §9.2), read from the log as it grows. No socket here: the
// session pumps it (stream_source.hpp), tests call Next() directly.
//
//   retry: 1000              first, once: the reconnect delay a client uses
//
//   id: <seq>                per event, in seq order, with no gap
//   data: <GET /v1/events/{seq}'s body, the same bytes, one line>
//
//   : keepalive              after kStreamKeepalive without a message
//
// Only durable events are sent (those below Log::size(), what
// /v1/events serves). A piece holds at most one batch, read only when asked
// for, so what a stream holds in memory does not grow with the log or with
// a consumer's lag.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "ledger/log.hpp"
#include "stream_source.hpp"

namespace ledger::api {

// A piece holds at most this many events…
inline constexpr std::size_t kStreamBatchEvents = 256;
// …and stops growing once it holds this many bytes (so it is at most this
// plus one message, about 64 KiB more).
inline constexpr std::size_t kStreamBatchBytes = 1 << 20;  // 1 MiB
// After this long without a message, a comment line, so that proxies and
// clients see the connection is alive.
inline constexpr std::chrono::milliseconds kStreamKeepalive{15'000};
// The `retry:` sent first: how long a client waits before reconnecting.
inline constexpr std::chrono::milliseconds kStreamRetry{1'000};

struct EventStreamLimits {
  std::size_t batch_events = kStreamBatchEvents;
  std::size_t batch_bytes = kStreamBatchBytes;
  std::chrono::milliseconds keepalive = kStreamKeepalive;
};

class EventStream final : public StreamSource {
 public:
  // Sends event `from` and those after it, as they become durable. `log`
  // must outlive the stream; `from` may equal the log's size (only new
  // events) but not exceed it.
  EventStream(const Log& log, uint64_t from, EventStreamLimits limits = {});

  // The `retry:` line (first call only), then up to one batch of the events
  // durable now; or a keep-alive comment after a silence; or nothing. A
  // read error of the log is returned, ending the stream.
  Result<StreamPiece> Next(std::chrono::steady_clock::time_point now) override;

  // The seq the next message will carry.
  uint64_t next_seq() const { return next_seq_; }

 private:
  // Appends the events from next_seq_ below `size` to `piece`, up to the limits.
  Status AppendBatch(uint64_t size, StreamPiece& piece);

  const Log& log_;
  uint64_t next_seq_;
  const EventStreamLimits limits_;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_sent_{};
};

}  // namespace ledger::api
