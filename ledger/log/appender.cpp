#include "ledger/log/appender.hpp"

#include <algorithm>

#include "ledger/encoding.hpp"

namespace ledger {
namespace {

bool IsStampedField(const std::string& name) {
  for (const char* stamped : kStampedFields)
    if (name == stamped) return true;
  return false;
}

Result<PreparedEntry> PrepareEntry(const Json& entry, const std::string& path) {
  if (!entry.is_object()) return Error::Invalid(path, "an event must be a JSON object");
  PreparedEntry prepared;
  prepared.members.reserve(entry.size());
  for (const auto& [name, value] : entry.items()) {
    if (IsStampedField(name) || name == "leaf_hash")
      return Error::Invalid(path + "." + name, "is set by the ledger and may not be submitted");
    auto canon = Canonicalize(value);
    if (!canon.ok()) {
      const Error& e = canon.error();
      std::string field = path + "." + name;
      if (!e.field.empty()) field += (e.field.front() == '[' ? "" : ".") + e.field;
      return Error{e.code, std::move(field), e.message};
    }
    prepared.bytes += name.size() + canon->size() + 4;
    prepared.members.emplace_back(name, std::move(*canon));
  }
  std::sort(prepared.members.begin(), prepared.members.end(),
            [](const auto& a, const auto& b) { return Utf16Less(a.first, b.first); });
  LEDGER_RETURN_IF_ERROR(CheckEntrySize(prepared, path));
  return prepared;
}

}  // namespace

Status CheckEntrySize(const PreparedEntry& entry, const std::string& path) {
  if (entry.bytes + kStampBytes > kMaxEventBytes)
    return Error::Invalid(path, "event is " + std::to_string(entry.bytes) + " bytes; the limit is " +
                                    std::to_string(kMaxEventBytes));
  return Status::Ok();
}

Result<std::vector<PreparedEntry>> PrepareEntries(const std::vector<Json>& entries) {
  if (entries.empty()) return Error::Invalid("entries", "nothing to append");
  if (entries.size() > kMaxEntriesPerAppend)
    return Error::Invalid("entries", std::to_string(entries.size()) + " events; at most " +
                                         std::to_string(kMaxEntriesPerAppend) + " per append");
  std::vector<PreparedEntry> prepared;
  prepared.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto p = PrepareEntry(entries[i], "entries[" + std::to_string(i) + "]");
    if (!p.ok()) return p.error();
    prepared.push_back(std::move(*p));
  }
  return prepared;
}

std::string StampEvent(const PreparedEntry& entry, uint64_t seq, const Hash& prev, const std::string& ts) {
  // The stamped names are ASCII; merge them into the sorted members.
  const std::string seq_text = std::to_string(seq);
  std::string prev_text;
  AppendCanonicalString(HexEncode(prev), prev_text);
  std::string ts_text;
  AppendCanonicalString(ts, ts_text);
  const std::pair<std::string_view, std::string_view> stamps[] = {
      {"prev", prev_text}, {"seq", seq_text}, {"ts", ts_text}};

  std::string out;
  out.reserve(entry.bytes + kStampBytes);
  out.push_back('{');
  std::size_t next_stamp = 0;
  auto emit = [&](std::string_view name, std::string_view value) {
    if (out.size() > 1) out.push_back(',');
    AppendCanonicalString(name, out);
    out.push_back(':');
    out.append(value);
  };
  auto emit_stamp = [&] {
    emit(stamps[next_stamp].first, stamps[next_stamp].second);
    ++next_stamp;
  };
  for (const auto& [name, value] : entry.members) {
    while (next_stamp < 3 && Utf16Less(stamps[next_stamp].first, name)) emit_stamp();
    emit(name, value);
  }
  while (next_stamp < 3) emit_stamp();
  out.push_back('}');
  return out;
}

LogAppender::LogAppender(WriterState state, std::atomic<uint64_t>& durable_size)
    : durable_(std::move(state)), pending_(durable_), durable_size_(durable_size) {
  LEDGER_CHECK(durable_.frontier.size() == durable_size_.load());
}

std::string LogAppender::Timestamp(const Clock& clock) const {
  return std::max(FormatTimestamp(clock()), pending_.last_ts);
}

std::vector<Appended> LogAppender::Stamp(const std::vector<PreparedEntry>& entries, const std::string& ts,
                                         WriteSet& writes) {
  LEDGER_CHECK(ts >= pending_.last_ts);
  std::vector<Appended> appended;
  appended.reserve(entries.size());
  for (const PreparedEntry& entry : entries) {
    const uint64_t seq = pending_.frontier.size();
    std::string event = StampEvent(entry, seq, pending_.last_leaf, ts);
    const Hash leaf = LeafHash(event);
    writes.Put(Column::kEvents, SeqKey(seq), event);
    pending_.frontier.Append(leaf, [&](NodeId id, const Hash& h) {
      writes.Put(Column::kTree, NodeKey(id), std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
    });
    pending_.last_leaf = leaf;
    appended.push_back({seq, leaf});
  }
  pending_.last_ts = ts;
  return appended;
}

void LogAppender::Commit() {
  durable_ = pending_;
  durable_size_.store(durable_.frontier.size(), std::memory_order_release);
}

void LogAppender::CommitUpTo(WriterState stamped) {
  LEDGER_CHECK(stamped.frontier.size() >= durable_.frontier.size() &&
               stamped.frontier.size() <= pending_.frontier.size());
  durable_ = std::move(stamped);
  durable_size_.store(durable_.frontier.size(), std::memory_order_release);
}

void LogAppender::Rollback() { pending_ = durable_; }

}  // namespace ledger
