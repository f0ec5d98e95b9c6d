#include "rules.hpp"

#include <unordered_map>

#include "ledger/admission.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_types.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"
#include "ledger/submission.hpp"
#include "ledger/timestamp.hpp"

namespace ledger::audit {
namespace {

constexpr std::string_view kEnvelopeMembers[] = {"batch", "body", "idem", "org", "prev",
                                                 "seq",   "sig",  "ts",   "type"};

std::string StringOr(const Json& event, const char* name) {
  if (!event.is_object()) return {};
  auto it = event.find(name);
  return it != event.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Failure FailAt(std::string check, uint64_t seq, const Json* event, std::string reason) {
  Failure f{.check = std::move(check), .seq = seq, .reason = std::move(reason)};
  if (event) {
    f.type = StringOr(*event, "type");
    f.org = StringOr(*event, "org");
  }
  return f;
}

std::string Describe(const Error& e) {
  return e.field.empty() ? e.message : e.field + ": " + e.message;
}

// The stored bytes must be the canonical form of what they parse to:
// otherwise two byte strings would stand for one event.
Result<Json> ParseCanonical(std::string_view bytes) {
  auto event = ParseStrict(bytes);
  if (!event.ok()) return Error::Invalid(event.error().field, "does not parse: " + Describe(event.error()));
  auto canonical = Canonicalize(*event);
  if (!canonical.ok() || *canonical != bytes)
    return Error::Invalid("", "its bytes are not the canonical form of the event (RFC 8785)");
  return event;
}

Status CheckEnvelope(const Json& event) {
  if (!event.is_object()) return Error::Invalid("", "an event must be a JSON object");
  for (const auto& [name, value] : event.items()) {
    bool known = false;
    for (std::string_view m : kEnvelopeMembers) known = known || name == m;
    if (!known) return Error::Invalid(name, "is not a member of a stored event");
  }
  for (const char* name : {"seq", "prev", "ts", "type", "org", "idem", "body"})
    if (!event.contains(name)) return Error::Invalid(name, "is missing");
  if (event.contains("sig") == event.contains("batch"))
    return Error::Invalid("sig", "a stored event carries exactly one of sig and batch");
  if (!event.at("ts").is_string()) return Error::Invalid("ts", "must be a string");
  auto year = YearOfTimestamp(event.at("ts").get_ref<const std::string&>());
  if (!year.ok()) return Error::Invalid("ts", year.error().message);
  return Status::Ok();
}

// The genesis body as InitLedger writes it (docs/events.md): what the
// registry and the checkpoints are built on.
Status CheckGenesisBody(const Json& body) {
  auto strings = [](const Json& doc, std::initializer_list<const char*> names, const std::string& at) -> Status {
    if (!doc.is_object() || doc.size() != names.size())
      return Error::Invalid(at, "must be an object of exactly the genesis members");
    for (const char* name : names)
      if (!doc.contains(name) || !doc.at(name).is_string())
        return Error::Invalid(at + "." + name, "must be a string");
    return Status::Ok();
  };
  if (!body.is_object() || !body.contains("regulator"))
    return Error::Invalid("body.regulator", "is missing");
  LEDGER_RETURN_IF_ERROR(strings(body.at("regulator"), {"id", "name", "public_key"}, "body.regulator"));
  Json top = body;
  top["regulator"] = "";
  LEDGER_RETURN_IF_ERROR(strings(top, {"origin", "log_key", "regulator"}, "body"));
  if (Status name = ValidateKeyName(body.at("origin").get<std::string>()); !name.ok())
    return Error::Invalid("body.origin", name.error().message);
  if (Status id = ValidateId(body.at("regulator").at("id").get<std::string>(), "body.regulator.id"); !id.ok())
    return id;
  if (!PublicKey::FromBase64(body.at("regulator").at("public_key").get<std::string>()).ok())
    return Error::Invalid("body.regulator.public_key", "is not a base64 Ed25519 public key");
  return Status::Ok();
}

// "events[3].body.x" -> 3; anything else -> 0.
std::size_t IndexOf(const std::string& field) {
  if (field.rfind("events[", 0) != 0) return 0;
  return static_cast<std::size_t>(std::strtoull(field.c_str() + 7, nullptr, 10));
}

// The check an admission error stands for (docs/audit.md lists them).
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

// The events verified so far, as the admitter reads them: re-read from the
// source and checked against the leaf hashes the chain verified.
class AuditHistory final : public DurableEvents {
 public:
  AuditHistory(Source& source, const ChainChecker& chain) : source_(&source), chain_(chain) {}

  uint64_t size() const override { return size_; }
  Result<std::string> ReadEvent(uint64_t seq) const override {
    auto bytes = source_->ReadEvent(seq);
    if (!bytes.ok()) return bytes.error();
    if (seq >= chain_.size() || LeafHash(*bytes) != chain_.LeafAt(seq))
      return Error::Corruption("the source gave other bytes for event " + std::to_string(seq) +
                               " than it gave when the chain was verified");
    return bytes;
  }
  Result<std::vector<std::optional<std::string>>> ReadIdems(
      std::span<const std::string> keys) const override {
    std::vector<std::optional<std::string>> out;
    out.reserve(keys.size());
    for (const std::string& key : keys) {
      auto it = idems.find(key);
      out.push_back(it == idems.end() ? std::nullopt : std::optional<std::string>(it->second));
    }
    return out;
  }
  void Advance(uint64_t n) { size_ += n; }

  std::unordered_map<std::string, std::string> idems;

 private:
  Source* source_;  // reading may move a server connection: not const
  const ChainChecker& chain_;
  uint64_t size_ = 1;  // the genesis event is decided by CheckGenesis
};

}  // namespace

Result<GenesisFacts> CheckGenesis(std::string_view bytes, std::optional<Failure>& failure) {
  auto fail = [&](const Json* event, std::string reason) -> Result<GenesisFacts> {
    failure = FailAt("genesis", 0, event, std::move(reason));
    return Error::Invalid("genesis", failure->reason);
  };
  auto event = ParseCanonical(bytes);
  if (!event.ok()) return fail(nullptr, Describe(event.error()));
  if (Status envelope = CheckEnvelope(*event); !envelope.ok()) return fail(&*event, Describe(envelope.error()));
  if (StringOr(*event, "type") != "ledger.genesis" || StringOr(*event, "org") != "ledger" ||
      StringOr(*event, "idem") != "genesis" || !event->contains("sig"))
    return fail(&*event, "event 0 must be ledger.genesis by org ledger with idem genesis and a sig");
  if (Status body = CheckGenesisBody(event->at("body")); !body.ok())
    return fail(&*event, Describe(body.error()));
  const Json& body = event->at("body");
  auto key = PublicKey::FromBase64(body.at("log_key").get<std::string>());
  if (!key.ok()) return fail(&*event, "body.log_key: " + key.error().message);
  auto posted = PostedSubmission(std::span<const Json>(&*event, 1));
  if (!posted.ok() || !VerifySignature(*posted, *key).ok())
    return fail(&*event, "its signature does not verify with the log key it announces");
  return GenesisFacts{body.at("origin").get<std::string>(), *key};
}

struct RuleChecker::Impl {
  Impl(Source& source, const ChainChecker& chain, OrgRegistry registry)
      : history(source, chain), admitter(history, std::move(registry)) {}

  std::optional<Failure> AddBatchEvent(uint64_t seq, Json event, bool trusted);
  std::optional<Failure> Decide(const std::vector<Json>& stored, uint64_t first_seq, bool trusted);
  // `months`: the MonthOfTimestamp of each stored event.
  void Count(const Submission& submission, const std::vector<std::string>& months);

  AuditHistory history;
  Admitter admitter;
  bool read_models = false;
  bool ratios = false;
  ProjectionMap projections;
  ProjectionSink sink;
  int last_year = 0;
  // A batch whose last event has not come yet.
  std::vector<Json> batch;
  uint64_t batch_start = 0, batch_size = 0;
  uint64_t batches = 0;
  std::map<std::string, uint64_t> by_type;
};

RuleChecker::RuleChecker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleChecker::~RuleChecker() = default;

Result<std::unique_ptr<RuleChecker>> RuleChecker::Create(std::string_view genesis_bytes, Source& source,
                                                         const ChainChecker& chain, bool read_models,
                                                         bool ratios) {
  auto genesis = ParseStrict(genesis_bytes);
  if (!genesis.ok()) return genesis.error();
  auto registry = RegistryFromGenesis(*genesis);
  if (!registry.ok()) return registry.error();
  auto impl = std::make_unique<Impl>(source, chain, std::move(*registry));
  impl->read_models = read_models;
  impl->ratios = ratios;
  impl->by_type["ledger.genesis"] = 1;
  Impl* raw = impl.get();
  impl->sink = [raw](Column column, const std::string& key, const std::string* value) {
    if (column == Column::kIdem) {
      if (value) raw->history.idems[key] = *value;
      else raw->history.idems.erase(key);
    }
    if (!raw->read_models) return;
    if (value) raw->projections[{column, key}] = *value;
    else raw->projections.erase({column, key});
  };
  if (read_models) LEDGER_RETURN_IF_ERROR(SinkGenesisProjections(impl->admitter.registry(), impl->sink));
  return std::unique_ptr<RuleChecker>(new RuleChecker(std::move(impl)));
}

std::optional<Failure> RuleChecker::Add(uint64_t seq, std::string_view bytes, bool trusted) {
  auto event = ParseCanonical(bytes);
  if (!event.ok()) return FailAt("canonical", seq, nullptr, Describe(event.error()));
  if (Status envelope = CheckEnvelope(*event); !envelope.ok())
    return FailAt("envelope", seq, &*event, Describe(envelope.error()));
  if (event->contains("batch")) return impl_->AddBatchEvent(seq, std::move(*event), trusted);
  if (!impl_->batch.empty())
    return FailAt("batch", impl_->batch_start, &impl_->batch.front(),
                  "the batch of " + std::to_string(impl_->batch_size) + " events starting here is cut short: event " +
                      std::to_string(seq) + " is not part of it");
  std::vector<Json> single;  // moved, not copied: bodies are the bulk of a replay
  single.push_back(std::move(*event));
  return impl_->Decide(single, seq, trusted);
}

std::optional<Failure> RuleChecker::Impl::AddBatchEvent(uint64_t seq, Json event, bool trusted) {
  const Json& b = event.at("batch");
  const bool shaped = b.is_object() && b.contains("start") && b.contains("size") &&
                      b.at("start").is_number_unsigned() && b.at("size").is_number_unsigned();
  if (!shaped) return FailAt("batch", seq, &event, "batch must be {\"sig\",\"size\",\"start\"}");
  const uint64_t start = b.at("start").get<uint64_t>();
  const uint64_t size = b.at("size").get<uint64_t>();
  if (size == 0 || size > kMaxBatchEvents)
    return FailAt("batch", seq, &event, "batch.size " + std::to_string(size) + " is not from 1 to " +
                                            std::to_string(kMaxBatchEvents));
  if (batch.empty()) {
    if (start != seq)
      return FailAt("batch", seq, &event, "says its batch starts at seq " + std::to_string(start) +
                                              ", but no batch began there");
    batch_start = start;
    batch_size = size;
  } else if (start != batch_start) {
    return FailAt("batch", batch_start, &batch.front(),
                  "the batch of " + std::to_string(batch_size) + " events starting here is cut short at seq " +
                      std::to_string(seq));
  }
  batch.push_back(std::move(event));
  if (batch.size() < batch_size) return std::nullopt;
  std::vector<Json> whole = std::move(batch);
  batch.clear();
  ++batches;
  return Decide(whole, batch_start, trusted);
}

std::optional<Failure> RuleChecker::Impl::Decide(const std::vector<Json>& stored, uint64_t first_seq,
                                                 bool trusted) {
  auto fail = [&](const std::string& check, const Error& e) {
    const std::size_t i = std::min(IndexOf(e.field), stored.size() - 1);
    return FailAt(check, first_seq + i, &stored[i], Describe(e));
  };
  auto doc = PostedSubmission(stored);
  if (!doc.ok()) return fail("batch", doc.error());
  auto submission = ParseSubmission(*doc);
  if (!submission.ok()) return fail("schema", submission.error());
  const PublicKey* checked = nullptr;
  if (trusted)
    if (const Org* org = admitter.registry().Find(submission->org)) checked = org->KeyAt(first_seq);
  std::vector<std::string> months;
  for (const Json& event : stored) {
    auto month = MonthOfTimestamp(event.at("ts").get_ref<const std::string&>());
    LEDGER_CHECK(month.ok());  // CheckEnvelope saw to it
    months.push_back(std::move(*month));
  }
  if (Status verified = admitter.Verify(*submission, first_seq, months, checked, sink, read_models);
      !verified.ok())
    return fail(CheckOf(verified.error()), verified.error());
  history.Advance(stored.size());
  Count(*submission, months);
  return std::nullopt;
}

void RuleChecker::Impl::Count(const Submission& submission, const std::vector<std::string>& months) {
  for (std::size_t i = 0; i < months.size(); ++i) {
    ++by_type[std::string(submission.events[i].type->name)];
    last_year = std::max(last_year, std::stoi(months[i].substr(0, 4)));  // "YYYY-MM"
  }
}

std::optional<Failure> RuleChecker::Finish() {
  if (impl_->batch.empty()) return std::nullopt;
  return FailAt("batch", impl_->batch_start, &impl_->batch.front(),
                "the log ends after " + std::to_string(impl_->batch.size()) + " of this batch's " +
                    std::to_string(impl_->batch_size) + " events");
}

uint64_t RuleChecker::decided() const { return impl_->history.size(); }
uint64_t RuleChecker::batches() const { return impl_->batches; }
const std::map<std::string, uint64_t>& RuleChecker::by_type() const { return impl_->by_type; }
const OrgRegistry& RuleChecker::registry() const { return impl_->admitter.registry(); }
const Accounts& RuleChecker::accounts() const { return impl_->admitter.accounts(); }
const RatioTracker& RuleChecker::ratios() const { return impl_->admitter.ratios(); }

const ProjectionMap& RuleChecker::FinishProjections() {
  const std::string applied = SeqKey(impl_->history.size());
  impl_->projections[{Column::kState, std::string(kAppliedStateKey)}] = applied;
  return impl_->projections;
}

std::vector<RatioWarning> RuleChecker::Warnings() const {
  if (!impl_->ratios) return {};
  // The admitter keeps the regulatory totals, as the ledger does.
  return impl_->admitter.ratios().Warnings(impl_->admitter.registry(), impl_->last_year);
}

std::map<std::string, int64_t> RuleChecker::Totals() const {
  std::map<std::string, int64_t> totals;
  const Accounts& accounts = impl_->admitter.accounts();
  for (const auto& [seq, source] : accounts.sources()) {
    if (source.reversed) continue;
    totals[std::string(EventTypeOf(source.kind).name)] += source.amount_fen;
    totals["sources"] += source.amount_fen;
  }
  for (const auto& [seq, outflow] : accounts.outflows())
    if (!outflow.reversed) totals[std::string(EventTypeOf(outflow.kind).name)] += outflow.amount_fen;
  for (const auto& [id, fund] : accounts.funds()) totals["held"] += fund.balance_fen;
  return totals;
}

}  // namespace ledger::audit
