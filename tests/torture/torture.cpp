// kill -9 torture (scripts/torture.sh): the real ledgerd serves a fresh
// ledger while client threads post signed donations over HTTP, resending
// each until it is acknowledged (the same idem, so a resend that finds its
// event already written is answered with the same seq). A killer sends
// SIGKILL at random moments and restarts ledgerd, CYCLES times. Then:
// every acknowledged event is in the log exactly once, at the seq its
// acknowledgement gave, and `ledger-audit --data` passes.
//
//   ledger_torture --cycles N --ledgerd PATH --audit PATH [--dir D]
//                  [--clients 8] [--seed S]
//
// Exit 0 when all held; 1 with the first broken promise on stderr.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "http_client.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledger/signing.hpp"

namespace ledger::torture {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kCharity = "torture-charity";
constexpr const char* kFund = "torture-fund";

struct Args {
  int cycles = 10;
  std::string ledgerd, audit, dir;
  int clients = 8;
  uint64_t seed = 1;
};

[[noreturn]] void Fail(const std::string& why) {
  std::cerr << "torture: FAILED: " << why << "\n";
  std::exit(1);
}

template <class T>
T Must(Result<T> result, const std::string& what) {
  if (!result.ok()) Fail(what + ": " + result.error().ToString());
  return std::move(*result);
}

std::string SignedText(Json doc, const PrivateKey& key) {
  return Must(Canonicalize(Must(Sign(std::move(doc), key), "sign")), "canonical");
}

// A new ledger in `dir`: the regulator, one charity and its fund.
void SetUpLedger(const std::string& dir, const PrivateKey& charity) {
  auto regulator = Must(PrivateKey::Generate(), "key");
  fs::remove_all(dir);
  Must(InitLedger({.dir = dir, .origin = "torture.example/ledger",
                   .regulator = {"reg", "Regulator", regulator.public_key()}}),
       "init");
  auto log_key = Must(PrivateKey::ReadPemFile(dir + "/" + kLogKeyFile), "log key");
  auto ledger = Must(Ledger::Open({.dir = dir}, std::move(log_key)), "open");
  const Json setup[] = {
      Must(Sign({{"type", "org.registered"}, {"org", "reg"}, {"idem", "reg-charity"},
                 {"body", {{"id", kCharity}, {"name", "Torture charity"}, {"kind", "charity"},
                           {"public_key", charity.public_key().Base64()}, {"roles", {"fundraise"}}}}},
                regulator),
           "sign"),
      Must(Sign({{"type", "fund.opened"}, {"org", kCharity}, {"idem", "fund"},
                 {"body", {{"id", kFund}, {"owner", kCharity}, {"kind", "donations"}, {"purpose", "general"},
                           {"restricted", false}, {"name", "Torture fund"}}}},
                charity),
           "sign")};
  for (const Json& doc : setup) Must(ledger->Submit(doc), "setup " + doc["idem"].get<std::string>());
}

std::string Idem(int client, uint64_t n) { return "t" + std::to_string(client) + "-" + std::to_string(n); }

std::string Donation(const PrivateKey& charity, int client, uint64_t n) {
  const std::string idem = Idem(client, n);
  return SignedText({{"type", "donation.received"}, {"org", kCharity}, {"idem", idem},
                     {"body", {{"receipt", "R-" + idem}, {"fund", kFund}, {"amount_fen", 100 + n % 1000},
                               {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
                               {"channel", "online"}, {"date", "2026-11-23"}}}},
                    charity);
}

// What the clients were told: idem -> seq.
class Acks {
 public:
  void Record(const std::string& idem, uint64_t seq) {
    std::lock_guard lock(mu_);
    auto [it, fresh] = seqs_.emplace(idem, seq);
    if (!fresh && it->second != seq)
      Fail(idem + " acknowledged at seq " + std::to_string(it->second) + " and again at " + std::to_string(seq));
  }
  std::map<std::string, uint64_t> Take() {
    std::lock_guard lock(mu_);
    return seqs_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, uint64_t> seqs_;
};

// Posts donation after donation, each resent until a 201 says where it is.
void Client(int id, uint16_t port, const PrivateKey& charity, const std::atomic<bool>& stop, Acks& acks,
            std::atomic<uint64_t>& resends) {
  api::HttpClient client(api::HttpUrl{"127.0.0.1", port, ""}, {.timeout = std::chrono::milliseconds(5000)});
  for (uint64_t n = 0; !stop; ++n) {
    const std::string body = Donation(charity, id, n);
    for (int attempt = 0;; ++attempt) {
      auto reply = client.Post("/v1/events", body, "application/json");
      if (reply.ok() && reply->status == 201) {
        const Json answer = Json::parse(reply->body);
        acks.Record(Idem(id, n), answer["results"][0]["seq"].get<uint64_t>());
        break;
      }
      if (reply.ok() && reply->status != 503) Fail("POST " + Idem(id, n) + ": " + std::to_string(reply->status) + " " + reply->body);
      if (stop && attempt > 200) return;  // ledgerd is gone for good: this one was never acknowledged
      ++resends;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

class Ledgerd {
 public:
  Ledgerd(std::string binary, std::string dir, uint16_t port)
      : binary_(std::move(binary)), dir_(std::move(dir)), port_(port) {}

  void Start() {
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen("/dev/null", "w", stderr);
      execl(binary_.c_str(), binary_.c_str(), "--data", dir_.c_str(), "--listen", listen.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    api::HttpClient probe(api::HttpUrl{"127.0.0.1", port_, ""}, {.timeout = std::chrono::milliseconds(1000)});
    const auto start = SteadyClock::now();
    while (SteadyClock::now() - start < std::chrono::seconds(60)) {
      auto reply = probe.Get("/healthz");
      if (reply.ok() && reply->status == 200) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) Fail("ledgerd exited while starting, status " + std::to_string(status));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Fail("ledgerd did not answer /healthz within 60 s");
  }
  void Kill() { Signal(SIGKILL); }
  void Stop() { Signal(SIGTERM); }

 private:
  void Signal(int sig) {
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::string binary_, dir_;
  uint16_t port_;
  pid_t pid_ = -1;
};

uint16_t FreePort() {
  // ledgerd picks nothing itself across restarts: a fixed port, found free now.
  for (uint16_t port = 20000 + static_cast<uint16_t>(getpid() % 20000);; ++port) {
    api::HttpClient probe(api::HttpUrl{"127.0.0.1", port, ""}, {.timeout = std::chrono::milliseconds(200)});
    if (!probe.Get("/").ok()) return port;
  }
}

// Every acknowledged idem is in the log once, at its seq.
void CheckLog(const std::string& dir, const std::map<std::string, uint64_t>& acked) {
  auto log = Must(Log::Open({.dir = dir, .read_only = true}, std::nullopt), "open the log");
  std::map<std::string, uint64_t> found;  // idem -> seq, for the torture's own events
  for (uint64_t seq = 0; seq < log->size(); ++seq) {
    StoredEvent stored = Must(DecodeStoredEvent(Must(log->ReadEvent(seq), "read")), "decode");
    const std::string& idem = stored.event.idem;
    if (idem.empty() || idem[0] != 't') continue;
    if (!found.emplace(idem, seq).second) Fail(idem + " is in the log twice");
  }
  for (const auto& [idem, seq] : acked) {
    auto it = found.find(idem);
    if (it == found.end()) Fail(idem + " was acknowledged at seq " + std::to_string(seq) + " but is not in the log");
    if (it->second != seq)
      Fail(idem + " was acknowledged at seq " + std::to_string(seq) + " but is at " + std::to_string(it->second));
  }
  std::printf("torture: log of %llu events; %zu acknowledged donations all present once at their seq; "
              "%zu more written whose answer was lost\n",
              (unsigned long long)log->size(), acked.size(), found.size() - acked.size());
}

void RunAudit(const Args& a) {
  const std::string command = a.audit + " --data " + a.dir + " --quiet >" + a.dir + ".audit.txt 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0) Fail("ledger-audit failed (exit " + std::to_string(WEXITSTATUS(status)) + "); see " + a.dir + ".audit.txt");
  std::printf("torture: ledger-audit --data passed\n");
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--cycles") a.cycles = std::stoi(value);
    else if (flag == "--ledgerd") a.ledgerd = value;
    else if (flag == "--audit") a.audit = value;
    else if (flag == "--dir") a.dir = value;
    else if (flag == "--clients") a.clients = std::stoi(value);
    else if (flag == "--seed") a.seed = std::stoull(value);
    else Fail("unknown flag " + flag);
  }
  if (a.ledgerd.empty() || a.audit.empty() || argc % 2 == 0 || a.cycles < 1 || a.clients < 1)
    Fail("usage: ledger_torture --cycles N --ledgerd PATH --audit PATH [--dir D] [--clients N] [--seed S]");
  if (a.dir.empty()) a.dir = (fs::temp_directory_path() / ("welfare-ledger-torture-" + std::to_string(getpid()))).string();
  return a;
}

}  // namespace
}  // namespace ledger::torture

int main(int argc, char** argv) {
  using namespace ledger;
  using namespace ledger::torture;
  const Args a = Parse(argc, argv);
  const PrivateKey charity = Must(PrivateKey::Generate(), "key");
  SetUpLedger(a.dir, charity);
  const uint16_t port = FreePort();
  Ledgerd ledgerd(a.ledgerd, a.dir, port);
  ledgerd.Start();

  Acks acks;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> resends{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < a.clients; ++c)
    clients.emplace_back(Client, c, port, std::cref(charity), std::cref(stop), std::ref(acks), std::ref(resends));
  std::mt19937_64 rng(a.seed);
  const auto start = SteadyClock::now();
  for (int cycle = 1; cycle <= a.cycles; ++cycle) {
    // Up to 1.5 s of load, then a kill at whatever the writer was doing.
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 1400));
    ledgerd.Kill();
    ledgerd.Start();
    std::printf("torture: cycle %d of %d: killed and restarted\n", cycle, a.cycles);
    std::fflush(stdout);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // some load after the last restart
  stop = true;
  for (auto& t : clients) t.join();
  ledgerd.Stop();
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::printf("torture: %d kill -9 cycles in %.1f s, %d clients, %llu resends\n", a.cycles, seconds, a.clients,
              (unsigned long long)resends.load());
  CheckLog(a.dir, acks.Take());
  RunAudit(a);
  fs::remove_all(a.dir);
  std::printf("torture: passed\n");
  return 0;
}
