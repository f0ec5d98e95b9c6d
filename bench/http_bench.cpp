// HTTP load benchmark (scripts/bench.sh runs this): POST /v1/events end to
// end — HTTP, parsing, the signature check, the rules and the durable
// append — against a fresh ledger served by a real ledgerd Server in this
// process on 127.0.0.1. Every submission is signed before the clock starts,
// so the numbers are the server's, not the client's signing.
//
//   http_bench --dir D [--seconds S] [--single-requests N] [--moderate-requests N]
//              [--batch100-requests N] [--batch1000-requests N] [--mix-events N]
//
// Each run stops at its request count or after S seconds, whichever comes
// first. The last run is the accounting mix (bench/accounting_mix.hpp:
// donations, transfers between funds and orgs, disbursements, expenses) in
// signed batches of 100 from 8 connections, on a ledger of its own; its
// baseline in the same run is the batches of 100 donations.
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <latch>
#include <mutex>
#include <thread>

#include "app.hpp"
#include "http_client.hpp"
#include "ledger/signing.hpp"
#include "donation_ledger.hpp"
#include "ledger_builder.hpp"
#include "server.hpp"

namespace ledger::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kFailuresShown = 5;

struct Args {
  std::string dir;
  double seconds = 15;  // per run
  std::size_t single_requests = 60'000;
  std::size_t moderate_requests = 12'000;
  std::size_t batch100_requests = 1'000;
  std::size_t batch1000_requests = 100;
  std::size_t mix_events = 300'000;
};

struct Run {
  std::string name;
  int connections = 1;
  std::size_t events_per_request = 1;
  std::vector<std::string> bodies;  // signed, canonical; taken by any connection
  // Or each connection's own bodies, posted in order (the mix's groups).
  std::vector<std::vector<std::string>> by_connection;
};

struct LoadResult {
  std::size_t requests = 0;  // answered
  std::size_t events = 0;    // in 201 answers
  std::size_t non_201 = 0;
  double seconds = 0;
  double cpu_cores = 0;  // CPU time of the whole process (server and clients) / seconds
  double client_cpu_seconds = 0;  // of the client threads alone
  std::vector<double> latencies_ms;
  std::vector<std::string> failures;  // the first few non-201 answers
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The four runs, every submission signed. Donation numbers run on across
// the runs, so that every idem and receipt is new.
std::vector<Run> SignedRuns(const Args& args, const PrivateKey& charity) {
  uint64_t n = 0;
  auto take = [&n](std::size_t count) { return std::exchange(n, n + count); };
  std::vector<Run> runs;
  runs.push_back({"single submissions", 64, 1,
                  SignedSingles(charity, take(args.single_requests), args.single_requests)});
  runs.push_back({"single submissions", 4, 1,
                  SignedSingles(charity, take(args.moderate_requests), args.moderate_requests)});
  runs.push_back({"batches of 100", 8, 100,
                  SignedBatches(charity, take(args.batch100_requests * 100),
                                args.batch100_requests, 100)});
  runs.push_back({"batches of 1000", 4, 1000,
                  SignedBatches(charity, take(args.batch1000_requests * 1000),
                                args.batch1000_requests, 1000)});
  return runs;
}

// One connection's share of a run: requests taken from `next` (or, for
// per-connection bodies, its own in order) until they run out or
// `deadline` passes.
void Connection(const api::HttpUrl& url, const Run& run, std::atomic<std::size_t>& next,
                std::latch& warmed, std::latch& go, const SteadyClock::time_point& deadline,
                LoadResult& mine) {
  api::HttpClient client(url);
  auto warm = client.Get("/healthz");  // connect before the clock starts
  if (!warm.ok()) Die("warm-up", warm.error());
  warmed.count_down();
  go.wait();
  const double cpu_from = ThreadCpuSeconds();
  const std::size_t own = run.by_connection.empty() ? 0 : next.fetch_add(1);  // which connection
  std::size_t own_next = 0;
  while (SteadyClock::now() < deadline) {
    const std::string* body = nullptr;
    if (run.by_connection.empty()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= run.bodies.size()) break;
      body = &run.bodies[i];
    } else {
      if (own >= run.by_connection.size() || own_next >= run.by_connection[own].size()) break;
      body = &run.by_connection[own][own_next++];
    }
    const auto start = SteadyClock::now();
    auto reply = client.Post("/v1/events", *body, "application/json");
    mine.latencies_ms.push_back(SecondsSince(start) * 1e3);
    ++mine.requests;
    if (reply.ok() && reply->status == 201) {
      mine.events += run.events_per_request;
      continue;
    }
    ++mine.non_201;
    if (mine.failures.size() < kFailuresShown)
      mine.failures.push_back(reply.ok() ? std::to_string(reply->status) + " " + reply->body.substr(0, 300)
                                         : reply.error().ToString());
  }
  mine.client_cpu_seconds = ThreadCpuSeconds() - cpu_from;
}

LoadResult Load(const api::HttpUrl& url, const Run& run, double seconds) {
  std::vector<LoadResult> shares(static_cast<std::size_t>(run.connections));
  std::atomic<std::size_t> next{0};
  std::latch warmed(run.connections);
  std::latch go(1);
  SteadyClock::time_point deadline;  // set once every connection is up
  std::vector<std::thread> threads;
  for (int c = 0; c < run.connections; ++c)
    threads.emplace_back(Connection, std::cref(url), std::cref(run), std::ref(next),
                         std::ref(warmed), std::ref(go), std::cref(deadline),
                         std::ref(shares[c]));
  warmed.wait();
  const auto timed_from = SteadyClock::now();
  const double cpu_from = CpuSeconds();
  deadline = timed_from + std::chrono::duration_cast<SteadyClock::duration>(
                              std::chrono::duration<double>(seconds));
  go.count_down();  // publishes `deadline` to the connections
  for (auto& thread : threads) thread.join();
  LoadResult total;
  total.seconds = SecondsSince(timed_from);
  total.cpu_cores = (CpuSeconds() - cpu_from) / total.seconds;
  for (LoadResult& share : shares) {
    total.requests += share.requests;
    total.events += share.events;
    total.non_201 += share.non_201;
    total.client_cpu_seconds += share.client_cpu_seconds;
    total.latencies_ms.insert(total.latencies_ms.end(), share.latencies_ms.begin(),
                              share.latencies_ms.end());
    for (auto& failure : share.failures)
      if (total.failures.size() < kFailuresShown) total.failures.push_back(std::move(failure));
  }
  return total;
}

void PrintHeader() {
  std::printf("%-18s %5s %8s %8s %9s %7s %7s %7s %7s %5s %6s\n", "run", "conns", "requests",
              "events", "events/s", "p50 ms", "p99 ms", "max ms", "non-201", "cpu", "client");
  std::fflush(stdout);
}

void PrintRow(const Run& run, LoadResult& r) {
  std::printf("%-18s %5d %8zu %8zu %9.0f %7.2f %7.2f %7.2f %7zu %5.2f %6.2f\n", run.name.c_str(),
              run.connections, r.requests, r.events, r.events / r.seconds,
              Percentile(r.latencies_ms, 50), Percentile(r.latencies_ms, 99),
              Percentile(r.latencies_ms, 100), r.non_201, r.cpu_cores,
              r.client_cpu_seconds / r.seconds);
  for (const std::string& failure : r.failures) std::printf("    non-201: %s\n", failure.c_str());
  std::fflush(stdout);
}

// Microseconds for one PublicKey::Verify of a typical submission's signed
// bytes, on one thread.
double VerifyMicros(const PrivateKey& charity) {
  const Json doc = MustSign(DonationEntry(0), charity);
  auto bytes = SignedBytes(doc);
  if (!bytes.ok()) Die("signed bytes", bytes.error());
  auto sig = Base64Decode(doc["sig"].get<std::string>());
  if (!sig.ok()) Die("sig", sig.error());
  constexpr int kSamples = 20'000;
  const auto start = SteadyClock::now();
  int good = 0;
  for (int i = 0; i < kSamples; ++i) good += charity.public_key().Verify(AsBytes(*bytes), *sig);
  const double micros = SecondsSince(start) * 1e6 / kSamples;
  if (good != kSamples) std::abort();
  return micros;
}

// The single-thread cost of the one check every submission needs, and how
// close the measured single-submission rate comes to what it allows.
void PrintVerifyCeiling(const PrivateKey& charity, unsigned cores, double single_rate) {
  const double verify_us = VerifyMicros(charity);
  const double ceiling = cores * 1e6 / verify_us;
  std::printf("Ed25519 verify of one submission: %.1f us on one thread; ceiling %u cores / "
              "verify = %.0f submissions/s\n", verify_us, cores, ceiling);
  std::printf("single submissions at 64 connections reach %.2f of that ceiling\n",
              single_rate / ceiling);
}

// The accounting mix on a ledger of its own: its charities registered and
// their funds open, and every group's batches of 100 signed, one group per
// connection (transfers stay inside a group, so each decides the same way
// however the connections interleave).
struct MixLedger {
  std::unique_ptr<Ledger> ledger;
  Run run;
};

MixLedger MixRun(const Args& args) {
  constexpr int kGroups = 8;
  auto mix = Must(Mix::Make({.charities = 16, .groups = kGroups, .batch_size = 100}), "mix");
  OpenLedger open = SetUpLedger(args.dir + "/mix", *mix);
  auto batches = Must(mix->Next(args.mix_events), "mix batches");
  MixLedger out{std::move(open.ledger), {"accounting mix, 100", kGroups, 100, {}, {}}};
  out.run.by_connection.resize(kGroups);
  for (const MixBatch& batch : batches)
    out.run.by_connection[static_cast<std::size_t>(batch.group)].push_back(MustCanonical(batch.doc));
  return out;
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--seconds") a.seconds = std::stod(value);
    else if (flag == "--single-requests") a.single_requests = std::stoull(value);
    else if (flag == "--moderate-requests") a.moderate_requests = std::stoull(value);
    else if (flag == "--batch100-requests") a.batch100_requests = std::stoull(value);
    else if (flag == "--batch1000-requests") a.batch1000_requests = std::stoull(value);
    else if (flag == "--mix-events") a.mix_events = std::stoull(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      std::exit(2);
    }
  }
  if (a.dir.empty() || argc % 2 == 0) {
    std::cerr << "usage: http_bench --dir D [--seconds S] [--single-requests N] "
                 "[--moderate-requests N] [--batch100-requests N] [--batch1000-requests N] [--mix-events N]\n";
    std::exit(2);
  }
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  using namespace ledger;
  using namespace ledger::bench;
  const Args args = Parse(argc, argv);
  auto charity = PrivateKey::Generate();
  if (!charity.ok()) Die("key", charity.error());
  auto ledger = NewLedger(args.dir + "/http", *charity);

  const std::vector<Run> runs = SignedRuns(args, *charity);

  api::Metrics metrics;
  const api::Router router = api::MakeApiRouter(*ledger, metrics);
  api::ServerOptions options;
  options.port = 0;
  options.access_log = [](std::string_view) {};  // a line per request would measure stderr
  api::Server server(options, [&router](const api::Request& request, api::Respond respond) {
    router.Dispatch(request, std::move(respond));
  }, metrics);
  if (Status started = server.Start(); !started) Die("server", started.error());
  const api::HttpUrl url{"127.0.0.1", server.port(), ""};

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("POST /v1/events over HTTP/1.1 keep-alive, ledgerd in-process on 127.0.0.1, "
              "%u cores, at most %.0f s per run, every submission signed beforehand;\n"
              "cpu: cores busy in this process during the run; client: of which the client threads\n",
              cores, args.seconds);
  PrintHeader();
  double single_rate = 0, batch100_rate = 0;
  bool clean = true;
  for (const Run& run : runs) {
    LoadResult result = Load(url, run, args.seconds);
    if (&run == &runs.front()) single_rate = result.events / result.seconds;
    if (run.name == "batches of 100") batch100_rate = result.events / result.seconds;
    clean = clean && result.non_201 == 0;
    PrintRow(run, result);
  }
  server.Stop();

  MixLedger mixed = MixRun(args);
  api::Metrics mix_metrics;
  const api::Router mix_router = api::MakeApiRouter(*mixed.ledger, mix_metrics);
  api::ServerOptions mix_options;
  mix_options.port = 0;
  mix_options.access_log = [](std::string_view) {};
  api::Server mix_server(mix_options, [&mix_router](const api::Request& request, api::Respond respond) {
    mix_router.Dispatch(request, std::move(respond));
  }, mix_metrics);
  if (Status started = mix_server.Start(); !started) Die("server", started.error());
  LoadResult mix_result = Load(api::HttpUrl{"127.0.0.1", mix_server.port(), ""}, mixed.run, args.seconds);
  clean = clean && mix_result.non_201 == 0;
  PrintRow(mixed.run, mix_result);
  mix_server.Stop();
  std::printf("accounting mix / batches of 100 donations: %.2f of the events/s\n",
              (mix_result.events / mix_result.seconds) / batch100_rate);

  PrintVerifyCeiling(*charity, cores, single_rate);
  return clean ? 0 : 1;
}
