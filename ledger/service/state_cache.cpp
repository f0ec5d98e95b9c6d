#include "ledger/service/state_cache.hpp"

namespace ledger {
namespace {

// What an entry costs beside its key and value: a list node, a hash node
// and two string headers, about.
constexpr std::size_t kEntryOverhead = 128;
// A value above this share of the byte limit would push out many others.
constexpr std::size_t kLargestShare = 16;

}  // namespace

bool StateCache::Worth(Space space, std::string_view key) {
  if (space != Space::kState) return false;
  for (std::string_view prefix : {"fund/", "org/", "stats/", "orgyear/", "fundmonth/", "rate/"})
    if (key.starts_with(prefix)) return true;
  return false;
}

std::string StateCache::KeyOf(Space space, std::string_view key) {
  std::string full(1, static_cast<char>(space));
  full += key;
  return full;
}

std::size_t StateCache::Cost(const Entry& entry) {
  return entry.key.size() + entry.value.size() + kEntryOverhead;
}

void StateCache::Drop(Position entry) {
  bytes_ -= Cost(*entry);
  index_.erase(entry->key);
  entries_.erase(entry);
}

const std::string* StateCache::Find(Space space, std::string_view key) {
  if (limits_.entries == 0 || !Worth(space, key)) return nullptr;
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
  if (limits_.entries == 0 || !Worth(space, key)) return;
  Erase(space, key);
  Entry entry{KeyOf(space, key), std::move(value)};
  if (Cost(entry) > limits_.bytes / kLargestShare) return;
  bytes_ += Cost(entry);
  entries_.push_front(std::move(entry));
  index_.emplace(entries_.front().key, entries_.begin());
  while (index_.size() > limits_.entries || bytes_ > limits_.bytes) Drop(std::prev(entries_.end()));
}

void StateCache::Refresh(Space space, std::string_view key, const std::string* value) {
  if (limits_.entries == 0 || !Worth(space, key)) return;
  auto it = index_.find(KeyOf(space, key));
  if (it == index_.end()) return;
  if (!value || value->size() + it->second->key.size() + kEntryOverhead > limits_.bytes / kLargestShare) {
    Drop(it->second);
    return;
  }
  bytes_ = bytes_ - it->second->value.size() + value->size();
  it->second->value = *value;
  entries_.splice(entries_.begin(), entries_, it->second);
  while (bytes_ > limits_.bytes) Drop(std::prev(entries_.end()));
}

void StateCache::Erase(Space space, std::string_view key) {
  auto it = index_.find(KeyOf(space, key));
  if (it != index_.end()) Drop(it->second);
}

}  // namespace ledger
