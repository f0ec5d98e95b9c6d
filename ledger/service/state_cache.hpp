// A bounded cache of state records in front of the store, for the ledger's
// writer thread (internal): the records every group reads again (orgs,
// funds, aggregates) are found without a read and a decode. Least recently
// used entries leave first; it never holds more than `max_entries`. Values
// are written through after each durable group, so it never disagrees
// with the store. Not thread-safe: one writer owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ledger/domain/kv.hpp"

namespace ledger {

class StateCache {
 public:
  explicit StateCache(std::size_t max_entries) : max_entries_(max_entries) {}

  // The cached value of `key`, or null; a hit makes it the most recent.
  const std::string* Find(Space space, std::string_view key);
  void Put(Space space, std::string_view key, std::string value);
  void Erase(Space space, std::string_view key);

  std::size_t size() const { return index_.size(); }
  std::size_t max_entries() const { return max_entries_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::string key;  // space byte ‖ key
    std::string value;
  };
  static std::string KeyOf(Space space, std::string_view key);

  const std::size_t max_entries_;
  std::list<Entry> entries_;  // most recent first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into entries_
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace ledger
