// A file system for tests that fails the way disks fail: a power cut loses
// every write not yet synced, and a full disk refuses writes. It wraps the
// real disk; a store opened with its file_system() writes through it.
//
// Power loss is modelled on file data: each file written through it keeps
// the size it had at its last Sync/Fsync (RangeSync does not count, as it
// promises nothing about the file's size). Crash() cuts every such file
// back to that size, or to a random prefix of what followed when torn
// tails are asked for (writes reach the disk in order, the last one
// partly). Files present before are taken as synced. Directory entries
// (creations, renames, deletions) are taken as durable at once: the model
// does not lose a file that was synced but whose directory was not.
//
// After Crash() the file system is dead, as the machine was: every write,
// sync, creation, rename and deletion through it fails, so the store still
// open on it (which the test then abandons) cannot repair anything. Reopen
// the directory without it (or with a new one).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>

#include "ledger/store.hpp"

namespace ledger {

struct CrashOptions {
  // Keep a random prefix of each file's unsynced bytes (seeded by `seed`)
  // instead of dropping them all: a torn last write.
  bool torn_tails = false;
  uint32_t seed = 0;
};

struct FaultCounts {
  uint64_t files_cut = 0;        // files that lost bytes in the crash
  uint64_t bytes_dropped = 0;    // unsynced bytes the crash dropped
  uint64_t writes_refused = 0;   // appends refused for want of space
  uint64_t syncs = 0;            // Sync/Fsync calls that succeeded
};

class FaultInjectingFs {
 public:
  virtual ~FaultInjectingFs() = default;

  // For StoreOptions::file_system and LogOptions::file_system.
  virtual std::shared_ptr<StoreFileSystem> file_system() const = 0;

  // The power goes: drops every unsynced write, and the file system dies.
  virtual void Crash(CrashOptions options = {}) = 0;
  // The power goes right after the `writes`-th append to any file from now
  // on succeeds, before anything can sync it: a cut in the middle of a
  // group commit, a table or manifest write.
  virtual void CrashAfterWrites(uint64_t writes, CrashOptions options = {}) = 0;
  // While on, every append to a file fails with RocksDB's NoSpace (ENOSPC).
  virtual void SetNoSpace(bool no_space) = 0;
  virtual FaultCounts counts() const = 0;
};

std::shared_ptr<FaultInjectingFs> MakeFaultInjectingFs();

}  // namespace ledger
