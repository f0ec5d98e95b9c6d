// ledgerctl init: a new ledger in DIR — the log key and the genesis event
// (DESIGN.md §2, §10). Refuses a DIR that already holds a ledger.
#include <memory>
#include <ostream>

#include "command.hpp"
#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kInitFlags[] = {
    {"data", "DIR", true, "directory for the new ledger (must not hold one)"},
    {"origin", "ORIGIN", true,
     "log name and checkpoint key name, e.g. ledger.example.org/shenzhen"},
    {"regulator-id", "ID", true, "org id of the regulator: 1-64 of a-z 0-9 . _ -"},
    {"regulator-name", "NAME", true, "display name of the regulator (1-256 bytes)"},
    {"regulator-key", "PUB.pem", true, "the regulator's public key (SPKI PEM)"},
};

// The flags as InitOptions. InitLedger validates origin, id and name
// (before it touches the disk); the key file is read here.
Result<InitOptions> OptionsFromFlags(const ParsedFlags& flags) {
  InitOptions options;
  options.dir = flags.Get("data");
  options.origin = flags.Get("origin");
  options.regulator.id = flags.Get("regulator-id");
  options.regulator.name = flags.Get("regulator-name");
  const std::string& key_path = flags.Get("regulator-key");
  Result<PublicKey> key = PublicKey::ReadPemFile(key_path);
  if (!key.ok())
    return AboutFile(key.error(), "--regulator-key", key_path);
  options.regulator.public_key = *key;
  return options;
}

// InitLedger names its fields as InitOptions does; the user typed flags.
std::string FlagForField(const std::string& field) {
  if (field.empty() || field == "data") return "--data";
  if (field == "origin") return "--origin";
  if (field == "regulator.id") return "--regulator-id";
  if (field == "regulator.name") return "--regulator-name";
  return field;
}

// Reads back what init wrote: the genesis leaf and the tree size.
int ReportLedger(const InitOptions& options, const PublicKey& log_key, CommandIo& io) {
  LogOptions log_options;
  log_options.dir = options.dir;
  log_options.read_only = true;
  log_options.checkpoint_interval = std::chrono::milliseconds(0);
  Result<std::unique_ptr<Log>> log = Log::Open(log_options, std::nullopt);
  if (!log.ok()) return Fail(io, "init", log.error(), kExitRefused);
  Result<Hash> genesis_leaf = (*log)->LeafHashAt(0);
  if (!genesis_leaf.ok()) return Fail(io, "init", genesis_leaf.error(), kExitRefused);
  io.out << "verifier_key: " << VerifierKeyString(options.origin, log_key) << "\n"
         << "log_public_key: " << log_key.Base64() << "\n"
         << "tree_size: " << (*log)->size() << "\n"
         << "genesis_leaf_hash: " << HexEncode(*genesis_leaf) << "\n";
  return kExitOk;
}

int RunInit(const ParsedFlags& flags, CommandIo& io) {
  Result<InitOptions> options = OptionsFromFlags(flags);
  if (!options.ok()) return Fail(io, "init", options.error(), kExitUsage);
  // InitLedger refuses a DIR holding a ledger (kConflict: a refusal, exit 1)
  // and one holding anything else (kInvalidArgument: an input error, exit 2).
  Result<PublicKey> log_key = InitLedger(*options);
  if (!log_key.ok()) {
    Error error = log_key.error();
    error.field = FlagForField(error.field);
    if (error.code == Code::kConflict) error.message += "; init never overwrites a ledger";
    return Fail(io, "init", error,
                error.code == Code::kInvalidArgument ? kExitUsage : kExitRefused);
  }
  return ReportLedger(*options, *log_key, io);
}

}  // namespace

Command InitCommand() {
  return {"init",
          "Create a new ledger in DIR: the log key (DIR/log-key.pem) and the genesis event.",
          kInitFlags, &RunInit};
}

}  // namespace ledger::cli
