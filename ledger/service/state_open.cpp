#include "ledger/service/state_open.hpp"

#include "ledger/domain/records.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

// Events applied per WriteBatch while catching up: bounds the overlay.
constexpr uint64_t kCatchUpChunkEvents = 20'000;
constexpr std::size_t kReadPage = 1000;
constexpr Column kStateColumns[] = {Column::kState, Column::kIdem, Column::kIndex};

// Whether decimal version `stored` is above `ours` (no leading zeros).
bool NewerVersion(std::string_view stored, std::string_view ours) {
  return stored.size() != ours.size() ? stored.size() > ours.size() : stored > ours;
}

Result<bool> StateEmpty(const Store& store) {
  bool empty = true;
  for (Column column : kStateColumns)
    LEDGER_RETURN_IF_ERROR(store.Scan(column, "", [&empty](std::string_view, std::string_view) {
      empty = false;
      return false;
    }));
  return empty;
}

Status RefuseNewer(const std::string& version) {
  return Error::Refused("", "the ledger's state is version " + version +
                                ", kept by a newer welfare-ledger; this one keeps version " +
                                std::string(kStateVersion));
}

// Drops every record of the state columns, old read models included, and
// stores what genesis establishes.
void StartState(const Org& regulator, WriteSet& writes) {
  const std::string past_every_key(1, '\xff');
  for (Column column : kStateColumns) writes.DeleteRange(column, "", past_every_key);
  std::string org;
  Encode(regulator, org);
  writes.Put(Column::kState, keys::Org(OrgId(regulator.id)), org);
  writes.Put(Column::kState, kAppliedKey, SeqKey(1));
}

}  // namespace

Status CatchUpLog(const Log& log, Store& store, const Admission& admission, uint64_t from,
                  const OpenProgress& progress, const std::function<void(WriteSet&)>& last) {
  const uint64_t size = log.size();
  StoreKv base(store, LogEventBytes(log));
  uint64_t seq = from;
  do {
    Overlay chunk(&base, /*keep_posted=*/false);
    State state(chunk);
    const uint64_t chunk_end = std::min(size, seq + kCatchUpChunkEvents);
    while (seq < chunk_end) {
      LEDGER_ASSIGN_OR_RETURN(auto page, log.ReadEvents(seq, std::min<uint64_t>(kReadPage, chunk_end - seq)));
      for (const std::string& bytes : page) {
        auto stored = DecodeStoredEvent(bytes);
        if (!stored.ok())
          return Error::Corruption("event " + std::to_string(seq) + ": " + stored.error().ToString());
        LEDGER_RETURN_IF_ERROR(admission.CatchUp(*stored, state));
        ++seq;
      }
    }
    WriteSet writes(store);
    WriteChanges(chunk, writes);
    writes.Put(Column::kState, kAppliedKey, SeqKey(seq));
    const bool final_chunk = seq >= size;
    if (final_chunk && last) last(writes);
    LEDGER_RETURN_IF_ERROR(store.Write(writes, /*sync=*/final_chunk));
    if (progress) progress(seq, size);
  } while (seq < size);
  return Status::Ok();
}

Result<StoredState> ReadStoredState(const Store& store) {
  StoredState state;
  LEDGER_ASSIGN_OR_RETURN(auto version, store.Get(Column::kState, kVersionKey));
  LEDGER_ASSIGN_OR_RETURN(auto applied, store.Get(Column::kState, kAppliedKey));
  if (applied) {
    auto size = DecodeSeqKey(*applied);
    if (!size.ok()) return Error::Corruption("state key \"applied\" is not a seq");
    state.applied = *size;
  }
  state.version = version.value_or("");
  if (version == std::optional<std::string>(kStateVersion)) state.layout = StoredState::Layout::kCurrent;
  else if (version && NewerVersion(*version, kStateVersion)) state.layout = StoredState::Layout::kNewer;
  else if (version) state.layout = StoredState::Layout::kOlder;
  else {
    LEDGER_ASSIGN_OR_RETURN(const bool empty, StateEmpty(store));
    state.layout = empty ? StoredState::Layout::kNone : StoredState::Layout::kUnversioned;
  }
  return state;
}

std::string_view CurrentStateVersion() { return kStateVersion; }

Status OpenState(Log& log, const Admission& admission, const Org& regulator, const OpenProgress& progress) {
  Store& store = log.mutable_store();
  LEDGER_ASSIGN_OR_RETURN(const StoredState stored, ReadStoredState(store));
  if (stored.layout == StoredState::Layout::kNewer) return RefuseNewer(stored.version);
  if (stored.layout == StoredState::Layout::kCurrent) {
    if (stored.applied >= log.size()) return Status::Ok();
    return CatchUpLog(log, store, admission, stored.applied, progress);
  }
  // New, or kept by a version before this state: built from the log, once.
  // The version is written last, so that a crash midway starts it over.
  WriteSet start(store);
  StartState(regulator, start);
  LEDGER_RETURN_IF_ERROR(store.Write(start, /*sync=*/false));
  return CatchUpLog(log, store, admission, 1, progress, [](WriteSet& writes) {
    writes.Put(Column::kState, kVersionKey, kStateVersion);
  });
}

Status CheckStateCurrent(const Store& store, uint64_t log_size) {
  LEDGER_ASSIGN_OR_RETURN(const StoredState stored, ReadStoredState(store));
  if (stored.layout == StoredState::Layout::kNewer) return RefuseNewer(stored.version);
  if (stored.layout != StoredState::Layout::kCurrent || stored.applied < log_size)
    return Error{Code::kUnavailable, "",
                 "the ledger's state is not current; open it for writing once (ledgerd) to bring it up to date"};
  return Status::Ok();
}

}  // namespace ledger
