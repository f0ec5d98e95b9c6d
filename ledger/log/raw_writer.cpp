#include "ledger/log/raw_writer.hpp"

#include <pthread.h>

namespace ledger {

RawWriter::RawWriter(Store& store, LogAppender& appender, Clock clock, GroupQueue<RawRequest>::Bounds bounds)
    : store_(store),
      appender_(appender),
      clock_(std::move(clock)),
      queue_(std::make_unique<GroupQueue<RawRequest>>(bounds)) {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "log-writer");  // for top and perf
    Run();
  });
}

RawWriter::~RawWriter() {
  queue_->Stop();
  thread_.join();
}

void RawWriter::Append(std::vector<PreparedEntry> entries, AppendDone done) {
  auto request = std::make_unique<RawRequest>();
  request->events = entries.size();
  for (const PreparedEntry& e : entries) request->bytes += e.bytes + kStampBytes;
  request->entries = std::move(entries);
  request->done = std::move(done);
  std::string refusal;
  if (!queue_->Push(request, refusal)) request->done(Error{Code::kUnavailable, {}, refusal});
}

void RawWriter::Run() {
  for (;;) {
    auto group = queue_->TakeGroup();
    if (group.empty()) return;  // stopping with nothing queued
    std::vector<Result<std::vector<Appended>>> outcomes;
    const std::string failed_before = queue_->failure();
    Status written = failed_before.empty() ? WriteGroup(group, outcomes)
                                           : Status(Error{Code::kUnavailable, {}, failed_before});
    if (!written.ok()) queue_->Fail(written.error().ToString());
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (written.ok()) group[i]->done(std::move(outcomes[i]));
      else group[i]->done(Error{Code::kUnavailable, {}, "append failed: " + written.error().ToString()});
    }
  }
}

Status RawWriter::WriteGroup(std::vector<std::unique_ptr<RawRequest>>& group,
                             std::vector<Result<std::vector<Appended>>>& outcomes) {
  WriteSet writes(store_);
  const std::string ts = appender_.Timestamp(clock_);
  for (auto& request : group) outcomes.emplace_back(appender_.Stamp(request->entries, ts, writes));
  if (Status s = store_.Write(writes, /*sync=*/true); !s.ok()) {
    appender_.Rollback();
    return s;
  }
  appender_.Commit();
  return Status::Ok();
}

}  // namespace ledger
