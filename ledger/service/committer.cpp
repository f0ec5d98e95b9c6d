#include "ledger/service/committer.hpp"

#include <pthread.h>

namespace ledger {

Committer::Committer(Store& store) : store_(store) {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "ledger-commit");  // for top and perf
    Run();
  });
}

Committer::~Committer() {
  {
    std::lock_guard lock(mu_);
    LEDGER_CHECK_MSG(job_ == nullptr, "a write is still in flight");
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Committer::Start(WriteSet& writes) {
  {
    std::lock_guard lock(mu_);
    LEDGER_CHECK_MSG(job_ == nullptr, "one write in flight at a time");
    job_ = &writes;
    done_ = false;
  }
  wake_.notify_all();
}

Status Committer::Wait() {
  std::unique_lock lock(mu_);
  LEDGER_CHECK_MSG(job_ != nullptr, "no write in flight");
  wake_.wait(lock, [this] { return done_; });
  job_ = nullptr;
  return result_;
}

void Committer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (job_ != nullptr && !done_); });
    if (stopping_) return;
    WriteSet& writes = *job_;
    lock.unlock();
    Status written = writes.Count() > 0 ? store_.Write(writes, /*sync=*/true) : Status::Ok();
    lock.lock();
    result_ = std::move(written);
    done_ = true;
    wake_.notify_all();
  }
}

}  // namespace ledger
