// Backups of a ledger's data directory, taken while ledgerd serves it, and
// new data directories restored from them (`ledgerctl backup`, `restore`;
// docs/operations.md).
//
// A backup is a data directory of its own: every key of every column as of
// one point of the ledger's history — a prefix of its log, with exactly the
// state, idem records, checkpoints and cosignatures that went with it — and
// the log's public key (log-key.pem.pub). Never the private log key
// (log-key.pem): that key never changes, and is kept apart, offline; a
// restore is handed it. ledgerd is not paused or slowed beyond the reads.
//
// Both are made in a new directory beside the target (".NAME.partial-XXXXXX",
// mode 0700), verified, and renamed onto the target only when complete: a
// crash leaves no half-made target, at most that directory to delete.
// Neither is thread-safe against another writing the same target.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Keys of one column copied so far, called every kCopyProgressKeys keys
// and once at the end of each column.
inline constexpr uint64_t kCopyProgressKeys = 100'000;
struct CopyProgress {
  std::string_view column;
  uint64_t column_keys = 0;  // in this column so far
  uint64_t keys = 0;         // in all columns so far
  uint64_t bytes = 0;        // of keys and values so far
};
using CopyProgressFn = std::function<void(const CopyProgress&)>;

struct CopyReport {
  uint64_t events = 0;  // the log's size in the copy
  Hash root{};          // its Merkle root at that size
  uint64_t keys = 0;    // copied, all columns
  uint64_t bytes = 0;   // of keys and values copied
  int attempts = 1;     // opens of the source (the writer may make one retry)
};

// Opening a live ledger is tried this many times: each try is refused when
// the writer deleted a file the open was reading (RocksDB's compaction and
// flushes do, now and then).
inline constexpr int kMaxCopyAttempts = 5;

struct BackupOptions {
  std::string data_dir;  // a ledger, served by ledgerd or not
  std::string out_dir;   // must not exist, or be an empty directory
  CopyProgressFn progress;
};

// Errors name the option at fault: "data" (kInvalidArgument: no ledger
// there), "out" (kConflict: exists and is not empty; kInvalidArgument: a
// file, or inside the data directory); the copy's own failures (kIoError,
// kCorruption, kUnavailable after kMaxCopyAttempts) name no option.
Result<CopyReport> BackupLedger(const BackupOptions& options);

struct RestoreOptions {
  std::string from_dir;  // a backup (or any ledger's data directory)
  std::string data_dir;  // must not exist, or be an empty directory
  PrivateKey log_key;    // written as data_dir/log-key.pem, mode 0600
  CopyProgressFn progress;
};

// Errors name "from" (kInvalidArgument: no ledger there), "data"
// (kConflict: exists and is not empty) or "key" (kInvalidArgument: not
// this ledger's log key); the restored directory is opened as ledgerd
// would (with the key) before it is put in place.
Result<CopyReport> RestoreLedger(const RestoreOptions& options);

}  // namespace ledger
