// ledgerd's command line, its refusal of a log key others may read, and
// the real binary: serve, SIGTERM, exit 0 with the store closed cleanly.
#include <sys/stat.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_options.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledgerd.hpp"
#include "ledgerd_process.hpp"
#include "raw_http_client.hpp"
#include "test_util.hpp"

namespace ledger::api {
namespace {

using ledger::testing::TempDir;
using namespace ledger::testing;

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

TEST(LedgerdKeyCustody, LogKeyThatGroupOrOthersMayReadOrWriteIsRefused) {
  TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  auto regulator = PrivateKey::Generate();
  ASSERT_TRUE(regulator.ok());
  ASSERT_TRUE(InitLedger({.dir = dir, .origin = "test.example/custody",
                          .regulator = {"reg", "Regulator", regulator->public_key()}})
                  .ok());
  const std::string key_path = dir + "/" + kLogKeyFile;
  for (auto [mode, shown] : {std::pair{0644, "0644"}, {0640, "0640"}, {0602, "0602"}}) {
    SCOPED_TRACE(shown);
    ASSERT_EQ(chmod(key_path.c_str(), static_cast<mode_t>(mode)), 0);
    std::string err;
    EXPECT_EQ(RunLedgerdFor({"--data", dir, "--listen", "127.0.0.1:0"}, &err), kExitFailure);
    EXPECT_NE(err.find(key_path + ": mode " + shown + " lets its group or others read or write"),
              std::string::npos) << err;
    EXPECT_NE(err.find("chmod 600 " + key_path), std::string::npos) << err;
  }
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

  LedgerdProcess ledgerd(dir);
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  EXPECT_EQ(Get(ledgerd.port(), "/healthz").JsonBody()["tree_size"], 1);
  EXPECT_EQ(ledgerd.Stop(), 0) << ledgerd.err();

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
