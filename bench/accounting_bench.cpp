// Accounting benchmark (scripts/bench.sh accounting runs this): what the
// rules and the accounting read models cost on top of the log, and how
// fast the read models answer on a large ledger. The events are a realistic
// mix of money events (bench/accounting_mix.hpp), generated and signed
// before any clock starts.
//
//   accounting_bench --dir D [--part all|append|queries] [--threads T]
//                    [--append-events N] [--events N] [--samples K] [--charities C]
//
// append: the same events twice in one run, T threads each: through
// Ledger::Submit in signed batches of 100 (signature, schemas, admission,
// accounts, projections), and through Log::Append in groups of 100 into a
// fresh ledger (the log alone). Then the single-thread cost of checking a
// batch's signature, so that signing and accounting can be told apart.
// queries: a ledger of N events built through Ledger::Submit in batches of
// 1000; latency of receipt traces, disbursement sources and fund pages; and
// how long Ledger::Open takes to replay it.
#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "accounting_mix.hpp"
#include "bench_util.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledger/submission.hpp"

namespace ledger::bench {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::string dir;
  std::string part = "all";
  int threads = 4;
  uint64_t append_events = 200'000;
  uint64_t events = 1'000'000;
  int samples = 20'000;
  int charities = 10;
};

[[noreturn]] void Die(const std::string& what, const Error& error) {
  std::cerr << "accounting_bench: " << what << ": " << error.ToString() << "\n";
  std::exit(1);
}

template <class T>
T Must(Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what, result.error());
  return std::move(*result);
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A new ledger in `dir` whose genesis names `regulator` as "reg"; returns
// the log key.
PrivateKey InitDir(const std::string& dir, const PrivateKey& regulator) {
  fs::remove_all(dir);
  Must(InitLedger({.dir = dir, .origin = "bench.example/accounting",
                   .regulator = {"reg", "Regulator", regulator.public_key()}}),
       "init " + dir);
  return Must(PrivateKey::ReadPemFile(dir + "/" + kLogKeyFile), "log key");
}

// A ledger with the mix's charities registered and their funds open.
std::unique_ptr<Ledger> SetUpLedger(const std::string& dir, const Mix& mix, PrivateKey& log_key) {
  auto regulator = Must(PrivateKey::Generate(), "key");
  log_key = InitDir(dir, regulator);
  auto ledger = Must(Ledger::Open({.dir = dir}, log_key), "open " + dir);
  for (const Json& doc : Must(mix.Setup("reg", regulator), "setup"))
    Must(ledger->Submit(doc), "setup " + doc.value("idem", ""));
  return ledger;
}

// The entries of a batch as the log stores them, less the stamps: type,
// org, idem and body, with the batch's signature as "sig".
std::vector<Json> StoredEntries(const Json& batch) {
  std::vector<Json> entries;
  for (const Json& e : batch.at("events"))
    entries.push_back({{"type", e.at("type")}, {"org", batch.at("org")}, {"idem", e.at("idem")},
                       {"body", e.at("body")}, {"sig", batch.at("sig")}});
  return entries;
}

struct RunResult {
  uint64_t events = 0;
  double seconds = 0, cpu_seconds = 0;
  std::size_t refused = 0;  // batches
  std::string first_refusal;

  double rate() const { return events / seconds; }
};

// Runs `work(group)` on one thread per group; times them together.
template <class Fn>
RunResult Timed(int groups, Fn work) {
  RunResult result;
  const double cpu_from = CpuSeconds();
  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  for (int g = 0; g < groups; ++g) threads.emplace_back(work, g);
  for (auto& thread : threads) thread.join();
  result.seconds = SecondsSince(start);
  result.cpu_seconds = CpuSeconds() - cpu_from;
  return result;
}

// Submits every batch, each group's in order on its own thread. Sets
// first_seqs[i] to the seq of batch i's first event (0 if refused).
RunResult SubmitAll(Ledger& ledger, const std::vector<MixBatch>& batches, int groups,
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

// Appends every batch's stored entries with Log::Append, each group's in
// order on its own thread.
RunResult AppendAll(Log& log, std::vector<std::vector<Json>>& entries,
                    const std::vector<MixBatch>& batches, int groups) {
  std::atomic<uint64_t> events{0};
  RunResult result = Timed(groups, [&](int group) {
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (batches[i].group != group) continue;
      const std::size_t n = entries[i].size();
      Must(log.Append(std::move(entries[i])), "append");
      events += n;
    }
  });
  result.events = events;
  return result;
}

void PrintMix(const Mix& mix) {
  const MixCounts& c = mix.counts();
  const double all = static_cast<double>(c.total());
  const auto [lots, most] = mix.Lots();
  std::printf("  mix: %llu donations (%.1f%%, %llu designated), %llu transfers (%.1f%%, %llu to "
              "other charities), %llu disbursements (%.1f%%), %llu expenses (%.1f%%); lots held "
              "at the end %zu, most in one fund %zu\n",
              (unsigned long long)c.donations, 100 * c.donations / all,
              (unsigned long long)c.designated, (unsigned long long)c.transfers,
              100 * c.transfers / all, (unsigned long long)c.cross_org,
              (unsigned long long)c.disbursements, 100 * c.disbursements / all,
              (unsigned long long)c.expenses, 100 * c.expenses / all, lots, most);
}

void PrintRun(const char* name, const RunResult& r) {
  std::printf("  %-34s %9llu %8.2f %10.0f %12.1f %8zu\n", name, (unsigned long long)r.events,
              r.seconds, r.rate(), r.cpu_seconds * 1e6 / r.events, r.refused);
  if (!r.first_refusal.empty()) std::printf("    first refusal: %s\n", r.first_refusal.c_str());
  std::fflush(stdout);
}

// Single-thread cost of what Ledger::Submit does to a batch before the
// rules: parsing it (shape, schemas, signed bytes, content hashes), and the
// one Ed25519 verify. Microseconds per batch.
std::pair<double, double> SigningCost(const std::vector<MixBatch>& batches, const Mix& mix) {
  const std::size_t n = std::min<std::size_t>(batches.size(), 200);
  double parse_s = 0, verify_s = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto start = SteadyClock::now();
    Submission s = Must(ParseSubmission(batches[i].doc), "parse");
    parse_s += SecondsSince(start);
    const PublicKey& key = mix.KeyOf(s.org);
    start = SteadyClock::now();
    const bool good = key.Verify(AsBytes(s.signed_bytes), s.sig);
    verify_s += SecondsSince(start);
    if (!good) std::abort();
  }
  return {parse_s * 1e6 / n, verify_s * 1e6 / n};
}

void AppendPart(const Args& a) {
  auto mix = Must(Mix::Make({.charities = a.charities, .groups = a.threads, .batch_size = 100}), "mix");
  const auto batches = Must(mix->Next(a.append_events), "generate");
  std::vector<std::vector<Json>> entries;
  for (const MixBatch& b : batches) entries.push_back(StoredEntries(b.doc));
  std::printf("accounting append: the same %zu events through the log alone and through "
              "Ledger::Submit, %d threads, groups of 100\n", batches.size() * 100, a.threads);
  PrintMix(*mix);
  std::printf("  %-34s %9s %8s %10s %12s %8s\n", "run", "events", "seconds", "events/s",
              "cpu us/event", "refused");
  RunResult log_alone;
  {
    PrivateKey log_key;
    const std::string dir = a.dir + "/log-alone";
    auto regulator = Must(PrivateKey::Generate(), "key");
    log_key = InitDir(dir, regulator);
    auto log = Must(Log::Open({.dir = dir}, log_key), "open log");
    for (const Json& doc : Must(mix->Setup("reg", regulator), "setup"))
      Must(log->Append({doc}), "setup append");
    log_alone = AppendAll(*log, entries, batches, a.threads);
  }
  PrintRun("log alone (Log::Append)", log_alone);
  RunResult accounting;
  {
    PrivateKey log_key;
    auto ledger = SetUpLedger(a.dir + "/accounting", *mix, log_key);
    std::vector<uint64_t> first_seqs;
    accounting = SubmitAll(*ledger, batches, a.threads, first_seqs);
  }
  PrintRun("accounting (Ledger::Submit, batches)", accounting);
  std::printf("  accounting / log alone: %.2f of the events/s, %.2fx the CPU per event\n",
              accounting.rate() / log_alone.rate(),
              (accounting.cpu_seconds / accounting.events) / (log_alone.cpu_seconds / log_alone.events));
  const auto [parse_us, verify_us] = SigningCost(batches, *mix);
  std::printf("  per batch of 100, one thread: Ed25519 verify %.0f us (%.2f us/event); parsing, "
              "schemas and signed bytes %.0f us (%.2f us/event)\n",
              verify_us, verify_us / 100, parse_us, parse_us / 100);
  std::fflush(stdout);
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) bytes += entry.file_size();
  return bytes;
}

void PrintLatency(const char* name, std::vector<double>& us) {
  std::printf("  %-32s %8.1f %8.1f %8.1f\n", name, Percentile(us, 50), Percentile(us, 99),
              Percentile(us, 100));
}

// Times `query` on `samples` random picks from `keys`.
template <class K, class Fn>
std::vector<double> Sample(const std::vector<K>& keys, int samples, std::mt19937_64& rng, Fn query) {
  std::vector<double> us;
  for (int i = 0; i < samples && !keys.empty(); ++i) {
    const K& key = keys[rng() % keys.size()];
    const auto start = SteadyClock::now();
    auto answer = query(key);
    us.push_back(SecondsSince(start) * 1e6);
    if (!answer.ok()) Die("query", answer.error());
  }
  return us;
}

void QueriesPart(const Args& a) {
  constexpr std::size_t kBatch = 1000, kChunkBatches = 100;
  auto mix = Must(Mix::Make({.charities = a.charities, .groups = a.threads, .batch_size = kBatch,
                             .seed = 2}), "mix");
  const std::string dir = a.dir + "/queries";
  PrivateKey log_key;
  auto ledger = SetUpLedger(dir, *mix, log_key);
  std::vector<std::string> receipts;
  std::vector<uint64_t> disbursements;
  RunResult built;
  double generating = 0;
  // Made and submitted a chunk at a time, so that the signed events of a
  // large ledger need not all be in memory at once.
  while (ledger->log().size() + kBatch <= a.events) {
    const uint64_t left = a.events - ledger->log().size();
    auto start = SteadyClock::now();
    const auto batches = Must(mix->Next(std::min<uint64_t>(left - left % kBatch, kChunkBatches * kBatch)), "generate");
    generating += SecondsSince(start);
    std::vector<uint64_t> first_seqs;
    RunResult chunk = SubmitAll(*ledger, batches, a.threads, first_seqs);
    built.events += chunk.events, built.seconds += chunk.seconds, built.refused += chunk.refused;
    if (built.first_refusal.empty()) built.first_refusal = chunk.first_refusal;
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (first_seqs[i] == 0) continue;
      receipts.insert(receipts.end(), batches[i].receipts.begin(), batches[i].receipts.end());
      for (std::size_t d : batches[i].disbursements) disbursements.push_back(first_seqs[i] + d);
    }
    std::fprintf(stderr, "\rbuilding: %llu / %llu events", (unsigned long long)ledger->log().size(),
                 (unsigned long long)a.events);
  }
  std::fprintf(stderr, "\n");
  const uint64_t size = ledger->log().size();
  std::printf("accounting queries on a ledger of %llu events\n", (unsigned long long)size);
  PrintMix(*mix);
  std::printf("  built in %.1f s through Ledger::Submit (%.0f events/s, signed batches of %zu, %d "
              "threads; %.1f s more generating and signing, not timed); refused batches: %zu\n",
              built.seconds, built.rate(), kBatch, a.threads, generating, built.refused);
  if (!built.first_refusal.empty()) std::printf("    first refusal: %s\n", built.first_refusal.c_str());

  std::mt19937_64 rng(7);
  const std::vector<std::string> funds = mix->FundIds();
  auto traces = Sample(receipts, a.samples, rng, [&](const std::string& r) { return ledger->ReceiptTraceJson(r); });
  auto sources = Sample(disbursements, a.samples, rng, [&](uint64_t seq) { return ledger->SourcesJson(seq); });
  auto pages = Sample(funds, a.samples, rng, [&](const std::string& id) { return ledger->FundJson(id, 0, 100); });
  std::printf("  %d random samples each, one thread (microseconds)  p50      p99      max\n", a.samples);
  PrintLatency("receipt trace with its proof", traces);
  PrintLatency("disbursement sources", sources);
  PrintLatency("fund with its first 100 lots", pages);

  std::vector<Json> before;
  for (const std::string& id : funds) before.push_back(Must(ledger->FundJson(id, 0, 1000), "fund"));
  ledger.reset();
  const auto start = SteadyClock::now();
  ledger = Must(Ledger::Open({.dir = dir}, log_key), "reopen");
  const double open_s = SecondsSince(start);
  bool same = true;
  for (std::size_t i = 0; i < funds.size(); ++i)
    same = same && Must(ledger->FundJson(funds[i], 0, 1000), "fund") == before[i];
  std::printf("  Ledger::Open (replays the log to rebuild the accounts): %.1f s (%.0f events/s); "
              "data %.0f MiB; funds as before: %s\n",
              open_s, size / open_s, DirBytes(dir) / 1048576.0, same ? "yes" : "NO");
  std::fflush(stdout);
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--part") a.part = value;
    else if (flag == "--threads") a.threads = std::stoi(value);
    else if (flag == "--append-events") a.append_events = std::stoull(value);
    else if (flag == "--events") a.events = std::stoull(value);
    else if (flag == "--samples") a.samples = std::stoi(value);
    else if (flag == "--charities") a.charities = std::stoi(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      std::exit(2);
    }
  }
  const bool part_ok = a.part == "all" || a.part == "append" || a.part == "queries";
  if (a.dir.empty() || argc % 2 == 0 || !part_ok || a.charities < 2 || a.threads < 1 ||
      a.threads > a.charities / 2) {
    std::cerr << "usage: accounting_bench --dir D [--part all|append|queries] [--threads T] "
                 "[--append-events N] [--events N] [--samples K] [--charities C]\n"
                 "  (each thread submits for a group of at least 2 charities: T <= C/2)\n";
    std::exit(2);
  }
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  const auto args = ledger::bench::Parse(argc, argv);
  if (args.part != "queries") ledger::bench::AppendPart(args);
  if (args.part != "append") ledger::bench::QueriesPart(args);
  return 0;
}
