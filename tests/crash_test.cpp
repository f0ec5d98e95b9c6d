// Crash safety: a child process appends from many threads and is killed
// with SIGKILL at a random point; every append it acknowledged must be in
// the log after reopening, the chain and root must check out, and appending
// must continue. Repeated with different kill points.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace ledger {
namespace {

using testing::ExpectValidChain;
using testing::LedgerFixture;
using testing::NoteEntry;

constexpr int kAppenderThreads = 8;
constexpr int kRounds = 8;

// Runs in the child: appends until killed, reporting each acknowledged
// (seq, leaf hash) as one line on `ack_fd`. Lines are shorter than
// PIPE_BUF, so concurrent writes never interleave.
[[noreturn]] void AppendUntilKilled(const LedgerFixture& f, int ack_fd) {
  auto log = Log::Open({.dir = f.data_dir(), .checkpoint_interval = std::chrono::milliseconds(5)},
                       f.log_key());
  if (!log.ok()) _exit(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < kAppenderThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        // Some appends carry several events, to exercise multi-event groups.
        std::vector<Json> entries = {NoteEntry(t * 1'000'000 + i)};
        if (i % 5 == 0) entries.push_back(NoteEntry(t * 1'000'000 + i + 500'000));
        auto r = (*log)->Append(entries);
        if (!r.ok()) _exit(4);
        for (const Appended& a : *r) {
          std::string line = std::to_string(a.seq) + " " + HexEncode(a.leaf_hash) + "\n";
          if (write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
        }
      }
    });
  for (auto& t : threads) t.join();
  _exit(0);
}

// Reads acknowledgements until `want` lines arrived or the pipe closed.
void ReadAcks(FILE* acks, std::size_t want, std::map<uint64_t, std::string>& out) {
  char seq[32], hash[80];
  while (out.size() < want && std::fscanf(acks, "%31s %79s", seq, hash) == 2)
    out[std::stoull(seq)] = hash;
}

TEST(CrashSafety, AcknowledgedAppendsSurviveSigkill) {
  LedgerFixture f;
  std::mt19937 rng(20261123);
  uint64_t previous_size = 1;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      AppendUntilKilled(f, fds[1]);
    }
    close(fds[1]);
    FILE* acks = fdopen(fds[0], "r");
    std::map<uint64_t, std::string> acked;
    // Kill at a random point: after a random number of acknowledgements.
    const std::size_t kill_after = 1 + rng() % 3000;
    ReadAcks(acks, kill_after, acked);
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
    ReadAcks(acks, SIZE_MAX, acked);  // what was acknowledged before the kill
    fclose(acks);
    ASSERT_GE(acked.size(), kill_after);

    auto log = f.Open();
    ASSERT_NE(log, nullptr);
    for (const auto& [seq, hash] : acked) {
      ASSERT_LT(seq, log->size()) << "round " << round << ": acknowledged seq lost";
      EXPECT_EQ(HexEncode(*log->LeafHashAt(seq)), hash);
    }
    EXPECT_GE(log->size(), previous_size + acked.size());
    EXPECT_EQ(ExpectValidChain(*log), log->size());
    // Kept checkpoints still verify and are consistent with the tree.
    auto verifier = *ParseVerifierKey(log->verifier_key());
    auto cp = VerifyCheckpoint(*log->LatestCheckpoint(), verifier);
    ASSERT_TRUE(cp.ok());
    EXPECT_EQ(cp->root, *log->RootAt(cp->size));
    // Appending continues the chain.
    auto next = log->Append({NoteEntry(-round)});
    ASSERT_TRUE(next.ok());
    EXPECT_EQ((*next)[0].seq, log->size() - 1);
    previous_size = log->size();
  }
  EXPECT_EQ(ExpectValidChain(*f.Open()), previous_size);
}

}  // namespace
}  // namespace ledger
