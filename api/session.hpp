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
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "connections.hpp"
#include "server.hpp"

namespace ledger::api {

// Everything a session needs from its server; outlives the session.
struct SessionContext {
  const ServerOptions& options;
  const Handler& handler;
  Metrics& metrics;
  const AccessLogSink& access_log;
  Connections& connections;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, SessionContext& context);
  ~Session();

  // Serves requests until the client leaves, a limit is broken or the
  // server stops.
  void Run();
  // For a connection over the limit: answers 503 and closes.
  void Reject();
  // Asks the session, from any thread, to close once its request in flight
  // (if any) is answered.
  void Stop();
  // What it is doing ("idle", "reading", …), for the stop-timeout report.
  const char* PhaseName() const;

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kDraining, kClosed };
  using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

  void WaitForRequest();
  void OnFirstBytes(boost::beast::error_code ec, std::size_t bytes);
  void ReadRequest();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnRead(boost::beast::error_code ec);
  void AnswerReadError(boost::beast::error_code ec);
  void Send(Response response, bool keep_alive);
  void Record();
  void OnWritten(boost::beast::error_code ec);
  void StopOnStrand();
  void CloseGracefully();
  void Drain(std::size_t drained_bytes);
  void Close();

  boost::beast::tcp_stream stream_;
  SessionContext& context_;
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  HttpResponse response_;  // kept here while async_write reads it
  // Written on the strand; read from elsewhere only to describe the session.
  std::atomic<Phase> phase_{Phase::kIdle};
  bool rejected_ = false;
  bool registered_ = false;
  uint64_t id_ = 0;
  unsigned version_ = 11;  // the request's HTTP version, echoed

  // For the access log line and metrics of the request being answered.
  std::string method_;
  std::string target_;
  std::string route_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ledger::api
