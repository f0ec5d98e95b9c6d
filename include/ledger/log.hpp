// The append-only log: events in seq order, hash-chained, Merkle-proven,
// checkpointed. One Log owns one Store.
//
// Appends are atomic and durable: Append returns only after its events are
// in the synced WAL, and on error none of them is visible. Concurrent
// callers are grouped by one writer thread into one WriteBatch and one sync
// (group commit). Reads and proofs are thread-safe and see only durable
// events. Checkpoints are signed with the log key at least every
// `checkpoint_interval` while the log grows, and kept by tree size.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/crypto.hpp"
#include "ledger/merkle.hpp"
#include "ledger/status.hpp"

namespace ledger {

class LogAppender;
class Store;
class StoreFileSystem;
class WriteSet;

using Clock = std::function<std::chrono::system_clock::time_point()>;

// Fields the log sets; a submitted entry must not carry them.
inline constexpr const char* kStampedFields[] = {"seq", "prev", "ts"};
// The largest stored event: its length fits the big-endian uint16 that
// prefixes it in a tile's entry bundle (C2SP tlog-tiles, ledger/tiles.hpp).
inline constexpr std::size_t kMaxEventBytes = 65'535;
inline constexpr std::size_t kMaxEntriesPerAppend = 10'000;

struct LogOptions {
  std::string dir;
  Clock clock = [] { return std::chrono::system_clock::now(); };
  // 0 turns the background checkpointer off (tests make checkpoints on demand).
  std::chrono::milliseconds checkpoint_interval{1000};
  // Bounds on one group commit.
  std::size_t max_group_events = 8192;
  std::size_t max_group_bytes = 16u << 20;
  bool read_only = false;  // no writer, no checkpointer: for audits
  // The store's files go through this instead of the disk when set (tests
  // simulate power loss and a full disk: ledger/store/fault_fs.hpp).
  std::shared_ptr<StoreFileSystem> file_system;
};

struct Appended {
  uint64_t seq = 0;
  Hash leaf_hash{};
};

// Receives an append's outcome once its events are durable (or it was
// refused). Runs on the writer thread (or the caller's, for an error found
// before queueing): hand real work to another thread.
using AppendDone = std::function<void(Result<std::vector<Appended>>)>;

class Log {
 public:
  // Opens a ledger made by InitLedger. `log_key` signs checkpoints; it must
  // match the genesis event's log_key (not needed when read_only).
  static Result<std::unique_ptr<Log>> Open(const LogOptions& options,
                                           std::optional<PrivateKey> log_key);
  ~Log();  // drains the writer; later appends would fail with kUnavailable

  // Appends `entries` (JSON objects without seq/prev/ts) as consecutive
  // seqs, all or none, with no rules but the log's own: for genesis, tools
  // and tests. Errors name the entry ("entries[2].ts"). kUnavailable once a
  // ledger service has taken the appender (TakeAppender).
  Result<std::vector<Appended>> Append(std::vector<Json> entries);
  // The same, without waiting: `done` receives the outcome.
  void AppendAsync(std::vector<Json> entries, AppendDone done);

  // Hands the appender to the one who will own the order of appends from
  // now on (the ledger service, which decides and writes its own groups).
  // Null when the log is read-only or the appender was taken or used.
  std::unique_ptr<LogAppender> TakeAppender();

  uint64_t size() const;  // durable events
  const std::string& origin() const;
  const PublicKey& log_public_key() const;
  std::string verifier_key() const;  // VerifierKeyString(origin, log key)

  Result<std::string> ReadEvent(uint64_t seq) const;  // canonical bytes
  // Up to `limit` events from `from`, stopping at size().
  Result<std::vector<std::string>> ReadEvents(uint64_t from, std::size_t limit) const;
  Result<Hash> LeafHashAt(uint64_t seq) const;
  Result<Hash> RootAt(uint64_t size) const;
  Result<std::vector<Hash>> InclusionProof(uint64_t seq, uint64_t size) const;
  Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to) const;

  // Signs and keeps a checkpoint of the current size unless one exists;
  // returns the note of the current size.
  Result<std::string> MakeCheckpoint();
  Result<std::string> LatestCheckpoint() const;  // kNotFound if none yet
  Result<std::string> CheckpointAt(uint64_t size) const;
  // Kept checkpoint sizes >= from, ascending, at most `limit`.
  Result<std::vector<uint64_t>> CheckpointSizes(uint64_t from, std::size_t limit) const;

  const Store& store() const;
  Store& mutable_store();
  // Writes state that is not events (the state rebuilt by a migration or
  // `ledgerctl rebuild`), synced. The caller keeps it apart from appends.
  Status WriteState(WriteSet& writes);
  bool read_only() const;
  const Clock& clock() const;
  // Bounds on one group commit, as opened.
  std::size_t max_group_events() const;
  std::size_t max_group_bytes() const;

 private:
  struct Impl;
  explicit Log(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Formats a UTC time as "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string FormatTimestamp(std::chrono::system_clock::time_point t);

}  // namespace ledger
