// The only door to RocksDB. One Store owns one database directory and its
// column families. Writes are WriteSets applied atomically; with sync they
// are in the WAL on disk when Write returns.
//
// Column families (names are part of the on-disk format, docs/log-format.md):
//   events       8-byte big-endian seq      -> canonical event bytes
//   tree         1-byte level ‖ 8-byte BE index -> 32-byte node hash
//   checkpoints  8-byte BE tree size        -> signed note text
//   meta         ASCII name                 -> value
//   idem, state, index: reserved for submissions, projections and indexes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/encoding.hpp"
#include "ledger/merkle.hpp"
#include "ledger/status.hpp"

namespace ledger {

enum class Column : uint8_t { kEvents, kTree, kCheckpoints, kMeta, kIdem, kState, kIndex };
inline constexpr std::size_t kColumnCount = 7;
const char* ColumnName(Column column);

std::string NodeKey(NodeId id);    // 9 bytes: level, then big-endian index

class Store;
// The file system a store's files go through, when not the disk itself:
// opaque outside ledger/store/ (tests make one that loses unsynced writes
// or runs out of space: ledger/store/fault_fs.hpp).
class StoreFileSystem;

// A batch of puts and deletes applied atomically by Store::Write. It must
// be written to the Store it was made for.
class WriteSet {
 public:
  explicit WriteSet(const Store& store);
  ~WriteSet();
  WriteSet(WriteSet&&) noexcept;
  WriteSet& operator=(WriteSet&&) noexcept;

  void Put(Column column, std::string_view key, std::string_view value);
  void Delete(Column column, std::string_view key);
  // Deletes every key of `column` in [begin, end).
  void DeleteRange(Column column, std::string_view begin, std::string_view end);
  std::size_t ByteSize() const;
  std::size_t Count() const;
  void Clear();

 private:
  friend class Store;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct StoreOptions {
  std::string dir;
  bool create_if_missing = false;
  // Read-only opens may run beside a writer (for audits); they see the data
  // as of the open.
  bool read_only = false;
  // Scans read each key once, in order (an audit, an export): they read
  // ahead and keep nothing in the block cache.
  bool sequential = false;
  // A scratch state that a crash may lose (an audit's replay, a rebuild):
  // writes skip the WAL, and the caches are small.
  bool scratch = false;
  // Follows a store that another process (ledgerd) may be writing, without
  // its lock and without disturbing it (a backup): reads see one point of
  // its history, the same in every column, as of the open, and never
  // move; writes fail. kUnavailable when the writer removed a file the
  // open was reading: the view could be torn, so it is refused, and a new
  // Open may succeed.
  bool follow = false;
  // Null: the disk. Kept alive by the Store for as long as it is open.
  std::shared_ptr<StoreFileSystem> file_system;
};

// Keys of one column in order, read on demand (comparing two stores walks
// two of them side by side). Valid until the Store is destroyed.
class StoreCursor {
 public:
  virtual ~StoreCursor() = default;
  virtual void Seek(std::string_view key) = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // The error that ended the walk early, if any.
  virtual Status status() const = 0;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();

  // Atomic. With `sync`, durable (WAL fsynced) on return. Concurrent calls
  // are safe; RocksDB groups them.
  Status Write(WriteSet& writes, bool sync);

  Result<std::optional<std::string>> Get(Column column, std::string_view key) const;
  // One result per key, in order.
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Column column, std::span<const std::string> keys) const;
  // Visits keys >= `from` (and < `before`, unless it is empty) in order
  // until `visit` returns false.
  Status Scan(Column column, std::string_view from,
              const std::function<bool(std::string_view key, std::string_view value)>& visit,
              std::string_view before = {}) const;
  // A cursor over `column`, before its first key (Seek it).
  std::unique_ptr<StoreCursor> NewCursor(Column column) const;
  // The largest key of `column`, if any.
  Result<std::optional<std::string>> LastKey(Column column) const;
  // Writes everything in memory to table files (so that the next open
  // replays no WAL) and waits for it.
  Status Flush();
  // After a failed write (a full disk) the store refuses every write until
  // it is resumed: tries that (it writes what is in memory to tables
  // first). Ok when writes may go on; the cause's error if it persists.
  Status Resume();

  // Reads tree nodes from the tree column.
  const NodeReader& nodes() const;

 private:
  friend class WriteSet;
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger
