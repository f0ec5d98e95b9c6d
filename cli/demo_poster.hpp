// Posting the demo scenario to a running ledgerd: the orgs' keys, which
// orgs are registered already, and the events as signed per-org batches
// through POST /v1/events (DESIGN.md §3), in scenario order. Internal to
// ledger-demo-seed.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "demo_scenario.hpp"
#include "http_client.hpp"
#include "ledger/crypto.hpp"

namespace ledger::demo {

// A batch holds at most this many events (the ledger allows more; smaller
// batches keep one request's work short and the progress bar moving).
inline constexpr std::size_t kMaxDemoBatchEvents = 500;

// Each org's key from `dir`/<org>.pem, created (0600, with <org>.pem.pub)
// when missing; `dir` is created 0700 when missing.
Result<std::map<std::string, PrivateKey>> LoadOrCreateKeys(const std::string& dir,
                                                           const std::vector<DemoOrg>& orgs);

// The ids among `orgs` that the ledger already has, checked by
// GET /v1/orgs/{id}. An org registered with another key than `keys` holds
// is kConflict: its events could never be signed (the keys directory of
// the run that registered it is needed).
Result<std::set<std::string>> RegisteredOrgs(api::HttpClient& client,
                                             const std::map<std::string, PrivateKey>& keys);

// One line on `err` that grows with the events posted: redrawn with '\r'
// on a terminal, else one line per 10%. Silent when `quiet`.
class Progress {
 public:
  Progress(std::ostream& err, uint64_t total, bool terminal, bool quiet);
  void Advance(uint64_t events);
  void Finish();

 private:
  void Draw();
  std::ostream& err_;
  uint64_t total_, done_ = 0;
  bool terminal_, quiet_;
  int last_tenth_ = 0;
};

// What the ledger answered to a RefusedAttempt.
struct RefusalSeen {
  const RefusedAttempt* attempt = nullptr;
  // False when it was answered as a duplicate: an earlier run saw it
  // refused, then posted it again once the rule was met.
  bool refused = false;
  int status = 0;  // the HTTP status of the refusal
  std::string field, message;  // the problem's first error
};

struct PostResult {
  std::map<std::string, uint64_t> posted_by_type;      // new events
  std::map<std::string, uint64_t> duplicates_by_type;  // already in the ledger
  std::map<std::string, uint64_t> seq_by_idem;         // "org/idem" -> seq
  std::vector<RefusalSeen> refusals;                   // in posting order
  uint64_t tree_size = 0;
  uint64_t batches = 0;
};

// Posts `events` in order, as batches of consecutive events of one org
// (at most kMaxDemoBatchEvents; an event.reversed starts a batch of its
// own, once the seq it names is known), and each of `refusals` on its own
// right after the event it follows. `keys` holds every poster's key.
// A refusal is kUnprocessable whose message is the server's problem
// (status, title, detail, one line per error); an unreachable server is
// the client's kUnavailable. Events before the refused batch stay posted.
// An attempt the ledger accepts as new, or refuses naming another field
// than its own, is kUnprocessable too.
Result<PostResult> PostEvents(api::HttpClient& client, const std::vector<ScenarioEvent>& events,
                              const std::vector<RefusedAttempt>& refusals,
                              const std::map<std::string, const PrivateKey*>& keys,
                              Progress& progress);

}  // namespace ledger::demo
