#include "connections.hpp"

namespace ledger::api {

uint64_t Connections::Add(std::weak_ptr<Session> session) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  sessions_.emplace(id, std::move(session));
  return id;
}

void Connections::Remove(uint64_t id) {
  std::lock_guard lock(mu_);
  sessions_.erase(id);
  if (sessions_.empty()) empty_.notify_all();
}

std::size_t Connections::count() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::vector<std::shared_ptr<Session>> Connections::Snapshot() const {
  std::vector<std::shared_ptr<Session>> live;
  std::lock_guard lock(mu_);
  for (const auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) live.push_back(std::move(session));
  return live;
}

bool Connections::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mu_);
  return empty_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

}  // namespace ledger::api
