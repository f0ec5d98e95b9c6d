#include "ledger/service/state_cache.hpp"

namespace ledger {

std::string StateCache::KeyOf(Space space, std::string_view key) {
  std::string full(1, static_cast<char>(space));
  full += key;
  return full;
}

const std::string* StateCache::Find(Space space, std::string_view key) {
  if (max_entries_ == 0) return nullptr;
  auto it = index_.find(KeyOf(space, key));
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  entries_.splice(entries_.begin(), entries_, it->second);
  return &it->second->value;
}

void StateCache::Put(Space space, std::string_view key, std::string value) {
  if (max_entries_ == 0) return;
  std::string full = KeyOf(space, key);
  if (auto it = index_.find(full); it != index_.end()) {
    it->second->value = std::move(value);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.push_front({std::move(full), std::move(value)});
  index_.emplace(entries_.front().key, entries_.begin());
  if (index_.size() > max_entries_) {
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
}

void StateCache::Erase(Space space, std::string_view key) {
  auto it = index_.find(KeyOf(space, key));
  if (it == index_.end()) return;
  auto entry = it->second;
  index_.erase(it);
  entries_.erase(entry);
}

}  // namespace ledger
