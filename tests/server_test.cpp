// ledgerd: the router and its routes (called directly, no socket), and a
// real server on 127.0.0.1 port 0 over a real ledger in a temp dir, driven
// by a tiny raw-socket HTTP client so that tests control every byte and
// every stall.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "app.hpp"
#include "cli_options.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/encoding.hpp"
#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledger/merkle.hpp"
#include "ledgerd.hpp"
#include "metrics.hpp"
#include "problem.hpp"
#include "responses.hpp"
#include "router.hpp"
#include "server.hpp"
#include "test_util.hpp"

extern char** environ;

namespace ledger::api {
namespace {

using ledger::testing::TempDir;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// Every wait in these tests is bounded by this; none is a bare sleep.
constexpr auto kWaitBound = 5s;
// Short limits for the timeout tests.
constexpr auto kShortTimeout = 300ms;

// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client over a raw socket.

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  Json JsonBody() const { return Json::parse(body); }
};

class Connection {
 public:
  explicit Connection(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response; nullopt if the connection ends or kWaitBound passes first.
  std::optional<Reply> Read() {
    const auto deadline = SteadyClock::now() + kWaitBound;
    std::size_t header_end;
    while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (ReadMore(deadline) <= 0) return std::nullopt;
    Reply reply;
    std::istringstream head(pending_.substr(0, header_end));
    std::string line, version;
    std::getline(head, line);
    std::istringstream(line) >> version >> reply.status;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    const std::size_t length = std::stoul(reply.Header("content-length"));
    pending_.erase(0, header_end + 4);
    while (pending_.size() < length)
      if (ReadMore(deadline) <= 0) return std::nullopt;
    reply.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return reply;
  }

  // Everything until the server closes; nullopt on a reset or kWaitBound.
  std::optional<std::string> ReadToEnd() {
    const auto deadline = SteadyClock::now() + kWaitBound;
    while (true) {
      ssize_t n = ReadMore(deadline);
      if (n == 0) return std::move(pending_);
      if (n < 0) return std::nullopt;
    }
  }

  // True when the server closes (EOF or reset) within `bound`; bytes it
  // sends first are kept for Read().
  bool ClosedWithin(std::chrono::milliseconds bound) {
    const auto deadline = SteadyClock::now() + bound;
    while (true) {
      ssize_t n = ReadMore(deadline);
      if (n == 0 || (n < 0 && errno != ETIMEDOUT)) return true;
      if (n < 0) return false;
    }
  }

 private:
  // >0 bytes read, 0 EOF, <0 error (errno ETIMEDOUT when the deadline passed).
  ssize_t ReadMore(SteadyClock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - SteadyClock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    char chunk[16384];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) pending_.append(chunk, static_cast<std::size_t>(n));
    return n;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

std::string GetRequest(const std::string& target, bool close = false) {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" +
         (close ? "Connection: close\r\n" : "") + "\r\n";
}

Reply Get(uint16_t port, const std::string& target) {
  Connection c(port);
  EXPECT_TRUE(c.connected());
  EXPECT_TRUE(c.Send(GetRequest(target, /*close=*/true)));
  auto reply = c.Read();
  EXPECT_TRUE(reply.has_value()) << target;
  return reply.value_or(Reply{});
}

// ---------------------------------------------------------------------------
// A ledger of 6 events with checkpoints kept at sizes 1, 4 and 6.

constexpr uint64_t kTreeSize = 6;

Json Note(int n) {
  return {{"type", "test.note"}, {"org", "ledger"}, {"idem", "n-" + std::to_string(n)},
          {"body", {{"k", n}}}};
}

class LedgerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto regulator = PrivateKey::Generate();
    ASSERT_TRUE(regulator.ok());
    dir_ = tmp_.Sub("ledger");
    auto init = InitLedger({.dir = dir_, .origin = "test.example/ledger",
                            .regulator = {"reg", "Regulator", regulator->public_key()}});
    ASSERT_TRUE(init.ok()) << init.error().ToString();  // genesis, checkpoint 1
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok());
    LogOptions options;
    options.dir = dir_;
    options.checkpoint_interval = 0ms;
    auto log = Log::Open(options, std::move(*key));
    ASSERT_TRUE(log.ok()) << log.error().ToString();
    log_ = std::move(*log);
    for (int n = 1; n <= 5; ++n) {
      ASSERT_TRUE(log_->Append({Note(n)}).ok());
      if (n == 3 || n == 5) {
        ASSERT_TRUE(log_->MakeCheckpoint().ok());
      }
    }
    ASSERT_EQ(log_->size(), kTreeSize);
    router_ = std::make_unique<Router>(MakeApiRouter(*log_, metrics_));
  }

  Response Call(const std::string& target, const std::string& method = "GET") {
    return router_->Handle(Request{method, target, {}, {}});
  }

  // Parses a problem response and returns errors[0].field ("" when null).
  static std::string ProblemField(const Response& response) {
    EXPECT_EQ(response.content_type, kProblemType);
    Json problem = Json::parse(response.body);
    EXPECT_EQ(problem["status"], response.status);
    EXPECT_EQ(problem["errors"].size(), 1u);
    const Json& field = problem["errors"][0]["field"];
    return field.is_null() ? "" : field.get<std::string>();
  }

  Hash CheckpointRoot(uint64_t size) {
    auto verifier = ParseVerifierKey(log_->verifier_key());
    EXPECT_TRUE(verifier.ok());
    Response note = Call("/v1/checkpoint?size=" + std::to_string(size));
    EXPECT_EQ(note.status, 200);
    auto checkpoint = VerifyCheckpoint(note.body, *verifier);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.error().ToString();
    EXPECT_EQ(checkpoint->size, size);
    return checkpoint.ok() ? checkpoint->root : Hash{};
  }

  TempDir tmp_;
  std::string dir_;
  std::unique_ptr<Log> log_;
  Metrics metrics_;
  std::unique_ptr<Router> router_;
};

Hash FromHex(const Json& hex) {
  auto bytes = HexDecode(hex.get<std::string>());
  EXPECT_TRUE(bytes.ok());
  Hash hash{};
  if (bytes.ok() && bytes->size() == hash.size()) std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

std::vector<Hash> FromHexList(const Json& list) {
  std::vector<Hash> hashes;
  for (const Json& hex : list) hashes.push_back(FromHex(hex));
  return hashes;
}

// ---------------------------------------------------------------------------
// Error mapping and problem shape.

TEST(Problem, EveryCodeMapsToItsStatus) {
  EXPECT_EQ(HttpStatusFor(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(Code::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(Code::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(Code::kUnprocessable), 422);
  EXPECT_EQ(HttpStatusFor(Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(Code::kIoError), 500);
  EXPECT_EQ(HttpStatusFor(Code::kCorruption), 500);
}

TEST(Problem, ErrorBecomesRfc9457BodyWithOneFieldEntry) {
  Response r = ErrorResponse(Error{Code::kConflict, "idem", "reused with different content"});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/problem+json; charset=utf-8");
  Json p = Json::parse(r.body);
  EXPECT_EQ(p["type"], "about:blank");
  EXPECT_EQ(p["title"], "Conflict");
  EXPECT_EQ(p["status"], 409);
  EXPECT_EQ(p["detail"], "idem: reused with different content");
  ASSERT_EQ(p["errors"].size(), 1u);
  EXPECT_TRUE(p["errors"][0]["index"].is_null());
  EXPECT_EQ(p["errors"][0]["field"], "idem");
  EXPECT_EQ(p["errors"][0]["message"], "reused with different content");
}

TEST(Problem, ErrorWithoutFieldHasNullField) {
  Json p = Json::parse(ErrorResponse(Error::Corruption("node missing")).body);
  EXPECT_EQ(p["status"], 500);
  EXPECT_TRUE(p["errors"][0]["field"].is_null());
}

// ---------------------------------------------------------------------------
// Router mechanics, on a router of its own.

TEST(Router, UnknownPathIs404Problem) {
  Router router;
  router.Add("GET", "/a", [](const RouteCall&) -> Result<Response> { return TextResponse(200, "a"); });
  Response r = router.Handle({"GET", "/b", {}, {}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, kProblemType);
  EXPECT_EQ(r.route, "unmatched");
}

TEST(Router, WrongMethodIs405ListingAllowedMethods) {
  Router router;
  auto ok = [](const RouteCall&) -> Result<Response> { return TextResponse(200, "x"); };
  router.Add("GET", "/a/{id}", ok);
  router.Add("POST", "/a/{id}", ok);
  Response r = router.Handle({"DELETE", "/a/1", {}, {}});
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, POST"}));
}

TEST(Router, LiteralSegmentBeatsPlaceholder) {
  Router router;
  router.Add("GET", "/e/{seq}", [](const RouteCall& c) -> Result<Response> {
    return TextResponse(200, "seq " + c.path.Get("seq"));
  });
  router.Add("GET", "/e/latest", [](const RouteCall&) -> Result<Response> {
    return TextResponse(200, "latest");
  });
  EXPECT_EQ(router.Handle({"GET", "/e/latest", {}, {}}).body, "latest");
  EXPECT_EQ(router.Handle({"GET", "/e/7", {}, {}}).body, "seq 7");
}

TEST(Router, HandlerErrorBecomesProblemWithRouteLabel) {
  Router router;
  router.Add("GET", "/x/{id}", [](const RouteCall&) -> Result<Response> {
    return Error{Code::kPermissionDenied, "org", "suspended"};
  });
  Response r = router.Handle({"GET", "/x/1", {}, {}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.route, "/x/{id}");
}

TEST(Router, HandlerExceptionBecomes500) {
  Router router;
  router.Add("GET", "/boom", [](const RouteCall&) -> Result<Response> {
    throw std::runtime_error("bug");
  });
  EXPECT_EQ(router.Handle({"GET", "/boom", {}, {}}).status, 500);
}

TEST(Router, TargetThatIsNotAPathIs400) {
  Router router;
  Response r = router.Handle({"GET", "http://x/a", {}, {}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "target");
}

// ---------------------------------------------------------------------------
// Query parameters.

TEST(Query, MalformedNumbersAre400NamingTheParameter) {
  for (const char* bad : {"x", "+5", "%2B5", "-1", "1.0", "01", "", "1 ", "9007199254740992",
                          "99999999999999999999999"}) {
    SCOPED_TRACE(bad);
    auto params = QueryParams::Parse(std::string("from=") + bad);
    ASSERT_TRUE(params.ok());
    auto value = params->Uint("from");
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().code, Code::kInvalidArgument);
    EXPECT_EQ(value.error().field, "from");
  }
}

TEST(Query, LargestSafeIntegerIsAccepted) {
  auto params = QueryParams::Parse("from=9007199254740991&to=0");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(**params->Uint("from"), 9007199254740991u);
  EXPECT_EQ(**params->Uint("to"), 0u);
  EXPECT_FALSE(params->Uint("limit")->has_value());
}

TEST(Query, DuplicateParameterIsRefused) {
  auto params = QueryParams::Parse("from=1&from=1");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->Uint("from").error().field, "from");
  EXPECT_EQ(params->Check({"from"}).error().field, "from");
}

TEST(Query, BadPercentEscapeIsRefused) {
  auto params = QueryParams::Parse("from=%4");
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.error().field, "query");
}

// ---------------------------------------------------------------------------
// Routes, through the router.

TEST_F(LedgerFixture, HealthzReportsOkAndTreeSize) {
  Response r = Call("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kJsonType);
  EXPECT_EQ(Json::parse(r.body), (Json{{"status", "ok"}, {"tree_size", kTreeSize}}));
}

TEST_F(LedgerFixture, LogKeyIsTheVerifierKeyLine) {
  Response r = Call("/v1/log/key");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kTextType);
  EXPECT_EQ(r.body, log_->verifier_key() + "\n");
  EXPECT_TRUE(ParseVerifierKey(log_->verifier_key()).ok());
}

TEST_F(LedgerFixture, UnknownQueryParameterIs400NamingIt) {
  Response r = Call("/v1/checkpoint?sise=4");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ProblemField(r), "sise");
}

TEST_F(LedgerFixture, EventIsItsStoredFieldsPlusLeafHash) {
  Response r = Call("/v1/events/3");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kJsonType);
  Json expected = Json::parse(*log_->ReadEvent(3));
  expected["leaf_hash"] = HexEncode(*log_->LeafHashAt(3));
  EXPECT_EQ(Json::parse(r.body), expected);
  EXPECT_EQ(expected["seq"], 3);
  EXPECT_EQ(expected["idem"], "n-3");
}

TEST_F(LedgerFixture, RawIsTheExactCanonicalBytes) {
  Response r = Call("/v1/events/2/raw");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, *log_->ReadEvent(2));
  EXPECT_EQ(LeafHash(r.body), *log_->LeafHashAt(2));
}

TEST_F(LedgerFixture, UnknownSeqIs404NamingSeq) {
  for (const char* target : {"/v1/events/6", "/v1/events/6/raw", "/v1/events/9007199254740991"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(ProblemField(r), "seq");
  }
}

TEST_F(LedgerFixture, MalformedSeqIs400NamingSeq) {
  for (const char* target : {"/v1/events/x", "/v1/events/+1", "/v1/events/01", "/v1/events/-1/raw"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(ProblemField(r), "seq");
  }
}

TEST_F(LedgerFixture, EventsPageHasNextWhileMoreRemain) {
  Json page = Json::parse(Call("/v1/events?from=1&limit=2").body);
  ASSERT_EQ(page["events"].size(), 2u);
  EXPECT_EQ(page["events"][0]["seq"], 1);
  EXPECT_EQ(page["events"][1]["seq"], 2);
  EXPECT_EQ(page["events"][1]["leaf_hash"], HexEncode(*log_->LeafHashAt(2)));
  EXPECT_EQ(page["next"], 3);
}

TEST_F(LedgerFixture, EventsPageReachingTheEndHasNullNext) {
  Json page = Json::parse(Call("/v1/events?from=4&limit=2").body);
  EXPECT_EQ(page["events"].size(), 2u);
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(LedgerFixture, EventsDefaultToAllFromZero) {
  Json page = Json::parse(Call("/v1/events").body);
  ASSERT_EQ(page["events"].size(), kTreeSize);
  EXPECT_EQ(page["events"][0]["type"], "ledger.genesis");
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(LedgerFixture, EventsFromBeyondTheEndIsEmpty) {
  Json page = Json::parse(Call("/v1/events?from=100").body);
  EXPECT_TRUE(page["events"].empty());
  EXPECT_TRUE(page["next"].is_null());
}

TEST_F(LedgerFixture, PageLimitAtMaxPassesAndOverMaxIs400NamingLimit) {
  EXPECT_EQ(Call("/v1/events?limit=1000").status, 200);
  EXPECT_EQ(Call("/v1/checkpoints?limit=1000").status, 200);
  for (const char* target : {"/v1/events?limit=1001", "/v1/events?limit=0",
                             "/v1/checkpoints?limit=1001", "/v1/events?limit=5&limit=5"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(ProblemField(r), "limit");
  }
}

TEST_F(LedgerFixture, MalformedFromIs400NamingFrom) {
  Response r = Call("/v1/events?from=%2B1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ProblemField(r), "from");
}

TEST_F(LedgerFixture, LatestCheckpointIsSignedForTheTreeSize) {
  Response r = Call("/v1/checkpoint");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kTextType);
  auto checkpoint = VerifyCheckpoint(r.body, *ParseVerifierKey(log_->verifier_key()));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->size, kTreeSize);
  EXPECT_EQ(checkpoint->root, *log_->RootAt(kTreeSize));
}

TEST_F(LedgerFixture, KeptCheckpointBySize) {
  EXPECT_EQ(CheckpointRoot(4), *log_->RootAt(4));
  EXPECT_EQ(CheckpointRoot(1), *log_->RootAt(1));
}

TEST_F(LedgerFixture, CheckpointOfUnkeptSizeIs404NamingSize) {
  for (const char* target : {"/v1/checkpoint?size=5", "/v1/checkpoint?size=0", "/v1/checkpoint?size=99"}) {
    SCOPED_TRACE(target);
    Response r = Call(target);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(ProblemField(r), "size");
  }
}

TEST_F(LedgerFixture, CheckpointSizesListAscending) {
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints").body),
            (Json{{"sizes", {1, 4, 6}}, {"next", nullptr}}));
}

TEST_F(LedgerFixture, CheckpointSizesPageGivesNextSize) {
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints?limit=2").body),
            (Json{{"sizes", {1, 4}}, {"next", 6}}));
  EXPECT_EQ(Json::parse(Call("/v1/checkpoints?from=5&limit=2").body),
            (Json{{"sizes", {6}}, {"next", nullptr}}));
}

TEST_F(LedgerFixture, InclusionProofsVerifyAgainstCheckpointRoots) {
  for (uint64_t size : {uint64_t{4}, kTreeSize}) {
    const Hash root = CheckpointRoot(size);
    for (uint64_t seq = 0; seq < size; ++seq) {
      SCOPED_TRACE(std::to_string(seq) + " in " + std::to_string(size));
      Response r = Call("/v1/proof/inclusion?seq=" + std::to_string(seq) +
                        "&size=" + std::to_string(size));
      ASSERT_EQ(r.status, 200);
      Json proof = Json::parse(r.body);
      EXPECT_EQ(proof["seq"], seq);
      EXPECT_EQ(proof["tree_size"], size);
      EXPECT_EQ(FromHex(proof["root"]), root);
      const Hash leaf = LeafHash(*log_->ReadEvent(seq));
      EXPECT_EQ(FromHex(proof["leaf_hash"]), leaf);
      Status verified = VerifyInclusion(seq, size, leaf, FromHexList(proof["hashes"]), root);
      EXPECT_TRUE(verified.ok()) << verified.error().ToString();
    }
  }
}

TEST_F(LedgerFixture, InclusionSizeDefaultsToTheTreeSize) {
  Json proof = Json::parse(Call("/v1/proof/inclusion?seq=2").body);
  EXPECT_EQ(proof["tree_size"], kTreeSize);
  EXPECT_EQ(FromHex(proof["root"]), *log_->RootAt(kTreeSize));
}

TEST_F(LedgerFixture, InclusionRefusalsNameTheParameter) {
  struct Case { const char* target; int status; const char* field; };
  for (const Case& c : {Case{"/v1/proof/inclusion", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=0&size=0", 400, "size"},
                        Case{"/v1/proof/inclusion?seq=4&size=4", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=0&size=7", 404, "size"},
                        Case{"/v1/proof/inclusion?seq=6", 404, "seq"},
                        Case{"/v1/proof/inclusion?seq=x", 400, "seq"},
                        Case{"/v1/proof/inclusion?seq=1&size=+3", 400, "size"}}) {
    SCOPED_TRACE(c.target);
    Response r = Call(c.target);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ProblemField(r), c.field);
  }
}

TEST_F(LedgerFixture, ConsistencyProofsVerifyBetweenEveryPairOfSizes) {
  for (uint64_t from = 1; from <= kTreeSize; ++from) {
    for (uint64_t to = from; to <= kTreeSize; ++to) {
      SCOPED_TRACE(std::to_string(from) + " to " + std::to_string(to));
      Response r = Call("/v1/proof/consistency?from=" + std::to_string(from) +
                        "&to=" + std::to_string(to));
      ASSERT_EQ(r.status, 200);
      Json proof = Json::parse(r.body);
      EXPECT_EQ(proof["from"], from);
      EXPECT_EQ(proof["to"], to);
      const Hash root_from = FromHex(proof["root_from"]);
      const Hash root_to = FromHex(proof["root_to"]);
      EXPECT_EQ(root_from, *log_->RootAt(from));
      EXPECT_EQ(root_to, *log_->RootAt(to));
      if (from == to) {
        EXPECT_TRUE(proof["hashes"].empty());
      }
      Status verified =
          VerifyConsistency(from, to, root_from, root_to, FromHexList(proof["hashes"]));
      EXPECT_TRUE(verified.ok()) << verified.error().ToString();
    }
  }
}

TEST_F(LedgerFixture, ConsistencyBetweenKeptCheckpointsVerifies) {
  Json proof = Json::parse(Call("/v1/proof/consistency?from=4").body);
  EXPECT_EQ(proof["to"], kTreeSize);
  EXPECT_TRUE(VerifyConsistency(4, kTreeSize, CheckpointRoot(4), CheckpointRoot(kTreeSize),
                                FromHexList(proof["hashes"]))
                  .ok());
}

TEST_F(LedgerFixture, ConsistencyRefusalsNameTheParameter) {
  struct Case { const char* target; int status; const char* field; };
  for (const Case& c : {Case{"/v1/proof/consistency", 400, "from"},
                        Case{"/v1/proof/consistency?from=0&to=3", 400, "from"},
                        Case{"/v1/proof/consistency?from=5&to=3", 400, "from"},
                        Case{"/v1/proof/consistency?from=1&to=7", 404, "to"},
                        Case{"/v1/proof/consistency?from=7", 404, "from"},
                        Case{"/v1/proof/consistency?from=1&to=2&to=2", 400, "to"}}) {
    SCOPED_TRACE(c.target);
    Response r = Call(c.target);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ProblemField(r), c.field);
  }
}

TEST_F(LedgerFixture, PostToAReadRouteIs405WithAllowGet) {
  Response r = Call("/v1/events", "POST");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET");
}

TEST_F(LedgerFixture, TrailingSlashIsNotARoute) {
  EXPECT_EQ(Call("/v1/events/").status, 404);
}

// ---------------------------------------------------------------------------
// The real server.

class ServerFixture : public LedgerFixture {
 protected:
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Starts a server with `options` (port 0, access log captured) that
  // answers through `handler`, or through the API router when empty.
  void StartServer(ServerOptions options = {}, Handler handler = {}) {
    options.port = 0;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      access_lines_.emplace_back(line);
    };
    if (!handler) handler = [this](const Request& r) { return router_->Handle(r); };
    server_ = std::make_unique<Server>(options, std::move(handler), metrics_);
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.error().ToString();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  std::vector<std::string> AccessLines() {
    std::lock_guard lock(log_mu_);
    return access_lines_;
  }

  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::mutex log_mu_;
  std::vector<std::string> access_lines_;
};

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
  EXPECT_EQ(reply->status, 405);  // routed: POST /v1/events is not served yet
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
  StartServer({}, [&](const Request& request) {
    if (request.target == "/slow") {
      entered.set_value();
      released.wait();
      return TextResponse(200, "slow done\n");
    }
    return router_->Handle(request);
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
  Server server({.host = "localhost"}, [](const Request&) { return Response{}; }, metrics_);
  Status started = server.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Code::kInvalidArgument);
  EXPECT_EQ(started.error().field, "listen");
}

TEST_F(ServerFixture, PortInUseIsAnIoError) {
  StartServer();
  Server second({.port = port_}, [](const Request&) { return Response{}; }, metrics_);
  Status started = second.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Code::kIoError);
}

// ---------------------------------------------------------------------------
// Command line.

TEST(LedgerdArgs, ListenAcceptsIpv4AndBracketedIpv6) {
  auto v4 = ParseListenAddress("0.0.0.0:9000");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "0.0.0.0");
  EXPECT_EQ(v4->port, 9000);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
}

TEST(LedgerdArgs, BadListenIsRefusedNamingTheFlag) {
  for (const char* bad : {"8080", "localhost:8080", "127.0.0.1:65536", "127.0.0.1:", "::1:80",
                          "127.0.0.1:+80", "1.2.3:80"}) {
    SCOPED_TRACE(bad);
    auto parsed = ParseListenAddress(bad);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "--listen");
  }
}

TEST(LedgerdArgs, DataIsRequiredAndListenDefaults) {
  std::vector<std::string> args = {"--data=/tmp/x"};
  auto parsed = ParseLedgerdArgs(args);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->data_dir, "/tmp/x");
  EXPECT_EQ(parsed->listen.host, "127.0.0.1");
  EXPECT_EQ(parsed->listen.port, 8080);
  EXPECT_EQ(ParseLedgerdArgs(std::vector<std::string>{}).error().field, "--data");
}

int RunLedgerdFor(std::vector<std::string> args, std::string* err_text = nullptr) {
  std::ostringstream out, err;
  int code = RunLedgerd(args, out, err);
  if (err_text) *err_text = err.str();
  return code;
}

TEST(LedgerdArgs, UsageErrorsExitWith2) {
  std::string err;
  EXPECT_EQ(RunLedgerdFor({"--data", "/tmp/x", "--bogus"}, &err), kExitUsage);
  EXPECT_NE(err.find("--bogus"), std::string::npos) << err;
  EXPECT_EQ(RunLedgerdFor({}), kExitUsage);
  EXPECT_EQ(RunLedgerdFor({"--data", "/tmp/x", "--listen", "nowhere"}), kExitUsage);
  EXPECT_EQ(RunLedgerdFor({"--data"}), kExitUsage);
  EXPECT_EQ(RunLedgerdFor({"--data", "a", "--data", "b"}), kExitUsage);
}

TEST(LedgerdArgs, HelpExitsWith0) { EXPECT_EQ(RunLedgerdFor({"--help"}), kExitOk); }

TEST(LedgerdArgs, DataDirWithoutALedgerExitsWith1) {
  TempDir tmp;
  std::string err;
  EXPECT_EQ(RunLedgerdFor({"--data", tmp.Sub("none"), "--listen", "127.0.0.1:0"}, &err), kExitFailure);
  EXPECT_NE(err.find("log-key.pem"), std::string::npos) << err;
}

// ---------------------------------------------------------------------------
// The ledgerd binary: serves, and on SIGTERM stops cleanly with exit 0.

TEST(LedgerdBinary, ServesUntilSigtermThenExitsZeroAndClosesTheLog) {
  TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  auto regulator = PrivateKey::Generate();
  ASSERT_TRUE(regulator.ok());
  ASSERT_TRUE(InitLedger({.dir = dir, .origin = "test.example/bin",
                          .regulator = {"reg", "Regulator", regulator->public_key()}})
                  .ok());

  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  const std::string binary = ledger::testing::BinaryDir() + "/api/ledgerd";
  std::vector<std::string> words = {binary, "--data", dir, "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(err_pipe[1]);

  // Wait, bounded, for "ledgerd listening on http://127.0.0.1:PORT".
  std::string err_text;
  const std::string marker = "listening on http://127.0.0.1:";
  const auto deadline = SteadyClock::now() + kWaitBound;
  while (err_text.find('\n', err_text.find(marker)) == std::string::npos ||
         err_text.find(marker) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd p{err_pipe[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[512];
    ssize_t n = read(err_pipe[0], chunk, sizeof chunk);
    if (n <= 0) break;
    err_text.append(chunk, static_cast<std::size_t>(n));
  }
  const std::size_t at = err_text.find(marker);
  ASSERT_NE(at, std::string::npos) << err_text;
  const uint16_t port = static_cast<uint16_t>(std::stoi(err_text.substr(at + marker.size())));

  EXPECT_EQ(Get(port, "/healthz").JsonBody()["tree_size"], 1);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  pid_t waited = 0;
  const auto exit_deadline = SteadyClock::now() + kWaitBound;
  while ((waited = waitpid(pid, &status, WNOHANG)) == 0 && SteadyClock::now() < exit_deadline)
    std::this_thread::sleep_for(10ms);  // polling a child's exit: there is no fd to wait on
  if (waited == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "ledgerd did not exit within " << kWaitBound.count() << " s of SIGTERM";
  }
  close(err_pipe[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The store was closed cleanly: it opens again.
  auto key = PrivateKey::ReadPemFile(dir + "/" + kLogKeyFile);
  ASSERT_TRUE(key.ok());
  LogOptions options;
  options.dir = dir;
  options.checkpoint_interval = 0ms;
  auto reopened = Log::Open(options, std::move(*key));
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  EXPECT_EQ((*reopened)->size(), 1u);
}

}  // namespace
}  // namespace ledger::api
