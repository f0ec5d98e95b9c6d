// Copying a ledger's store, every key of every column, from one point of a
// live ledger's history (internal to the backup module).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ledger/backup.hpp"
#include "ledger/store.hpp"

namespace ledger {

struct StoreCopy {
  uint64_t events = 0;  // events copied: seqs 0 to events - 1, none missing
  uint64_t keys = 0;
  uint64_t bytes = 0;
  int attempts = 1;
};

// Opens `from` as a follower (StoreOptions::follow), trying again up to
// kMaxCopyAttempts times while the writer tears the open, then runs
// `check` on it (a refusal stops the copy before anything is written).
// Copies every column, key by key, into a new store created in `to` (an
// empty directory), in bounded batches, the last one synced, and flushes
// it to table files. Fails with kCorruption if the events are not seqs
// 0, 1, 2, … without a gap.
Result<StoreCopy> CopyStore(const std::string& from, const std::string& to,
                            const std::function<Status(const Store&)>& check,
                            const CopyProgressFn& progress);

}  // namespace ledger
