// Builds large benchmark ledgers: a fresh ledger with the mix's charities
// and funds (bench/accounting_mix.hpp), filled through Ledger::Submit from
// one thread per group, with the wall and CPU time of submitting. Shared by
// the accounting and audit benchmarks, which need the same kind of ledger.
#pragma once

#include <errno.h>
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "accounting_mix.hpp"
#include "bench_util.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"

namespace ledger::bench {

namespace fs = std::filesystem;

[[noreturn]] inline void Die(const std::string& what, const Error& error) {
  std::cerr << program_invocation_short_name << ": " << what << ": " << error.ToString() << "\n";
  std::exit(1);
}

template <class T>
T Must(Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what, result.error());
  return std::move(*result);
}

inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A new ledger in `dir` whose genesis names `regulator` as "reg"; returns
// the log key.
inline PrivateKey InitDir(const std::string& dir, const PrivateKey& regulator) {
  fs::remove_all(dir);
  Must(InitLedger({.dir = dir, .origin = "bench.example/accounting",
                   .regulator = {"reg", "Regulator", regulator.public_key()}}),
       "init " + dir);
  return Must(PrivateKey::ReadPemFile(dir + "/" + kLogKeyFile), "log key");
}

inline double DirMiB(const std::string& dir) {
  uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) bytes += entry.file_size();
  return bytes / 1048576.0;
}

struct OpenLedger {
  std::unique_ptr<Ledger> ledger;
  PrivateKey log_key;  // to open it again
};

// A ledger with the mix's charities registered and their funds open.
inline OpenLedger SetUpLedger(const std::string& dir, const Mix& mix) {
  auto regulator = Must(PrivateKey::Generate(), "key");
  OpenLedger open{.log_key = InitDir(dir, regulator)};
  open.ledger = Must(Ledger::Open({.dir = dir}, open.log_key), "open " + dir);
  for (const Json& doc : Must(mix.Setup("reg", regulator), "setup"))
    Must(open.ledger->Submit(doc), "setup " + doc.value("idem", ""));
  return open;
}

struct RunResult {
  uint64_t events = 0;
  double seconds = 0, cpu_seconds = 0, callers_cpu_seconds = 0;
  std::size_t refused = 0;  // batches
  std::string first_refusal;

  double rate() const { return events / seconds; }
};

inline double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

// Runs `work(group)` on one thread per group; times them together, and
// apart the CPU of these calling threads from the whole process's (the
// rest is the log's writer thread and RocksDB's background work).
template <class Fn>
RunResult Timed(int groups, Fn work) {
  RunResult result;
  std::atomic<double> callers_cpu{0};
  const double cpu_from = CpuSeconds();
  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  for (int g = 0; g < groups; ++g)
    threads.emplace_back([&, g] {
      const double from = ThreadCpuSeconds();
      work(g);
      callers_cpu += ThreadCpuSeconds() - from;
    });
  for (auto& thread : threads) thread.join();
  result.seconds = SecondsSince(start);
  result.cpu_seconds = CpuSeconds() - cpu_from;
  result.callers_cpu_seconds = callers_cpu;
  return result;
}

// Submits every batch, each group's in order on its own thread. Sets
// first_seqs[i] to the seq of batch i's first event (0 if refused).
inline RunResult SubmitAll(Ledger& ledger, const std::vector<MixBatch>& batches, int groups,
                           std::vector<uint64_t>& first_seqs) {
  first_seqs.assign(batches.size(), 0);
  std::atomic<uint64_t> events{0};
  std::atomic<std::size_t> refused{0};
  std::mutex mu;
  std::string first_refusal;
  RunResult result = Timed(groups, [&](int group) {
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (batches[i].group != group) continue;
      auto outcome = ledger.Submit(batches[i].doc);
      if (outcome.ok()) {
        first_seqs[i] = outcome->results.front().seq;
        events += outcome->results.size();
        continue;
      }
      ++refused;
      std::lock_guard lock(mu);
      if (first_refusal.empty()) first_refusal = outcome.error().ToString();
    }
  });
  result.events = events;
  result.refused = refused;
  result.first_refusal = first_refusal;
  return result;
}

// The build's timing, and what the queries pick from: every accepted
// donation's receipt and disbursement's seq.
struct Built {
  RunResult run;
  double generating_seconds = 0;
  std::vector<std::string> receipts;
  std::vector<uint64_t> disbursements;
};

// Fills `ledger` up to at least `events` events through Ledger::Submit, a
// chunk at a time, so that the signed events of a large ledger need not all
// be in memory at once (`chunk_events` at a time). Only submitting is timed.
inline Built Build(Ledger& ledger, Mix& mix, uint64_t events, int threads, uint64_t chunk_events) {
  Built built;
  RunResult& run = built.run;
  while (ledger.log().size() < events) {
    const uint64_t left = events - ledger.log().size();
    const auto start = SteadyClock::now();
    const auto batches = Must(mix.Next(std::min(left, chunk_events)), "generate");
    built.generating_seconds += SecondsSince(start);
    std::vector<uint64_t> first_seqs;
    const RunResult chunk = SubmitAll(ledger, batches, threads, first_seqs);
    run.events += chunk.events, run.seconds += chunk.seconds, run.refused += chunk.refused;
    run.cpu_seconds += chunk.cpu_seconds, run.callers_cpu_seconds += chunk.callers_cpu_seconds;
    if (run.first_refusal.empty()) run.first_refusal = chunk.first_refusal;
    if (chunk.events == 0) break;  // all refused: the ledger would never fill
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (first_seqs[i] == 0) continue;
      const MixBatch& b = batches[i];
      built.receipts.insert(built.receipts.end(), b.receipts.begin(), b.receipts.end());
      for (std::size_t d : b.disbursements) built.disbursements.push_back(first_seqs[i] + d);
    }
    std::fprintf(stderr, "\rbuilding: %llu / %llu events", (unsigned long long)ledger.log().size(),
                 (unsigned long long)events);
  }
  std::fprintf(stderr, "\n");
  return built;
}

}  // namespace ledger::bench
