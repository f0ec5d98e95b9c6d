// The log's own writer thread, for appends that no rules decide
// (Log::Append: genesis, tools, tests, the log benchmark). A ledger service
// takes the appender instead and runs its own writer (internal).
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "ledger/log/appender.hpp"
#include "ledger/log/group_queue.hpp"

namespace ledger {

struct RawRequest {
  std::vector<PreparedEntry> entries;
  std::size_t events = 0;
  std::size_t bytes = 0;
  AppendDone done;
};

class RawWriter {
 public:
  RawWriter(Store& store, LogAppender& appender, Clock clock, GroupQueue<RawRequest>::Bounds bounds);
  ~RawWriter();  // finishes queued groups, then joins

  // Queues the entries; `done` receives the outcome on the writer thread
  // (or at once, when the writer refuses).
  void Append(std::vector<PreparedEntry> entries, AppendDone done);

 private:
  void Run();
  Status WriteGroup(std::vector<std::unique_ptr<RawRequest>>& group,
                    std::vector<Result<std::vector<Appended>>>& outcomes);

  Store& store_;
  LogAppender& appender_;
  Clock clock_;
  std::unique_ptr<GroupQueue<RawRequest>> queue_;
  std::thread thread_;
};

}  // namespace ledger
