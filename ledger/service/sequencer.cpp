#include "ledger/service/sequencer.hpp"

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

Sequencer::Sequencer(Log& log, std::unique_ptr<LogAppender> appender, const Admission& admission,
                     StateCache::Limits cache_limits)
    : log_(log),
      appender_(std::move(appender)),
      admission_(admission),
      cache_(cache_limits),
      queue_({log.max_group_events(), log.max_group_bytes()}) {
  LEDGER_CHECK(appender_ != nullptr);
  thread_ = std::thread([this] { Run(); });
}

Sequencer::~Sequencer() {
  queue_.Stop();
  thread_.join();
}

void Sequencer::Submit(std::unique_ptr<SubmitRequest> request) {
  std::string refusal;
  if (!queue_.Push(request, refusal)) request->done(Error{Code::kUnavailable, {}, refusal});
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
}

}  // namespace

void Sequencer::Run() {
  for (;;) {
    auto group = queue_.TakeGroup();
    if (group.empty()) return;  // stopping with nothing queued
    std::vector<Outcome> outcomes;
    const std::string failed_before = queue_.failure();
    Status written = failed_before.empty() ? WriteGroup(group, outcomes)
                                           : Status(Error{Code::kUnavailable, {}, failed_before});
    if (!written.ok()) queue_.Fail(written.error().ToString());
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (written.ok()) Deliver(*group[i], std::move(outcomes[i]));
      else Deliver(*group[i], Error{Code::kUnavailable, {}, "append failed: " + written.error().ToString()});
    }
  }
}

Status Sequencer::WriteGroup(std::vector<std::unique_ptr<SubmitRequest>>& group, std::vector<Outcome>& outcomes) {
  const Store& store = log_.store();
  const std::string ts = appender_->Timestamp(log_.clock());
  StoreKv base(store, LogEventBytes(log_), &cache_);
  Overlay group_state(&base);
  WriteSet writes(store);
  std::vector<Result<Decision>> decisions;
  std::vector<std::vector<Appended>> appended(group.size());
  for (std::size_t r = 0; r < group.size(); ++r) {
    const SubmitRequest& request = *group[r];
    Overlay batch(&group_state);
    State state(batch);
    const Seq first(appender_->next_seq());
    const std::vector<std::string_view> stamps(request.events, ts);
    decisions.push_back(admission_.Decide(request.submission, &request.checked_key, first, stamps, state));
    if (!decisions.back().ok() || decisions.back()->duplicate) continue;  // the batch overlay goes
    std::move(batch).MergeInto(group_state);
    appended[r] = request.submission.is_batch
                      ? appender_->Stamp(WithBatchMember(request.entries, BatchMember(request.submission, first.value)),
                                         ts, writes)
                      : appender_->Stamp(request.entries, ts, writes);
  }
  if (!group_state.empty()) {
    WriteChanges(group_state, writes);
    writes.Put(Column::kState, kAppliedKey, SeqKey(appender_->next_seq()));
  }
  if (writes.Count() > 0) {
    if (Status s = log_.mutable_store().Write(writes, /*sync=*/true); !s.ok()) {
      appender_->Rollback();
      return s;
    }
  }
  appender_->Commit();
  CacheChanges(group_state, cache_);
  cached_entries_.store(cache_.size(), std::memory_order_relaxed);
  cached_bytes_.store(cache_.bytes(), std::memory_order_relaxed);
  for (std::size_t r = 0; r < group.size(); ++r)
    outcomes.push_back(Answer(*group[r], std::move(decisions[r]), std::move(appended[r])));
  return Status::Ok();
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
