#include "ledger/log_writer.hpp"

#include <algorithm>

#include "ledger/encoding.hpp"

namespace ledger {
namespace {

bool IsStampedField(const std::string& name) {
  for (const char* stamped : kStampedFields)
    if (name == stamped) return true;
  return false;
}

// Upper bound of what stamping adds: the three members and separators.
constexpr std::size_t kStampBytes = 128;

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
  if (prepared.bytes + kStampBytes > kMaxEventBytes)
    return Error::Invalid(path, "event is " + std::to_string(prepared.bytes) +
                                    " bytes; the limit is " + std::to_string(kMaxEventBytes));
  return prepared;
}

}  // namespace

Result<std::vector<PreparedEntry>> PrepareEntries(const std::vector<Json>& entries) {
  if (entries.empty()) return Error::Invalid("entries", "nothing to append");
  if (entries.size() > kMaxEntriesPerAppend)
    return Error::Invalid("entries", std::to_string(entries.size()) +
                                         " events; at most " +
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

std::string StampEvent(const PreparedEntry& entry, uint64_t seq, const Hash& prev,
                       const std::string& ts) {
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

LogWriter::LogWriter(Store& store, WriterState state, Clock clock,
                     std::size_t max_group_events, std::size_t max_group_bytes,
                     std::atomic<uint64_t>& durable_size)
    : store_(store),
      state_(std::move(state)),
      clock_(std::move(clock)),
      max_group_events_(max_group_events),
      max_group_bytes_(max_group_bytes),
      durable_size_(durable_size) {
  LEDGER_CHECK(state_.frontier.size() == durable_size_.load());
  thread_ = std::thread([this] { Run(); });
}

LogWriter::~LogWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LogWriter::Append(std::vector<PreparedEntry> entries, AdmitFn admit, AppendDone done) {
  auto request = std::make_unique<Request>();
  for (const auto& e : entries) request->bytes += e.bytes + kStampBytes;
  request->entries = std::move(entries);
  request->admit = std::move(admit);
  request->done = std::move(done);
  {
    std::unique_lock lock(mu_);
    if (failed_ || stopping_) {
      Error refusal{Code::kUnavailable, {},
                    failed_ ? "the log stopped after a failed write: " + failure_
                            : std::string("the log is closing")};
      lock.unlock();
      return request->done(std::move(refusal));
    }
    queue_.push_back(std::move(request));
  }
  wake_.notify_one();
}

std::vector<std::unique_ptr<LogWriter::Request>> LogWriter::TakeGroup(
    std::unique_lock<std::mutex>& lock) {
  wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
  std::vector<std::unique_ptr<Request>> group;
  std::size_t events = 0, bytes = 0;
  while (!queue_.empty()) {
    Request& r = *queue_.front();
    // A request is never split, and the first one is always taken.
    if (!group.empty() && (events + r.entries.size() > max_group_events_ ||
                           bytes + r.bytes > max_group_bytes_))
      break;
    events += r.entries.size();
    bytes += r.bytes;
    group.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return group;
}

void LogWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    auto group = TakeGroup(lock);
    if (group.empty()) return;  // stopping with nothing queued
    const bool failed_before = failed_;
    const std::string failure_before = failure_;
    lock.unlock();

    std::vector<Outcome> outcomes;
    Status written = failed_before ? Status(Error{Code::kUnavailable, {}, failure_before})
                                   : WriteGroup(group, outcomes);
    if (!written.ok()) {
      lock.lock();
      if (!failed_) {
        failed_ = true;
        failure_ = written.error().ToString();
      }
      lock.unlock();
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (written.ok()) group[i]->done(std::move(outcomes[i]));
      else group[i]->done(Error{Code::kUnavailable, {}, "append failed: " + written.error().ToString()});
    }
    lock.lock();
  }
}

namespace {

// Adds the admission's extra member at its sorted place in every entry.
void AddExtraMember(const Admission& admission, std::vector<PreparedEntry>& entries) {
  if (admission.extra_name.empty()) return;
  for (PreparedEntry& entry : entries) {
    auto at = std::lower_bound(
        entry.members.begin(), entry.members.end(), admission.extra_name,
        [](const auto& member, const std::string& name) { return Utf16Less(member.first, name); });
    LEDGER_CHECK(at == entry.members.end() || at->first != admission.extra_name);
    entry.members.emplace(at, admission.extra_name, admission.extra_value);
    entry.bytes += admission.extra_name.size() + admission.extra_value.size() + 4;
  }
}

}  // namespace

Status LogWriter::WriteGroup(const std::vector<std::unique_ptr<Request>>& group,
                             std::vector<Outcome>& outcomes) {
  WriterState next = state_;  // committed only once the write is durable
  WriteSet writes(store_);
  std::string ts = std::max(FormatTimestamp(clock_()), next.last_ts);
  outcomes.assign(group.size(), std::vector<Appended>{});
  for (std::size_t r = 0; r < group.size(); ++r) {
    Request& request = *group[r];
    if (request.admit) {
      auto admission = request.admit(next.frontier.size(), ts, writes);
      if (!admission.ok()) {
        outcomes[r] = admission.error();
        continue;
      }
      if (!admission->append) continue;
      AddExtraMember(*admission, request.entries);
    }
    for (const PreparedEntry& entry : request.entries) {
      const uint64_t seq = next.frontier.size();
      std::string event = StampEvent(entry, seq, next.last_leaf, ts);
      const Hash leaf = LeafHash(event);
      writes.Put(Column::kEvents, SeqKey(seq), event);
      next.frontier.Append(leaf, [&](NodeId id, const Hash& h) {
        writes.Put(Column::kTree, NodeKey(id),
                   std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
      });
      next.last_leaf = leaf;
      outcomes[r]->push_back({seq, leaf});
    }
  }
  next.last_ts = ts;
  if (writes.Count() > 0) LEDGER_RETURN_IF_ERROR(store_.Write(writes, /*sync=*/true));
  state_ = std::move(next);
  durable_size_.store(state_.frontier.size(), std::memory_order_release);
  return Status::Ok();
}

}  // namespace ledger
