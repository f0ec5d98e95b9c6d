// Log benchmarks (scripts/bench.sh runs this): durable append throughput
// against a raw RocksDB baseline writing the same bytes with the same sync
// policy and concurrency, and proof latency on a large log.
//
//   ledger_bench append  --dir D [--seconds S] [--threads 1,8,64]
//   ledger_bench proofs  --dir D [--events N] [--samples K]
#include <atomic>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>


#include "bench_util.hpp"
#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledger/store.hpp"

namespace ledger::bench {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::string mode;
  std::string dir;
  double seconds = 3;
  std::vector<int> threads = {1, 8, 64};
  uint64_t events = 1'000'000;
  int samples = 20'000;
};

std::unique_ptr<Log> NewLedger(const std::string& dir) {
  fs::remove_all(dir);
  auto regulator = *PrivateKey::Generate();
  auto made = InitLedger({.dir = dir, .origin = "bench.example/log",
                          .regulator = {"reg", "Regulator", regulator.public_key()}});
  if (!made.ok()) {
    std::cerr << "init: " << made.error().ToString() << "\n";
    std::exit(1);
  }
  auto key = *PrivateKey::ReadPemFile(dir + "/" + kLogKeyFile);
  auto log = Log::Open({.dir = dir}, key);
  if (!log.ok()) std::abort();
  return std::move(*log);
}

// Runs `threads` workers calling `one(worker, i)` until `seconds` pass;
// returns operations per second.
template <class Fn>
double RunFor(int threads, double seconds, Fn one) {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0};
  std::vector<std::thread> workers;
  const auto start = SteadyClock::now();
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      uint64_t mine = 0;
      while (!stop.load(std::memory_order_relaxed)) one(t, mine++);
      done += mine;
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  return done.load() / SecondsSince(start);
}

double LogAppendRate(const std::string& dir, int threads, double seconds, std::size_t& bytes) {
  auto log = NewLedger(dir);
  double rate = RunFor(threads, seconds, [&](int t, uint64_t i) {
    auto r = log->Append({DonationEntry(uint64_t(t) << 32 | i)});
    if (!r.ok()) std::abort();
  });
  bytes = log->ReadEvent(1)->size();
  return rate;
}

// The same stamped bytes, written by RocksDB alone (through the store, the
// one door to it): one synced write of one Put per event into the events
// column keyed by seq, from `threads` writers; RocksDB groups them.
double RawRocksRate(const std::string& dir, int threads, double seconds,
                    const std::string& event) {
  fs::remove_all(dir);
  auto store = Store::Open({.dir = dir, .create_if_missing = true});
  if (!store.ok()) std::abort();
  std::atomic<uint64_t> seq{0};
  return RunFor(threads, seconds, [&](int, uint64_t) {
    WriteSet writes(**store);
    writes.Put(Column::kEvents, SeqKey(seq.fetch_add(1)), event);
    if (!(*store)->Write(writes, /*sync=*/true).ok()) std::abort();
  });
}

void Append(const Args& a) {
  std::printf("durable append, events of ~400 bytes, %.0f s per run\n", a.seconds);
  std::printf("%8s %16s %16s %8s\n", "threads", "ledger ev/s", "raw rocksdb ev/s", "ratio");
  for (int threads : a.threads) {
    std::size_t bytes = 0;
    double ledger_rate = LogAppendRate(a.dir + "/ledger", threads, a.seconds, bytes);
    std::string event(bytes, 'x');
    double raw_rate = RawRocksRate(a.dir + "/raw", threads, a.seconds, event);
    std::printf("%8d %16.0f %16.0f %8.2f   (event %zu bytes)\n", threads, ledger_rate, raw_rate,
                ledger_rate / raw_rate, bytes);
    std::fflush(stdout);
  }
}

void Proofs(const Args& a) {
  const std::string dir = a.dir + "/proofs";
  auto log = NewLedger(dir);
  const auto start = SteadyClock::now();
  std::vector<Json> batch;
  while (log->size() < a.events) {
    batch.clear();
    const uint64_t n = std::min<uint64_t>(1000, a.events - log->size());
    for (uint64_t i = 0; i < n; ++i) batch.push_back(DonationEntry(log->size() + i));
    if (!log->Append(std::move(batch)).ok()) std::abort();
    if (log->size() % 100'000 == 0)
      std::fprintf(stderr, "\rbuilding: %llu / %llu events", (unsigned long long)log->size(),
                   (unsigned long long)a.events);
  }
  std::fprintf(stderr, "\n");
  std::printf("built a %llu-event log in %.1f s (%.0f ev/s in batches of 1000)\n",
              (unsigned long long)log->size(), SecondsSince(start),
              log->size() / SecondsSince(start));
  const uint64_t size = log->size();
  std::mt19937_64 rng(7);
  std::vector<double> inclusion_us, consistency_us;
  for (int i = 0; i < a.samples; ++i) {
    const uint64_t seq = rng() % size;
    auto t0 = SteadyClock::now();
    auto p = log->InclusionProof(seq, size);
    inclusion_us.push_back(SecondsSince(t0) * 1e6);
    if (!p.ok()) std::abort();
    const uint64_t from = 1 + rng() % size;
    t0 = SteadyClock::now();
    auto c = log->ConsistencyProof(from, size);
    consistency_us.push_back(SecondsSince(t0) * 1e6);
    if (!c.ok()) std::abort();
  }
  std::printf("proofs on %llu events, %d samples each (microseconds)\n",
              (unsigned long long)size, a.samples);
  std::printf("  inclusion    p50 %7.1f  p99 %7.1f  max %7.1f\n", Percentile(inclusion_us, 50),
              Percentile(inclusion_us, 99), Percentile(inclusion_us, 100));
  std::printf("  consistency  p50 %7.1f  p99 %7.1f  max %7.1f\n",
              Percentile(consistency_us, 50), Percentile(consistency_us, 99),
              Percentile(consistency_us, 100));
}

Args Parse(int argc, char** argv) {
  Args a;
  if (argc < 2) {
    std::cerr << "usage: ledger_bench append|proofs --dir D [--seconds S] [--threads 1,8,64] "
                 "[--events N] [--samples K]\n";
    std::exit(2);
  }
  a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--seconds") a.seconds = std::stod(value);
    else if (flag == "--events") a.events = std::stoull(value);
    else if (flag == "--samples") a.samples = std::stoi(value);
    else if (flag == "--threads") {
      a.threads.clear();
      std::stringstream ss(value);
      for (std::string t; std::getline(ss, t, ',');) a.threads.push_back(std::stoi(t));
    } else {
      std::cerr << "unknown flag " << flag << "\n";
      std::exit(2);
    }
  }
  if (a.dir.empty()) {
    std::cerr << "--dir is required\n";
    std::exit(2);
  }
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  auto args = ledger::bench::Parse(argc, argv);
  if (args.mode == "append") ledger::bench::Append(args);
  else if (args.mode == "proofs") ledger::bench::Proofs(args);
  else return 2;
  return 0;
}
