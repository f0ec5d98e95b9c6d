// Opening a large ledger and the memory it takes (scripts/bench.sh open):
// a ledger grows through Ledger::Submit with the accounting mix to each
// size asked for; at each, the real `ledgerd` binary is started on it and
// timed until GET /healthz answers, and its resident memory is read then
// and again after a round of reads. The baseline, in the same run, is the
// same for a ledger holding its genesis event alone.
//
//   open_bench --dir D --ledgerd PATH [--sizes 1000000,3000000] [--threads 4] [--reads 2000]
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "http_client.hpp"
#include "ledger_builder.hpp"
#include "process_util.hpp"

namespace ledger::bench {
namespace {

struct Args {
  std::string dir;
  std::string ledgerd;
  std::vector<uint64_t> sizes = {1'000'000, 3'000'000};
  int threads = 4;
  int reads = 2000;
};

struct Served {
  uint64_t events = 0;
  double healthy_seconds = 0;  // from the process's start until /healthz answers 200
  double rss_mib = 0;          // right then
  double rss_after_reads_mib = 0;
};

// Starts ledgerd on `data`, times it until healthy, reads its memory, makes
// `reads` random reads of funds and receipts, reads its memory again, and
// stops it.
Served Serve(const Args& a, const std::string& data, uint64_t events, const std::vector<std::string>& funds,
             const std::vector<std::string>& receipts) {
  const uint16_t port = FreePort();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const auto start = SteadyClock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stderr);
    execl(a.ledgerd.c_str(), a.ledgerd.c_str(), "--data", data.c_str(), "--listen", listen.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  Served s{.events = events};
  api::HttpClient client(api::HttpUrl{"127.0.0.1", port, ""});
  for (;;) {
    auto reply = client.Get("/healthz");
    if (reply.ok() && reply->status == 200) break;
    if (SecondsSince(start) > 120) std::abort();
    usleep(2000);
  }
  s.healthy_seconds = SecondsSince(start);
  s.rss_mib = RssMiB(pid);
  std::mt19937 rng(5);
  for (int i = 0; i < a.reads; ++i) {
    const bool fund = receipts.empty() || i % 2 == 0;
    const std::string path = fund ? "/v1/funds/" + funds[rng() % funds.size()]
                                  : "/v1/receipts/" + receipts[rng() % receipts.size()] + "/trace";
    auto reply = client.Get(path);
    if (!reply.ok() || reply->status != 200) std::abort();
  }
  s.rss_after_reads_mib = RssMiB(pid);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return s;
}

void Print(const char* name, const Served& s, const Served& base) {
  std::printf("  %-22s %10llu %9.2f s %6.2fx %9.0f MiB %6.2fx %10.0f MiB\n", name,
              (unsigned long long)s.events, s.healthy_seconds, s.healthy_seconds / base.healthy_seconds,
              s.rss_mib, s.rss_mib / base.rss_mib, s.rss_after_reads_mib);
  std::fflush(stdout);
}

std::string SizeName(uint64_t size) {
  if (size % 1'000'000 == 0) return std::to_string(size / 1'000'000) + "M";
  if (size % 1'000 == 0) return std::to_string(size / 1'000) + "k";
  return std::to_string(size);
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") a.dir = value;
    else if (flag == "--ledgerd") a.ledgerd = value;
    else if (flag == "--threads") a.threads = std::stoi(value);
    else if (flag == "--reads") a.reads = std::stoi(value);
    else if (flag == "--sizes") {
      a.sizes.clear();
      std::stringstream list(value);
      for (std::string size; std::getline(list, size, ',');) a.sizes.push_back(std::stoull(size));
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  if (a.dir.empty() || a.ledgerd.empty()) {
    std::fprintf(stderr, "usage: open_bench --dir D --ledgerd PATH [--sizes N,M] [--threads T] [--reads R]\n");
    std::exit(2);
  }
  return a;
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  using namespace ledger;
  using namespace ledger::bench;
  const Args a = Parse(argc, argv);
  auto mix = Must(Mix::Make({.charities = 10, .groups = a.threads, .batch_size = 1000}), "mix");
  const std::string empty_dir = a.dir + "/genesis-only";
  { SetUpLedger(empty_dir, *mix).ledger.reset(); }
  std::printf("ledgerd started on a ledger of N events: seconds until GET /healthz answers, and its "
              "resident memory then and after %d reads; against a ledger of its genesis and setup alone\n",
              a.reads);
  std::printf("  %-22s %10s %11s %7s %13s %7s %14s\n", "ledger", "events", "healthy in", "ratio", "rss",
              "ratio", "rss after reads");
  const Served base = Serve(a, empty_dir, 0, mix->FundIds(), {});
  Print("baseline (setup only)", base, base);

  const std::string dir = a.dir + "/ledger";
  OpenLedger open = SetUpLedger(dir, *mix);
  std::vector<std::string> receipts;
  std::vector<Served> served;
  for (uint64_t size : a.sizes) {
    if (!open.ledger) open.ledger = Must(Ledger::Open({.dir = dir}, open.log_key), "reopen");
    Built built = Build(*open.ledger, *mix, size, a.threads, 200'000);
    std::printf("  (built to %llu events: %.0f events/s, %zu batches refused)\n",
                (unsigned long long)open.ledger->log().size(), built.run.rate(), built.run.refused);
    receipts.insert(receipts.end(), built.receipts.begin(), built.receipts.end());
    if (receipts.size() > 200'000) receipts.erase(receipts.begin(), receipts.end() - 200'000);
    const uint64_t events = open.ledger->log().size();
    open.ledger.reset();
    served.push_back(Serve(a, dir, events, mix->FundIds(), receipts));
    Print(("ledger of " + SizeName(size)).c_str(), served.back(), base);
  }
  if (served.size() >= 2)
    std::printf("  largest / smallest: %.2fx the time to healthy, %.2fx the resident memory (%.2fx after reads)\n",
                served.back().healthy_seconds / served.front().healthy_seconds,
                served.back().rss_mib / served.front().rss_mib,
                served.back().rss_after_reads_mib / served.front().rss_after_reads_mib);
  return 0;
}
