#include "server.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <openssl/ssl.h>

#include "connections.hpp"
#include "session.hpp"

namespace ledger::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Connections over the limit that we are still answering 503; past this we
// close them without a word, as answering costs a socket and a buffer too.
constexpr std::size_t kMaxRejectingConnections = 64;
// After a failed accept (out of file descriptors, say), wait this long
// rather than spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

// A server context for TLS 1.2 and 1.3 only, with `cert` (a PEM chain)
// and `key` (its PEM private key).
Result<std::unique_ptr<net::ssl::context>> TlsContext(const std::string& cert, const std::string& key) {
  auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                       net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                       net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  // Never a prompt on the terminal: an encrypted key fails to load instead.
  context->set_password_callback([](std::size_t, net::ssl::context::password_purpose) { return std::string(); });
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert, ec);
  if (ec) return Error::Invalid("--tls-cert", cert + ": cannot load a PEM certificate chain: " + ec.message());
  context->use_private_key_file(key, net::ssl::context::pem, ec);
  if (ec) return Error::Invalid("--tls-key", key + ": cannot load a PEM private key (unencrypted; a passphrase is not supported): " +
                                              ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return Error::Invalid("--tls-key", key + ": is not the key of the certificate in " + cert);
  return context;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options_in, Handler handler_in, Metrics& metrics_in)
      : options(std::move(options_in)),
        handler(std::move(handler_in)),
        access_log(options.access_log ? options.access_log : StderrAccessLog()),
        context{options, handler, metrics_in, access_log, connections, nullptr} {
    if (options.rate_per_ip > 0) {
      ip_limiter.emplace(RateLimiter::Options{.rate = options.rate_per_ip, .burst = 2 * options.rate_per_ip});
      context.ip_limiter = &*ip_limiter;
    }
  }

  void Accept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void RunThread();

  // Declared before io_context: sessions destroyed with the io_context's
  // pending handlers still use them.
  const ServerOptions options;
  const Handler handler;
  const AccessLogSink access_log;
  Connections connections;
  std::optional<RateLimiter> ip_limiter;
  std::unique_ptr<net::ssl::context> tls;  // set by Start when serving HTTPS
  SessionContext context;

  net::io_context ioc;
  // Keeps the io threads running while nothing is pending on a socket: a
  // session waiting for the log's writer has no I/O in flight, and without
  // this the threads could return from run() (say, once Stop closes the
  // acceptor) before its answer is posted, leaving it unsent.
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer retry_timer{acceptor.get_executor()};
  uint16_t port = 0;
  std::vector<std::thread> threads;
  std::mutex stop_mu;
  bool started = false;
  bool stopped = false;
};

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec,
                                                      tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (connections.stopping || ec == net::error::operation_aborted) return;
  if (ec) {
    std::fprintf(stderr, "ledgerd: accept failed: %s\n", ec.message().c_str());
    retry_timer.expires_after(kAcceptRetryDelay);
    retry_timer.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && !connections.stopping) Accept();
    });
    return;
  }
  if (connections.count() < options.max_connections) {
    MakeSession(std::move(socket), context, tls.get())->Run();
  } else if (connections.rejecting < kMaxRejectingConnections) {
    MakeSession(std::move(socket), context, tls.get())->Reject();
  }  // else: the socket closes as it goes out of scope
  Accept();
}

void Server::Impl::RunThread() {
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      // Handlers catch their own; this is a last guard so one bad
      // connection does not take a thread, or the process, with it.
      std::fprintf(stderr, "ledgerd: io thread caught: %s\n", e.what());
    }
  }
}

Server::Server(ServerOptions options, Handler handler, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  Impl& s = *impl_;
  std::lock_guard lock(s.stop_mu);
  LEDGER_CHECK(!s.started);
  if (s.options.tls_cert_file.empty() != s.options.tls_key_file.empty())
    return Error::Invalid(s.options.tls_cert_file.empty() ? "--tls-cert" : "--tls-key",
                          "--tls-cert and --tls-key go together");
  if (!s.options.tls_cert_file.empty()) {
    LEDGER_ASSIGN_OR_RETURN(s.tls, TlsContext(s.options.tls_cert_file, s.options.tls_key_file));
  }
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(s.options.host, ec);
  if (ec) return Error::Invalid("listen", "not an IP address: " + s.options.host);
  const tcp::endpoint endpoint(address, s.options.port);
  const std::string where = s.options.host + ":" + std::to_string(s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Error::Io("cannot listen on " + where + ": " + ec.message());
  s.port = s.acceptor.local_endpoint().port();

  s.Accept();
  const unsigned threads =
      s.options.threads != 0 ? s.options.threads : std::max(2u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) s.threads.emplace_back([&s] { s.RunThread(); });
  s.started = true;
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Stop() {
  Impl& s = *impl_;
  std::lock_guard lock(s.stop_mu);
  if (!s.started || s.stopped) return;
  s.stopped = true;
  for (const std::thread& thread : s.threads)
    LEDGER_CHECK_MSG(thread.get_id() != std::this_thread::get_id(),
                     "Server::Stop called from an io thread");

  // The flag first: a session registered after the snapshot below sees it.
  s.connections.stopping = true;
  // Close on the acceptor's strand, and wait for it: once Stop returns (or
  // even waits for requests in flight) no new connection is taken.
  std::promise<void> closed;
  net::post(s.acceptor.get_executor(), [&s, &closed] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    s.retry_timer.cancel();
    closed.set_value();
  });
  closed.get_future().wait();
  for (const auto& session : s.connections.Snapshot()) session->Stop();
  const auto deadline = std::chrono::steady_clock::now() + s.options.stop_timeout;
  if (!s.connections.WaitUntilEmpty(deadline)) {
    std::string phases;
    for (const auto& session : s.connections.Snapshot())
      phases.append(phases.empty() ? "" : ", ").append(session->PhaseName());
    std::fprintf(stderr, "ledgerd: stop timeout: dropping %zu connection(s) (%s)\n",
                 s.connections.count(), phases.c_str());
  }
  s.ioc.stop();
  for (std::thread& thread : s.threads) thread.join();
}

}  // namespace ledger::api
