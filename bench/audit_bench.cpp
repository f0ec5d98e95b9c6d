// Audit benchmark (scripts/bench.sh audit runs this): how fast ledger-audit
// checks a large closed ledger, on one thread, in each of its modes, and
// what reading and hashing the events alone costs on the same ledger.
//
//   audit_bench --dir D [--part all|build|measure] [--events N] [--runs R] [--full-runs F]
//               [--threads T]
//   audit_bench --one MODE --data LEDGER_DIR
//
// build: a ledger of N events in D/ledger through Ledger::Submit in signed
// batches of 100 (the accounting mix, bench/accounting_mix.hpp), T threads;
// then a last checkpoint, and the ledger is closed. measure: R rounds over
// that ledger; each round runs every mode once (the two full modes only in
// the first F rounds: they take a minute or more each on 1M events), each
// run in a fresh process (`--one`), so that a run's peak RSS is its own and
// no run inherits another's heap or block cache. The modes:
//   read+hash  raw RocksDB scan of the events column and the leaf hash of
//              each event (ledger::LeafHash), nothing else: the floor;
//   chain      RunAudit(store, {.rules = false}): seq, hash chain, Merkle
//              root and every checkpoint's signature;
//   full-noproj  RunAudit(store, {.projections = false}): also every rule;
//   full       RunAudit(store, {}): also the stored projections compared
//              with the replayed ones (what `ledger-audit --data` does).
// A run's time includes opening the ledger (read-only, which replays its
// write-ahead log) and is reported apart from it too. Then the two fast
// modes again, after one read-write open has flushed the WAL into tables.
#include <sys/resource.h>
#include <time.h>

#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>


#include "auditor.hpp"
#include "ledger/merkle.hpp"
#include "ledger/store.hpp"
#include "ledger_builder.hpp"
#include "store_source.hpp"

namespace ledger::bench {
namespace {

constexpr const char* kModes[] = {"read+hash", "chain", "full-noproj", "full"};
constexpr uint64_t kBuildBatch = 100;             // events per signed batch
constexpr uint64_t kBuildChunkEvents = 100'000;  // generated and signed at a time

struct Args {
  std::string dir;
  std::string part = "all";
  uint64_t events = 1'000'000;
  int runs = 3;
  int full_runs = 1;
  int threads = 4;
  std::string one;   // a mode: run it once on `data` and print one RESULT line
  std::string data;
};

double ProcessCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

// What one run measured (a child's RESULT line).
struct Measured {
  uint64_t events = 0, checkpoints = 0, projection_keys = 0;
  double open_seconds = 0, seconds = 0, cpu_seconds = 0;  // seconds: open and check
  long max_rss_kib = 0;

  double rate() const { return events / seconds; }
};

// The floor: every event read by one store cursor (a RocksDB iterator) and
// leaf-hashed; nothing else.
Measured ReadAndHash(const std::string& dir, SteadyClock::time_point start) {
  auto store = Store::Open({.dir = dir, .read_only = true, .sequential = true});
  if (!store.ok()) std::abort();
  Measured m;
  m.open_seconds = SecondsSince(start);
  auto it = (*store)->NewCursor(Column::kEvents);
  volatile uint8_t fold = 0;  // keeps the hashes observable
  for (it->Seek(""); it->Valid(); it->Next()) {
    fold = fold ^ LeafHash(it->value())[0];
    ++m.events;
  }
  if (!it->status().ok()) std::abort();
  return m;
}

audit::AuditOptions OptionsFor(const std::string& mode) {
  audit::AuditOptions options;
  options.rules = mode != "chain";
  options.projections = mode == "full";
  return options;
}

// One run of `mode` in this process; prints its RESULT line. A failed audit
// is a broken benchmark (the ledger was built valid): exit 1.
int RunOne(const Args& a) {
  Measured m;
  const double cpu_from = ProcessCpuSeconds();
  const auto start = SteadyClock::now();
  if (a.one == "read+hash") {
    m = ReadAndHash(a.data, start);
  } else {
    auto source = Must(audit::OpenStoreSource(a.data), "open " + a.data);
    m.open_seconds = SecondsSince(start);
    const audit::AuditReport report = audit::RunAudit(*source, OptionsFor(a.one));
    if (!report.ok()) {
      std::fprintf(stderr, "audit_bench: %s audit failed: %s\n", a.one.c_str(),
                   audit::SummaryText(report).c_str());
      return 1;
    }
    m.events = report.events;
    m.checkpoints = report.checkpoints;
    m.projection_keys = report.projection_keys.value_or(0);
  }
  m.seconds = SecondsSince(start);
  m.cpu_seconds = ProcessCpuSeconds() - cpu_from;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("RESULT %" PRIu64 " %" PRIu64 " %" PRIu64 " %.6f %.6f %.6f %ld\n", m.events,
              m.checkpoints, m.projection_keys, m.open_seconds, m.seconds, m.cpu_seconds,
              usage.ru_maxrss);
  return 0;
}

// Runs `--one mode` in a fresh process and reads its RESULT line.
Measured Spawn(const std::string& mode, const std::string& data) {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  const std::string command = "'" + self + "' --one " + mode + " --data '" + data + "'";
  FILE* child = popen(command.c_str(), "r");
  if (!child) std::abort();
  Measured m;
  char line[512];
  bool got = false;
  while (std::fgets(line, sizeof line, child))
    got = got || std::sscanf(line, "RESULT %" SCNu64 " %" SCNu64 " %" SCNu64 " %lf %lf %lf %ld",
                             &m.events, &m.checkpoints, &m.projection_keys, &m.open_seconds,
                             &m.seconds, &m.cpu_seconds, &m.max_rss_kib) == 7;
  if (pclose(child) != 0 || !got) {
    std::fprintf(stderr, "audit_bench: the %s run failed\n", mode.c_str());
    std::exit(1);
  }
  return m;
}

std::string LoadAverage() {
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

// Builds D/ledger; returns its size.
uint64_t BuildPart(const Args& a, const std::string& dir) {
  auto mix = Must(Mix::Make({.charities = 10, .groups = a.threads, .batch_size = kBuildBatch,
                             .seed = 3}), "mix");
  OpenLedger open = SetUpLedger(dir, *mix);
  const Built built = Build(*open.ledger, *mix, a.events, a.threads, kBuildChunkEvents);
  Must(open.ledger->log().MakeCheckpoint(), "checkpoint");
  const uint64_t size = open.ledger->log().size();
  open.ledger.reset();
  const RunResult& r = built.run;
  std::printf("audit: a ledger of %" PRIu64 " events\n", size);
  std::printf("  mix: %s\n", mix->Describe().c_str());
  std::printf("  built in %.1f s through Ledger::Submit (%.0f events/s, signed batches of %" PRIu64
              ", %d threads; %.1f s more generating and signing, not timed); refused batches: "
              "%zu; data %.0f MiB\n",
              r.seconds, r.rate(), kBuildBatch, a.threads, built.generating_seconds, r.refused,
              DirMiB(dir));
  if (!r.first_refusal.empty()) std::printf("    first refusal: %s\n", r.first_refusal.c_str());
  std::fflush(stdout);
  if (r.refused != 0) std::exit(1);  // the mix and the ledger disagree: not a valid ledger
  return size;
}

void PrintRun(const char* mode, int run, const Measured& m) {
  std::printf("  %-12s %3d %9" PRIu64 " %6.2f %7.2f %9.0f %7.2f %5.2f %8.0f\n", mode, run, m.events,
              m.open_seconds, m.seconds, m.rate(), m.cpu_seconds, m.cpu_seconds / m.seconds,
              m.max_rss_kib / 1024.0);
  std::fflush(stdout);
}

constexpr std::size_t kModeCount = std::size(kModes);
constexpr std::size_t kFastModes = 2;  // read+hash and chain

// `rounds` rounds of the first `modes` modes, the full ones only in the
// first `full_rounds`, interleaved so that a busy spell of the machine does
// not fall on one mode only. Returns each mode's fastest run.
std::array<Measured, kModeCount> Rounds(const std::string& dir, std::size_t modes, int rounds,
                                        int full_rounds, uint64_t expected_events) {
  std::printf("  %-12s %3s %9s %6s %7s %9s %7s %5s %8s\n", "mode", "run", "events", "open",
              "seconds", "events/s", "cpu", "cpu/s", "rss");
  std::array<Measured, kModeCount> best{};
  for (int run = 1; run <= rounds; ++run)
    for (std::size_t i = 0; i < modes; ++i) {
      if (i >= kFastModes && run > full_rounds) continue;
      const Measured m = Spawn(kModes[i], dir);
      PrintRun(kModes[i], run, m);
      if (expected_events != 0 && m.events != expected_events) {
        std::fprintf(stderr, "audit_bench: %s saw %" PRIu64 " events, the ledger holds %" PRIu64 "\n",
                     kModes[i], m.events, expected_events);
        std::exit(1);
      }
      if (best[i].events == 0 || m.rate() > best[i].rate()) best[i] = m;
    }
  return best;
}

void PrintBest(const std::array<Measured, kModeCount>& best, std::size_t modes) {
  std::printf("  best runs, events/s (without opening):");
  for (std::size_t i = 0; i < modes; ++i)
    std::printf(" %s %.0f (%.0f)%s", kModes[i], best[i].rate(),
                best[i].events / (best[i].seconds - best[i].open_seconds), i + 1 < modes ? "," : "\n");
  std::printf("  chain / read+hash %.2f", best[1].rate() / best[0].rate());
  if (modes == kModeCount)
    std::printf("; full-noproj / chain %.2f; full / chain %.2f; full / full-noproj %.2f",
                best[2].rate() / best[1].rate(), best[3].rate() / best[1].rate(),
                best[3].rate() / best[2].rate());
  std::printf("\n");
}

// Every mode on the ledger as its writer left it; then the fast modes again
// after one read-write open has flushed its write-ahead log into tables
// (what a restart of ledgerd does), because a read-only open replays the
// whole WAL and that dominates the fast modes.
void MeasurePart(const Args& a, const std::string& dir, uint64_t expected_events) {
  std::printf("audit speed on %s as written, one thread, %d rounds, the full modes in %d (load "
              "average before: %s)\n",
              dir.c_str(), a.runs, std::min(a.runs, a.full_runs), LoadAverage().c_str());
  std::printf("  seconds include opening the ledger read-only (open: of which); cpu: the "
              "process's CPU seconds; rss: peak RSS in MiB\n");
  const auto best = Rounds(dir, kModeCount, a.runs, a.full_runs, expected_events);
  PrintBest(best, kModeCount);
  std::printf("  checkpoints verified %" PRIu64 "; projection keys compared %" PRIu64 "\n",
              best[1].checkpoints, best[3].projection_keys);
  const double mib_before = DirMiB(dir);
  const auto start = SteadyClock::now();
  Must(Store::Open({.dir = dir}), "open " + dir + " read-write");
  std::printf("the same ledger after one read-write open (%.1f s) flushed its WAL: %.0f MiB on disk, "
              "%.0f before\n",
              SecondsSince(start), DirMiB(dir), mib_before);
  PrintBest(Rounds(dir, kFastModes, a.runs, 0, expected_events), kFastModes);
  std::printf("  load average after: %s\n", LoadAverage().c_str());
  std::fflush(stdout);
}

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: audit_bench --dir D [--part all|build|measure] [--events N] [--runs R] "
               "[--full-runs F] [--threads T]\n"
               "       audit_bench --one read+hash|chain|full-noproj|full --data LEDGER_DIR\n");
  std::exit(2);
}

Args Parse(int argc, char** argv) {
  Args a;
  if (argc % 2 == 0) Usage();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--part") a.part = value;
    else if (flag == "--events") a.events = std::stoull(value);
    else if (flag == "--runs") a.runs = std::stoi(value);
    else if (flag == "--full-runs") a.full_runs = std::stoi(value);
    else if (flag == "--threads") a.threads = std::stoi(value);
    else if (flag == "--one") a.one = value;
    else if (flag == "--data") a.data = value;
    else Usage();
  }
  bool mode_ok = a.one.empty();
  for (const char* mode : kModes) mode_ok = mode_ok || a.one == mode;
  const bool part_ok = a.part == "all" || a.part == "build" || a.part == "measure";
  if (!mode_ok || !part_ok || a.runs < 1 || a.full_runs < 1 || a.threads < 1 || a.threads > 5) Usage();
  if (a.one.empty() ? a.dir.empty() : a.data.empty()) Usage();
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  using namespace ledger::bench;
  const Args args = Parse(argc, argv);
  if (!args.one.empty()) return RunOne(args);
  const std::string dir = args.dir + "/ledger";
  uint64_t size = 0;  // 0: measured as found
  if (args.part != "measure") size = BuildPart(args, dir);
  if (args.part != "build") MeasurePart(args, dir, size);
  return 0;
}
