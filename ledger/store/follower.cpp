#include "ledger/store/follower.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <rocksdb/env.h>

namespace ledger {
namespace {

// RocksDB 7.8's secondary instance, when a write-ahead log file it was
// about to replay has been deleted by the writer (whose flush moved its
// writes into a table file the secondary has not read about yet), takes
// the failure as "already flushed", carries on and only logs it
// (DBImplSecondary::TryCatchUpWithPrimary swallows PathNotFound). A column
// may then miss that file's writes while the others hold them: a torn
// view. The log line is the only sign of it, so this logger watches for
// it and drops everything else (a follower keeps no LOG file).
class PurgeWatch final : public rocksdb::Logger {
 public:
  PurgeWatch() : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL) {}

  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel() || format == nullptr) return;
    char line[kLineBytes];
    std::vsnprintf(line, sizeof line, format, ap);
    if (std::strstr(format, kPurgedWords) != nullptr || std::strstr(line, kPurgedWords) != nullptr)
      purged_.store(true, std::memory_order_relaxed);
  }
  bool purged() const { return purged_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kLineBytes = 1024;
  static constexpr const char* kPurgedWords = "purged by primary";
  std::atomic<bool> purged_{false};
};

// The writer deleting or replacing a file under the follower's feet (its
// MANIFEST, a table file) while the store is still there: a new attempt
// sees the files as they are now. A store that is not there at all is
// just missing.
bool WriterMovedOn(const rocksdb::Status& s, const std::string& dir) {
  std::error_code ec;
  return s.IsTryAgain() ||
         (s.IsPathNotFound() && std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec));
}

void Discard(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*>* handles) {
  if (db == nullptr) return;
  for (auto* h : *handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  handles->clear();
  db->Close().PermitUncheckedError();
  delete db;
}

}  // namespace

FollowResult OpenFollower(rocksdb::DBOptions db_options, const std::string& dir,
                          const std::vector<rocksdb::ColumnFamilyDescriptor>& columns,
                          std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** db) {
  *db = nullptr;
  auto watch = std::make_shared<PurgeWatch>();
  db_options.info_log = watch;
  db_options.max_open_files = -1;  // what RocksDB requires of a secondary
  db_options.create_if_missing = false;
  db_options.create_missing_column_families = false;
  rocksdb::DB* opened = nullptr;
  // The secondary's own directory receives only its info log (replaced by
  // `watch`) and remote compactions' output (never run here): nothing is
  // written into `dir`.
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(db_options, dir, dir, columns, handles, &opened);
  if (s.ok()) s = opened->TryCatchUpWithPrimary();
  if (s.ok() && !watch->purged()) {
    *db = opened;
    return {FollowOutcome::kOpened, s};
  }
  Discard(opened, handles);
  if (!s.ok() && !WriterMovedOn(s, dir)) return {FollowOutcome::kFailed, s};
  return {FollowOutcome::kTorn, s};
}

}  // namespace ledger
