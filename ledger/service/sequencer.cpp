#include "ledger/service/sequencer.hpp"

#include <pthread.h>

#include "ledger/codec/canonical_writer.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

std::string CanonicalString(std::string_view text) {
  std::string out;
  AppendCanonicalString(text, out);
  return out;
}

// Adds a batch's "batch" member, known once its first seq is, at its
// sorted place (first: "batch" sorts before every other member).
std::vector<PreparedEntry> WithBatchMember(std::vector<PreparedEntry> entries, const std::string& member) {
  for (PreparedEntry& entry : entries) {
    entry.members.insert(entry.members.begin(), {"batch", member});
    entry.bytes += member.size() + 9;
  }
  return entries;
}

}  // namespace

Result<std::vector<PreparedEntry>> EntriesOf(const Submission& submission) {
  std::vector<PreparedEntry> entries;
  entries.reserve(submission.events.size());
  const std::string org = CanonicalString(submission.org.str());
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    const Event& event = submission.events[i];
    PreparedEntry entry;
    entry.members.reserve(5);
    entry.members.emplace_back("body", event.body_bytes);
    entry.members.emplace_back("idem", CanonicalString(event.idem));
    entry.members.emplace_back("org", org);
    if (!submission.is_batch) entry.members.emplace_back("sig", CanonicalString(submission.sig_base64));
    entry.members.emplace_back("type", CanonicalString(event.type->name));
    for (const auto& [name, value] : entry.members) entry.bytes += name.size() + value.size() + 4;
    LEDGER_RETURN_IF_ERROR(CheckEntrySize(entry, "entries[" + std::to_string(i) + "]"));
    entries.push_back(std::move(entry));
  }
  return entries;
}

struct Sequencer::Group {
  Requests requests;
  std::unique_ptr<Overlay> state;  // what the group changed, over the one below
  std::unique_ptr<WriteSet> writes;
  std::vector<Result<Decision>> decisions;
  std::vector<std::vector<Appended>> appended;
  WriterState stamped;  // the appender once this group was stamped
};

Sequencer::Sequencer(Log& log, std::unique_ptr<LogAppender> appender, const Admission& admission,
                     StateCache::Limits cache_limits, std::size_t max_pending)
    : log_(log),
      appender_(std::move(appender)),
      admission_(admission),
      cache_(cache_limits),
      base_(log.store(), LogEventBytes(log), &cache_),
      queue_({log.max_group_events(), log.max_group_bytes(), max_pending}),
      committer_(log.mutable_store()) {
  LEDGER_CHECK(appender_ != nullptr);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "ledger-writer");  // for top and perf
    Run();
  });
}

Sequencer::~Sequencer() {
  queue_.Stop();
  thread_.join();
}

void Sequencer::Submit(std::unique_ptr<SubmitRequest> request) {
  std::string refusal;
  if (queue_.Push(request, refusal)) return;
  if (!queue_.failure().empty() && TryResume() && queue_.Push(request, refusal)) return;
  request->done(Error{Code::kUnavailable, {}, refusal});
}

bool Sequencer::TryResume() {
  std::unique_lock lock(resume_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_resume_ < kResumeInterval) return false;
  last_resume_ = now;
  // While the queue is failed the writer writes nothing: the store is ours.
  if (!log_.mutable_store().Resume().ok()) return false;
  queue_.Recover();
  return true;
}

namespace {

// A callback that throws must not end the writer, and the ledger with it:
// its submitter goes unanswered (its connection times out) and the writer
// goes on.
void Deliver(SubmitRequest& request, Result<SubmitOutcome> outcome) noexcept {
  try {
    request.done(std::move(outcome));
  } catch (...) {
  }
  // Let go of what the callback holds (an HTTP session) now, not when the
  // group is dropped: the submitter's connection is done with us.
  request.done = nullptr;
}

}  // namespace

void Sequencer::Run() {
  std::unique_ptr<Group> in_flight;
  for (;;) {
    // With a write in flight, take only what is queued already: when
    // nothing is, the write's submitters are answered first.
    Requests requests = queue_.TakeGroup(/*wait=*/!in_flight);
    if (requests.empty()) {
      if (!in_flight) return;  // stopping, and nothing is left
      Finish(std::move(in_flight));
      continue;
    }
    if (const std::string failed = queue_.failure(); !failed.empty()) {
      Refuse(requests, failed);
      continue;
    }
    const KvReader& below = in_flight ? static_cast<const KvReader&>(*in_flight->state) : base_;
    std::unique_ptr<Group> next = Decide(std::move(requests), below);
    if (in_flight) {
      if (!Finish(std::move(in_flight))) {
        Refuse(next->requests, queue_.failure());  // it was decided on the failed group's state
        continue;
      }
      next->state->Rebase(&base_);  // what it was decided over is in the store and the cache now
    }
    committer_.Start(*next->writes);
    in_flight = std::move(next);
  }
}

std::unique_ptr<Sequencer::Group> Sequencer::Decide(Requests requests, const KvReader& below) {
  auto group = std::make_unique<Group>();
  group->requests = std::move(requests);
  group->state = std::make_unique<Overlay>(&below);
  group->writes = std::make_unique<WriteSet>(log_.store());
  group->appended.resize(group->requests.size());
  const std::string ts = appender_->Timestamp(log_.clock());
  for (std::size_t r = 0; r < group->requests.size(); ++r) {
    const SubmitRequest& request = *group->requests[r];
    Overlay batch(group->state.get());
    State state(batch);
    const Seq first(appender_->next_seq());
    const std::vector<std::string_view> stamps(request.events, ts);
    group->decisions.push_back(admission_.Decide(request.submission, &request.checked_key, first, stamps, state));
    if (!group->decisions.back().ok() || group->decisions.back()->duplicate) continue;  // the batch overlay goes
    std::move(batch).MergeInto(*group->state);
    group->appended[r] =
        request.submission.is_batch
            ? appender_->Stamp(WithBatchMember(request.entries, BatchMember(request.submission, first.value)), ts,
                               *group->writes)
            : appender_->Stamp(request.entries, ts, *group->writes);
  }
  if (!group->state->empty()) {
    WriteChanges(*group->state, *group->writes);
    group->writes->Put(Column::kState, kAppliedKey, SeqKey(appender_->next_seq()));
  }
  group->stamped = appender_->stamped();
  return group;
}

bool Sequencer::Finish(std::unique_ptr<Group> group) {
  if (Status written = committer_.Wait(); !written.ok()) {
    queue_.Fail(written.error().ToString());
    appender_->Rollback();
    Refuse(group->requests, "append failed: " + written.error().ToString());
    return false;
  }
  appender_->CommitUpTo(std::move(group->stamped));
  CacheChanges(*group->state, cache_);
  cached_entries_.store(cache_.size(), std::memory_order_relaxed);
  cached_bytes_.store(cache_.bytes(), std::memory_order_relaxed);
  for (std::size_t r = 0; r < group->requests.size(); ++r)
    Deliver(*group->requests[r],
            Answer(*group->requests[r], std::move(group->decisions[r]), std::move(group->appended[r])));
  return true;
}

void Sequencer::Refuse(Requests& requests, const std::string& why) {
  for (auto& request : requests) Deliver(*request, Error{Code::kUnavailable, {}, why});
}

Sequencer::Outcome Sequencer::Answer(const SubmitRequest& request, Result<Decision> decided,
                                     std::vector<Appended> appended) const {
  if (!decided.ok()) return decided.error();
  SubmitOutcome outcome;
  outcome.appended = !decided->duplicate;
  for (std::size_t i = 0; i < request.submission.events.size(); ++i) {
    EventResult result{.idem = request.submission.events[i].idem, .duplicate = decided->duplicate};
    if (decided->duplicate) {
      result.seq = decided->original[i].value;
      LEDGER_ASSIGN_OR_RETURN(result.leaf_hash, log_.LeafHashAt(result.seq));
    } else {
      result.seq = appended[i].seq;
      result.leaf_hash = appended[i].leaf_hash;
    }
    outcome.results.push_back(std::move(result));
  }
  outcome.tree_size = log_.size();
  return outcome;
}

}  // namespace ledger
