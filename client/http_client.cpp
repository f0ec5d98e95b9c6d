#include "http_client.hpp"

#include <exception>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

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

}  // namespace

struct HttpClient::Impl {
  HttpUrl base;
  HttpClientOptions options;
  net::io_context ioc{1};
  tcp::resolver resolver{ioc};
  tcp::socket socket{ioc};
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
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
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
  ErrorCode ec;
  tcp::endpoint chosen;
  const bool finished = RunUntil(
      [&](bool& done) {
        net::async_connect(socket, *endpoints, [&](ErrorCode e, const tcp::endpoint& endpoint) {
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
  socket.set_option(tcp::no_delay(true), ec);  // small requests: do not wait to coalesce
  connected = true;
  ++opened;
  peer = EndpointText(chosen);
  return Status::Ok();
}

Status HttpClient::Impl::Send(const http::request<http::string_body>& request,
                              SteadyClock::time_point deadline) {
  ErrorCode ec;
  const bool finished = RunUntil(
      [&](bool& done) {
        http::async_write(socket, request, [&](ErrorCode e, std::size_t) {
          ec = e;
          done = true;
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
        http::async_read_header(socket, buffer, parser, [&](ErrorCode e, std::size_t) {
          if (e) {
            ec = e;
            done = true;
            return;
          }
          http::async_read(socket, buffer, parser, [&](ErrorCode body_e, std::size_t) {
            ec = body_e;
            done = true;
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
