#include "rules.hpp"

#include <filesystem>

#include "ledger/encoding.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/event_types.hpp"
#include "ledger/signing.hpp"
#include "ledger/submission.hpp"
#include "ledger/timestamp.hpp"

namespace ledger::audit {
namespace {

// The replay's own notes, kept with a kept replay (--follow).
constexpr std::string_view kCountsMeta = "audit/counts";
constexpr std::string_view kChainMeta = "audit/chain";

// size (8 bytes BE) ‖ last leaf ‖ the frontier's complete subtrees.
std::string ChainBytes(const ChainChecker& chain) {
  std::string bytes = SeqKey(chain.size());
  bytes.append(reinterpret_cast<const char*>(chain.LastLeaf().data()), 32);
  for (const Hash& h : chain.frontier().subtrees()) bytes.append(reinterpret_cast<const char*>(h.data()), 32);
  return bytes;
}

Result<ResumePoint> ChainFrom(std::string_view bytes) {
  if (bytes.size() < 40 || (bytes.size() - 40) % 32 != 0) return Error::Corruption("the kept chain is malformed");
  ResumePoint point;
  LEDGER_ASSIGN_OR_RETURN(point.size, DecodeSeqKey(bytes.substr(0, 8)));
  std::copy(bytes.begin() + 8, bytes.begin() + 40, point.last_leaf.begin());
  std::vector<Hash> subtrees((bytes.size() - 40) / 32);
  for (std::size_t i = 0; i < subtrees.size(); ++i)
    std::copy(bytes.begin() + 40 + 32 * i, bytes.begin() + 72 + 32 * i, subtrees[i].begin());
  LEDGER_ASSIGN_OR_RETURN(point.frontier, Frontier::FromSubtrees(point.size, std::move(subtrees)));
  return point;
}

std::string Describe(const Error& e) { return e.field.empty() ? e.message : e.field + ": " + e.message; }

Failure FailAt(std::string check, uint64_t seq, const StoredEvent* event, std::string reason) {
  Failure f{.check = std::move(check), .seq = seq, .reason = std::move(reason)};
  if (event) {
    f.type = event->event.type ? std::string(event->event.type->name) : std::string();
    f.org = event->org.str();
  }
  return f;
}

// "events[3].body.x" -> 3; anything else -> 0.
std::size_t IndexOf(const std::string& field) {
  if (field.rfind("events[", 0) != 0) return 0;
  return static_cast<std::size_t>(std::strtoull(field.c_str() + 7, nullptr, 10));
}

// The check a decoding fault stands for (docs/audit.md lists them).
std::string CheckOf(StoredFault fault) {
  switch (fault) {
    case StoredFault::kCanonical: return "canonical";
    case StoredFault::kEnvelope: return "envelope";
    case StoredFault::kBatch: return "batch";
    case StoredFault::kSchema: return "schema";
  }
  return "schema";
}

// The check an admission error stands for.
std::string CheckOf(const Error& e) {
  auto ends_with = [&e](std::string_view tail) {
    return e.field.size() >= tail.size() && e.field.compare(e.field.size() - tail.size(), tail.size(), tail) == 0;
  };
  switch (e.code) {
    case Code::kInvalidArgument: return "schema";
    case Code::kUnauthenticated: return e.field == "org" ? "org" : "signature";
    case Code::kConflict: return "idem";
    case Code::kPermissionDenied:
      if (e.field == "org") return "suspended";
      return ends_with("type") || ends_with("body.seq") ? "role" : "ownership";
    case Code::kUnprocessable: return "rules";
    default: return "source";
  }
}

}  // namespace

Result<GenesisFacts> CheckGenesis(std::string_view bytes, std::optional<Failure>& failure) {
  auto fail = [&](const StoredEvent* event, std::string reason) -> Result<GenesisFacts> {
    failure = FailAt("genesis", 0, event, std::move(reason));
    return Error::Invalid("genesis", failure->reason);
  };
  auto event = DecodeStoredEvent(bytes);
  if (!event.ok()) return fail(nullptr, Describe(event.error()));
  const auto* genesis = std::get_if<Genesis>(&event->event.body);
  if (!genesis || event->org.str() != "ledger" || event->event.idem != "genesis" || !event->sig)
    return fail(&*event, "event 0 must be ledger.genesis by org ledger with idem genesis and a sig");
  auto key = PublicKey::FromBase64(genesis->log_key);
  if (!key.ok()) return fail(&*event, "body.log_key: " + key.error().message);
  auto posted = SubmissionFromStored(std::span<const StoredEvent>(&*event, 1));
  if (!posted.ok() || !key->Verify(AsBytes(posted->signed_bytes), posted->sig))
    return fail(&*event, "its signature does not verify with the log key it announces");
  return GenesisFacts{genesis->origin, *key};
}

// The stored events a replay reads again (a reversal names one): re-read
// from the source and checked against the leaf hash verified before.
ReplayEvents RuleChecker::EventsFrom(Source& source, const RuleChecker* self) {
  return [&source, self](Seq seq) -> Result<std::optional<std::string>> {
    const Replay* replay = self->replay_.get();
    if (replay == nullptr || seq.value >= replay->size()) return std::optional<std::string>();
    LEDGER_ASSIGN_OR_RETURN(std::string bytes, source.ReadEvent(seq.value));
    LEDGER_ASSIGN_OR_RETURN(auto leaf, replay->LeafAt(seq));
    if (!leaf || LeafHash(bytes) != *leaf)
      return Error::Corruption("the source gave other bytes for event " + std::to_string(seq.value) +
                               " than it gave when the chain was verified");
    return std::optional<std::string>(std::move(bytes));
  };
}

RuleChecker::RuleChecker(Source& source, std::unique_ptr<Replay> replay)
    : source_(source), replay_(std::move(replay)) {}
RuleChecker::~RuleChecker() = default;

Result<std::unique_ptr<RuleChecker>> RuleChecker::Create(std::string_view genesis_bytes, const Hash& genesis_leaf,
                                                         Source& source, const std::string& scratch_dir, bool keep) {
  LEDGER_ASSIGN_OR_RETURN(StoredEvent genesis, DecodeStoredEvent(genesis_bytes));
  auto checker = std::unique_ptr<RuleChecker>(new RuleChecker(source, nullptr));
  // The replay reads earlier events through the checker, once it exists.
  LEDGER_ASSIGN_OR_RETURN(checker->replay_,
                          Replay::Create({.scratch_dir = scratch_dir, .keep = keep}, genesis,
                                         EventsFrom(source, checker.get())));
  checker->replay_->RecordLeaf(Seq(0), genesis_leaf);
  checker->by_type_["ledger.genesis"] = 1;
  return checker;
}

// The counts a kept replay stored with its last run (Finish).
Status RuleChecker::RestoreCounts(std::string_view text) {
  const Error malformed = Error::Corruption("the kept replay's counts are malformed; start it over");
  auto json = ParseStrict(text);
  if (!json.ok() || !json->is_object()) return malformed;
  try {
    batches_ = json->value("batches", uint64_t{0});
    last_year_ = json->value("last_year", 0);
    const Json by_type = json->value("by_type", Json::object());
    for (const auto& [type, n] : by_type.items()) by_type_[type] = n.get<uint64_t>();
  } catch (const Json::exception&) {
    return malformed;
  }
  return Status::Ok();
}

Result<std::unique_ptr<RuleChecker>> RuleChecker::Resume(Source& source, const std::string& scratch_dir) {
  auto checker = std::unique_ptr<RuleChecker>(new RuleChecker(source, nullptr));
  LEDGER_ASSIGN_OR_RETURN(checker->replay_,
                          Replay::Resume({.scratch_dir = scratch_dir, .keep = true},
                                         EventsFrom(source, checker.get())));
  LEDGER_ASSIGN_OR_RETURN(auto counts, checker->replay_->GetMeta(kCountsMeta));
  if (counts) LEDGER_RETURN_IF_ERROR(checker->RestoreCounts(*counts));
  return checker;
}

std::optional<Failure> RuleChecker::Add(uint64_t seq, std::string_view bytes, const Hash& leaf, bool trusted) {
  replay_->RecordLeaf(Seq(seq), leaf);
  StoredFault fault = StoredFault::kSchema;
  auto event = DecodeStoredEvent(bytes, &fault);
  if (!event.ok()) return FailAt(CheckOf(fault), seq, nullptr, Describe(event.error()));
  if (event->event.kind() == EventKind::kGenesis)
    return FailAt("schema", seq, &*event, "type: ledger.genesis is made by init and never submitted");
  if (event->batch) return AddBatchEvent(seq, std::move(*event), trusted);
  if (!batch_.empty())
    return FailAt("batch", batch_start_, &batch_.front(),
                  "the batch of " + std::to_string(batch_size_) + " events starting here is cut short: event " +
                      std::to_string(seq) + " is not part of it");
  std::vector<StoredEvent> single;
  single.push_back(std::move(*event));
  return Decide(single, seq, trusted);
}

std::optional<Failure> RuleChecker::AddBatchEvent(uint64_t seq, StoredEvent event, bool trusted) {
  const BatchRef& b = *event.batch;
  if (b.size == 0 || b.size > kMaxBatchEvents)
    return FailAt("batch", seq, &event, "batch.size " + std::to_string(b.size) + " is not from 1 to " +
                                            std::to_string(kMaxBatchEvents));
  if (batch_.empty()) {
    if (b.start.value != seq)
      return FailAt("batch", seq, &event, "says its batch starts at seq " + std::to_string(b.start.value) +
                                              ", but no batch began there");
    batch_start_ = b.start.value;
    batch_size_ = b.size;
  } else if (b.start.value != batch_start_) {
    return FailAt("batch", batch_start_, &batch_.front(),
                  "the batch of " + std::to_string(batch_size_) + " events starting here is cut short at seq " +
                      std::to_string(seq));
  }
  batch_.push_back(std::move(event));
  if (batch_.size() < batch_size_) return std::nullopt;
  std::vector<StoredEvent> whole = std::move(batch_);
  batch_.clear();
  ++batches_;
  return Decide(whole, batch_start_, trusted);
}

std::optional<Failure> RuleChecker::Decide(const std::vector<StoredEvent>& stored, uint64_t first_seq, bool trusted) {
  auto fail = [&](const std::string& check, const Error& e) {
    const std::size_t i = std::min(IndexOf(e.field), stored.size() - 1);
    return FailAt(check, first_seq + i, &stored[i], Describe(e));
  };
  auto submission = SubmissionFromStored(stored);
  if (!submission.ok()) {
    const std::string& field = submission.error().field;
    const bool belonging = field == "events" || field.ends_with(".batch") || field.ends_with(".org");
    return fail(belonging ? "batch" : "schema", submission.error());
  }
  std::vector<std::string_view> ts;
  ts.reserve(stored.size());
  for (const StoredEvent& event : stored) ts.push_back(event.ts);
  if (Status verified = replay_->Verify(*submission, ts, /*verify_signature=*/!trusted); !verified.ok())
    return fail(CheckOf(verified.error()), verified.error());
  Count(stored);
  return std::nullopt;
}

void RuleChecker::Count(const std::vector<StoredEvent>& stored) {
  for (const StoredEvent& event : stored) {
    ++by_type_[std::string(event.event.type->name)];
    auto year = YearOfTimestamp(event.ts);
    if (year.ok()) last_year_ = std::max(last_year_, *year);
  }
}

Result<std::optional<ResumePoint>> RuleChecker::KeptEnd(const std::string& scratch_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(scratch_dir, ec)) return std::optional<ResumePoint>();
  auto replay = Replay::Resume({.scratch_dir = scratch_dir, .keep = true},
                               [](Seq) -> Result<std::optional<std::string>> { return std::optional<std::string>(); });
  if (!replay.ok()) return std::optional<ResumePoint>();  // not a kept replay: made again
  LEDGER_ASSIGN_OR_RETURN(auto chain, (*replay)->GetMeta(kChainMeta));
  if (!chain) return std::optional<ResumePoint>();
  LEDGER_ASSIGN_OR_RETURN(ResumePoint point, ChainFrom(*chain));
  if (point.size != (*replay)->size()) return std::optional<ResumePoint>();
  return std::optional<ResumePoint>(std::move(point));
}

std::optional<Failure> RuleChecker::Finish(const ChainChecker& chain) {
  if (!batch_.empty())
    return FailAt("batch", batch_start_, &batch_.front(),
                  "the log ends after " + std::to_string(batch_.size()) + " of this batch's " +
                      std::to_string(batch_size_) + " events");
  Json counts = {{"batches", batches_}, {"last_year", last_year_}, {"by_type", by_type_}};
  replay_->PutMeta(kCountsMeta, counts.dump());
  replay_->PutMeta(kChainMeta, ChainBytes(chain));
  if (Status flushed = replay_->Flush(); !flushed.ok())
    return Failure{.check = "source", .reason = "the replay's scratch state: " + flushed.error().ToString()};
  return std::nullopt;
}

uint64_t RuleChecker::decided() const { return replay_->size(); }
const Store& RuleChecker::state() const { return replay_->store(); }

}  // namespace ledger::audit
