// ledgerd's HTTP/1.1 server: an accept loop, a bounded set of connections,
// and a small pool of threads running them. Boost stays behind this header.
//
// Limits (each overridable in ServerOptions, so tests can use small ones):
// a request's header and body sizes, the time one request may take to
// arrive, the time a kept-alive connection may sit idle, and the number of
// connections served at once. A connection over the limit is answered 503
// (Retry-After: 1) and closed. Optionally, a rate per client address: a
// request past it is answered 429 (Retry-After: 1) without reaching the
// handler. A streamed answer (Response::stream) keeps its connection: the
// number of streams is bounded too, and a stream whose client does not
// read within stream_write_timeout is closed.
//
// Handlers are called on the io threads and must be thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "access_log.hpp"
#include "http_types.hpp"
#include "ledger/status.hpp"
#include "metrics.hpp"

namespace ledger::api {

// Connections served at once; more are answered 503 and closed.
inline constexpr std::size_t kMaxConnections = 512;
// A request body over this is 413. POST /v1/events bodies are the largest:
// a batch of signed events.
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;  // 1 MiB
// Request line plus headers; over this is 431.
inline constexpr std::size_t kMaxHeaderBytes = 8 << 10;  // 8 KiB
// From a request's first byte to its last; then from a response's first
// byte written to its last. A slower client is disconnected.
inline constexpr std::chrono::milliseconds kRequestTimeout{10'000};
// How long a kept-alive (or new) connection may wait for a request's first byte.
inline constexpr std::chrono::milliseconds kIdleTimeout{30'000};
// How long Stop() waits for requests in flight before dropping them.
inline constexpr std::chrono::milliseconds kStopTimeout{5'000};
// Event streams (GET /v1/events/stream) served at once; one more is 503
// with Retry-After: 1. Well below kMaxConnections, so that streams, which
// hold their connection, cannot take every connection.
inline constexpr std::size_t kMaxStreams = 64;
// A stream's piece (a batch of events, a keep-alive) must be taken by the
// client within this, or the stream is closed; the client resumes with
// Last-Event-ID. Its buffer is one piece, whatever the client does.
inline constexpr std::chrono::milliseconds kStreamWriteTimeout{30'000};
// How often a stream that is up to date looks at the log's size again
// (the log has no wake-up for readers; an atomic read is all it costs).
inline constexpr std::chrono::milliseconds kStreamPollInterval{50};

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address, not a name
  uint16_t port = 8080;            // 0: any free port; see Server::port()
  std::size_t max_connections = kMaxConnections;
  std::size_t max_body_bytes = kMaxBodyBytes;
  std::size_t max_header_bytes = kMaxHeaderBytes;
  std::chrono::milliseconds request_timeout = kRequestTimeout;
  std::chrono::milliseconds idle_timeout = kIdleTimeout;
  std::chrono::milliseconds stop_timeout = kStopTimeout;
  std::size_t max_streams = kMaxStreams;
  std::chrono::milliseconds stream_write_timeout = kStreamWriteTimeout;
  std::chrono::milliseconds stream_poll_interval = kStreamPollInterval;
  unsigned threads = 0;          // 0: hardware_concurrency, at least 2
  // Requests a second from one client address (an IPv6 client by its /64),
  // with bursts up to twice that; past it 429 with Retry-After. 0: none.
  uint64_t rate_per_ip = 0;
  // HTTPS only, when both are set: the certificate chain and its private
  // key, PEM files. TLS 1.2 and 1.3 only.
  std::string tls_cert_file;
  std::string tls_key_file;
  AccessLogSink access_log;      // empty: StderrAccessLog()
};

// What the server calls for every complete request (normally
// Router::Dispatch). It answers through `respond`, exactly once, from any
// thread, before or after returning; the connection waits for the answer,
// so a handler that waits on the log does not hold an io thread.
using Handler = std::function<void(const Request&, Respond respond)>;

class Server {
 public:
  // `metrics` must outlive the server.
  Server(ServerOptions options, Handler handler, Metrics& metrics);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. kInvalidArgument for a host that
  // is not an address, or a TLS certificate or key that cannot be loaded
  // (field "--tls-cert" or "--tls-key"); kIoError when the address cannot
  // be bound.
  Status Start();

  // The bound port (the chosen one when options.port was 0). After Start.
  uint16_t port() const;

  // Stops accepting, closes idle connections and event streams at once,
  // lets requests in flight be answered (with `Connection: close`) for up
  // to stop_timeout, then stops the threads and returns. Idempotent. Not
  // from a handler (it would wait for itself).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api
