#include "session.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "problem.hpp"
#include "request_bytes.hpp"
#include "stream_pump.hpp"

namespace ledger::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

// The idle wait reads at most this much before handing over to the parser.
constexpr std::size_t kReadChunkBytes = 4096;
// After answering and closing our side, we read and discard what the client
// still sends for this long, so that closing does not reset the connection
// and destroy the answer before the client reads it (RFC 9112 §9.6).
constexpr std::chrono::milliseconds kLingerTimeout{1000};
// …and at most this much.
constexpr std::size_t kMaxDrainBytes = 1 << 20;

}  // namespace

std::string ClientKey(const net::ip::address& address) {
  if (address.is_v4()) return address.to_string();
  const net::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return net::ip::make_address_v4(net::ip::v4_mapped, v6).to_string();
  net::ip::address_v6::bytes_type bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return net::ip::address_v6(bytes).to_string() + "/64";
}

template <class Stream>
class BasicSession final : public Session, public std::enable_shared_from_this<BasicSession<Stream>> {
 public:
  BasicSession(Stream stream, SessionContext& context);
  ~BasicSession() override;
  // The deleter of every session's shared_ptr (MakeSession).
  static void Destroy(BasicSession* session);

  // Serves requests until the client leaves, a limit is broken or the
  // server stops.
  void Run() override;
  // For a connection over the limit: answers 503 and closes.
  void Reject() override;
  // Asks the session, from any thread, to close once its request in flight
  // (if any) is answered.
  void Stop() override;
  // What it is doing ("idle", "reading", …), for the stop-timeout report.
  const char* PhaseName() const override;

 private:
  enum class Phase { kHandshaking, kIdle, kReading, kHandling, kWriting, kStreaming, kDraining, kClosed };
  using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

  static constexpr bool kTls = !std::is_same_v<Stream, boost::beast::tcp_stream>;
  boost::beast::tcp_stream& Lowest() { return boost::beast::get_lowest_layer(stream_); }
  // Over TLS, the handshake first; then `next`.
  void Handshake(void (BasicSession::*next)());
  void AnswerOverLimit();
  void WaitForRequest();
  void OnFirstBytes(boost::beast::error_code ec, std::size_t bytes);
  void ReadRequest();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnRead(boost::beast::error_code ec);
  void AnswerReadError(boost::beast::error_code ec);
  // Past the client's rate: answers 429 and returns true.
  bool AnswerRateLimited(bool keep_alive);
  void Send(Response response, bool keep_alive);
  // A streamed answer (Response::stream): the header, then the pump.
  void SendStream(Response response, bool keep_alive);
  void Record(int status, std::size_t body_bytes);
  void OnWritten(boost::beast::error_code ec);
  void StopOnStrand();
  void CloseGracefully();
  void Drain(std::size_t drained_bytes);
  void Close();

  Stream stream_;
  SessionContext& context_;
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  HttpResponse response_;  // kept here while async_write reads it
  std::unique_ptr<StreamPump<Stream>> pump_;  // set once the answer is a stream
  // Written on the strand; read from elsewhere only to describe the session.
  std::atomic<Phase> phase_{Phase::kIdle};
  bool rejected_ = false;
  bool registered_ = false;
  uint64_t id_ = 0;
  unsigned version_ = 11;  // the request's HTTP version, echoed
  std::string client_;     // the rate limit's key: ClientKey of the peer

  // For the access log line and metrics of the request being answered.
  std::string method_;
  std::string target_;
  std::string route_;
  std::chrono::steady_clock::time_point started_;
};

template <class Stream>
BasicSession<Stream>::BasicSession(Stream stream, SessionContext& context)
    : stream_(std::move(stream)), context_(context) {
  boost::system::error_code ec;
  const tcp::endpoint peer = Lowest().socket().remote_endpoint(ec);
  if (!ec) client_ = ClientKey(peer.address());  // else the peer left already: nothing to limit
}

// The server waits for its set of sessions to empty and then frees the
// context, the io_context and the metrics, so leaving the set must be the
// very last thing a session does: Destroy leaves it only once the session
// is wholly gone, members (the socket, a stream's pump) included. The last
// reference may be dropped on any thread (a submission's callback on the
// ledger's), racing the server's stop.
template <class Stream>
void BasicSession<Stream>::Destroy(BasicSession* session) {
  Connections& connections = session->context_.connections;
  const bool registered = session->registered_;
  const uint64_t id = session->id_;
  delete session;
  if (registered) connections.Remove(id);
}

template <class Stream>
BasicSession<Stream>::~BasicSession() {
  if (registered_) context_.metrics.ConnectionClosed();
  if (rejected_) --context_.connections.rejecting;
}

template <class Stream>
void BasicSession<Stream>::Run() {
  id_ = context_.connections.Add(this->weak_from_this());
  registered_ = true;
  context_.metrics.ConnectionOpened();
  // Onto the session's strand: from here on only the strand touches it.
  net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    self->Handshake(&BasicSession::WaitForRequest);
  });
}

template <class Stream>
void BasicSession<Stream>::Handshake(void (BasicSession::*next)()) {
  if constexpr (!kTls) {
    (this->*next)();
  } else {
    // Nothing has been asked yet: a stop closes it, as an idle connection.
    if (context_.connections.stopping) return Close();
    phase_ = Phase::kHandshaking;
    Lowest().expires_after(context_.options.request_timeout);
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            [self = this->shared_from_this(), next](beast::error_code ec) {
                              // A client that does not speak TLS, or does not trust us: nothing
                              // can be answered to it.
                              if (ec) return self->Close();
                              ((*self).*next)();
                            });
  }
}

template <class Stream>
void BasicSession<Stream>::Reject() {
  rejected_ = true;
  ++context_.connections.rejecting;
  context_.metrics.ConnectionRejected();
  net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    self->Handshake(&BasicSession::AnswerOverLimit);
  });
}

template <class Stream>
void BasicSession<Stream>::AnswerOverLimit() {
  started_ = SteadyClock::now();
  Response response = HttpProblem(503, "the server is serving its limit of " +
                                           std::to_string(context_.options.max_connections) +
                                           " connections; try again shortly");
  response.headers.emplace_back("Retry-After", "1");
  Send(std::move(response), /*keep_alive=*/false);
}

template <class Stream>
void BasicSession<Stream>::Stop() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->StopOnStrand(); });
}

template <class Stream>
const char* BasicSession<Stream>::PhaseName() const {
  switch (phase_.load()) {
    case Phase::kHandshaking: return "handshaking";
    case Phase::kIdle: return "idle";
    case Phase::kReading: return "reading";
    case Phase::kHandling: return "handling";
    case Phase::kWriting: return "writing";
    case Phase::kStreaming: return "streaming";
    case Phase::kDraining: return "draining";
    case Phase::kClosed: return "closed";
  }
  return "?";
}

template <class Stream>
void BasicSession<Stream>::StopOnStrand() {
  // Waiting for a request that has not begun: nothing is in flight, so
  // close now. Any other phase finishes its request first; WaitForRequest
  // and Send see `stopping` and close afterwards.
  if (phase_ == Phase::kIdle || phase_ == Phase::kHandshaking) Lowest().cancel();
  // A stream has no end of its own: it ends now.
  if (phase_ == Phase::kStreaming) pump_->Stop();
}

template <class Stream>
void BasicSession<Stream>::WaitForRequest() {
  if (context_.connections.stopping) return Close();
  if (buffer_.size() > 0) return ReadRequest();  // the client pipelined it
  phase_ = Phase::kIdle;
  Lowest().expires_after(context_.options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                          beast::bind_front_handler(&BasicSession::OnFirstBytes, this->shared_from_this()));
}

template <class Stream>
void BasicSession<Stream>::OnFirstBytes(beast::error_code ec, std::size_t bytes) {
  buffer_.commit(bytes);
  // The client left, stayed quiet past idle_timeout, or we are stopping.
  if (ec) return Close();
  ReadRequest();
}

template <class Stream>
void BasicSession<Stream>::ReadRequest() {
  phase_ = Phase::kReading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_.options.max_header_bytes));
  parser_->body_limit(static_cast<std::uint64_t>(context_.options.max_body_bytes));
  // One deadline for the whole request, however slowly its bytes trickle.
  Lowest().expires_after(context_.options.request_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            self->OnHeader(ec);
                          });
}

template <class Stream>
void BasicSession<Stream>::OnHeader(beast::error_code ec) {
  if (ec) return AnswerReadError(ec);  // a body over the limit is refused here, unread
  const auto expect = parser_->get()[http::field::expect];
  if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
    // The client waits for this before sending its body (RFC 9110 §10.1.1).
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                            [self = this->shared_from_this()](beast::error_code write_ec, std::size_t) {
                              if (write_ec) return self->Close();
                              self->ReadBody();
                            });
  }
  ReadBody();
}

template <class Stream>
void BasicSession<Stream>::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                     self->OnRead(ec);
                   });
}

template <class Stream>
void BasicSession<Stream>::OnRead(beast::error_code ec) {
  if (ec) return AnswerReadError(ec);
  phase_ = Phase::kHandling;
  started_ = SteadyClock::now();
  http::request<http::string_body> message = parser_->release();
  const bool keep_alive = message.keep_alive();
  version_ = message.version();
  Request request = ToRequest(std::move(message));
  method_ = request.method;
  target_ = request.target;
  if (AnswerRateLimited(keep_alive)) return;
  // The answer may come from another thread (a submission waits for the
  // log's writer); it is sent from this session's strand.
  Respond respond = [self = this->shared_from_this(), keep_alive](Response response) {
    net::post(self->stream_.get_executor(),
              [self, keep_alive, response = std::move(response)]() mutable {
                self->Send(std::move(response), keep_alive);
              });
  };
  try {
    context_.handler(request, std::move(respond));
  } catch (const std::exception& e) {
    // The handler's bug must not end the server or this thread. (Router
    // catches its handlers' exceptions itself, so nothing was answered.)
    Send(HttpProblem(500, std::string("internal error: ") + e.what()), keep_alive);
  }
}

template <class Stream>
bool BasicSession<Stream>::AnswerRateLimited(bool keep_alive) {
  RateLimiter* limiter = context_.ip_limiter;
  if (limiter == nullptr || limiter->Take(client_, 1)) return false;
  context_.metrics.RequestRateLimited();
  Response response = ErrorResponse(Error{Code::kRateLimited, {},
                                          "more than " + std::to_string(limiter->options().rate) +
                                              " requests a second from " + client_ + "; try again shortly"});
  response.route = "rate_limited";
  Send(std::move(response), keep_alive);
  return true;
}

template <class Stream>
void BasicSession<Stream>::AnswerReadError(beast::error_code ec) {
  const std::string body_limit = std::to_string(context_.options.max_body_bytes);
  const std::string header_limit = std::to_string(context_.options.max_header_bytes);
  Response response;
  if (ec == http::error::body_limit) {
    response = ErrorResponse(Error{Code::kTooLarge, "body",
                                   "request body exceeds " + body_limit + " bytes"});
  } else if (ec == http::error::header_limit) {
    response = HttpProblem(431, "request line and headers exceed " + header_limit + " bytes");
  } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
             ec != http::error::end_of_stream && ec != http::error::partial_message) {
    response = HttpProblem(400, "malformed HTTP request: " + ec.message());
  } else {
    return Close();  // timeout, the client left, or we are stopping: no one to answer
  }
  started_ = SteadyClock::now();
  method_.clear();
  target_.clear();
  if (parser_->is_header_done()) {
    method_ = std::string(parser_->get().method_string());
    target_ = std::string(parser_->get().target());
  }
  Send(std::move(response), /*keep_alive=*/false);
}

template <class Stream>
void BasicSession<Stream>::Send(Response response, bool keep_alive) {
  if (response.stream) return SendStream(std::move(response), keep_alive);
  phase_ = Phase::kWriting;
  route_ = std::move(response.route);
  response_ = {};
  response_.version(version_);
  response_.result(static_cast<unsigned>(response.status));
  response_.set(http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) response_.set(name, value);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive && !context_.connections.stopping);
  response_.prepare_payload();
  if (method_ == "HEAD") response_.body().clear();  // Content-Length stays the GET's
  Record(static_cast<int>(response_.result_int()), response_.body().size());
  Lowest().expires_after(context_.options.request_timeout);
  http::async_write(stream_, response_,
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                      self->OnWritten(ec);
                    });
}

// Before the write, so that a client that has read its answer finds it in
// /metrics and in the log: the duration is the time to produce the answer.
template <class Stream>
void BasicSession<Stream>::Record(int status, std::size_t body_bytes) {
  const auto elapsed = SteadyClock::now() - started_;
  if (!rejected_) context_.metrics.RecordRequest(route_, status, elapsed);
  context_.access_log(FormatAccessLine({std::chrono::system_clock::now(), method_, target_,
                                        status, body_bytes, elapsed}));
}

// The connection is given over to the stream; a stream over the server's
// limit, or one asked for while stopping, is answered 503 instead.
template <class Stream>
void BasicSession<Stream>::SendStream(Response response, bool keep_alive) {
  const std::size_t limit = context_.options.max_streams;
  std::optional<CountedSlots::Slot> slot = context_.connections.stopping
                                               ? std::optional<CountedSlots::Slot>()
                                               : context_.connections.streams.TryTake(limit);
  if (!slot) {
    Response busy = HttpProblem(503, context_.connections.stopping
                                         ? "the server is stopping; try again shortly"
                                         : "the server is serving its limit of " + std::to_string(limit) +
                                               " event streams; try again shortly");
    busy.headers.emplace_back("Retry-After", "1");
    busy.route = std::move(response.route);
    return Send(std::move(busy), keep_alive);
  }
  phase_ = Phase::kStreaming;
  route_ = std::move(response.route);
  Record(response.status, 0);
  // The pump's operations hold this session; it holds no reference back.
  pump_ = std::make_unique<StreamPump<Stream>>(std::move(*slot), stream_, context_, this->weak_from_this(),
                                               [this] { Close(); });
  pump_->Start(std::move(response), version_);
}

template <class Stream>
void BasicSession<Stream>::OnWritten(beast::error_code ec) {
  if (ec) return Close();
  if (!response_.keep_alive()) return CloseGracefully();
  WaitForRequest();
}

template <class Stream>
void BasicSession<Stream>::CloseGracefully() {
  phase_ = Phase::kDraining;
  beast::error_code ignored;
  Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
  Lowest().expires_after(std::min(kLingerTimeout, context_.options.request_timeout));
  Drain(0);
}

template <class Stream>
void BasicSession<Stream>::Drain(std::size_t drained_bytes) {
  buffer_.consume(buffer_.size());
  if (drained_bytes > kMaxDrainBytes) return Close();
  stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                          [self = this->shared_from_this(), drained_bytes](beast::error_code ec,
                                                                     std::size_t bytes) {
                            if (ec) return self->Close();  // EOF: the client read it all
                            self->Drain(drained_bytes + bytes);
                          });
}

template <class Stream>
void BasicSession<Stream>::Close() {
  phase_ = Phase::kClosed;
  beast::error_code ignored;
  Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
  Lowest().close();
}

std::shared_ptr<Session> MakeSession(tcp::socket socket, SessionContext& context, net::ssl::context* tls) {
  using Plain = BasicSession<beast::tcp_stream>;
  using Tls = BasicSession<beast::ssl_stream<beast::tcp_stream>>;
  if (tls == nullptr)
    return std::shared_ptr<Plain>(new Plain(beast::tcp_stream(std::move(socket)), context), &Plain::Destroy);
  return std::shared_ptr<Tls>(
      new Tls(beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *tls), context),
      &Tls::Destroy);
}

}  // namespace ledger::api
