// A whole HTTP request, from its bytes to its answer, without a socket:
// Beast's parser under the server's limits (api/request_bytes.hpp), then
// the real route table (MakeApiRouter) over a real ledger in a temp dir.
// For any bytes that make a request, the answer is not a 500 (on a healthy
// disk a 500 is our bug: a handler threw, or read its own state as
// corrupt), and a JSON answer is JSON.
//
// A POST body that is a JSON object whose "sig" is "fuzz" is signed here by
// the genesis regulator before it is handed on, so that the fuzzer reaches
// the admission rules behind the signature check.
#include <array>
#include <cstdlib>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "app.hpp"
#include "fuzz_util.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledger/signing.hpp"
#include "metrics.hpp"
#include "request_bytes.hpp"
#include "router.hpp"
#include "server.hpp"

namespace ledger::fuzz {
namespace {

constexpr std::string_view kRegulatorId = "reg";

// A fixed clock: what the ledger stamps, and so what it answers, does not
// depend on when the fuzzer runs.
std::chrono::system_clock::time_point FixedNow() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));  // 2026-05-28
}

struct World {
  std::filesystem::path root;  // the temp dir, removed at exit
  std::filesystem::path dir;
  std::unique_ptr<PrivateKey> regulator;
  std::unique_ptr<Ledger> ledger;
  api::Metrics metrics;
  std::unique_ptr<api::Router> router;
};

PrivateKey RegulatorKey() {
  std::array<uint8_t, 32> seed{};
  seed.fill(7);
  Result<PrivateKey> key = PrivateKey::FromSeed(seed);
  FUZZ_CHECK(key.ok(), Describe("PrivateKey::FromSeed", key));
  return std::move(*key);
}

Json RateSubmission(int n) {
  return {{"type", "lottery.rate_set"}, {"org", kRegulatorId}, {"idem", "rate-" + std::to_string(n)},
          {"body", {{"game", "game-" + std::to_string(n)}, {"welfare_rate_bp", 3600},
                    {"effective_from", "2026-01"}}}};
}

World* the_world = nullptr;

// At a normal exit (libFuzzer's -max_total_time, -runs): the ledger closed,
// its temp dir removed. A crash leaves the dir, which the report names.
void EndTheWorld() {
  if (the_world == nullptr) return;
  const std::filesystem::path root = the_world->root;
  delete the_world;
  the_world = nullptr;
  std::error_code ignored;
  std::filesystem::remove_all(root, ignored);
}

// A ledger of a genesis and three events, checkpointed at sizes 1, 3 and 4.
// Made once per process: libFuzzer calls the target millions of times.
World& TheWorld() {
  if (the_world != nullptr) return *the_world;
  {
    auto* w = new World;
    std::string pattern = (std::filesystem::temp_directory_path() / "ledger-fuzz-http-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    w->root = pattern;
    w->dir = w->root / "ledger";
    w->regulator = std::make_unique<PrivateKey>(RegulatorKey());
    Result<PublicKey> init = InitLedger({.dir = w->dir.string(), .origin = "fuzz.example/ledger",
                                         .regulator = {std::string(kRegulatorId), "Regulator",
                                                       w->regulator->public_key()},
                                         .clock = FixedNow});
    FUZZ_CHECK(init.ok(), Describe("InitLedger", init));
    Result<PrivateKey> log_key = PrivateKey::ReadPemFile((w->dir / kLogKeyFile).string());
    FUZZ_CHECK(log_key.ok(), Describe("log key", log_key));
    LogOptions options;
    options.dir = w->dir.string();
    options.checkpoint_interval = std::chrono::milliseconds(0);
    options.clock = FixedNow;
    Result<std::unique_ptr<Ledger>> ledger = Ledger::Open(options, std::move(*log_key));
    FUZZ_CHECK(ledger.ok(), Describe("Ledger::Open", ledger));
    w->ledger = std::move(*ledger);
    for (int n = 1; n <= 3; ++n) {
      Result<Json> doc = Sign(RateSubmission(n), *w->regulator);
      FUZZ_CHECK(doc.ok(), Describe("Sign", doc));
      auto posted = w->ledger->Submit(*doc);
      FUZZ_CHECK(posted.ok(), Describe("Submit", posted));
      if (n != 1) FUZZ_CHECK(w->ledger->log().MakeCheckpoint().ok(), "MakeCheckpoint");
    }
    w->router = std::make_unique<api::Router>(api::MakeApiRouter(*w->ledger, w->metrics));
    the_world = w;
  }
  std::atexit(EndTheWorld);
  return *the_world;
}

// The body with "sig":"fuzz" replaced by the regulator's signature.
void SignIfAsked(api::Request& request) {
  if (request.method != "POST") return;
  Json doc = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("sig") || doc["sig"] != "fuzz") return;
  doc.erase("sig");
  Result<Json> signed_doc = Sign(std::move(doc), *TheWorld().regulator);
  if (!signed_doc.ok()) return;  // not canonicalisable: let the ledger say so
  request.body = signed_doc->dump();
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)ledger::fuzz::TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace ledger;
  Result<api::Request> request =
      api::ParseRequestBytes(fuzz::AsText(data, size), api::kMaxHeaderBytes, api::kMaxBodyBytes);
  if (!request.ok()) return 0;
  fuzz::SignIfAsked(*request);
  const api::Response response = fuzz::TheWorld().router->Handle(*request);
  FUZZ_CHECK(response.status != 500, request->method + " " + request->target + " answered 500: " + response.body);
  if (response.content_type == api::kJsonType || response.content_type == api::kProblemType)
    FUZZ_CHECK(Json::accept(response.body), request->target + " answered JSON that does not parse");
  return 0;
}
