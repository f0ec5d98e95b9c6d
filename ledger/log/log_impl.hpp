// Log's private state, shared by log.cpp and log_checkpoints.cpp (internal).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "ledger/log.hpp"
#include "ledger/log/appender.hpp"
#include "ledger/log/raw_writer.hpp"
#include "ledger/store.hpp"

namespace ledger {

struct Log::Impl {
  LogOptions options;
  std::unique_ptr<Store> store;
  std::string origin;
  PublicKey log_public_key;
  std::optional<PrivateKey> log_key;
  std::atomic<uint64_t> size{0};
  // The appender until a ledger service takes it; the raw writer, made on
  // the first Log::Append, uses it meanwhile.
  std::mutex appender_mu;
  std::unique_ptr<LogAppender> appender;  // guarded by appender_mu
  std::unique_ptr<RawWriter> raw_writer;   // guarded by appender_mu
  bool appender_taken = false;             // guarded by appender_mu

  std::mutex checkpoint_mu;
  std::string latest_note;       // guarded by checkpoint_mu
  uint64_t latest_note_size = 0;  // guarded by checkpoint_mu; 0 = none
  std::condition_variable checkpoint_wake;
  bool stopping = false;  // guarded by checkpoint_mu
  std::thread checkpointer;

  Status CheckSeq(uint64_t seq) const {
    if (seq >= size.load(std::memory_order_acquire))
      return Error::NotFound("seq " + std::to_string(seq) + " is beyond the log (size " +
                             std::to_string(size.load()) + ")");
    return Status::Ok();
  }
  Status CheckSize(uint64_t tree_size, const char* field) const {
    if (tree_size > size.load(std::memory_order_acquire))
      return Error{Code::kNotFound, field,
                   "tree size " + std::to_string(tree_size) + " is beyond the log (size " +
                       std::to_string(size.load()) + ")"};
    return Status::Ok();
  }
  void RunCheckpointer(Log& log);
};

}  // namespace ledger
