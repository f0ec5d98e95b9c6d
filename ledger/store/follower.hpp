// Opening a RocksDB database as a follower of a writer in another process
// (RocksDB's secondary instance), for a consistent copy of a live ledger
// (internal to the store module).
#pragma once

#include <string>
#include <vector>

#include <rocksdb/db.h>

namespace ledger {

// How a follower open ended.
enum class FollowOutcome {
  kOpened,  // `*db` sees one point of the writer's history, in every column
  kTorn,    // opened, but the writer removed a log file while it was being
            // read: the view may miss writes in some columns; `*db` is
            // closed and null, and a new attempt may succeed
  kFailed,  // `status` says why; `*db` is null
};

struct FollowResult {
  FollowOutcome outcome = FollowOutcome::kFailed;
  rocksdb::Status status;
};

// Opens `dir` as a secondary instance (no lock is taken, the writer is
// undisturbed) and catches up once with its newest write. The view never
// moves after this: nothing calls TryCatchUpWithPrimary again, so every
// read through `*db` sees the same sequence number. Table files stay
// readable after the writer deletes them (max_open_files = -1 keeps every
// one open).
FollowResult OpenFollower(rocksdb::DBOptions db_options, const std::string& dir,
                          const std::vector<rocksdb::ColumnFamilyDescriptor>& columns,
                          std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** db);

}  // namespace ledger
