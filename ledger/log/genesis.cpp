#include "ledger/genesis.hpp"

#include <filesystem>
#include <system_error>

#include "ledger/checkpoint.hpp"
#include "ledger/log/log_meta.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"
#include "ledger/store.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

Status CheckLength(const char* field, const std::string& value, std::size_t max_bytes) {
  if (value.empty()) return Error::Invalid(field, "must not be empty");
  if (value.size() > max_bytes)
    return Error::Invalid(field, "is " + std::to_string(value.size()) + " bytes; the limit is " +
                                     std::to_string(max_bytes));
  return Status::Ok();
}

Status ValidateInit(const InitOptions& options) {
  if (options.dir.empty()) return Error::Invalid("data", "a data directory is required");
  if (Status s = ValidateKeyName(options.origin); !s.ok())
    return Error::Invalid("origin", s.error().message);
  static_assert(kMaxRegulatorIdBytes == kMaxIdBytes);
  LEDGER_RETURN_IF_ERROR(ValidateId(options.regulator.id, "regulator.id"));
  return CheckLength("regulator.name", options.regulator.name, kMaxRegulatorNameBytes);
}

// A ledger directory is made fresh: an existing ledger, or anything else,
// in it is refused so that nothing is mixed or overwritten.
Status PrepareDirectory(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return Error::Invalid("data", dir + " is not a directory");
    if (fs::exists(fs::path(dir) / "CURRENT", ec) || fs::exists(fs::path(dir) / kLogKeyFile, ec))
      return Error{Code::kConflict, "data", dir + " already holds a ledger"};
    if (!fs::is_empty(dir, ec)) return Error::Invalid("data", dir + " is not empty");
  }
  fs::create_directories(dir, ec);
  if (ec) return Error::Io("create " + dir + ": " + ec.message());
  // The directory holds the log's private key.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return Error::Io("chmod " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<Json> GenesisSubmission(const std::string& origin, const Regulator& regulator,
                               const PrivateKey& log_key) {
  Json submission = {
      {"type", "ledger.genesis"},
      {"org", "ledger"},
      {"idem", "genesis"},
      {"body",
       {{"origin", origin},
        {"log_key", log_key.public_key().Base64()},
        {"regulator",
         {{"id", regulator.id},
          {"name", regulator.name},
          {"public_key", regulator.public_key.Base64()}}}}}};
  return Sign(std::move(submission), log_key);
}

Result<PublicKey> InitLedger(const InitOptions& options) {
  LEDGER_RETURN_IF_ERROR(ValidateInit(options));
  LEDGER_RETURN_IF_ERROR(PrepareDirectory(options.dir));
  auto log_key = PrivateKey::Generate();
  if (!log_key.ok()) return log_key.error();
  LEDGER_RETURN_IF_ERROR(log_key->WriteKeyPair((fs::path(options.dir) / kLogKeyFile).string()));
  {
    auto store = Store::Open({.dir = options.dir, .create_if_missing = true});
    if (!store.ok()) return store.error();
    WriteSet writes(**store);
    PutLogMeta({options.origin, log_key->public_key()}, writes);
    LEDGER_RETURN_IF_ERROR((*store)->Write(writes, /*sync=*/true));
  }
  auto genesis = GenesisSubmission(options.origin, options.regulator, *log_key);
  if (!genesis.ok()) return genesis.error();
  LogOptions log_options{.dir = options.dir, .clock = options.clock,
                         .checkpoint_interval = std::chrono::milliseconds(0)};
  auto log = Log::Open(log_options, *log_key);
  if (!log.ok()) return log.error();
  auto appended = (*log)->Append({std::move(*genesis)});
  if (!appended.ok()) return appended.error();
  auto note = (*log)->MakeCheckpoint();
  if (!note.ok()) return note.error();
  return log_key->public_key();
}

}  // namespace ledger
