// What the server and its sessions share: the set of live connections (to
// enforce the limit and to stop them) and the stop flag. Internal to api/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "counted_slots.hpp"

namespace ledger::api {

class Session;

// Thread-safe. Outlives every session (the server owns it and destroys it
// after the io_context).
class Connections {
 public:
  // Registers a live session; returns its id for Remove.
  uint64_t Add(std::weak_ptr<Session> session);
  void Remove(uint64_t id);
  std::size_t count() const;
  // The live sessions now. Drop the result outside any lock of ours: the
  // last reference may destroy a session, which calls Remove.
  std::vector<std::shared_ptr<Session>> Snapshot() const;
  // True once none is left; false if `deadline` came first.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) const;

  // Set once by Server::Stop; a session that sees it finishes its request
  // and closes.
  std::atomic<bool> stopping{false};
  // Sessions writing a 503 to a connection over the limit (not in the set).
  std::atomic<std::size_t> rejecting{0};

  // The event streams served: a stream holds its slot for its life
  // (TryTake with the server's limit).
  CountedSlots streams;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable empty_;
  uint64_t next_id_ = 0;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;
};

}  // namespace ledger::api
