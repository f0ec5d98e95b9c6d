// Writes one group's WriteSet at a time, synced, on a thread of its own
// (internal to the service): while a group's events and state go to
// RocksDB and its fsync, the ledger's writer decides the next group.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "ledger/store.hpp"

namespace ledger {

class Committer {
 public:
  explicit Committer(Store& store);
  ~Committer();  // nothing may be in flight

  // Starts writing `writes`, which the caller leaves alone until Wait.
  // Precondition: nothing in flight.
  void Start(WriteSet& writes);
  // Waits for the write in flight; its outcome.
  Status Wait();

 private:
  void Run();

  Store& store_;
  std::mutex mu_;
  std::condition_variable wake_;
  WriteSet* job_ = nullptr;  // guarded by mu_: the write in flight
  bool done_ = false;        // guarded by mu_
  Status result_;            // guarded by mu_
  bool stopping_ = false;    // guarded by mu_
  std::thread thread_;
};

}  // namespace ledger
