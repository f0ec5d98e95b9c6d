// Memory under overload (scripts/bench.sh overload): the real ledgerd, as a
// child process, takes signed batches of 100 donations over HTTP. First at
// the load it sustains (8 connections, each sending its next batch once
// answered: the baseline, in the same run), then from ten times and about
// sixty times as many connections, each resending a refused batch at once
// (idempotent, so a resend is never counted twice). ledgerd's resident
// memory is sampled every 50 ms; it must not grow with the load offered,
// as the writer's queue (--max-pending), the connections (512) and the
// request size (1 MiB) are all bounded.
//
//   overload_bench --dir D --ledgerd PATH [--seconds S] [--max-pending N]
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <iostream>
#include <latch>
#include <thread>

#include "donation_ledger.hpp"
#include "http_client.hpp"
#include "process_util.hpp"

namespace ledger::bench {
namespace {

struct Args {
  std::string dir;
  std::string ledgerd;
  double seconds = 10;
  int max_pending = 32;
};

struct Phase {
  const char* name;
  int connections;
};

struct PhaseResult {
  uint64_t events = 0;  // in 201 answers
  uint64_t refused_503 = 0, refused_other = 0;
  double seconds = 0;
  double peak_rss_mib = 0;
};

constexpr Phase kPhases[] = {{"sustained (baseline)", 8}, {"10x connections", 80}, {"~60x connections", 500}};

pid_t StartLedgerd(const Args& a, const std::string& data, uint16_t port) {
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const std::string pending = std::to_string(a.max_pending);
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stderr);
    execl(a.ledgerd.c_str(), a.ledgerd.c_str(), "--data", data.c_str(), "--listen", listen.c_str(),
          "--max-pending", pending.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  api::HttpClient client(api::HttpUrl{"127.0.0.1", port, ""});
  const auto start = SteadyClock::now();
  for (;;) {
    auto reply = client.Get("/healthz");
    if (reply.ok() && reply->status == 200) return pid;
    if (SecondsSince(start) > 60) Die("ledgerd", Error::Io("did not answer /healthz in 60 s"));
    usleep(5000);
  }
}

// One connection: batches taken from `next` until the deadline; a 503 is
// resent at once (the client that ignores Retry-After, the worst case).
void Drive(uint16_t port, const std::vector<std::string>& bodies, std::atomic<std::size_t>& next,
           SteadyClock::time_point deadline, std::latch& ready, PhaseResult& total, std::mutex& mu) {
  api::HttpClient client(api::HttpUrl{"127.0.0.1", port, ""});
  (void)client.Get("/healthz");
  ready.count_down();
  ready.wait();
  PhaseResult mine;
  std::size_t i = next.fetch_add(1);
  while (i < bodies.size() && SteadyClock::now() < deadline) {
    auto reply = client.Post("/v1/events", bodies[i], "application/json");
    if (reply.ok() && reply->status == 201) {
      mine.events += 100;
      i = next.fetch_add(1);
    } else if (reply.ok() && reply->status == 503) {
      ++mine.refused_503;
    } else {
      ++mine.refused_other;
      i = next.fetch_add(1);
    }
  }
  std::lock_guard lock(mu);
  total.events += mine.events;
  total.refused_503 += mine.refused_503;
  total.refused_other += mine.refused_other;
}

PhaseResult RunPhase(const Args& a, const Phase& phase, pid_t pid, uint16_t port,
                     const std::vector<std::string>& bodies, std::atomic<std::size_t>& next) {
  PhaseResult result;
  std::mutex mu;
  std::latch ready(phase.connections + 1);
  const auto deadline = SteadyClock::now() + std::chrono::milliseconds(static_cast<int64_t>(a.seconds * 1000 + 2000));
  std::vector<std::thread> threads;
  for (int c = 0; c < phase.connections; ++c)
    threads.emplace_back(Drive, port, std::cref(bodies), std::ref(next), deadline, std::ref(ready),
                         std::ref(result), std::ref(mu));
  ready.arrive_and_wait();
  const auto start = SteadyClock::now();
  std::atomic<bool> done{false};
  std::thread sampler([&] {
    while (!done) {
      result.peak_rss_mib = std::max(result.peak_rss_mib, RssMiB(pid));
      usleep(50'000);
    }
  });
  for (auto& t : threads) t.join();
  result.seconds = SecondsSince(start);
  done = true;
  sampler.join();
  return result;
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--ledgerd") a.ledgerd = value;
    else if (flag == "--seconds") a.seconds = std::stod(value);
    else if (flag == "--max-pending") a.max_pending = std::stoi(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      std::exit(2);
    }
  }
  if (a.dir.empty() || a.ledgerd.empty() || argc % 2 == 0) {
    std::cerr << "usage: overload_bench --dir D --ledgerd PATH [--seconds S] [--max-pending N]\n";
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
  const std::string data = args.dir + "/overload";
  auto charity = Must(PrivateKey::Generate(), "key");
  NewLedger(data, charity).reset();  // closed again, for ledgerd
  // More than the three phases can take at the rates a 2-core machine sees.
  const std::vector<std::string> bodies = SignedBatches(charity, 0, 8'000, 100);
  const uint16_t port = FreePort();
  const pid_t pid = StartLedgerd(args, data, port);
  std::atomic<std::size_t> next{0};
  std::printf("ledgerd --max-pending %d; batches of 100 donations over HTTP/1.1 keep-alive; %.0f s a phase\n",
              args.max_pending, args.seconds);
  std::printf("%-22s %5s %9s %8s %8s %8s %10s %7s\n", "phase", "conns", "events/s", "ratio", "503s", "other",
              "peak MiB", "ratio");
  PhaseResult base;
  for (const Phase& phase : kPhases) {
    const PhaseResult r = RunPhase(args, phase, pid, port, bodies, next);
    if (&phase == &kPhases[0]) base = r;
    const double rate = r.events / r.seconds, base_rate = base.events / base.seconds;
    std::printf("%-22s %5d %9.0f %7.2fx %8llu %8llu %10.1f %6.2fx\n", phase.name, phase.connections, rate,
                rate / base_rate, (unsigned long long)r.refused_503, (unsigned long long)r.refused_other,
                r.peak_rss_mib, r.peak_rss_mib / base.peak_rss_mib);
    std::fflush(stdout);
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return 0;
}
