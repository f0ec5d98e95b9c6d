#include "ledger/service/store_copy.hpp"

#include <chrono>
#include <thread>

#include "ledger/encoding.hpp"

namespace ledger {
namespace {

constexpr Column kAllColumns[] = {Column::kEvents, Column::kTree,  Column::kCheckpoints,
                                  Column::kMeta,   Column::kIdem,  Column::kState,
                                  Column::kIndex};
static_assert(std::size(kAllColumns) == kColumnCount);
// Copied keys are written in batches of about this size, unsynced but the
// last of each column: memory stays flat however large the ledger.
constexpr std::size_t kCopyBatchBytes = 8u << 20;  // 8 MiB
// A torn open is tried again after this, times the attempt: the writer's
// flush or compaction that deleted the file is then usually over.
constexpr std::chrono::milliseconds kRetryDelay{200};

Result<std::unique_ptr<Store>> OpenFollowing(const std::string& from, int& attempts) {
  for (attempts = 1;; ++attempts) {
    auto store = Store::Open({.dir = from, .sequential = true, .follow = true});
    if (store.ok() || store.error().code != Code::kUnavailable || attempts == kMaxCopyAttempts)
      return store;
    std::this_thread::sleep_for(kRetryDelay * attempts);
  }
}

// The events column holds seqs 0, 1, 2, … with none missing: a gap would
// be a copy that cannot be audited, so it is refused here already.
Status CheckNextSeq(std::string_view key, uint64_t expected) {
  auto seq = DecodeSeqKey(key);
  if (seq.ok() && *seq == expected) return Status::Ok();
  return Error::Corruption("events: expected seq " + std::to_string(expected) + ", found " +
                           (seq.ok() ? "seq " + std::to_string(*seq) : "a key that is not a seq"));
}

Status CopyColumn(const Store& source, Store& target, Column column, StoreCopy& copy,
                  const CopyProgressFn& progress) {
  uint64_t column_keys = 0;
  auto report = [&] {
    if (progress) progress({ColumnName(column), column_keys, copy.keys, copy.bytes});
  };
  std::unique_ptr<StoreCursor> cursor = source.NewCursor(column);
  WriteSet writes(target);
  for (cursor->Seek(""); cursor->Valid(); cursor->Next()) {
    if (column == Column::kEvents) LEDGER_RETURN_IF_ERROR(CheckNextSeq(cursor->key(), copy.events++));
    writes.Put(column, cursor->key(), cursor->value());
    ++column_keys;
    ++copy.keys;
    copy.bytes += cursor->key().size() + cursor->value().size();
    if (writes.ByteSize() >= kCopyBatchBytes) {
      LEDGER_RETURN_IF_ERROR(target.Write(writes, /*sync=*/false));
      writes.Clear();
    }
    if (column_keys % kCopyProgressKeys == 0) report();
  }
  LEDGER_RETURN_IF_ERROR(cursor->status());
  LEDGER_RETURN_IF_ERROR(target.Write(writes, /*sync=*/true));
  report();
  return Status::Ok();
}

}  // namespace

Result<StoreCopy> CopyStore(const std::string& from, const std::string& to,
                            const std::function<Status(const Store&)>& check,
                            const CopyProgressFn& progress) {
  StoreCopy copy;
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Store> source, OpenFollowing(from, copy.attempts));
  if (check) LEDGER_RETURN_IF_ERROR(check(*source));
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Store> target,
                          Store::Open({.dir = to, .create_if_missing = true}));
  for (Column column : kAllColumns)
    LEDGER_RETURN_IF_ERROR(CopyColumn(*source, *target, column, copy, progress));
  // Table files hold it all: the copy's next open replays no WAL.
  LEDGER_RETURN_IF_ERROR(target->Flush());
  return copy;
}

}  // namespace ledger
