// GET /v1/events/stream: the log's change feed as Server-Sent Events, read
// incrementally from a real server on 127.0.0.1 (plain and TLS); and the
// EventStream source on its own, without a socket.
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "api_fixture.hpp"
#include "cli_options.hpp"
#include "event_json.hpp"
#include "event_stream.hpp"
#include "event_stream_client.hpp"
#include "http_client.hpp"
#include "ledgerd_process.hpp"
#include "stream_source.hpp"

namespace ledger::api {
namespace {

using ledger::testing::SseClient;
using ledger::testing::SseMessage;
using SteadyClock = std::chrono::steady_clock;

class EventStreamTest : public ServerFixture {
 protected:
  // Submits one more event (a welfare rate); returns its seq.
  uint64_t SubmitEvent() {
    const int n = next_rate_++;
    auto posted = ledger_->Submit(
        SignedSubmission("lottery.rate_set", "reg", "rate-" + std::to_string(n), RateBody(n), *regulator_));
    EXPECT_TRUE(posted.ok()) << posted.error().ToString();
    return log_->size() - 1;
  }

  // A metric's value from /metrics as served now (-1 when absent).
  long Metric(const std::string& name) {
    std::istringstream text(metrics_.Render(log_->size()));
    std::string line;
    while (std::getline(text, line))
      if (line.starts_with(name + " ")) return std::stol(line.substr(name.size() + 1));
    return -1;
  }

  // Waits, bounded, until Metric(name) == value.
  bool MetricBecomes(const std::string& name, long value) {
    const auto deadline = SteadyClock::now() + kWaitBound;
    while (Metric(name) != value) {
      if (SteadyClock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);  // polling a counter: there is nothing to wait on
    }
    return true;
  }

  // Opens a stream and checks its header; the client is ready to read.
  std::unique_ptr<SseClient> OpenStream(const std::string& target, const std::string& headers = "") {
    auto client = std::make_unique<SseClient>(port_);
    EXPECT_TRUE(client->connected());
    EXPECT_TRUE(client->Get(target, headers));
    auto reply = client->ReadHeader();
    EXPECT_TRUE(reply.has_value());
    if (reply) {
      EXPECT_EQ(reply->status, 200) << reply->body;
    }
    return client;
  }

  // Expects the events `from`..`to` (exclusive), in order, each with the
  // bytes GET /v1/events/{seq} answers.
  void ExpectEvents(SseClient& client, uint64_t from, uint64_t to) {
    for (uint64_t seq = from; seq < to; ++seq) {
      auto message = client.NextEvent();
      ASSERT_TRUE(message.has_value()) << "no event " << seq;
      ASSERT_EQ(message->id, seq);
      EXPECT_EQ(*message->data, Get(port_, "/v1/events/" + std::to_string(seq)).body);
    }
  }

  // A refusal: `status`, problem JSON naming `field`.
  void ExpectStreamRefused(const std::string& target, const std::string& headers, int status, const std::string& field) {
    SseClient client(port_);
    ASSERT_TRUE(client.Get(target, headers));
    auto reply = client.ReadHeader();
    ASSERT_TRUE(reply.has_value()) << target;
    EXPECT_EQ(reply->status, status) << target << " " << headers;
    EXPECT_EQ(reply->JsonBody()["errors"][0]["field"], field) << reply->body;
  }

  int next_rate_ = 100;
};

TEST_F(EventStreamTest, FromZeroReplaysTheLogAsGetEventServesIt) {
  StartServer();
  SseClient client(port_);
  ASSERT_TRUE(client.Get("/v1/events/stream?from=0"));
  auto header = client.ReadHeader();
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->status, 200);
  EXPECT_EQ(header->Header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(header->Header("cache-control"), "no-cache");
  EXPECT_EQ(header->Header("x-accel-buffering"), "no");
  EXPECT_EQ(header->Header("transfer-encoding"), "chunked");
  EXPECT_EQ(header->Header("connection"), "close");
  EXPECT_EQ(header->Header("content-length"), "");
  auto first = client.NextMessage();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->retry, "1000");
  EXPECT_FALSE(first->data.has_value());
  ExpectEvents(client, 0, kTreeSize);
  EXPECT_TRUE(MetricBecomes("ledgerd_events_streamed_total", static_cast<long>(kTreeSize)));
  EXPECT_EQ(Metric("ledgerd_event_streams_open"), 1);
}

TEST_F(EventStreamTest, EventsPostedAfterConnectingArrive) {
  StartServer();
  auto client = OpenStream("/v1/events/stream");  // no start: only new events
  ASSERT_TRUE(MetricBecomes("ledgerd_event_streams_open", 1));
  for (int round = 0; round < 3; ++round) {
    const auto submitted = SteadyClock::now();
    const uint64_t seq = SubmitEvent();
    auto message = client->NextEvent();
    ASSERT_TRUE(message.has_value()) << "event " << seq << " did not arrive";
    EXPECT_EQ(message->id, seq);  // nothing older came first
    EXPECT_EQ(*message->data, Get(port_, "/v1/events/" + std::to_string(seq)).body);
    // For the record, not asserted: the poll interval bounds it (~50 ms).
    std::printf("event %llu arrived %lld ms after its append returned\n", static_cast<unsigned long long>(seq),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           SteadyClock::now() - submitted).count()));
  }
}

TEST_F(EventStreamTest, FromTheLogsSizeSendsOnlyNewEvents) {
  StartServer();
  auto client = OpenStream("/v1/events/stream?from=" + std::to_string(kTreeSize));
  const uint64_t seq = SubmitEvent();
  ASSERT_EQ(seq, kTreeSize);
  ExpectEvents(*client, kTreeSize, kTreeSize + 1);
}

TEST_F(EventStreamTest, LastEventIdWinsOverFrom) {
  StartServer();
  auto client = OpenStream("/v1/events/stream?from=0", "Last-Event-ID: 3\r\n");
  ExpectEvents(*client, 4, kTreeSize);
}

TEST_F(EventStreamTest, BadStartsAndUnknownParametersAreRefusedNamingThem) {
  StartServer();
  ExpectStreamRefused("/v1/events/stream?from=x", "", 400, "from");
  ExpectStreamRefused("/v1/events/stream?from=01", "", 400, "from");
  ExpectStreamRefused("/v1/events/stream?from=" + std::to_string(kTreeSize + 1), "", 400, "from");
  ExpectStreamRefused("/v1/events/stream", "Last-Event-ID: abc\r\n", 400, "Last-Event-ID");
  ExpectStreamRefused("/v1/events/stream?from=0", "Last-Event-ID: -1\r\n", 400, "Last-Event-ID");
  ExpectStreamRefused("/v1/events/stream", "Last-Event-ID: " + std::to_string(kTreeSize) + "\r\n", 400, "Last-Event-ID");
  ExpectStreamRefused("/v1/events/stream?form=0", "", 400, "form");
  EXPECT_EQ(Metric("ledgerd_event_streams_open"), 0);
}

TEST_F(EventStreamTest, StreamsOverTheLimitAreRefused503) {
  ServerOptions options;
  options.max_streams = 2;
  StartServer(options);
  auto first = OpenStream("/v1/events/stream");
  auto second = OpenStream("/v1/events/stream");
  SseClient third(port_);
  ASSERT_TRUE(third.Get("/v1/events/stream"));
  auto refused = third.ReadHeader();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "1");
  // Other requests are still served, and a stream that ends frees its slot.
  EXPECT_EQ(Get(port_, "/healthz").status, 200);
  first.reset();
  ASSERT_TRUE(MetricBecomes("ledgerd_event_streams_open", 1));
  auto again = OpenStream("/v1/events/stream?from=0");
  ExpectEvents(*again, 0, 1);
}

// Hands out 64 KiB comment messages without end, counting them.
class EndlessSource final : public StreamSource {
 public:
  Result<StreamPiece> Next(SteadyClock::time_point) override {
    pieces.fetch_add(1);
    return StreamPiece{": " + std::string(kPieceBytes - 3, 'x') + "\n\n", 0};
  }
  static constexpr std::size_t kPieceBytes = 64 << 10;
  std::atomic<uint64_t> pieces{0};
};

TEST_F(EventStreamTest, AConsumerThatDoesNotReadIsClosedAfterTheWriteTimeout) {
  auto source = std::make_shared<EndlessSource>();
  ServerOptions options;
  options.stream_write_timeout = 300ms;
  StartServer(options, [source](const Request&, Respond respond) {
    Response response;
    response.content_type = kEventStreamType;
    response.stream = source;
    response.route = "endless";
    respond(std::move(response));
  });
  SseClient client(port_, /*receive_buffer_bytes=*/4096);
  ASSERT_TRUE(client.Get("/endless"));
  // The client reads nothing: the pipe fills, a write stalls past 300 ms.
  ASSERT_TRUE(MetricBecomes("ledgerd_event_streams_slow_closed_total", 1))
      << source->pieces.load() << " pieces; open " << Metric("ledgerd_event_streams_open");
  EXPECT_TRUE(MetricBecomes("ledgerd_event_streams_open", 0));
  const uint64_t pieces = source->pieces.load();
  // The server took no more than the socket's buffers hold, plus the one
  // piece being written: what it holds for a stalled client is bounded.
  EXPECT_LT(pieces * EndlessSource::kPieceBytes, 16u << 20) << pieces << " pieces";
  EXPECT_TRUE(client.ClosedWithin(kWaitBound));
  EXPECT_EQ(source->pieces.load(), pieces);  // and asked for nothing after
  std::printf("a stalled consumer was closed after %llu pieces of 64 KiB\n", static_cast<unsigned long long>(pieces));
}

TEST_F(EventStreamTest, AnIdleStreamOutlivesTheWriteTimeout) {
  ServerOptions options;
  options.stream_write_timeout = 200ms;  // bounds each write, not the stream
  StartServer(options);
  auto client = OpenStream("/v1/events/stream");
  EXPECT_FALSE(client->ClosedWithin(4 * options.stream_write_timeout));
  const uint64_t seq = SubmitEvent();
  ExpectEvents(*client, seq, seq + 1);
  EXPECT_EQ(Metric("ledgerd_event_streams_slow_closed_total"), 0);
}

TEST_F(EventStreamTest, StoppingTheServerEndsStreamsPromptly) {
  ServerOptions options;
  options.stop_timeout = 30s;  // so that only a prompt end keeps Stop short
  StartServer(options);
  auto client = OpenStream("/v1/events/stream?from=0");
  ExpectEvents(*client, 0, kTreeSize);
  const auto stopping = SteadyClock::now();
  server_->Stop();
  EXPECT_LT(SteadyClock::now() - stopping, 5s);
  EXPECT_TRUE(client->ClosedWithin(kWaitBound));
  EXPECT_TRUE(client->saw_last_chunk());  // a clean end, not a cut
  EXPECT_EQ(Metric("ledgerd_event_streams_open"), 0);
}

TEST_F(EventStreamTest, AnHttp10RequestGetsABodyEndedByTheClose) {
  StartServer();
  SseClient client(port_);
  ASSERT_TRUE(client.Get("/v1/events/stream?from=5", "", "HTTP/1.0"));
  auto header = client.ReadHeader();
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->status, 200);
  EXPECT_EQ(header->Header("transfer-encoding"), "");
  ExpectEvents(client, 5, kTreeSize);
}

TEST_F(EventStreamTest, LedgerdEndsItsStreamsOnSigtermAndHonoursMaxStreams) {
  const std::string dir = tmp_.Sub("own");
  auto made = InitLedger({.dir = dir, .origin = "test.example/stream",
                          .regulator = {"reg", "Regulator", regulator_->public_key()}});
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  ledger::testing::LedgerdProcess ledgerd(dir, {"--max-streams", "1"});
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  SseClient client(ledgerd.port());
  ASSERT_TRUE(client.Get("/v1/events/stream?from=0"));
  auto header = client.ReadHeader();
  ASSERT_TRUE(header.has_value());
  ASSERT_EQ(header->status, 200);
  auto genesis = client.NextEvent();
  ASSERT_TRUE(genesis.has_value());
  EXPECT_EQ(genesis->id, 0u);
  EXPECT_EQ(Get(ledgerd.port(), "/v1/events/stream").status, 503);  // --max-streams 1
  EXPECT_EQ(ledgerd.Stop(), 0);
  EXPECT_TRUE(client.ClosedWithin(kWaitBound));
  EXPECT_TRUE(client.saw_last_chunk());
  EXPECT_EQ(ledgerd.err().find("stop timeout"), std::string::npos) << ledgerd.err();
}

TEST(EventStreamFlags, MaxStreamsIsFromOneTo256) {
  auto parse = [](const std::string& value) {
    const std::vector<std::string> args = {"--data", "d", "--max-streams", value};
    return ParseLedgerdArgs(args);
  };
  EXPECT_EQ(ParseLedgerdArgs(std::vector<std::string>{"--data", "d"})->max_streams, 64u);
  EXPECT_EQ(parse("1")->max_streams, 1u);
  EXPECT_EQ(parse("256")->max_streams, 256u);
  EXPECT_EQ(parse("0").error().field, "--max-streams");
  EXPECT_EQ(parse("257").error().field, "--max-streams");
}

// A certificate for 127.0.0.1, made by the `openssl` command.
bool MakeCertificate(const std::string& dir) {
  const std::string command = "cd '" + dir +
                              "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
                              " -keyout key.pem -out cert.pem -days 1 -subj /CN=127.0.0.1"
                              " -addext subjectAltName=IP:127.0.0.1 >openssl.log 2>&1";
  return std::system(command.c_str()) == 0 && chmod((dir + "/key.pem").c_str(), 0600) == 0;
}

// Over HTTPS, read with the project's client, which takes a whole answer:
// the stream is read once the server's stop has ended it with its last chunk.
TEST_F(EventStreamTest, StreamsOverTlsTheSameWay) {
  const std::string dir = tmp_.Sub("tls");
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(MakeCertificate(dir)) << ledger::testing::ReadText(dir + "/openssl.log");
  ServerOptions options;
  options.tls_cert_file = dir + "/cert.pem";
  options.tls_key_file = dir + "/key.pem";
  StartServer(options);
  std::optional<Result<HttpReply>> streamed;
  std::thread reader([&] {
    HttpClient client(HttpUrl{"127.0.0.1", port_, "", /*tls=*/true},
                      {.timeout = std::chrono::milliseconds(20'000), .ca_file = dir + "/cert.pem"});
    streamed = client.Get("/v1/events/stream?from=4");
  });
  // Events 4 and 5 written to it; then one appended while it is open.
  ASSERT_TRUE(MetricBecomes("ledgerd_events_streamed_total", 2));
  const uint64_t seq = SubmitEvent();
  EXPECT_TRUE(MetricBecomes("ledgerd_events_streamed_total", 3));
  server_->Stop();
  reader.join();
  ASSERT_TRUE(streamed.has_value());
  ASSERT_TRUE(streamed->ok()) << streamed->error().ToString();  // the body ended cleanly
  const HttpReply& reply = **streamed;
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "text/event-stream; charset=utf-8");
  std::string expected = "retry: 1000\n\n";
  for (uint64_t n = 4; n <= seq; ++n) {
    auto bytes = log_->ReadEvent(n);
    ASSERT_TRUE(bytes.ok());
    expected += "id: " + std::to_string(n) + "\ndata: " + *EventBody(n, *bytes) + "\n\n";
  }
  EXPECT_EQ(reply.body, expected);
}

// ---------------------------------------------------------------------------
// The source alone.

// The messages in `bytes`, split at blank lines.
std::vector<std::string> Messages(const std::string& bytes) {
  std::vector<std::string> messages;
  for (std::size_t at = 0, end; (end = bytes.find("\n\n", at)) != std::string::npos; at = end + 2)
    messages.push_back(bytes.substr(at, end - at));
  return messages;
}

TEST_F(EventStreamTest, ABatchHoldsAtMostItsEventsAndBytes) {
  EventStream by_count(*log_, 0, {.batch_events = 4});
  const auto now = SteadyClock::now();
  auto piece = by_count.Next(now);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->events, 4u);
  EXPECT_EQ(Messages(piece->bytes).size(), 5u);  // retry, then 4 events
  piece = by_count.Next(now);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->events, kTreeSize - 4);
  EXPECT_EQ(by_count.next_seq(), kTreeSize);

  // A byte limit below one message: one event a piece, none skipped.
  EventStream by_bytes(*log_, 1, {.batch_bytes = 1});
  for (uint64_t seq = 1; seq < kTreeSize; ++seq) {
    piece = by_bytes.Next(now);
    ASSERT_TRUE(piece.ok());
    ASSERT_EQ(piece->events, 1u);
    const std::vector<std::string> messages = Messages(piece->bytes);
    EXPECT_TRUE(messages.back().starts_with("id: " + std::to_string(seq) + "\ndata: {")) << messages.back();
  }
  piece = by_bytes.Next(now);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->bytes, "");
}

TEST_F(EventStreamTest, SilenceIsBrokenByAKeepAliveComment) {
  EventStream stream(*log_, kTreeSize, {.keepalive = 15s});
  const auto start = SteadyClock::now();
  auto piece = stream.Next(start);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->bytes, "retry: 1000\n\n");
  piece = stream.Next(start + 14s);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->bytes, "");
  piece = stream.Next(start + 15s);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->bytes, ": keepalive\n\n");
  EXPECT_EQ(piece->events, 0u);
  piece = stream.Next(start + 16s);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->bytes, "");  // the clock restarts at every message
}

}  // namespace
}  // namespace ledger::api
