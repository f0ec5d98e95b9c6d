// ledgerd's command line, and the real binary: serve, SIGTERM, exit 0
// with the store closed cleanly.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cli_options.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledgerd.hpp"
#include "raw_http_client.hpp"
#include "test_util.hpp"

extern char** environ;

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
