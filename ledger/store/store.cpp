#include "ledger/store.hpp"

#include <array>

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include "ledger/store/damage_logger.hpp"
#include "ledger/store/file_system.hpp"
#include "ledger/store/follower.hpp"

namespace ledger {
namespace {

constexpr std::array<const char*, kColumnCount> kColumnNames = {
    "events", "tree", "checkpoints", "meta", "idem", "state", "index"};
// What a store may hold in memory, whatever the size of the ledger: the
// block cache (which also holds every table's index and filter blocks, so
// that they do not grow with the data outside it) and the memtables of all
// columns together. A scratch store (an audit's replay) gets less.
constexpr std::size_t kBlockCacheBytes = 128u << 20;
constexpr std::size_t kMemtablesBytes = 128u << 20;
constexpr std::size_t kScratchBlockCacheBytes = 32u << 20;
constexpr std::size_t kScratchMemtablesBytes = 64u << 20;
constexpr std::size_t kWriteBufferBytes = 64u << 20;

Error FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.IsCorruption()) return Error::Corruption(what + ": " + s.ToString());
  return Error::Io(what + ": " + s.ToString());
}

void PutBigEndian(uint64_t v, char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}

rocksdb::ColumnFamilyOptions ColumnOptions(Column column,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Index and filters in small partitions: a whole-file filter of a large
  // table (megabytes) does not fit a shard of the block cache, so it would
  // be read from disk and checksummed again on every point read; 4 KiB
  // partitions stay cached, and only their top level is pinned.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  // Point lookups dominate everywhere but the event scan; a bloom filter
  // saves a block read per miss (idem checks miss almost always).
  if (column != Column::kEvents) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
    table.partition_filters = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Most reads of the state while deciding are of keys not written yet (a
  // new receipt, idem or trace): a bloom filter over the memtable answers
  // them without walking its skiplist.
  if (column == Column::kState || column == Column::kIdem) {
    cf.memtable_whole_key_filtering = true;
    cf.memtable_prefix_bloom_size_ratio = 0.05;
  }
  cf.write_buffer_size = kWriteBufferBytes;
  return cf;
}

Status OpenDb(const StoreOptions& options, const rocksdb::DBOptions& db_options,
              const std::vector<rocksdb::ColumnFamilyDescriptor>& descriptors,
              std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** raw) {
  const std::string what = "open " + options.dir;
  if (options.follow) {
    FollowResult followed = OpenFollower(db_options, options.dir, descriptors, handles, raw);
    switch (followed.outcome) {
      case FollowOutcome::kOpened:
        return Status::Ok();
      case FollowOutcome::kTorn:
        return Error{Code::kUnavailable, "",
                     what + ": the ledger writing it removed a file while it was being read; "
                            "try again"};
      case FollowOutcome::kFailed:
        return FromRocks(followed.status, what);
    }
  }
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.dir, descriptors, handles, raw)
          : rocksdb::DB::Open(db_options, options.dir, descriptors, handles, raw);
  if (!s.ok()) return FromRocks(s, what);
  return Status::Ok();
}

}  // namespace

const char* ColumnName(Column column) {
  return kColumnNames[static_cast<std::size_t>(column)];
}

std::string NodeKey(NodeId id) {
  std::string key(9, '\0');
  key[0] = static_cast<char>(id.level);
  PutBigEndian(id.index, key.data() + 1);
  return key;
}

// ---- WriteSet -------------------------------------------------------------

struct WriteSet::Impl {
  const std::vector<rocksdb::ColumnFamilyHandle*>* handles;
  rocksdb::WriteBatch batch;
  rocksdb::ColumnFamilyHandle* handle(Column c) const {
    return (*handles)[static_cast<std::size_t>(c)];
  }
};
WriteSet::~WriteSet() = default;
WriteSet::WriteSet(WriteSet&&) noexcept = default;
WriteSet& WriteSet::operator=(WriteSet&&) noexcept = default;

std::size_t WriteSet::ByteSize() const { return impl_->batch.GetDataSize(); }
std::size_t WriteSet::Count() const { return impl_->batch.Count(); }
void WriteSet::Clear() { impl_->batch.Clear(); }

void WriteSet::Put(Column column, std::string_view key, std::string_view value) {
  auto s = impl_->batch.Put(impl_->handle(column),
                            rocksdb::Slice(key.data(), key.size()),
                            rocksdb::Slice(value.data(), value.size()));
  LEDGER_CHECK_MSG(s.ok(), s.ToString());
}

void WriteSet::DeleteRange(Column column, std::string_view begin, std::string_view end) {
  auto s = impl_->batch.DeleteRange(impl_->handle(column), rocksdb::Slice(begin.data(), begin.size()),
                                    rocksdb::Slice(end.data(), end.size()));
  LEDGER_CHECK_MSG(s.ok(), s.ToString());
}

void WriteSet::Delete(Column column, std::string_view key) {
  auto s = impl_->batch.Delete(impl_->handle(column),
                               rocksdb::Slice(key.data(), key.size()));
  LEDGER_CHECK_MSG(s.ok(), s.ToString());
}

// ---- Store ----------------------------------------------------------------

class StoreNodeReader final : public NodeReader {
 public:
  explicit StoreNodeReader(const Store& store) : store_(store) {}
  Result<std::vector<Hash>> ReadNodes(std::span<const NodeId> ids) const override;

 private:
  const Store& store_;
};

struct Store::Impl {
  // First, so that it outlives the database running on it.
  std::shared_ptr<StoreFileSystem> file_system;
  std::unique_ptr<rocksdb::DB> db;
  // handles[i] serves Column i; the default family is kept only because
  // RocksDB requires it to be opened.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* default_handle = nullptr;
  std::unique_ptr<StoreNodeReader> nodes;
  bool sequential = false;
  bool scratch = false;

  rocksdb::ColumnFamilyHandle* handle(Column c) const {
    return handles[static_cast<std::size_t>(c)];
  }
  ~Impl() {
    if (!db) return;
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    if (default_handle) db->DestroyColumnFamilyHandle(default_handle).PermitUncheckedError();
    db->Close().PermitUncheckedError();
  }
};

WriteSet::WriteSet(const Store& store) : impl_(std::make_unique<Impl>()) {
  impl_->handles = &store.impl_->handles;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->nodes = std::make_unique<StoreNodeReader>(*this);
}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = !options.read_only && !options.follow;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1u << 20;
  // Rarely written columns (checkpoints, meta) would otherwise hold on to
  // every WAL file until the WAL reaches RocksDB's default limit (4x the
  // write buffers, ~1.8 GiB here), and every open replays all of it.
  db_options.max_total_wal_size = 256u << 20;
  db_options.db_write_buffer_size = options.scratch ? kScratchMemtablesBytes : kMemtablesBytes;
  // A scratch store writes no WAL, so what survives a crash is what its
  // memtables had flushed: flushed together, that is always the state
  // after some whole write, the same in every column.
  db_options.atomic_flush = options.scratch;
  // A damaged record in the middle of a WAL fails the open (kCorruption
  // naming the file) instead of ending the replay there: RocksDB's default
  // (point-in-time recovery) would open the ledger without every later
  // write, acknowledged ones included, and nothing after could tell. Only an
  // incomplete last record is dropped: a write the crash interrupted, which
  // was never synced and so never acknowledged (tests/bit_flip_test.cpp,
  // tests/power_loss_test.cpp).
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  if (options.file_system) db_options.env = options.file_system->env();
  auto cache = rocksdb::NewLRUCache(options.scratch ? kScratchBlockCacheBytes : kBlockCacheBytes);

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (std::size_t i = 0; i < kColumnCount; ++i)
    descriptors.emplace_back(kColumnNames[i], ColumnOptions(static_cast<Column>(i), cache));

  auto impl = std::make_unique<Impl>();
  impl->file_system = options.file_system;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  // Writable opens keep RocksDB's own LOG file; read-only ones write none.
  std::shared_ptr<rocksdb::Logger> info_log;
  if (!options.read_only && !options.follow &&
      !rocksdb::CreateLoggerFromOptions(options.dir, db_options, &info_log).ok())
    info_log = nullptr;
  auto damage_log = std::make_shared<DamageNotingLogger>(std::move(info_log));
  db_options.info_log = damage_log;
  if (Status opened = OpenDb(options, db_options, descriptors, &handles, &raw); !opened.ok()) {
    Error error = opened.error();
    // A damaged WAL record fails the open without naming its file.
    if (const std::string damage = damage_log->damage();
        error.code == Code::kCorruption && !damage.empty())
      error.message += " (" + damage + ")";
    return error;
  }
  impl->db.reset(raw);
  impl->default_handle = handles[0];
  impl->sequential = options.sequential;
  impl->scratch = options.scratch;
  impl->handles.assign(handles.begin() + 1, handles.end());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Status Store::Write(WriteSet& writes, bool sync) {
  LEDGER_CHECK(writes.impl_->handles == &impl_->handles);
  rocksdb::WriteOptions wo;
  wo.sync = sync && !impl_->scratch;
  wo.disableWAL = impl_->scratch;
  rocksdb::Status s = impl_->db->Write(wo, &writes.impl_->batch);
  if (!s.ok()) return FromRocks(s, "write");
  return Status::Ok();
}

Result<std::optional<std::string>> Store::Get(Column column, std::string_view key) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->handle(column),
                                     rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, std::string("read ") + ColumnName(column));
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::optional<std::string>>> Store::MultiGet(
    Column column, std::span<const std::string> keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->handle(column), keys.size(),
                      slices.data(), values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i], std::string("read ") + ColumnName(column));
    out[i] = values[i].ToString();
  }
  return out;
}

Status Store::Scan(Column column, std::string_view from,
                   const std::function<bool(std::string_view, std::string_view)>& visit,
                   std::string_view before) const {
  rocksdb::ReadOptions options;
  if (impl_->sequential) {
    options.fill_cache = false;  // read once: keep the cache for what is read again
    options.readahead_size = 2u << 20;
  }
  // An upper bound lets RocksDB stop at it instead of stepping over deleted
  // keys beyond it (a fund's spent lots) in search of a live one.
  rocksdb::Slice bound(before.data(), before.size());
  if (!before.empty()) options.iterate_upper_bound = &bound;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(options, impl_->handle(column)));
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid(); it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size())))
      break;
  }
  if (!it->status().ok()) return FromRocks(it->status(), std::string("scan ") + ColumnName(column));
  return Status::Ok();
}

namespace {

class RocksCursor final : public StoreCursor {
 public:
  RocksCursor(rocksdb::Iterator* it, std::string what) : it_(it), what_(std::move(what)) {}
  void Seek(std::string_view key) override { it_->Seek(rocksdb::Slice(key.data(), key.size())); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override { return {it_->key().data(), it_->key().size()}; }
  std::string_view value() const override { return {it_->value().data(), it_->value().size()}; }
  Status status() const override {
    if (it_->status().ok()) return Status::Ok();
    return FromRocks(it_->status(), what_);
  }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
  std::string what_;
};

}  // namespace

std::unique_ptr<StoreCursor> Store::NewCursor(Column column) const {
  rocksdb::ReadOptions options;
  options.fill_cache = false;  // a walk reads each key once
  options.readahead_size = 2u << 20;
  return std::make_unique<RocksCursor>(impl_->db->NewIterator(options, impl_->handle(column)),
                                       std::string("scan ") + ColumnName(column));
}

Result<std::optional<std::string>> Store::LastKey(Column column) const {
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->handle(column)));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), std::string("scan ") + ColumnName(column));
  if (!it->Valid()) return std::optional<std::string>();
  return std::optional<std::string>(it->key().ToString());
}

Status Store::Flush() {
  rocksdb::FlushOptions options;
  options.wait = true;
  rocksdb::Status s = impl_->db->Flush(options, impl_->handles);
  if (!s.ok()) return FromRocks(s, "flush");
  return Status::Ok();
}

Status Store::Resume() {
  rocksdb::Status s = impl_->db->Resume();
  if (!s.ok()) return FromRocks(s, "resume writing");
  return Status::Ok();
}

const NodeReader& Store::nodes() const { return *impl_->nodes; }

Result<std::vector<Hash>> StoreNodeReader::ReadNodes(std::span<const NodeId> ids) const {
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (const NodeId& id : ids) keys.push_back(NodeKey(id));
  auto values = store_.MultiGet(Column::kTree, keys);
  if (!values.ok()) return values.error();
  std::vector<Hash> out(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& v = (*values)[i];
    if (!v || v->size() != out[i].size())
      return Error::Corruption("tree node (" + std::to_string(ids[i].level) + ", " +
                               std::to_string(ids[i].index) + ") is " +
                               (v ? "not 32 bytes" : "missing"));
    std::copy(v->begin(), v->end(), out[i].begin());
  }
  return out;
}

}  // namespace ledger
