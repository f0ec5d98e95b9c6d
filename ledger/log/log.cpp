#include "ledger/log.hpp"

#include <pthread.h>

#include <ctime>
#include <future>

#include "ledger/encoding.hpp"
#include "ledger/log/log_impl.hpp"
#include "ledger/log/log_meta.hpp"
#include "ledger/store.hpp"

namespace ledger {

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  const int millis = static_cast<int>(((ms % 1000) + 1000) % 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

Log::Log(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Log::~Log() {
  if (impl_->checkpointer.joinable()) {
    {
      std::lock_guard lock(impl_->checkpoint_mu);
      impl_->stopping = true;
    }
    impl_->checkpoint_wake.notify_all();
    impl_->checkpointer.join();
  }
  impl_->raw_writer.reset();  // drains queued groups before the store closes
  // A clean close leaves no WAL behind, so the next open need not replay
  // it (a crash leaves at most the store's WAL limit to replay).
  if (!impl_->options.read_only && impl_->store) (void)impl_->store->Flush();
}

Result<std::unique_ptr<Log>> Log::Open(const LogOptions& options,
                                       std::optional<PrivateKey> log_key) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto store = Store::Open(
      {.dir = options.dir, .read_only = options.read_only, .file_system = options.file_system});
  if (!store.ok()) return store.error();
  impl->store = std::move(*store);

  auto meta = ReadLogMeta(*impl->store, options.dir);
  if (!meta.ok()) return meta.error();
  impl->origin = meta->origin;
  impl->log_public_key = meta->log_key;
  if (log_key && !(log_key->public_key() == meta->log_key))
    return Error::Invalid("log_key", "the key given does not match this ledger's log key");
  impl->log_key = std::move(log_key);

  auto recovered = RecoverWriterState(*impl->store);
  if (!recovered.ok()) return recovered.error();
  impl->size.store(recovered->frontier.size());

  auto log = std::unique_ptr<Log>(new Log(std::move(impl)));
  Impl& i = *log->impl_;
  if (auto latest = i.store->LastKey(Column::kCheckpoints); latest.ok() && *latest) {
    auto size = DecodeSeqKey(**latest);
    auto note = i.store->Get(Column::kCheckpoints, **latest);
    if (!size.ok() || !note.ok() || !*note) return Error::Corruption("latest checkpoint unreadable");
    i.latest_note = **note;
    i.latest_note_size = *size;
  }
  if (options.read_only) return log;
  if (!i.log_key) return Error::Invalid("log_key", "a writable log needs its log key");
  i.appender = std::make_unique<LogAppender>(std::move(*recovered), i.size);
  if (options.checkpoint_interval.count() > 0)
    i.checkpointer = std::thread([&i, l = log.get()] {
      pthread_setname_np(pthread_self(), "checkpointer");
      i.RunCheckpointer(*l);
    });
  return log;
}

void Log::Impl::RunCheckpointer(Log& log) {
  std::unique_lock lock(checkpoint_mu);
  while (!stopping) {
    checkpoint_wake.wait_for(lock, options.checkpoint_interval);
    if (stopping) break;
    if (size.load(std::memory_order_acquire) == latest_note_size) continue;
    lock.unlock();
    // A failure here (disk) also fails the next append, which reports it.
    (void)log.MakeCheckpoint();
    lock.lock();
  }
}

Result<std::vector<Appended>> Log::Append(std::vector<Json> entries) {
  std::promise<Result<std::vector<Appended>>> promise;
  auto outcome = promise.get_future();
  AppendAsync(std::move(entries),
              [&promise](Result<std::vector<Appended>> r) { promise.set_value(std::move(r)); });
  return outcome.get();
}

void Log::AppendAsync(std::vector<Json> entries, AppendDone done) {
  RawWriter* writer = nullptr;
  {
    std::lock_guard lock(impl_->appender_mu);
    if (impl_->appender_taken)
      return done(Error{Code::kUnavailable, {}, "the ledger service writes this log"});
    if (!impl_->appender) return done(Error{Code::kUnavailable, {}, "the log is open read-only"});
    if (!impl_->raw_writer)
      impl_->raw_writer = std::make_unique<RawWriter>(
          *impl_->store, *impl_->appender, impl_->options.clock,
          GroupQueue<RawRequest>::Bounds{impl_->options.max_group_events, impl_->options.max_group_bytes});
    writer = impl_->raw_writer.get();
  }
  auto prepared = PrepareEntries(entries);
  if (!prepared.ok()) return done(prepared.error());
  writer->Append(std::move(*prepared), std::move(done));
}

std::unique_ptr<LogAppender> Log::TakeAppender() {
  std::lock_guard lock(impl_->appender_mu);
  if (impl_->raw_writer || impl_->appender_taken) return nullptr;
  impl_->appender_taken = true;
  return std::move(impl_->appender);
}

uint64_t Log::size() const { return impl_->size.load(std::memory_order_acquire); }
const std::string& Log::origin() const { return impl_->origin; }
const PublicKey& Log::log_public_key() const { return impl_->log_public_key; }
std::string Log::verifier_key() const {
  return VerifierKeyString(impl_->origin, impl_->log_public_key);
}
const Store& Log::store() const { return *impl_->store; }
Store& Log::mutable_store() { return *impl_->store; }
Status Log::WriteState(WriteSet& writes) {
  if (impl_->options.read_only) return Error{Code::kUnavailable, {}, "the log is open read-only"};
  return impl_->store->Write(writes, /*sync=*/true);
}
bool Log::read_only() const { return impl_->options.read_only; }
const Clock& Log::clock() const { return impl_->options.clock; }
std::size_t Log::max_group_events() const { return impl_->options.max_group_events; }
std::size_t Log::max_group_bytes() const { return impl_->options.max_group_bytes; }

Result<std::string> Log::ReadEvent(uint64_t seq) const {
  LEDGER_RETURN_IF_ERROR(impl_->CheckSeq(seq));
  auto value = impl_->store->Get(Column::kEvents, SeqKey(seq));
  if (!value.ok()) return value.error();
  if (!*value) return Error::Corruption("event " + std::to_string(seq) + " is missing");
  return std::move(**value);
}

Result<std::vector<std::string>> Log::ReadEvents(uint64_t from, std::size_t limit) const {
  std::vector<std::string> events;
  const uint64_t end = size();
  if (from >= end || limit == 0) return events;
  const uint64_t want = std::min<uint64_t>(limit, end - from);
  events.reserve(want);
  uint64_t expected = from;
  Status scanned = impl_->store->Scan(
      Column::kEvents, SeqKey(from), [&](std::string_view key, std::string_view value) {
        auto seq = DecodeSeqKey(key);
        if (!seq.ok() || *seq != expected) return false;
        events.emplace_back(value);
        ++expected;
        return events.size() < want;
      });
  LEDGER_RETURN_IF_ERROR(scanned);
  if (events.size() != want)
    return Error::Corruption("event " + std::to_string(expected) + " is missing");
  return events;
}

Result<Hash> Log::LeafHashAt(uint64_t seq) const {
  LEDGER_RETURN_IF_ERROR(impl_->CheckSeq(seq));
  NodeId id{0, seq};
  auto nodes = impl_->store->nodes().ReadNodes({&id, 1});
  if (!nodes.ok()) return nodes.error();
  return (*nodes)[0];
}

Result<Hash> Log::RootAt(uint64_t tree_size) const {
  LEDGER_RETURN_IF_ERROR(impl_->CheckSize(tree_size, "size"));
  return ledger::RootAt(tree_size, impl_->store->nodes());
}

Result<std::vector<Hash>> Log::InclusionProof(uint64_t seq, uint64_t tree_size) const {
  LEDGER_RETURN_IF_ERROR(impl_->CheckSize(tree_size, "size"));
  if (seq >= tree_size)
    return Error::Invalid("seq", "seq " + std::to_string(seq) + " is not below size " +
                                     std::to_string(tree_size));
  return ledger::InclusionProof(seq, tree_size, impl_->store->nodes());
}

Result<std::vector<Hash>> Log::ConsistencyProof(uint64_t from, uint64_t to) const {
  if (from == 0) return Error::Invalid("from", "must be at least 1");
  if (from > to) return Error::Invalid("from", "must not exceed to");
  LEDGER_RETURN_IF_ERROR(impl_->CheckSize(to, "to"));
  return ledger::ConsistencyProof(from, to, impl_->store->nodes());
}

}  // namespace ledger
