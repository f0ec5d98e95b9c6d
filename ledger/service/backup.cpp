#include "ledger/backup.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledger/log/log_meta.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/service/store_copy.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

// A path as given, without a trailing "/" (whose file name would be empty).
fs::path Target(const std::string& dir) {
  fs::path path = fs::path(dir).lexically_normal();
  return path.has_filename() ? path : path.parent_path();
}

// A ledger's data directory holds RocksDB's CURRENT file.
Status RequireLedger(const std::string& dir, const char* field) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Error::Invalid(field, dir + " does not exist");
  if (!fs::is_directory(dir, ec)) return Error::Invalid(field, dir + " is not a directory");
  if (!fs::exists(fs::path(dir) / "CURRENT", ec))
    return Error::Invalid(field, dir + " holds no ledger (no RocksDB CURRENT file)");
  return Status::Ok();
}

// Nothing is ever overwritten: the target is missing or an empty directory.
Status RequireFreeTarget(const std::string& dir, const char* field) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(dir, ec);
  if (status.type() == fs::file_type::not_found) return Status::Ok();
  if (status.type() != fs::file_type::directory)
    return Error::Invalid(field, dir + " exists and is not a directory");
  if (!fs::is_empty(dir, ec))
    return Error{Code::kConflict, field, dir + " exists and is not empty; nothing is ever overwritten"};
  return Status::Ok();
}

// A backup inside the ledger's own directory would be lost with it.
Status RequireOutside(const std::string& out, const std::string& data) {
  std::error_code ec;
  const fs::path inner = fs::weakly_canonical(Target(out), ec);
  const fs::path outer = fs::weakly_canonical(Target(data), ec);
  if (ec) return Status::Ok();  // the copy's own checks will say what is wrong
  auto [end, rest] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  if (end == outer.end())
    return Error::Invalid("out", out + " is inside the ledger's directory " + data);
  return Status::Ok();
}

// The directory a copy is made in, beside its target; removed with what it
// holds unless it was renamed onto the target.
class PartialDir {
 public:
  static Result<PartialDir> Create(const std::string& target, const char* field) {
    const fs::path path = Target(target);
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(parent, ec))
      return Error::Invalid(field, "the directory " + parent.string() + " of " + target + " does not exist");
    std::string name = ".";  // appended, not "." + name: GCC 12 warns falsely (-Wrestrict)
    name += path.filename().string();
    name += ".partial-XXXXXX";
    std::string pattern = (parent / name).string();
    if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700, as a data directory
      return Error::Io("create a directory beside " + target + ": " + std::strerror(errno));
    return PartialDir(pattern, path.string(), parent.string());
  }
  PartialDir(PartialDir&& other) noexcept
      : path_(std::move(other.path_)), target_(std::move(other.target_)), parent_(std::move(other.parent_)) {
    other.path_.clear();
  }
  PartialDir(const PartialDir&) = delete;
  PartialDir& operator=(const PartialDir&) = delete;
  PartialDir& operator=(PartialDir&&) = delete;
  ~PartialDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }

  // rename(2) replaces a target that is an empty directory, and nothing
  // else: a target filled meanwhile is refused, not overwritten.
  Status Commit() {
    if (::rename(path_.c_str(), target_.c_str()) != 0)
      return Error::Io("rename " + path_ + " to " + target_ + ": " + std::strerror(errno));
    path_.clear();
    return SyncDirectory(parent_);
  }

 private:
  PartialDir(std::string path, std::string target, std::string parent)
      : path_(std::move(path)), target_(std::move(target)), parent_(std::move(parent)) {}
  std::string path_, target_, parent_;
};

// Opens the copy as ledgerd or an audit would: the newest event hashes to
// its leaf and links to the one before, the tree holds every event, the
// state (in this version's layout) reflects every event, and `log_key`
// (when given) is the ledger's. Returns the report and the log's key.
Result<CopyReport> VerifyCopy(const std::string& dir, const StoreCopy& copy,
                              std::optional<PrivateKey> log_key, PublicKey* public_key) {
  LogOptions options{.dir = dir, .checkpoint_interval = std::chrono::milliseconds(0),
                     .read_only = !log_key};
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Log> log, Log::Open(options, std::move(log_key)));
  if (log->size() != copy.events)
    return Error::Corruption("the copy holds " + std::to_string(copy.events) +
                             " events but its tree " + std::to_string(log->size()));
  LEDGER_ASSIGN_OR_RETURN(const StoredState state, ReadStoredState(log->store()));
  if (state.layout == StoredState::Layout::kCurrent && state.applied != copy.events)
    return Error::Corruption("the copy's state reflects " + std::to_string(state.applied) +
                             " events but its log holds " + std::to_string(copy.events));
  LEDGER_ASSIGN_OR_RETURN(const Hash root, log->RootAt(log->size()));
  *public_key = log->log_public_key();
  return CopyReport{.events = copy.events, .root = root, .keys = copy.keys, .bytes = copy.bytes,
                    .attempts = copy.attempts};
}

std::string PublicKeyPath(const std::string& dir) {
  return (fs::path(dir) / kLogKeyFile).string() + ".pub";
}

}  // namespace

Result<CopyReport> BackupLedger(const BackupOptions& options) {
  LEDGER_RETURN_IF_ERROR(RequireLedger(options.data_dir, "data"));
  LEDGER_RETURN_IF_ERROR(RequireFreeTarget(options.out_dir, "out"));
  LEDGER_RETURN_IF_ERROR(RequireOutside(options.out_dir, options.data_dir));
  LEDGER_ASSIGN_OR_RETURN(PartialDir partial, PartialDir::Create(options.out_dir, "out"));
  LEDGER_ASSIGN_OR_RETURN(const StoreCopy copy,
                          CopyStore(options.data_dir, partial.path(), {}, options.progress));
  PublicKey log_key;
  LEDGER_ASSIGN_OR_RETURN(const CopyReport report,
                          VerifyCopy(partial.path(), copy, std::nullopt, &log_key));
  // The public half only, from the ledger itself: a restore, an auditor
  // or an operator comparing keys may want it; the private one stays out.
  LEDGER_RETURN_IF_ERROR(WriteNewFile(PublicKeyPath(partial.path()), log_key.Pem(), 0644));
  LEDGER_RETURN_IF_ERROR(partial.Commit());
  return report;
}

Result<CopyReport> RestoreLedger(const RestoreOptions& options) {
  LEDGER_RETURN_IF_ERROR(RequireLedger(options.from_dir, "from"));
  LEDGER_RETURN_IF_ERROR(RequireFreeTarget(options.data_dir, "data"));
  LEDGER_ASSIGN_OR_RETURN(PartialDir partial, PartialDir::Create(options.data_dir, "data"));
  // A wrong key is refused before anything is copied.
  auto same_key = [&](const Store& source) -> Status {
    LEDGER_ASSIGN_OR_RETURN(const LogMeta meta, ReadLogMeta(source, options.from_dir));
    if (meta.log_key == options.log_key.public_key()) return Status::Ok();
    return Error::Invalid("key", "is not this ledger's log key: the ledger's public key is " +
                                     meta.log_key.Base64() + ", the file's " +
                                     options.log_key.public_key().Base64());
  };
  LEDGER_ASSIGN_OR_RETURN(const StoreCopy copy,
                          CopyStore(options.from_dir, partial.path(), same_key, options.progress));
  const std::string key_path = (fs::path(partial.path()) / kLogKeyFile).string();
  LEDGER_RETURN_IF_ERROR(options.log_key.WriteKeyPair(key_path));  // 0600, and .pub
  PublicKey log_key;
  LEDGER_ASSIGN_OR_RETURN(const CopyReport report,
                          VerifyCopy(partial.path(), copy, options.log_key, &log_key));
  LEDGER_RETURN_IF_ERROR(partial.Commit());
  return report;
}

}  // namespace ledger
