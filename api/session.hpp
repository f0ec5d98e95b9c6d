// One HTTP connection's life (internal to api/). A session only moves bytes:
// it reads one request under the limits and timeouts, hands it to the
// handler, writes the answer, and repeats while the client keeps the
// connection alive. It lives, through shared_from_this, exactly as long as
// one of its operations is pending.
//
//   idle ──first byte──▶ reading ──complete──▶ handling ─▶ writing ─┐
//                  (header, "100 Continue" if asked, body)
//    ▲  (idle_timeout)    (request_timeout)                          │
//    └────────────────────────── keep-alive ─────────────────────────┘
//
// A request that breaks a limit is answered (400, 413, 431) and the
// connection closed. A timeout closes the connection without an answer.
// A streamed answer (Response::stream) takes the connection over for good:
// `writing` becomes `streaming` (stream_pump.hpp) until it ends, then close.
// Over TLS the same, after a handshake (`tls` in MakeSession).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "connections.hpp"
#include "ledger/rate_limiter.hpp"
#include "server.hpp"

namespace ledger::api {

// Everything a session needs from its server; outlives the session.
struct SessionContext {
  const ServerOptions& options;
  const Handler& handler;
  Metrics& metrics;
  const AccessLogSink& access_log;
  Connections& connections;
  RateLimiter* ip_limiter;  // null: no limit by client address
};

// The key a client is rate-limited by: an IPv4 address ("192.0.2.7"), or
// an IPv6 address's /64 ("2001:db8:1:2::/64"), as one host is given a whole
// /64 and could otherwise spread its requests over it. A v4-mapped address
// counts as IPv4.
std::string ClientKey(const boost::asio::ip::address& address);

class Session {
 public:
  virtual ~Session() = default;
  // Serves requests until the client leaves, a limit is broken or the
  // server stops.
  virtual void Run() = 0;
  // For a connection over the limit: answers 503 and closes.
  virtual void Reject() = 0;
  // Asks the session, from any thread, to close once its request in flight
  // (if any) is answered.
  virtual void Stop() = 0;
  // What it is doing ("idle", "reading", …), for the stop-timeout report.
  virtual const char* PhaseName() const = 0;
};

// A session for an accepted connection: plain HTTP, or HTTPS when `tls` is
// set (the TLS handshake counts against the request timeout).
std::shared_ptr<Session> MakeSession(boost::asio::ip::tcp::socket socket, SessionContext& context,
                                     boost::asio::ssl::context* tls);

}  // namespace ledger::api
