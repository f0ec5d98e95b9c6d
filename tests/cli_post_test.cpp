// `ledgerctl post` (cli/cmd_post.cpp, docs/cli.md) against a real ledgerd
// on 127.0.0.1, run in-process through RunLedgerctl; and the HTTP client
// under it (api/http_client.hpp): base URLs, keep-alive, reconnecting.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "api_fixture.hpp"
#include "http_client.hpp"
#include "ledgerctl.hpp"

namespace ledger::api {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

Outcome Ctl(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  Outcome outcome;
  outcome.code = cli::RunLedgerctl(args, in, out, err);
  outcome.out = out.str();
  outcome.err = err.str();
  return outcome;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The submission as an org writes it before signing.
Json RateSubmission(const std::string& idem, Json body) {
  return {{"type", "lottery.rate_set"}, {"org", "reg"}, {"idem", idem}, {"body", std::move(body)}};
}

Json UnsignedBatch(std::vector<Json> events) {
  return {{"org", "reg"}, {"events", std::move(events)}};
}

// A port bound on 127.0.0.1 that nothing listens on: a connect is refused.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length), 0);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class PostTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(regulator_->WriteKeyPair(key_path_).ok());
    StartServer();
  }

  void TearDown() override {
    {
      std::lock_guard lock(held_mu_);
      for (Respond& respond : held_) respond(Response{});
      held_.clear();
    }
    ServerFixture::TearDown();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  Outcome Post(const Json& doc, const std::string& key_path, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"post", "--url", Url(), "--key", key_path};
    args.insert(args.end(), more.begin(), more.end());
    return Ctl(args, doc.dump());
  }
  Outcome Post(const Json& doc) { return Post(doc, key_path_); }

  // A handler that answers nothing until TearDown.
  Handler HoldingHandler() {
    return [this](const Request&, Respond respond) {
      std::lock_guard lock(held_mu_);
      held_.push_back(std::move(respond));
    };
  }

  const std::string key_path_ = tmp_.Sub("reg.pem");
  std::mutex held_mu_;
  std::vector<Respond> held_;
};

// The one line printed on success, parsed.
Json Answer(const Outcome& r) {
  EXPECT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  auto answer = ParseStrict(r.out.substr(0, r.out.find('\n')));
  EXPECT_TRUE(answer.ok()) << r.out;
  return answer.ok() ? *answer : Json();
}

// ---- posting ----

TEST_F(PostTest, SubmissionIsAppendedAndItsSeqAndLeafHashPrinted) {
  const Json submission = RateSubmission("rate-post", RateBody(10));
  Json answer = Answer(Post(submission));
  ASSERT_EQ(answer["results"].size(), 1u);
  EXPECT_EQ(answer["results"][0]["seq"], kTreeSize);
  EXPECT_EQ(answer["results"][0]["idem"], "rate-post");
  EXPECT_EQ(answer["results"][0]["duplicate"], false);
  EXPECT_EQ(answer["tree_size"], kTreeSize + 1);
  ASSERT_EQ(log_->size(), kTreeSize + 1);
  EXPECT_EQ(answer["results"][0]["leaf_hash"], HexEncode(*log_->LeafHashAt(kTreeSize)));

  auto stored = ParseStrict(*log_->ReadEvent(kTreeSize));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)["type"], "lottery.rate_set");
  EXPECT_EQ((*stored)["org"], "reg");
  EXPECT_EQ((*stored)["body"], RateBody(10));
  // Ed25519 is deterministic: the stored sig is the regulator's over this submission.
  EXPECT_EQ((*stored)["sig"], Signed(submission, *regulator_)["sig"]);
}

TEST_F(PostTest, AnOldSigOnStdinIsReplaced) {
  Json submission = RateSubmission("rate-resigned", RateBody(11));
  submission["sig"] = std::string(86, 'A') + "==";
  Json answer = Answer(Post(submission));
  EXPECT_EQ(answer["results"][0]["seq"], kTreeSize);
  EXPECT_EQ(log_->size(), kTreeSize + 1);
}

TEST_F(PostTest, BatchIsAppendedAsConsecutiveSeqs) {
  const Json batch = UnsignedBatch({BatchEvent("lottery.rate_set", "b-1", RateBody(21)),
                                    BatchEvent("lottery.rate_set", "b-2", RateBody(22)),
                                    BatchEvent("lottery.rate_set", "b-3", RateBody(23))});
  Json answer = Answer(Post(batch));
  ASSERT_EQ(answer["results"].size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(answer["results"][i]["seq"], kTreeSize + i);
    EXPECT_EQ(answer["results"][i]["idem"], "b-" + std::to_string(i + 1));
    EXPECT_EQ(answer["results"][i]["leaf_hash"], HexEncode(*log_->LeafHashAt(kTreeSize + i)));
  }
  EXPECT_EQ(answer["tree_size"], kTreeSize + 3);
  EXPECT_EQ(log_->size(), kTreeSize + 3);
}

TEST_F(PostTest, ResendIsAnsweredAsADuplicateOfTheOriginal) {
  const Json submission = RateSubmission("rate-twice", RateBody(12));
  Json first = Answer(Post(submission));
  Json second = Answer(Post(submission));
  EXPECT_EQ(second["results"][0]["duplicate"], true);
  EXPECT_EQ(second["results"][0]["seq"], first["results"][0]["seq"]);
  EXPECT_EQ(second["results"][0]["leaf_hash"], first["results"][0]["leaf_hash"]);
  EXPECT_EQ(log_->size(), kTreeSize + 1);
}

TEST_F(PostTest, ThePrefixOfTheUrlIsSentBeforeTheEventsPath) {
  // This server serves no /mirror/..., so the request must land on a 404.
  Outcome r = Ctl({"post", "--url", Url() + "/mirror/", "--key", key_path_},
                  RateSubmission("rate-prefixed", RateBody(13)).dump());
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_EQ(r.err.rfind("ledgerctl post: refused: 404 Not Found: ", 0), 0u) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);
}

// ---- refusals: exit 1 ----

TEST_F(PostTest, WrongKeyIsRefusedWith401AndNothingIsAppended) {
  const std::string other_path = tmp_.Sub("other.pem");
  ASSERT_TRUE(PrivateKey::Generate()->WriteKeyPair(other_path).ok());
  Outcome r = Post(RateSubmission("rate-forged", RateBody(14)), other_path);
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(r.err.rfind("ledgerctl post: refused: 401 Unauthorized: ", 0), 0u) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);
}

TEST_F(PostTest, SchemaErrorInABatchNamesTheEventIndex) {
  Json bad_body = RateBody(32);
  bad_body["welfare_rate_bp"] = "a lot";
  const Json batch = UnsignedBatch({BatchEvent("lottery.rate_set", "s-1", RateBody(31)),
                                    BatchEvent("lottery.rate_set", "s-2", bad_body)});
  Outcome r = Post(batch);
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(r.err.rfind("ledgerctl post: refused: 400 Bad Request: ", 0), 0u) << r.err;
  EXPECT_TRUE(Contains(r.err, "\n  events[1].body.welfare_rate_bp: ")) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);  // all or nothing
}

TEST_F(PostTest, NothingListeningIsARefusalNamingTheUrl) {
  RefusingPort refusing;
  const std::string url = "http://127.0.0.1:" + std::to_string(refusing.port());
  Outcome r = Ctl({"post", "--url", url, "--key", key_path_},
                  RateSubmission("rate-nowhere", RateBody(15)).dump());
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err.rfind("ledgerctl post: " + url + "/v1/events: cannot connect to ", 0), 0u)
      << r.err;
}

TEST_F(PostTest, AServerThatNeverAnswersTimesOut) {
  StartServer({}, HoldingHandler());
  const auto start = SteadyClock::now();
  Outcome r = Post(RateSubmission("rate-slow", RateBody(16)), key_path_, {"--timeout", "1"});
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_TRUE(Contains(r.err, Url() + "/v1/events: ")) << r.err;
  EXPECT_TRUE(Contains(r.err, "within 1 s")) << r.err;
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 5s);
}

// ---- input errors: exit 2, nothing sent ----

TEST_F(PostTest, MalformedStdinSendsNothing) {
  Outcome r = Ctl({"post", "--url", Url(), "--key", key_path_}, "{\"type\": ");
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_EQ(r.err.rfind("ledgerctl post: ", 0), 0u) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);
  EXPECT_TRUE(AccessLines().empty());
}

TEST_F(PostTest, AnUnsignableDocumentSendsNothing) {
  Outcome r = Post(Json{{"type", "lottery.rate_set"}, {"org", "reg"}, {"body", RateBody(17)}});
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_TRUE(Contains(r.err, "idem")) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);
  EXPECT_TRUE(AccessLines().empty());
}

TEST_F(PostTest, HttpsToAPlainHttpServerFailsAndPostsNothing) {
  Outcome r = Ctl({"post", "--url", "https://127.0.0.1:" + std::to_string(port_), "--key",
                   key_path_},
                  RateSubmission("rate-tls", RateBody(18)).dump());
  EXPECT_EQ(r.code, cli::kExitRefused);
  EXPECT_TRUE(Contains(r.err, "TLS with 127.0.0.1")) << r.err;
  EXPECT_EQ(log_->size(), kTreeSize);
}

TEST_F(PostTest, UnreadableKeyIsAnInputError) {
  const std::string missing = tmp_.Sub("missing.pem");
  Outcome r = Post(RateSubmission("rate-nokey", RateBody(19)), missing);
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_EQ(r.err.rfind("ledgerctl post: --key: ", 0), 0u) << r.err;
  EXPECT_TRUE(Contains(r.err, missing)) << r.err;
}

TEST_F(PostTest, TimeoutMustBeWholeSecondsInRange) {
  for (const char* bad : {"0", "3601", "1.5", "soon", "-1"}) {
    Outcome r = Post(RateSubmission("rate-t", RateBody(20)), key_path_, {"--timeout=" + std::string(bad)});
    EXPECT_EQ(r.code, cli::kExitUsage) << bad;
    EXPECT_EQ(r.err.rfind("ledgerctl post: --timeout: ", 0), 0u) << r.err;
  }
  EXPECT_EQ(log_->size(), kTreeSize);
}

TEST_F(PostTest, UrlAndKeyAreRequired) {
  Outcome r = Ctl({"post", "--key", key_path_}, "{}");
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_TRUE(Contains(r.err, "--url")) << r.err;
}

// ---- the client ----

TEST_F(PostTest, ClientKeepsOneConnectionForManyRequests) {
  HttpClient client(*ParseHttpUrl(Url()));
  for (int i = 0; i < 3; ++i) {
    auto reply = client.Get("/healthz");
    ASSERT_TRUE(reply.ok()) << reply.error().ToString();
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->content_type, kJsonType);
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(PostTest, ClientReconnectsWhenTheServerClosedAnIdleConnection) {
  ServerOptions options;
  options.idle_timeout = 50ms;
  StartServer(options);
  HttpClient client(*ParseHttpUrl(Url()));
  ASSERT_TRUE(client.Get("/healthz").ok());
  const auto deadline = SteadyClock::now() + 5s;
  while (!Contains(metrics_.Render(0), "\nledgerd_http_connections_open 0\n") &&
         SteadyClock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(Contains(metrics_.Render(0), "\nledgerd_http_connections_open 0\n"));
  auto again = client.Get("/healthz");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST_F(PostTest, ClientRefusesAReplyOverItsBodyLimit) {
  HttpClient client(*ParseHttpUrl(Url()), {.max_reply_body_bytes = 16});
  auto reply = client.Get("/v1/events?from=0&limit=6");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, Code::kIoError);
  EXPECT_TRUE(Contains(reply.error().message, "over 16 bytes")) << reply.error().message;
}

// ---- base URLs ----

TEST(HttpUrl, ParsesHostPortAndPrefix) {
  struct Case {
    const char* text;
    const char* host;
    uint16_t port;
    const char* prefix;
    const char* round_trip;
  };
  for (const Case& c : {
           Case{"http://127.0.0.1:8080", "127.0.0.1", 8080, "", "http://127.0.0.1:8080"},
           Case{"HTTP://Ledger.Example.org", "Ledger.Example.org", 80, "", "http://Ledger.Example.org:80"},
           Case{"http://[::1]:9000/", "::1", 9000, "", "http://[::1]:9000"},
           Case{"http://[2001:db8::7]/sz", "2001:db8::7", 80, "/sz", "http://[2001:db8::7]:80/sz"},
           Case{"http://ledger-1.example:1/a/b//", "ledger-1.example", 1, "/a/b",
                "http://ledger-1.example:1/a/b"},
           Case{"http://h:65535/x", "h", 65535, "/x", "http://h:65535/x"},
           Case{"https://ledger.example.org", "ledger.example.org", 443, "", "https://ledger.example.org:443"},
           Case{"HTTPS://[::1]:8443/sz", "::1", 8443, "/sz", "https://[::1]:8443/sz"},
       }) {
    auto url = ParseHttpUrl(c.text);
    ASSERT_TRUE(url.ok()) << c.text << ": " << url.error().ToString();
    EXPECT_EQ(url->host, c.host) << c.text;
    EXPECT_EQ(url->port, c.port) << c.text;
    EXPECT_EQ(url->prefix, c.prefix) << c.text;
    EXPECT_EQ(url->ToString(), c.round_trip) << c.text;
    EXPECT_EQ(url->tls, std::string_view(c.round_trip).starts_with("https")) << c.text;
  }
}

TEST(HttpUrl, RefusesWhatIsNotAnHttpOrHttpsBaseUrl) {
  struct Case {
    std::string text;
    const char* says;
  };
  for (const Case& c : {
           Case{"ftp://ledger.example.org", "expected http://"},
           Case{"ledger.example.org:8080", "expected http://"},
           Case{"http://", "host is missing"},
           Case{"http://:8080", "host is missing"},
           Case{"http://h:", "PORT must be 1..65535"},
           Case{"http://h:0", "PORT must be 1..65535"},
           Case{"http://h:65536", "PORT must be 1..65535"},
           Case{"http://h:80x", "PORT must be 1..65535"},
           Case{"http://h:123456", "PORT must be 1..65535"},
           Case{"http://::1:8080", "IPv6 address goes in brackets"},
           Case{"http://[::1:8080", "without ']'"},
           Case{"http://[not-v6]:80", "is not an IPv6 address"},
           Case{"http://[::1]8080", "expected ':PORT'"},
           Case{"http://user:pw@h", "user information"},
           Case{"http://h/events?from=1", "query or fragment"},
           Case{"http://h/#top", "query or fragment"},
           Case{"http://h/a b", "no spaces"},
           Case{"http://h\x01/", "control characters"},
           Case{"http://ledger_1.example", "only letters, digits"},
           Case{"http://" + std::string(254, 'a'), "longer than 253"},
           Case{"http://h/" + std::string(kMaxUrlBytes, 'a'), "longer than 2048"},
       }) {
    auto url = ParseHttpUrl(c.text);
    ASSERT_FALSE(url.ok()) << c.text;
    EXPECT_EQ(url.error().code, Code::kInvalidArgument) << c.text;
    EXPECT_EQ(url.error().field, "url") << c.text;
    EXPECT_TRUE(Contains(url.error().message, c.says)) << c.text << ": " << url.error().message;
  }
}

}  // namespace
}  // namespace ledger::api
