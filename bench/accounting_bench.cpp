// Accounting benchmark (scripts/bench.sh accounting runs this): what the
// rules and the accounting read models cost on top of the log, and how
// fast the read models answer on a large ledger. The events are a realistic
// mix of money events (bench/accounting_mix.hpp), generated and signed
// before any clock starts.
//
//   accounting_bench --dir D [--part all|append|queries] [--threads T]
//                    [--append-events N] [--events N] [--samples K] [--query-seconds S]
//                    [--charities C]
//
// append: the same events twice in one run, T threads each: through
// Ledger::Submit in signed batches of 100 (signature, schemas, admission,
// accounts, projections), and through Log::Append in groups of 100 into a
// fresh ledger (the log alone). Then the single-thread cost of checking a
// batch's signature, so that signing and accounting can be told apart.
// queries: a ledger of N events built through Ledger::Submit in batches of
// 1000; latency of receipt traces, disbursement sources and fund pages; and
// how long Ledger::Open takes to replay it.
#include <atomic>
#include <iostream>

#include "ledger/submission.hpp"
#include "ledger_builder.hpp"

namespace ledger::bench {
namespace {

struct Args {
  std::string dir;
  std::string part = "all";
  int threads = 4;
  uint64_t append_events = 100'000;
  uint64_t events = 1'000'000;
  int samples = 20'000;
  double query_seconds = 6;  // per kind of query
  int charities = 10;
};

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

void PrintRun(const char* name, const RunResult& r) {
  std::printf("  %-36s %8llu %7.2f %9.0f %10.1f %8.1f %8zu\n", name, (unsigned long long)r.events,
              r.seconds, r.rate(), r.cpu_seconds * 1e6 / r.events,
              r.callers_cpu_seconds * 1e6 / r.events, r.refused);
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
    const PublicKey& key = mix.KeyOf(s.org.str());
    start = SteadyClock::now();
    const bool good = key.Verify(AsBytes(s.signed_bytes), s.sig);
    verify_s += SecondsSince(start);
    if (!good) std::abort();
  }
  return {parse_s * 1e6 / n, verify_s * 1e6 / n};
}

// The same stored entries, through Log::Append into a fresh ledger that
// holds the same setup events.
RunResult LogAloneRun(const std::string& dir, const Mix& mix, const std::vector<MixBatch>& batches,
                      int threads) {
  auto regulator = Must(PrivateKey::Generate(), "key");
  auto log = Must(Log::Open({.dir = dir}, InitDir(dir, regulator)), "open log");
  for (const Json& doc : Must(mix.Setup("reg", regulator), "setup"))
    Must(log->Append({doc}), "setup append");
  std::vector<std::vector<Json>> entries;
  for (const MixBatch& b : batches) entries.push_back(StoredEntries(b));
  return AppendAll(*log, entries, batches, threads);
}

void PrintComparison(const RunResult& accounting, const RunResult& log_alone) {
  auto us = [](double seconds, const RunResult& r) { return seconds * 1e6 / r.events; };
  std::printf("  accounting / log alone: %.2f of the events/s; %.2fx the CPU per event (callers "
              "%.1f vs %.1f us, writer thread and RocksDB background %.1f vs %.1f us)\n",
              accounting.rate() / log_alone.rate(),
              us(accounting.cpu_seconds, accounting) / us(log_alone.cpu_seconds, log_alone),
              us(accounting.callers_cpu_seconds, accounting), us(log_alone.callers_cpu_seconds, log_alone),
              us(accounting.cpu_seconds - accounting.callers_cpu_seconds, accounting),
              us(log_alone.cpu_seconds - log_alone.callers_cpu_seconds, log_alone));
}

bool AppendPart(const Args& a) {
  auto mix = Must(Mix::Make({.charities = a.charities, .groups = a.threads, .batch_size = 100}), "mix");
  const auto batches = Must(mix->Next(a.append_events), "generate");
  std::printf("accounting append: the same %zu events through the log alone and through "
              "Ledger::Submit, %d threads, groups of 100\n", batches.size() * 100, a.threads);
  std::printf("  mix: %s\n", mix->Describe().c_str());
  std::printf("  cpu: microseconds of CPU per event in the whole process; callers: of which the %d "
              "calling threads\n", a.threads);
  std::printf("  %-36s %8s %7s %9s %10s %8s %8s\n", "run", "events", "seconds", "events/s", "cpu",
              "callers", "refused");
  const RunResult log_alone = LogAloneRun(a.dir + "/log-alone", *mix, batches, a.threads);
  PrintRun("log alone (Log::Append)", log_alone);
  std::vector<uint64_t> first_seqs;
  const RunResult accounting =
      SubmitAll(*SetUpLedger(a.dir + "/accounting", *mix).ledger, batches, a.threads, first_seqs);
  PrintRun("accounting (Ledger::Submit, batches)", accounting);
  PrintComparison(accounting, log_alone);
  std::printf("  on disk after the run: log alone %.0f MiB, accounting %.0f MiB\n",
              DirMiB(a.dir + "/log-alone"), DirMiB(a.dir + "/accounting"));
  const auto [parse_us, verify_us] = SigningCost(batches, *mix);
  std::printf("  per batch of 100, one thread: Ed25519 verify %.0f us (%.2f us/event); parsing, "
              "schemas and signed bytes %.0f us (%.2f us/event)\n",
              verify_us, verify_us / 100, parse_us, parse_us / 100);
  std::fflush(stdout);
  return accounting.refused == 0;
}

void PrintLatency(const char* name, std::vector<double>& us) {
  std::printf("  %-36s %8zu %8.1f %8.1f %8.1f\n", name, us.size(), Percentile(us, 50),
              Percentile(us, 99), Percentile(us, 100));
}

// Times `query` on `samples` random picks from `keys`, for at most
// `seconds` in all.
template <class K, class Fn>
std::vector<double> Sample(const std::vector<K>& keys, int samples, double seconds,
                           std::mt19937_64& rng, Fn query) {
  std::vector<double> us;
  const auto from = SteadyClock::now();
  for (int i = 0; i < samples && !keys.empty() && SecondsSince(from) < seconds; ++i) {
    const K& key = keys[rng() % keys.size()];
    const auto start = SteadyClock::now();
    auto answer = query(key);
    us.push_back(SecondsSince(start) * 1e6);
    if (!answer.ok()) Die("query", answer.error());
  }
  return us;
}

constexpr std::size_t kBuildBatch = 1000;

void PrintBuilt(const Built& built, int threads) {
  const RunResult& r = built.run;
  std::printf("  built in %.1f s through Ledger::Submit (%.0f events/s, signed batches of %zu, %d "
              "threads; %.1f s more generating and signing, not timed); refused batches: %zu\n",
              r.seconds, r.rate(), kBuildBatch, threads, built.generating_seconds, r.refused);
  std::printf("  cpu per event %.1f us, of which the calling threads %.1f us\n",
              r.cpu_seconds * 1e6 / r.events, r.callers_cpu_seconds * 1e6 / r.events);
  if (!r.first_refusal.empty()) std::printf("    first refusal: %s\n", r.first_refusal.c_str());
}

void QueryLatency(const Ledger& ledger, const Built& built, const std::vector<std::string>& funds,
                  const Args& a) {
  std::mt19937_64 rng(7);
  const double s = a.query_seconds;
  auto traces = Sample(built.receipts, a.samples, s, rng,
                       [&](const std::string& r) { return ledger.ReceiptTraceJson(r); });
  auto sources = Sample(built.disbursements, a.samples, s, rng,
                        [&](uint64_t seq) { return ledger.SourcesJson(seq); });
  auto pages = Sample(funds, a.samples, s, rng,
                      [&](const std::string& id) { return ledger.FundJson(id, 0, 100); });
  // The same pages asked from each fund's oldest live lot on: what skipping
  // the deleted lots before it costs the default page.
  std::vector<std::pair<std::string, uint64_t>> firsts;
  for (const std::string& id : funds) {
    const Json page = Must(ledger.FundJson(id, 0, 1), "fund");
    firsts.emplace_back(id, page["lots"].empty() ? 0 : page["lots"][0]["order"].get<uint64_t>());
  }
  auto live_pages = Sample(firsts, a.samples, s, rng,
                           [&](const auto& f) { return ledger.FundJson(f.first, f.second, 100); });
  std::printf("  random picks, one thread, at most %d or %.0f s each (microseconds)\n", a.samples, s);
  std::printf("  %-36s %8s %8s %8s %8s\n", "query", "samples", "p50", "p99", "max");
  PrintLatency("receipt trace with its proof", traces);
  PrintLatency("disbursement sources", sources);
  PrintLatency("fund with its first 100 lots", pages);
  PrintLatency("  the same, from the oldest live lot", live_pages);
}

// Closes the ledger and times opening it again (it reads the stored
// state; nothing is replayed); true when the funds read the same.
bool Reopen(OpenLedger& open, const std::string& dir, const std::vector<std::string>& funds) {
  const uint64_t size = open.ledger->log().size();
  std::vector<Json> before;
  for (const std::string& id : funds) before.push_back(Must(open.ledger->FundJson(id, 0, 1000), "fund"));
  open.ledger.reset();
  const auto start = SteadyClock::now();
  open.ledger = Must(Ledger::Open({.dir = dir}, open.log_key), "reopen");
  const double seconds = SecondsSince(start);
  bool same = true;
  for (std::size_t i = 0; i < funds.size(); ++i)
    same = same && Must(open.ledger->FundJson(funds[i], 0, 1000), "fund") == before[i];
  std::printf("  Ledger::Open of the %llu-event ledger (reads the stored state): %.2f s; "
              "data %.0f MiB; funds as before: %s\n",
              (unsigned long long)size, seconds, DirMiB(dir), same ? "yes" : "NO");
  return same;
}

bool QueriesPart(const Args& a) {
  auto mix = Must(Mix::Make({.charities = a.charities, .groups = a.threads,
                             .batch_size = kBuildBatch, .seed = 2}), "mix");
  const std::string dir = a.dir + "/queries";
  OpenLedger open = SetUpLedger(dir, *mix);
  const Built built = Build(*open.ledger, *mix, a.events, a.threads, 100 * kBuildBatch);
  std::printf("accounting queries on a ledger of %llu events\n",
              (unsigned long long)open.ledger->log().size());
  std::printf("  mix: %s\n", mix->Describe().c_str());
  PrintBuilt(built, a.threads);
  const std::vector<std::string> funds = mix->FundIds();
  QueryLatency(*open.ledger, built, funds, a);
  const bool same = Reopen(open, dir, funds);
  std::fflush(stdout);
  return same && built.run.refused == 0;
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
    else if (flag == "--query-seconds") a.query_seconds = std::stod(value);
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
                 "[--append-events N] [--events N] [--samples K] [--query-seconds S] [--charities C]\n"
                 "  (each thread submits for a group of at least 2 charities: T <= C/2)\n";
    std::exit(2);
  }
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  // A refused batch means the generator's accounts and the ledger's differ.
  const auto args = ledger::bench::Parse(argc, argv);
  bool clean = true;
  if (args.part != "queries") clean = ledger::bench::AppendPart(args) && clean;
  if (args.part != "append") clean = ledger::bench::QueriesPart(args) && clean;
  return clean ? 0 : 1;
}
