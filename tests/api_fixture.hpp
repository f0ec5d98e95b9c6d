// ledgerd over a real ledger in a temp dir, for the API tests: through the
// router (ApiFixture) or through a real server on 127.0.0.1 (ServerFixture).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/encoding.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "metrics.hpp"
#include "problem.hpp"
#include "raw_http_client.hpp"
#include "router.hpp"
#include "server.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"

namespace ledger::api {

using ledger::testing::TempDir;
using namespace std::chrono_literals;
using namespace ledger::testing;

// ---------------------------------------------------------------------------
// A ledger of 6 events with checkpoints kept at sizes 1, 4 and 6.

inline constexpr uint64_t kTreeSize = 6;

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto regulator = PrivateKey::Generate();
    ASSERT_TRUE(regulator.ok());
    regulator_ = std::make_unique<PrivateKey>(std::move(*regulator));
    dir_ = tmp_.Sub("ledger");
    auto init = InitLedger({.dir = dir_, .origin = "test.example/ledger",
                            .regulator = {"reg", "Regulator", regulator_->public_key()},
                            .clock = clock_});
    ASSERT_TRUE(init.ok()) << init.error().ToString();  // genesis, checkpoint 1
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok());
    LogOptions options;
    options.dir = dir_;
    options.checkpoint_interval = 0ms;
    options.clock = clock_;
    auto ledger = Ledger::Open(options, std::move(*key), ledger_options_);
    ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
    ledger_ = std::move(*ledger);
    log_ = &ledger_->log();
    for (int n = 1; n <= 5; ++n) {
      auto posted = ledger_->Submit(
          SignedSubmission("lottery.rate_set", "reg", "rate-" + std::to_string(n), RateBody(n), *regulator_));
      ASSERT_TRUE(posted.ok()) << posted.error().ToString();
      if (n == 3 || n == 5) {
        ASSERT_TRUE(log_->MakeCheckpoint().ok());
      }
    }
    ASSERT_EQ(log_->size(), kTreeSize);
    router_ = std::make_unique<Router>(MakeApiRouter(*ledger_, metrics_));
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
  // What the log stamps events with: a test may set it before SetUp.
  Clock clock_ = [] { return std::chrono::system_clock::now(); };
  // How the ledger is opened: a test may set it before SetUp.
  LedgerOptions ledger_options_;
  std::unique_ptr<PrivateKey> regulator_;
  std::unique_ptr<Ledger> ledger_;
  Log* log_ = nullptr;
  Metrics metrics_;
  std::unique_ptr<Router> router_;
};

inline Hash FromHex(const Json& hex) {
  auto bytes = HexDecode(hex.get<std::string>());
  EXPECT_TRUE(bytes.ok());
  Hash hash{};
  if (bytes.ok() && bytes->size() == hash.size()) std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

inline std::vector<Hash> FromHexList(const Json& list) {
  std::vector<Hash> hashes;
  for (const Json& hex : list) hashes.push_back(FromHex(hex));
  return hashes;
}

// ---------------------------------------------------------------------------
// The real server.

class ServerFixture : public ApiFixture {
 protected:
  // As ledgerd stops: the server first, then the ledger, whose writer may
  // still hold a finished submission's answer callback (and with it a
  // session) until it drains; the server's sessions need it alive till then.
  void TearDown() override {
    if (server_) server_->Stop();
    router_.reset();
    ledger_.reset();
  }

  // Starts a server with `options` (port 0, access log captured) that
  // answers through `handler`, or through the API router when empty.
  void StartServer(ServerOptions options = {}, Handler handler = {}) {
    options.port = 0;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      access_lines_.emplace_back(line);
    };
    if (!handler) handler = [this](const Request& r, Respond respond) {
      router_->Dispatch(r, std::move(respond));
    };
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

  // Posts `doc` over HTTP, expecting 201; returns the seq its first event took.
  uint64_t PostEvent(const Json& doc) {
    Reply reply = ledger::testing::Post(port_, "/v1/events", doc.dump());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? reply.JsonBody()["results"][0]["seq"].get<uint64_t>() : 0;
  }
  // Posts `doc`, expecting a refusal with `status` naming `field`, and
  // nothing written to the log.
  void ExpectRefused(const Json& doc, int status, const std::string& field) {
    const uint64_t size = ledger_->log().size();
    const Reply reply = ledger::testing::Post(port_, "/v1/events", doc.dump());
    EXPECT_EQ(reply.status, status) << reply.body;
    if (reply.status >= 400) {
      EXPECT_EQ(reply.JsonBody()["errors"][0]["field"], field) << reply.body;
    }
    EXPECT_EQ(ledger_->log().size(), size);
  }
  // GETs `target` over HTTP, expecting `status`; returns the parsed body.
  Json GetJson(const std::string& target, int status = 200) {
    Reply reply = Get(port_, target);
    EXPECT_EQ(reply.status, status) << target << ": " << reply.body;
    return reply.JsonBody();
  }

  // Stops the server and closes the ledger, as an operator stops ledgerd.
  // Does nothing more when they are already stopped and closed.
  void StopAndClose() {
    if (server_) server_->Stop();
    server_.reset();
    router_.reset();
    log_ = nullptr;
    ledger_.reset();
  }

  // StopAndClose, then opens the same directory again and serves it.
  void Restart() {
    StopAndClose();
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok());
    auto reopened =
        Ledger::Open({.dir = dir_, .clock = clock_, .checkpoint_interval = std::chrono::milliseconds(0)},
                     std::move(*key));
    ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
    ledger_ = std::move(*reopened);
    log_ = &ledger_->log();
    router_ = std::make_unique<Router>(MakeApiRouter(*ledger_, metrics_));
    StartServer();
  }

  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::mutex log_mu_;
  std::vector<std::string> access_lines_;
};

}  // namespace ledger::api
