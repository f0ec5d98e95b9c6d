// The state read from a Store (internal to the service): Space kState is
// the store's state column, kIdem its idem column, and earlier events come
// from the log's events. With a cache, point reads go through it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "ledger/domain/kv.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/service/state_cache.hpp"
#include "ledger/store.hpp"

namespace ledger {

Column ColumnOf(Space space);

class StoreKv final : public KvReader {
 public:
  // The canonical bytes of event `seq`, or nullopt past the end of what
  // may be read.
  using EventBytes = std::function<Result<std::optional<std::string>>(Seq seq)>;

  StoreKv(const Store& store, EventBytes events, StateCache* cache = nullptr)
      : store_(store), events_(std::move(events)), cache_(cache) {}

  Result<std::optional<std::string>> Get(Space space, std::string_view key) const override;
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Space space, std::span<const std::string> keys) const override;
  Status Scan(Space space, std::string_view from, std::string_view to,
              const KvVisitor& visit) const override;
  Result<std::optional<PostedEvent>> Posted(Seq seq) const override;

 private:
  const Store& store_;
  EventBytes events_;
  StateCache* cache_;
};

// A read-only State over what a store's state column holds, for read
// models and checks that never need an earlier event's bytes.
class StoreStateView {
 public:
  explicit StoreStateView(const Store& store)
      : kv_(store, [](Seq) -> Result<std::optional<std::string>> { return std::optional<std::string>(); }),
        overlay_(&kv_),
        state_(overlay_) {}
  State& state() { return state_; }

 private:
  StoreKv kv_;
  Overlay overlay_;
  State state_;
};

// The events of `log` up to its durable size.
StoreKv::EventBytes LogEventBytes(const class Log& log);

// Writes an overlay's changes to `writes`; refreshes the entries of them
// that `cache` holds (after the write is durable).
void WriteChanges(const Overlay& overlay, WriteSet& writes);
void CacheChanges(const Overlay& overlay, StateCache& cache);

}  // namespace ledger
