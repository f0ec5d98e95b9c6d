#include "ledger/log/log_meta.hpp"

#include "ledger/canonical_json.hpp"
#include "ledger/encoding.hpp"

namespace ledger {
namespace {

Result<std::string> MetaValue(const Store& store, const char* name) {
  auto value = store.Get(Column::kMeta, name);
  if (!value.ok()) return value.error();
  if (!*value) return Error::NotFound(std::string("meta ") + name + " is missing");
  return std::move(**value);
}

}  // namespace

Result<LogMeta> ReadLogMeta(const Store& store, const std::string& dir) {
  auto format = MetaValue(store, "format");
  if (!format.ok()) return Error::NotFound(dir + " holds no welfare-ledger ledger");
  if (*format != kLedgerFormat)
    return Error::Corruption(dir + " has format " + *format + ", this program reads " +
                             std::string(kLedgerFormat));
  auto origin = MetaValue(store, "origin");
  if (!origin.ok()) return origin.error();
  auto key_b64 = MetaValue(store, "log_key");
  if (!key_b64.ok()) return key_b64.error();
  auto key = PublicKey::FromBase64(*key_b64);
  if (!key.ok()) return Error::Corruption("meta log_key: " + key.error().message);
  return LogMeta{std::move(*origin), std::move(*key)};
}

void PutLogMeta(const LogMeta& meta, WriteSet& writes) {
  writes.Put(Column::kMeta, "format", kLedgerFormat);
  writes.Put(Column::kMeta, "origin", meta.origin);
  writes.Put(Column::kMeta, "log_key", meta.log_key.Base64());
}

Result<WriterState> RecoverWriterState(const Store& store) {
  WriterState state;
  auto last = store.LastKey(Column::kEvents);
  if (!last.ok()) return last.error();
  if (!*last) return state;
  auto last_seq = DecodeSeqKey(**last);
  if (!last_seq.ok()) return last_seq.error();
  const uint64_t size = *last_seq + 1;

  auto frontier = Frontier::Load(size, store.nodes());
  if (!frontier.ok()) return frontier.error();
  state.frontier = std::move(*frontier);

  // Check the newest event on a second path: its bytes against its stored
  // leaf, and its prev against the leaf before it.
  auto event = store.Get(Column::kEvents, **last);
  if (!event.ok()) return event.error();
  NodeId ids[2] = {{0, *last_seq}, {0, *last_seq == 0 ? 0 : *last_seq - 1}};
  auto leaves = store.nodes().ReadNodes(ids);
  if (!leaves.ok()) return leaves.error();
  if (LeafHash(**event) != (*leaves)[0])
    return Error::Corruption("event " + std::to_string(*last_seq) + " does not match its leaf hash");
  auto parsed = ParseStrict(**event);
  if (!parsed.ok() || !parsed->contains("ts") || !(*parsed)["ts"].is_string() ||
      !parsed->contains("prev") || !(*parsed)["prev"].is_string())
    return Error::Corruption("event " + std::to_string(*last_seq) + " lacks ts or prev");
  const Hash expected_prev = *last_seq == 0 ? Hash{} : (*leaves)[1];
  if ((*parsed)["prev"].get<std::string>() != HexEncode(expected_prev))
    return Error::Corruption("event " + std::to_string(*last_seq) + " does not chain to its predecessor");
  state.last_leaf = (*leaves)[0];
  state.last_ts = (*parsed)["ts"].get<std::string>();
  return state;
}

}  // namespace ledger
