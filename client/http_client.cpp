#include "http_client.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ledger::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

namespace {

std::string EndpointText(const tcp::endpoint& endpoint) {
  const std::string address = endpoint.address().to_string();
  const bool v6 = endpoint.address().is_v6();
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(endpoint.port());
}

std::string DurationText(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000) + " s";
  return std::to_string(timeout.count()) + " ms";
}

Error Unavailable(std::string message) { return Error{Code::kUnavailable, {}, std::move(message)}; }

// A client context for TLS 1.2 and 1.3 that verifies the peer against
// `ca_file`, or the system's CAs when it is empty.
Result<std::unique_ptr<net::ssl::context>> TlsContext(const std::string& ca_file) {
  auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  context->set_verify_mode(net::ssl::verify_peer);
  ErrorCode ec;
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
    if (ec) return Error::Invalid("ca", "cannot read the system's CA certificates: " + ec.message());
  } else {
    context->load_verify_file(ca_file, ec);
    if (ec) return Error::Invalid("ca", ca_file + ": cannot load PEM CA certificates: " + ec.message());
  }
  return context;
}

}  // namespace

struct HttpClient::Impl {
  HttpUrl base;
  HttpClientOptions options;
  net::io_context ioc{1};
  tcp::resolver resolver{ioc};
  tcp::socket socket{ioc};                                // plain HTTP
  std::unique_ptr<net::ssl::context> tls_context;         // https: made on first use
  std::optional<net::ssl::stream<tcp::socket>> tls;       // https: one per connection
  beast::flat_buffer buffer;
  bool connected = false;
  bool timed_out = false;  // the last RunUntil hit its deadline
  uint64_t opened = 0;
  std::string peer;  // the connected endpoint, for messages

  Impl(HttpUrl url, HttpClientOptions opts) : base(std::move(url)), options(opts) {}

  Result<HttpReply> Exchange(http::verb verb, std::string_view path, std::string_view body,
                             std::string_view content_type);
  Result<HttpReply> Attempt(const http::request<http::string_body>& request,
                            SteadyClock::time_point deadline, bool& answer_started);
  Result<std::vector<tcp::endpoint>> Resolve(SteadyClock::time_point deadline);
  Status Connect(SteadyClock::time_point deadline);
  Status Handshake(SteadyClock::time_point deadline);
  tcp::socket& Socket() { return tls ? tls->next_layer() : socket; }
  // Calls `f` with the stream requests go over: the TLS stream or the socket.
  template <class F>
  void WithStream(F f) {
    if (tls) f(*tls);
    else f(socket);
  }
  Status Send(const http::request<http::string_body>& request, SteadyClock::time_point deadline);
  Result<HttpReply> Receive(SteadyClock::time_point deadline, bool& answer_started);
  Error ReadFailure(ErrorCode ec);
  template <class Start>
  bool RunUntil(Start start, SteadyClock::time_point deadline);
  Error TimedOut() const;
  std::string AddressesText(const std::vector<tcp::endpoint>& endpoints) const;
  void Close();
};

// Starts one operation (`start` is handed a flag its handler sets) and
// runs the io_context until it completes or `deadline` passes. On the
// deadline everything in flight is cancelled and drained (its handler then
// runs with operation_aborted) and the answer is false.
template <class Start>
bool HttpClient::Impl::RunUntil(Start start, SteadyClock::time_point deadline) {
  bool done = false;
  start(done);
  ioc.restart();
  ioc.run_until(deadline);
  timed_out = !done;
  if (done) return true;
  resolver.cancel();
  Close();
  ioc.restart();
  ioc.run();
  return false;
}

Error HttpClient::Impl::TimedOut() const {
  return Unavailable("no complete answer from " + base.Authority() + " within " +
                     DurationText(options.timeout));
}

// "127.0.0.1:8080", or for a name "ledger.example.org:80 (192.0.2.7:80)".
std::string HttpClient::Impl::AddressesText(const std::vector<tcp::endpoint>& endpoints) const {
  if (endpoints.size() == 1 && EndpointText(endpoints[0]) == base.Authority())
    return base.Authority();
  std::string addresses;
  for (const tcp::endpoint& endpoint : endpoints)
    addresses += (addresses.empty() ? "" : ", ") + EndpointText(endpoint);
  return base.Authority() + " (" + addresses + ")";
}

void HttpClient::Impl::Close() {
  ErrorCode ignored;
  Socket().shutdown(tcp::socket::shutdown_both, ignored);
  Socket().close(ignored);
  // The TLS stream stays: aborted handlers still run on it after a timeout.
  // Connect replaces it, when nothing is pending.
  connected = false;
  buffer.clear();
}

// An address is used as written; a name is looked up. (A lookup cannot be
// interrupted: it may overrun the deadline by the system resolver's own
// timeout.)
Result<std::vector<tcp::endpoint>> HttpClient::Impl::Resolve(SteadyClock::time_point deadline) {
  ErrorCode ec;
  const net::ip::address address = net::ip::make_address(base.host, ec);
  if (!ec) return std::vector<tcp::endpoint>{tcp::endpoint(address, base.port)};
  std::vector<tcp::endpoint> endpoints;
  const bool finished = RunUntil(
      [&](bool& done) {
        resolver.async_resolve(base.host, std::to_string(base.port),
                               tcp::resolver::numeric_service,
                               [&](ErrorCode e, const tcp::resolver::results_type& results) {
                                 ec = e;
                                 for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                                 done = true;
                               });
      },
      deadline);
  if (!finished) return TimedOut();
  if (ec) return Unavailable("cannot look up " + base.host + ": " + ec.message());
  return endpoints;
}

Status HttpClient::Impl::Connect(SteadyClock::time_point deadline) {
  auto endpoints = Resolve(deadline);
  if (!endpoints) return endpoints.error();
  if (base.tls) {
    if (!tls_context) {
      LEDGER_ASSIGN_OR_RETURN(tls_context, TlsContext(options.ca_file));
    }
    tls.emplace(ioc, *tls_context);
  }
  ErrorCode ec;
  tcp::endpoint chosen;
  const bool finished = RunUntil(
      [&](bool& done) {
        net::async_connect(Socket(), *endpoints, [&](ErrorCode e, const tcp::endpoint& endpoint) {
          ec = e;
          chosen = endpoint;
          done = true;
        });
      },
      deadline);
  if (!finished) return TimedOut();
  if (ec) {
    Close();
    return Unavailable("cannot connect to " + AddressesText(*endpoints) + ": " + ec.message());
  }
  Socket().set_option(tcp::no_delay(true), ec);  // small requests: do not wait to coalesce
  peer = EndpointText(chosen);
  if (tls) LEDGER_RETURN_IF_ERROR(Handshake(deadline));
  connected = true;
  ++opened;
  return Status::Ok();
}

// TLS with the URL's host: SNI for a name, and the certificate checked to
// name it (a DNS name, or an IP address in subjectAltName).
Status HttpClient::Impl::Handshake(SteadyClock::time_point deadline) {
  ErrorCode ec;
  net::ip::make_address(base.host, ec);
  const bool is_address = !ec;
  SSL* ssl = tls->native_handle();
  // OpenSSL's own check, so that a mismatch is reported as one.
  const bool named = is_address ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), base.host.c_str()) == 1
                                : SSL_set_tlsext_host_name(ssl, base.host.c_str()) == 1 &&
                                      SSL_set1_host(ssl, base.host.c_str()) == 1;
  if (!named) {
    Close();
    return Unavailable("cannot check TLS certificates for the host " + base.host);
  }
  const bool finished = RunUntil(
      [&](bool& done) {
        tls->async_handshake(net::ssl::stream_base::client, [&](ErrorCode e) {
          ec = e;
          done = true;
        });
      },
      deadline);
  if (!finished) return TimedOut();
  if (!ec) return Status::Ok();
  const long verify = SSL_get_verify_result(tls->native_handle());
  std::string why = ec.message();
  if (verify != X509_V_OK) why = X509_verify_cert_error_string(verify);
  Close();
  return Unavailable("TLS with " + peer + " (" + base.host + ") failed: " + why);
}

Status HttpClient::Impl::Send(const http::request<http::string_body>& request,
                              SteadyClock::time_point deadline) {
  ErrorCode ec;
  const bool finished = RunUntil(
      [&](bool& done) {
        WithStream([&](auto& stream) {
          http::async_write(stream, request, [&](ErrorCode e, std::size_t) {
            ec = e;
            done = true;
          });
        });
      },
      deadline);
  if (!finished) return TimedOut();
  if (!ec) return Status::Ok();
  Close();
  return Unavailable("connection to " + peer + " broke while sending: " + ec.message());
}

Error HttpClient::Impl::ReadFailure(ErrorCode ec) {
  Close();
  if (ec == http::error::body_limit)
    return Error::Io("the answer from " + peer + " has a body over " +
                     std::to_string(options.max_reply_body_bytes) + " bytes");
  if (ec.category() == http::make_error_code(http::error::bad_version).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return Error::Io("malformed HTTP answer from " + peer + ": " + ec.message());
  return Unavailable("connection to " + peer + " closed before a complete answer: " +
                     ec.message());
}

// The header is read on its own first: Boost 1.74's parser, reading
// eagerly, lets a body over the limit through when the body arrives in the
// same read as the header.
Result<HttpReply> HttpClient::Impl::Receive(SteadyClock::time_point deadline,
                                            bool& answer_started) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(options.max_reply_body_bytes);
  ErrorCode ec;
  const bool finished = RunUntil(
      [&](bool& done) {
        WithStream([&](auto& stream) {
          http::async_read_header(stream, buffer, parser, [&](ErrorCode e, std::size_t) {
            if (e) {
              ec = e;
              done = true;
              return;
            }
            http::async_read(stream, buffer, parser, [&](ErrorCode body_e, std::size_t) {
              ec = body_e;
              done = true;
            });
          });
        });
      },
      deadline);
  answer_started = parser.got_some();
  if (!finished) return TimedOut();
  if (ec) return ReadFailure(ec);
  http::response<http::string_body> response = parser.release();
  if (!response.keep_alive()) Close();
  return HttpReply{static_cast<int>(response.result_int()),
                   std::string(response[http::field::content_type]),
                   std::move(response.body())};
}

Result<HttpReply> HttpClient::Impl::Attempt(const http::request<http::string_body>& request,
                                            SteadyClock::time_point deadline,
                                            bool& answer_started) {
  answer_started = false;
  if (!connected) LEDGER_RETURN_IF_ERROR(Connect(deadline));
  LEDGER_RETURN_IF_ERROR(Send(request, deadline));
  return Receive(deadline, answer_started);
}

Result<HttpReply> HttpClient::Impl::Exchange(http::verb verb, std::string_view path,
                                             std::string_view body,
                                             std::string_view content_type) {
  LEDGER_CHECK_MSG(!path.empty() && path.front() == '/', std::string(path));
  const auto deadline = SteadyClock::now() + options.timeout;
  http::request<http::string_body> request{verb, base.prefix + std::string(path), 11};
  request.set(http::field::host, base.Authority());
  request.set(http::field::user_agent, "welfare-ledger");
  if (verb == http::verb::post) {
    request.set(http::field::content_type,
                beast::string_view(content_type.data(), content_type.size()));
    request.body() = std::string(body);
  }
  request.keep_alive(true);
  request.prepare_payload();
  const bool reused = connected;
  bool answer_started = false;
  Result<HttpReply> reply = Attempt(request, deadline, answer_started);
  // A kept connection the server has meanwhile closed: once more, afresh.
  if (reply.ok() || !reused || answer_started || timed_out) return reply;
  return Attempt(request, deadline, answer_started);
}

HttpClient::HttpClient(HttpUrl base, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(base), options)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpReply> HttpClient::Get(std::string_view path) {
  try {
    return impl_->Exchange(http::verb::get, path, {}, {});
  } catch (const std::exception& e) {  // allocation failure, in practice
    impl_->Close();
    return Error::Io(std::string("GET ") + std::string(path) + ": " + e.what());
  }
}

Result<HttpReply> HttpClient::Post(std::string_view path, std::string_view body,
                                   std::string_view content_type) {
  try {
    return impl_->Exchange(http::verb::post, path, body, content_type);
  } catch (const std::exception& e) {
    impl_->Close();
    return Error::Io(std::string("POST ") + std::string(path) + ": " + e.what());
  }
}

const HttpUrl& HttpClient::base() const { return impl_->base; }
uint64_t HttpClient::connections_opened() const { return impl_->opened; }

}  // namespace ledger::api
