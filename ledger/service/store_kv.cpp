#include "ledger/service/store_kv.hpp"

#include "ledger/event_codec.hpp"
#include "ledger/log.hpp"

namespace ledger {

Column ColumnOf(Space space) { return space == Space::kIdem ? Column::kIdem : Column::kState; }

Result<std::optional<std::string>> StoreKv::Get(Space space, std::string_view key) const {
  if (cache_)
    if (const std::string* hit = cache_->Find(space, key)) return std::optional<std::string>(*hit);
  LEDGER_ASSIGN_OR_RETURN(std::optional<std::string> value, store_.Get(ColumnOf(space), key));
  if (cache_ && value) cache_->Put(space, key, *value);
  return value;
}

Result<std::vector<std::optional<std::string>>> StoreKv::MultiGet(Space space,
                                                                   std::span<const std::string> keys) const {
  std::vector<std::optional<std::string>> out(keys.size());
  std::vector<std::string> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string* hit = cache_ ? cache_->Find(space, keys[i]) : nullptr;
    if (hit) {
      out[i] = *hit;
    } else {
      missing.push_back(keys[i]);
      missing_at.push_back(i);
    }
  }
  if (missing.empty()) return out;
  LEDGER_ASSIGN_OR_RETURN(auto read, store_.MultiGet(ColumnOf(space), missing));
  for (std::size_t j = 0; j < missing.size(); ++j) {
    if (cache_ && read[j]) cache_->Put(space, missing[j], *read[j]);
    out[missing_at[j]] = std::move(read[j]);
  }
  return out;
}

Status StoreKv::Scan(Space space, std::string_view from, std::string_view to, const KvVisitor& visit) const {
  return store_.Scan(ColumnOf(space), from, visit, to);
}

Result<std::optional<PostedEvent>> StoreKv::Posted(Seq seq) const {
  LEDGER_ASSIGN_OR_RETURN(std::optional<std::string> bytes, events_(seq));
  if (!bytes) return std::optional<PostedEvent>();
  auto stored = DecodeStoredEvent(*bytes);
  if (!stored.ok())
    return Error::Corruption("event " + std::to_string(seq.value) + ": " + stored.error().ToString());
  return std::optional<PostedEvent>(
      PostedEvent{stored->seq, std::move(stored->org), std::move(stored->ts), std::move(stored->event)});
}

StoreKv::EventBytes LogEventBytes(const Log& log) {
  return [&log](Seq seq) -> Result<std::optional<std::string>> {
    if (seq.value >= log.size()) return std::optional<std::string>();
    LEDGER_ASSIGN_OR_RETURN(std::string bytes, log.ReadEvent(seq.value));
    return std::optional<std::string>(std::move(bytes));
  };
}

void WriteChanges(const Overlay& overlay, WriteSet& writes) {
  overlay.ForEachChange([&writes](Space space, std::string_view key, const std::string* value) {
    if (value) writes.Put(ColumnOf(space), key, *value);
    else writes.Delete(ColumnOf(space), key);
  });
}

void CacheChanges(const Overlay& overlay, StateCache& cache) {
  overlay.ForEachChange([&cache](Space space, std::string_view key, const std::string* value) {
    cache.Refresh(space, key, value);
  });
}

}  // namespace ledger
