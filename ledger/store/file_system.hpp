// What a StoreFileSystem is, on the RocksDB side (internal to ledger/store/):
// the file system RocksDB's files go through and the Env that carries it
// into DBOptions. Outside ledger/store/ it is an opaque handle.
#pragma once

#include <memory>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

namespace ledger {

class StoreFileSystem {
 public:
  explicit StoreFileSystem(std::shared_ptr<rocksdb::FileSystem> fs)
      : fs_(std::move(fs)), env_(rocksdb::NewCompositeEnv(fs_)) {}

  // For DBOptions::env; valid as long as this object.
  rocksdb::Env* env() const { return env_.get(); }

 private:
  std::shared_ptr<rocksdb::FileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

}  // namespace ledger
