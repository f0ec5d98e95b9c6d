// Creating a ledger: the log key and event 0, `ledger.genesis`.
#pragma once

#include <string>

#include "ledger/crypto.hpp"
#include "ledger/log.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr const char* kLogKeyFile = "log-key.pem";  // inside the data dir
// Bounds on the regulator's identity as it enters the genesis event. Its id
// is an org id like any other (schema.hpp ValidateId: [a-z0-9._-]).
inline constexpr std::size_t kMaxRegulatorIdBytes = 64;
inline constexpr std::size_t kMaxRegulatorNameBytes = 256;

struct Regulator {
  std::string id;
  std::string name;
  PublicKey public_key;
};

struct InitOptions {
  std::string dir;
  std::string origin;  // also the checkpoint key name
  Regulator regulator;
  Clock clock = [] { return std::chrono::system_clock::now(); };
};

// Creates `dir` (which must not hold a ledger), writes DIR/log-key.pem
// (0600) and DIR/log-key.pem.pub, and appends the signed genesis event and
// a first checkpoint. Returns the log public key.
Result<PublicKey> InitLedger(const InitOptions& options);

// The genesis submission (signed by `log_key`), as appended.
Result<Json> GenesisSubmission(const std::string& origin, const Regulator& regulator,
                               const PrivateKey& log_key);

}  // namespace ledger
