// ledgerd's HTTP server: a real server on 127.0.0.1 port 0 over a real
// ledger, driven by a raw-socket client so that tests control every byte
// and every stall: keep-alive, limits, timeouts, connection cap, stop.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "raw_http_client.hpp"
#include "responses.hpp"

namespace ledger::api {
namespace {

// Short limits for the timeout tests.
constexpr auto kShortTimeout = 300ms;

TEST_F(ServerFixture, ServesRoutesWithTheirContentTypes) {
  StartServer();
  Reply health = Get(port_, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(health.JsonBody()["tree_size"], kTreeSize);

  Reply key = Get(port_, "/v1/log/key");
  EXPECT_EQ(key.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(key.body, log_->verifier_key() + "\n");

  Reply missing = Get(port_, "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json; charset=utf-8");
}

TEST_F(ServerFixture, RawBytesOverTheWireHashToTheEventsLeafHash) {
  StartServer();
  for (uint64_t seq = 0; seq < kTreeSize; ++seq) {
    Reply raw = Get(port_, "/v1/events/" + std::to_string(seq) + "/raw");
    ASSERT_EQ(raw.status, 200);
    EXPECT_EQ(raw.Header("content-type"), "application/json");
    Reply event = Get(port_, "/v1/events/" + std::to_string(seq));
    EXPECT_EQ(HexEncode(LeafHash(raw.body)), event.JsonBody()["leaf_hash"]);
  }
}

TEST_F(ServerFixture, WrongMethodOverTheWireIs405WithAllow) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send("DELETE /v1/checkpoint HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405);
  EXPECT_EQ(reply->Header("allow"), "GET");
}

TEST_F(ServerFixture, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Connection c(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(GetRequest("/v1/events/" + std::to_string(i))));
    auto reply = c.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->JsonBody()["seq"], i);
  }
}

TEST_F(ServerFixture, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send(GetRequest("/v1/events/1") + GetRequest("/v1/events/2")));
  EXPECT_EQ(c.Read()->JsonBody()["seq"], 1);
  EXPECT_EQ(c.Read()->JsonBody()["seq"], 2);
}

TEST_F(ServerFixture, AnswerToHeadCarriesNoBody) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send("HEAD /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto bytes = c.ReadToEnd();
  ASSERT_TRUE(bytes);
  const std::size_t header_end = bytes->find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos);
  EXPECT_EQ(bytes->substr(0, 12), "HTTP/1.1 405");  // HEAD is not a route
  EXPECT_NE(bytes->find("Content-Length: "), std::string::npos);
  EXPECT_EQ(bytes->size(), header_end + 4);  // and nothing after the headers
}

TEST_F(ServerFixture, EachRequestWritesOneAccessLogLineWithoutTheQuery) {
  StartServer();
  Reply reply = Get(port_, "/v1/events?from=2&limit=1");
  ASSERT_EQ(reply.status, 200);
  std::vector<std::string> lines = AccessLines();
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].back(), '\n');
  Json line = Json::parse(lines[0]);
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["path"], "/v1/events");
  EXPECT_EQ(line["status"], 200);
  EXPECT_EQ(line["bytes"], reply.body.size());
  EXPECT_TRUE(line["ms"].is_number());
  EXPECT_TRUE(line["ts"].is_string());
}

TEST_F(ServerFixture, MetricsCountRequestsByRouteAndStatus) {
  StartServer();
  Get(port_, "/v1/events/1");
  Get(port_, "/v1/events/99");
  Get(port_, "/nope");
  Reply metrics = Get(port_, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = metrics.body;
  EXPECT_NE(text.find("\nledgerd_tree_size 6\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ledgerd_http_requests_total{route=\"/v1/events/{seq}\",code=\"200\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("ledgerd_http_requests_total{route=\"/v1/events/{seq}\",code=\"404\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("ledgerd_http_requests_total{route=\"unmatched\",code=\"404\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("ledgerd_http_request_duration_seconds_count 3\n"), std::string::npos) << text;
}

TEST_F(ServerFixture, StalledHalfRequestIsDisconnectedAtRequestTimeout) {
  StartServer({.request_timeout = kShortTimeout, .idle_timeout = 60s});
  Connection c(port_);
  const auto sent = SteadyClock::now();
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: t"));
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
  EXPECT_GE(SteadyClock::now() - sent, kShortTimeout);
}

TEST_F(ServerFixture, TricklingClientIsDisconnectedAtRequestTimeoutDespiteProgress) {
  StartServer({.request_timeout = kShortTimeout, .idle_timeout = 60s});
  Connection c(port_);
  const auto start = SteadyClock::now();
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: " + std::string(200, 'h');
  bool closed = false;
  // One byte every 20 ms: each read makes progress, but the request as a
  // whole is late. Bounded by the request length (200 × 20 ms = 4 s).
  for (char byte : request) {
    if (!c.Send(std::string(1, byte)) || c.ClosedWithin(20ms)) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(SteadyClock::now() - start, 3s);
}

TEST_F(ServerFixture, SilentConnectionIsClosedAtIdleTimeout) {
  StartServer({.request_timeout = 60s, .idle_timeout = kShortTimeout});
  Connection c(port_);
  const auto start = SteadyClock::now();
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
  EXPECT_GE(SteadyClock::now() - start, kShortTimeout);
}

TEST_F(ServerFixture, KeptAliveConnectionIsClosedAtIdleTimeout) {
  StartServer({.request_timeout = 60s, .idle_timeout = kShortTimeout});
  Connection c(port_);
  ASSERT_TRUE(c.Send(GetRequest("/healthz")));
  ASSERT_EQ(c.Read()->status, 200);
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
}

std::string PostHead(std::size_t content_length) {
  return "POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Content-Length: " + std::to_string(content_length) + "\r\n\r\n";
}

TEST_F(ServerFixture, BodyAtTheLimitIsReadAndRouted) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send(PostHead(kMaxBodyBytes) + std::string(kMaxBodyBytes, 'x')));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);  // read whole and routed: the body is not JSON
}

TEST_F(ServerFixture, BodyOverTheLimitIs413NamingBody) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send(PostHead(kMaxBodyBytes + 1)));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(reply->JsonBody()["errors"][0]["field"], "body");
  EXPECT_EQ(reply->Header("connection"), "close");
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
}

TEST_F(ServerFixture, ChunkedBodyOverTheLimitIs413) {
  StartServer({.max_body_bytes = 1000});
  Connection c(port_);
  std::string chunk(600, 'x');
  ASSERT_TRUE(c.Send("POST /v1/events HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
}

std::string RequestWithHeaderBytes(std::size_t value_bytes) {
  return "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(value_bytes, 'p') + "\r\n\r\n";
}

TEST_F(ServerFixture, HeadersWithinTheLimitAreServed) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send(RequestWithHeaderBytes(kMaxHeaderBytes - 100)));
  EXPECT_EQ(c.Read()->status, 200);
}

TEST_F(ServerFixture, HeadersOverTheLimitAre431) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send(RequestWithHeaderBytes(kMaxHeaderBytes)));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
}

TEST_F(ServerFixture, MalformedRequestIs400AndClosed) {
  StartServer();
  Connection c(port_);
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n"));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_TRUE(c.ClosedWithin(kWaitBound));
}

TEST_F(ServerFixture, ConnectionOverTheLimitGets503ThenRoomIsMadeWhenOneLeaves) {
  StartServer({.max_connections = 2});
  auto first = std::make_unique<Connection>(port_);
  Connection second(port_);
  for (Connection* c : {first.get(), &second}) {  // both served and kept alive
    ASSERT_TRUE(c->Send(GetRequest("/healthz")));
    ASSERT_EQ(c->Read()->status, 200);
  }
  Connection third(port_);
  ASSERT_TRUE(third.Send(GetRequest("/healthz")));
  auto refused = third.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "1");
  EXPECT_TRUE(third.ClosedWithin(kWaitBound));

  first.reset();  // frees a slot once the server sees the close
  const auto deadline = SteadyClock::now() + kWaitBound;
  int status = 0;
  int rejected = 1;
  while (status != 200 && SteadyClock::now() < deadline) {
    status = Get(port_, "/healthz").status;
    if (status == 503) ++rejected;  // the server had not yet seen the close
  }
  EXPECT_EQ(status, 200);
  const std::string metrics = metrics_.Render(kTreeSize);  // a GET could itself be refused
  EXPECT_NE(metrics.find("\nledgerd_http_connections_rejected_total " + std::to_string(rejected) + "\n"),
            std::string::npos) << metrics;
}

TEST_F(ServerFixture, StopLetsTheRequestInFlightFinishAndRefusesNewConnections) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  StartServer({}, [&](const Request& request, Respond respond) {
    if (request.target == "/slow") {
      entered.set_value();
      released.wait();
      return respond(TextResponse(200, "slow done\n"));
    }
    router_->Dispatch(request, std::move(respond));
  });
  Connection c(port_);
  ASSERT_TRUE(c.Send(GetRequest("/slow")));
  ASSERT_EQ(entered.get_future().wait_for(kWaitBound), std::future_status::ready);

  auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  const auto deadline = SteadyClock::now() + kWaitBound;
  bool refused = false;
  while (!refused && SteadyClock::now() < deadline) refused = !Connection(port_).connected();
  EXPECT_TRUE(refused);
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout);  // still waiting for /slow

  release.set_value();
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "slow done\n");
  EXPECT_EQ(reply->Header("connection"), "close");
  EXPECT_EQ(stopped.wait_for(kWaitBound), std::future_status::ready);
}

TEST_F(ServerFixture, StopWaitsForAnAnswerThatComesLaterFromAnotherThread) {
  // As a submission does: the handler returns at once and the answer comes
  // from the log's writer thread. Nothing is pending on any socket then, so
  // the io threads must stay up to send it once Stop has closed the acceptor.
  std::promise<Respond> held;
  StartServer({.request_timeout = kShortTimeout, .stop_timeout = 30s},
              [&](const Request& request, Respond respond) {
    if (request.target == "/later") return held.set_value(std::move(respond));
    router_->Dispatch(request, std::move(respond));
  });
  Connection c(port_);
  ASSERT_TRUE(c.Send(GetRequest("/later")));
  auto respond_future = held.get_future();
  ASSERT_EQ(respond_future.wait_for(kWaitBound), std::future_status::ready);
  Respond respond = respond_future.get();  // holds the session until it is called and dropped

  const auto stop_started = SteadyClock::now();
  auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  const auto deadline = SteadyClock::now() + kWaitBound;
  bool refused = false;  // the acceptor is closed: Stop is under way
  while (!refused && SteadyClock::now() < deadline) refused = !Connection(port_).connected();
  ASSERT_TRUE(refused);
  // The connection stays open while its answer is pending, past the time
  // its request's deadline timer had to run out (so no timer is pending).
  EXPECT_FALSE(c.ClosedWithin(3 * kShortTimeout));
  std::thread([respond = std::move(respond)] { respond(TextResponse(200, "later\n")); }).join();

  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "later\n");
  ASSERT_EQ(stopped.wait_for(kWaitBound), std::future_status::ready);
  EXPECT_LT(SteadyClock::now() - stop_started, kWaitBound);  // not the 30 s stop timeout
}

// The server frees its sessions' shared context once its set of sessions
// is empty, and a session's last reference may be dropped by another thread
// (the ledger's writer, after answering a submission) while it stops. The
// session used to leave the set first and then touch the context (metrics,
// its socket's io_context) — a use-after-free that AddressSanitizer found;
// it now leaves the set only once it is wholly destroyed. Many rounds of
// that race, each ending with the server freed at once and the gauge of
// open connections back at zero.
TEST_F(ServerFixture, ASessionLetGoByAnotherThreadWhileTheServerStopsIsGoneFirst) {
  for (int round = 0; round < 40; ++round) {
    std::promise<Respond> held;
    StartServer({.stop_timeout = 30s}, [&](const Request&, Respond respond) { held.set_value(std::move(respond)); });
    Connection c(port_);
    ASSERT_TRUE(c.Send(GetRequest("/later")));
    auto respond_future = held.get_future();
    ASSERT_EQ(respond_future.wait_for(kWaitBound), std::future_status::ready);
    std::thread writer([respond = respond_future.get()]() mutable {
      respond(TextResponse(200, "later\n"));
      respond = nullptr;  // may be the session's last reference
    });
    auto reply = c.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    server_->Stop();
    server_.reset();
    writer.join();
    EXPECT_NE(metrics_.Render(0).find("ledgerd_http_connections_open 0\n"), std::string::npos) << "round " << round;
  }
}

TEST_F(ServerFixture, StopClosesIdleConnectionsWithoutWaitingForThem) {
  StartServer({.idle_timeout = 60s, .stop_timeout = 30s});
  Connection idle(port_);
  ASSERT_TRUE(idle.Send(GetRequest("/healthz")));
  ASSERT_EQ(idle.Read()->status, 200);
  const auto start = SteadyClock::now();
  server_->Stop();
  EXPECT_LT(SteadyClock::now() - start, kWaitBound);
  EXPECT_TRUE(idle.ClosedWithin(kWaitBound));
}

TEST_F(ServerFixture, StopIsIdempotent) {
  StartServer();
  server_->Stop();
  server_->Stop();
  EXPECT_FALSE(Connection(port_).connected());
}

TEST_F(ServerFixture, HostThatIsNotAnAddressIsRefused) {
  Server server({.host = "localhost"}, [](const Request&, Respond respond) { respond(Response{}); }, metrics_);
  Status started = server.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Code::kInvalidArgument);
  EXPECT_EQ(started.error().field, "listen");
}

TEST_F(ServerFixture, PortInUseIsAnIoError) {
  StartServer();
  Server second({.port = port_}, [](const Request&, Respond respond) { respond(Response{}); }, metrics_);
  Status started = second.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Code::kIoError);
}
}  // namespace
}  // namespace ledger::api
