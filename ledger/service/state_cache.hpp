// A bounded cache of state records in front of the store, for the ledger's
// writer thread (internal): the records every group reads again (orgs,
// funds and their months, the aggregates, rate tables) are found without
// a read. Records mostly written once and seldom read again (lots, traces,
// receipts, idems) stay out: caching them cost more than it saved, the
// store's own block cache and memtables serving them as well (measured:
// docs/performance.md). Least recently used entries
// leave first; it never holds more than its limits, in entries and in
// bytes (keys, values and its own bookkeeping), and a value too large to
// be worth a share of them is not kept at all. Values are written through
// after each durable group, so it never disagrees with the store. Not
// thread-safe: one writer owns it.
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
  struct Limits {
    std::size_t entries = 0;  // 0: no cache
    std::size_t bytes = 0;
  };

  explicit StateCache(Limits limits) : limits_(limits) {}

  // The cached value of `key`, or null; a hit makes it the most recent.
  const std::string* Find(Space space, std::string_view key);
  // Keeps `value`, read from the store, as the most recent entry.
  void Put(Space space, std::string_view key, std::string value);
  void Erase(Space space, std::string_view key);
  // A write through: the entry of `key`, if it is cached, takes `value`
  // (null: deleted). Keys not cached stay out — most writes are of records
  // written once (lots, traces, receipts, idems), and what is read again
  // comes in on its first read.
  void Refresh(Space space, std::string_view key, const std::string* value);

  std::size_t size() const { return index_.size(); }
  std::size_t bytes() const { return bytes_; }
  Limits limits() const { return limits_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::string key;  // space byte ‖ key
    std::string value;
  };
  using Position = std::list<Entry>::iterator;
  static bool Worth(Space space, std::string_view key);  // a kind read by most groups
  static std::string KeyOf(Space space, std::string_view key);
  static std::size_t Cost(const Entry& entry);
  void Drop(Position entry);

  const Limits limits_;
  std::list<Entry> entries_;  // most recent first
  std::unordered_map<std::string_view, Position> index_;  // views into entries_
  std::size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace ledger
