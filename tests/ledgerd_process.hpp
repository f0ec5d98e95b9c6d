// The real programs as child processes, for tests that need them as an
// operator runs them: ledgerd serving a directory on 127.0.0.1 (another
// process holding RocksDB's lock), ledgerctl and ledger-audit to completion.
// Every wait is bounded; none is a bare sleep for synchronisation.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.hpp"

extern char** environ;

namespace ledger::testing {

// Bounds on a child: ledgerd must say it listens within the first, a tool
// (a backup, an audit of a small ledger) must finish within the second.
inline constexpr std::chrono::seconds kStartBound{10};
inline constexpr std::chrono::seconds kToolBound{120};

// Waits, bounded, for `pid` to exit; kills it past the bound. Returns its
// wait status, or -1 if it had to be killed.
inline int WaitExit(pid_t pid, std::chrono::seconds bound) {
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + bound;
  pid_t waited = 0;
  // Polling a child's exit: there is no fd to wait on.
  while ((waited = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (waited == pid) return status;
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

inline pid_t Spawn(std::vector<std::string> words, int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot run " << words[0];
  return rc == 0 ? pid : -1;
}

struct ToolRun {
  int code = -1;  // exit code; -1 if it crashed or ran past kToolBound
  std::string out, err;
};

// Runs `args` (a program's path, then its arguments) to completion;
// its stdout and stderr go through files in `scratch`.
inline ToolRun RunCommand(const TempDir& scratch, std::vector<std::string> args) {
  static int runs = 0;
  const std::string out_path = scratch.Sub("tool-" + std::to_string(++runs) + ".out");
  const std::string err_path = out_path + ".err";
  int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ToolRun run;
  const pid_t pid = Spawn(std::move(args), out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  if (pid > 0) {
    const int status = WaitExit(pid, kToolBound);
    if (status != -1 && WIFEXITED(status)) run.code = WEXITSTATUS(status);
  }
  run.out = ReadText(out_path);
  run.err = ReadText(err_path);
  return run;
}

// Runs BinaryDir()/`program` with `args` to completion (RunCommand).
inline ToolRun RunTool(const TempDir& scratch, const std::string& program, std::vector<std::string> args) {
  args.insert(args.begin(), BinaryDir() + "/" + program);
  return RunCommand(scratch, std::move(args));
}

// ledgerd serving `dir` on 127.0.0.1 (a free port), stopped with SIGTERM.
// Its stderr (the access log too) is read all along by a thread, so that
// a full pipe never blocks it.
class LedgerdProcess {
 public:
  // `extra`: more flags, e.g. {"--tls-cert", cert, "--tls-key", key}.
  explicit LedgerdProcess(const std::string& dir, std::vector<std::string> extra = {}) {
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) return;
    std::vector<std::string> words = {BinaryDir() + "/api/ledgerd", "--data", dir, "--listen", "127.0.0.1:0"};
    words.insert(words.end(), extra.begin(), extra.end());
    pid_ = Spawn(std::move(words), STDOUT_FILENO, err_pipe[1]);
    close(err_pipe[1]);
    reader_ = std::thread([this, fd = err_pipe[0]] { ReadErr(fd); });
    if (pid_ > 0) port_ = AwaitPort();
  }
  ~LedgerdProcess() {
    if (pid_ > 0) Stop();
    if (reader_.joinable()) reader_.join();  // the pipe ends when ledgerd does
  }
  LedgerdProcess(const LedgerdProcess&) = delete;
  LedgerdProcess& operator=(const LedgerdProcess&) = delete;

  uint16_t port() const { return port_; }  // 0 if it did not start
  std::string err() const {
    std::lock_guard lock(mu_);
    return err_text_;
  }

  // SIGTERM; returns its exit code (-1 if it had to be killed).
  int Stop() {
    kill(pid_, SIGTERM);
    const int status = WaitExit(pid_, kStartBound);
    pid_ = -1;
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  void ReadErr(int fd) {
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
      std::lock_guard lock(mu_);
      err_text_.append(chunk, static_cast<std::size_t>(n));
      grew_.notify_all();
    }
    close(fd);
    std::lock_guard lock(mu_);
    ended_ = true;
    grew_.notify_all();
  }

  // Waits, bounded, for "ledgerd listening on http[s]://127.0.0.1:PORT\n".
  uint16_t AwaitPort() {
    const std::string marker = "://127.0.0.1:";
    std::unique_lock lock(mu_);
    std::size_t at = std::string::npos;
    const bool said = grew_.wait_for(lock, kStartBound, [&] {
      at = err_text_.find(marker);
      return ended_ || (at != std::string::npos && err_text_.find('\n', at) != std::string::npos);
    });
    if (!said || at == std::string::npos) return 0;
    return static_cast<uint16_t>(std::stoi(err_text_.substr(at + marker.size())));
  }

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable grew_;
  std::string err_text_;
  bool ended_ = false;
  std::thread reader_;
};

}  // namespace ledger::testing
