#include "ledger/ledger.hpp"

#include <future>
#include <utility>

#include "ledger/admission.hpp"
#include "ledger/ledger_impl.hpp"
#include "ledger/encoding.hpp"
#include "ledger/projections.hpp"
#include "ledger/ratios.hpp"
#include "ledger/store.hpp"

namespace ledger {

// Money events shown with an org, newest first.
constexpr std::size_t kRecentFlows = 20;


namespace {

Result<uint64_t> AppliedSize(const Store& store) {
  auto stored = store.Get(Column::kState, kAppliedStateKey);
  if (!stored.ok()) return stored.error();
  if (!*stored) return uint64_t{1};  // a new ledger: genesis is the registry's seed
  return DecodeSeqKey(**stored);
}

// Whether decimal version `stored` is above `ours` (no leading zeros).
bool NewerVersion(std::string_view stored, std::string_view ours) {
  return stored.size() != ours.size() ? stored.size() > ours.size() : stored > ours;
}

// Rebuilds the registry and the accounts by replaying the log from seq 1,
// and writes the projections of events the state has not seen (appended
// without admission). A new ledger also gets its genesis regulator stored,
// so that it is read like every other org; a ledger kept by an older
// version gets the read models added since (kProjectionsVersion).
// Replaying takes time in proportion to the log; loading stored
// projections instead is a planned speed-up.
Status Replay(Log& log, Admitter& admitter, uint64_t applied, bool read_only) {
  WriteSet writes(log.store());
  auto version = log.store().Get(Column::kState, kProjectionsVersionKey);
  if (!version.ok()) return version.error();
  // A later version holds read models this build does not know how to
  // keep, so it must not serve (and write) that ledger.
  if (*version && NewerVersion(**version, kProjectionsVersion))
    return Error::Refused("", "the ledger's read models are version " + **version +
                                  ", kept by a newer welfare-ledger; this one keeps version " +
                                  std::string(kProjectionsVersion));
  const bool upgrade = *version != std::optional<std::string>(kProjectionsVersion);
  if (upgrade) writes.Put(Column::kState, kProjectionsVersionKey, kProjectionsVersion);
  const std::string regulator_key =
      std::string(kOrgStatePrefix) + admitter.registry().regulator_id();
  auto stored_regulator = log.store().Get(Column::kState, regulator_key);
  if (!stored_regulator.ok()) return stored_regulator.error();
  if (!*stored_regulator) {
    auto canonical = Canonicalize(OrgToJson(*admitter.registry().Find(admitter.registry().regulator_id())));
    if (!canonical.ok()) return canonical.error();
    writes.Put(Column::kState, regulator_key, *canonical);
  }
  const ProjectionSink sink = SinkInto(writes);
  LEDGER_RETURN_IF_ERROR(admitter.ReplayLog(log, applied, &sink));
  // Versions 2 and 3 added the funds' months and the orgs' years: a
  // ledger kept before gets them for its whole log now.
  if (upgrade) {
    WriteAllFundMonths(admitter.accounts(), sink);
    WriteAllOrgYears(admitter.ratios(), sink);
  }
  if (applied != log.size()) writes.Put(Column::kState, kAppliedStateKey, SeqKey(log.size()));
  if (read_only || writes.Count() == 0) return Status::Ok();
  return log.WriteState(writes);
}

}  // namespace

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::Open(const LogOptions& options,
                                             std::optional<PrivateKey> log_key) {
  auto impl = std::make_unique<Impl>();
  auto log = Log::Open(options, std::move(log_key));
  if (!log.ok()) return log.error();
  impl->log = std::move(*log);
  auto registry = RegistryAtGenesis(*impl->log);
  if (!registry.ok()) return registry.error();
  impl->durable = std::make_unique<LogEvents>(*impl->log);
  impl->admitter = std::make_unique<Admitter>(*impl->durable, std::move(*registry));
  auto applied = AppliedSize(impl->log->store());
  if (!applied.ok()) return applied.error();
  LEDGER_RETURN_IF_ERROR(Replay(*impl->log, *impl->admitter, *applied, options.read_only));
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Log& Ledger::log() { return *impl_->log; }
const Log& Ledger::log() const { return *impl_->log; }
const std::string& Ledger::regulator_id() const { return impl_->admitter->registry().regulator_id(); }

Result<Org> Ledger::Impl::DurableOrg(std::string_view id) const {
  auto stored = log->store().Get(Column::kState, std::string(kOrgStatePrefix) + std::string(id));
  if (!stored.ok()) return stored.error();
  if (!*stored) return Error::NotFound("org " + std::string(id) + " is not registered");
  auto json = ParseStrict(**stored);
  if (!json.ok()) return Error::Corruption("stored org " + std::string(id) + " does not parse");
  return OrgFromJson(*json);
}

Result<Json> Ledger::OrgJson(std::string_view id) const {
  auto org = impl_->DurableOrg(id);
  if (!org.ok()) return org.error();
  Json json = OrgToJson(*org);
  auto funds = ReadOrgFunds(impl_->log->store(), id);
  if (!funds.ok()) return funds.error();
  json["funds"] = std::move(*funds);
  auto recent = ReadOrgFlows(impl_->log->store(), id, kRecentFlows);
  if (!recent.ok()) return recent.error();
  json["recent"] = std::move(*recent);
  return json;
}

Result<Json> Ledger::OrgRatiosJson(std::string_view id) const {
  auto org = impl_->DurableOrg(id);
  if (!org.ok()) return org.error();
  const Log& log = *impl_->log;
  auto last = log.ReadEvent(log.size() - 1);
  if (!last.ok()) return last.error();
  auto event = ParseStrict(*last);
  if (!event.ok() || !event->contains("ts") || !(*event)["ts"].is_string())
    return Error::Corruption("the last event has no ts");
  auto year = YearOfTimestamp((*event)["ts"].get_ref<const std::string&>());
  if (!year.ok()) return Error::Corruption("the last event's ts: " + year.error().message);
  return ReadOrgRatios(log.store(), *org, *year);
}

Result<Json> Ledger::FundJson(std::string_view id, uint64_t lots_from, std::size_t lots_limit) const {
  return ReadFund(impl_->log->store(), id, lots_from, lots_limit);
}

Result<Json> Ledger::ReceiptTraceJson(std::string_view receipt) const {
  const Log& log = *impl_->log;
  auto seq = ReadReceipt(log.store(), receipt);
  if (!seq.ok()) return seq.error();
  auto source = ReadSource(log.store(), *seq);
  if (!source.ok()) return source.error();
  // The proof is for the tree as it is now; the source is durable, so
  // its seq is inside it.
  const uint64_t size = log.size();
  auto leaf = log.LeafHashAt(*seq);
  auto root = log.RootAt(size);
  auto hashes = log.InclusionProof(*seq, size);
  if (!leaf.ok()) return leaf.error();
  if (!root.ok()) return root.error();
  if (!hashes.ok()) return hashes.error();
  Json path = Json::array();
  for (const Hash& h : *hashes) path.push_back(HexEncode(h));
  Json trace = std::move(*source);
  trace["leaf_hash"] = HexEncode(*leaf);
  trace["proof"] = {{"seq", *seq}, {"tree_size", size}, {"leaf_hash", HexEncode(*leaf)},
                    {"root", HexEncode(*root)}, {"hashes", std::move(path)}};
  return trace;
}

Result<Json> Ledger::FundFlowsJson(std::string_view id, std::string_view from,
                                   std::size_t limit) const {
  return ReadFundFlows(impl_->log->store(), id, from, limit);
}

Result<Json> Ledger::SourcesJson(uint64_t seq) const {
  return ReadOutflow(impl_->log->store(), seq);
}

Result<Json> Ledger::StatsJson(uint64_t honour_from, std::size_t honour_limit) const {
  return ReadStats(impl_->log->store(), honour_from, honour_limit);
}

Result<SubmitOutcome> Ledger::Impl::Outcome(Result<std::vector<Appended>> appended,
                                            const DuplicateOf& duplicate) const {
  if (!appended.ok()) return appended.error();
  SubmitOutcome outcome;
  outcome.appended = !appended->empty();
  if (outcome.appended) {
    for (const Appended& a : *appended) outcome.results.push_back({a.seq, a.leaf_hash, {}, false});
  } else {
    for (uint64_t seq : duplicate.seqs) {
      auto leaf = log->LeafHashAt(seq);
      if (!leaf.ok()) return leaf.error();
      outcome.results.push_back({seq, *leaf, {}, true});
    }
  }
  outcome.tree_size = log->size();
  return outcome;
}

void Ledger::Impl::SubmitParsed(const Json& doc, SubmitDone done) {
  auto submission = ParseSubmission(doc);
  if (!submission.ok()) return done(submission.error());
  // The signature is checked here, off the writer thread, with the org's
  // current durable key; the writer re-checks only if the key at the
  // event's seq turns out to be another.
  auto org = DurableOrg(submission->org);
  if (!org.ok()) {
    if (org.error().code == Code::kNotFound)
      return done(Error{Code::kUnauthenticated, "org", "unknown org " + submission->org});
    return done(org.error());
  }
  const PublicKey key = org->keys.back().key;
  if (!key.Verify(AsBytes(submission->signed_bytes), submission->sig))
    return done(Error{Code::kUnauthenticated, "sig",
                      "does not verify with the current key of org " + submission->org});

  std::vector<Json> entries;
  entries.reserve(submission->events.size());
  for (std::size_t i = 0; i < submission->events.size(); ++i)
    entries.push_back(EntryFor(*submission, i));
  struct Pending {
    Submission submission;
    PublicKey key;
    DuplicateOf duplicate;
  };
  auto pending = std::make_shared<Pending>(Pending{std::move(*submission), key, {}});
  AdmitFn admit = [this, pending](uint64_t first_seq, const std::string& ts, WriteSet& writes) {
    return admitter->Admit(pending->submission, &pending->key, first_seq, ts, writes,
                           pending->duplicate);
  };
  log->AppendAsync(std::move(entries), std::move(admit),
                   [this, pending, done = std::move(done)](Result<std::vector<Appended>> r) {
                     auto outcome = Outcome(std::move(r), pending->duplicate);
                     if (outcome.ok())
                       for (std::size_t i = 0; i < outcome->results.size(); ++i)
                         outcome->results[i].idem = pending->submission.events[i].idem;
                     done(std::move(outcome));
                   });
}

void Ledger::SubmitAsync(std::string_view body, SubmitDone done) {
  auto doc = ParseStrict(body);
  if (!doc.ok()) return done(doc.error());
  impl_->SubmitParsed(*doc, std::move(done));
}

Result<SubmitOutcome> Ledger::Submit(const Json& doc) {
  std::promise<Result<SubmitOutcome>> promise;
  auto outcome = promise.get_future();
  impl_->SubmitParsed(doc, [&promise](Result<SubmitOutcome> r) { promise.set_value(std::move(r)); });
  return outcome.get();
}

Result<SubmitOutcome> Ledger::Submit(std::string_view body) {
  auto doc = ParseStrict(body);
  if (!doc.ok()) return doc.error();
  return Submit(*doc);
}

}  // namespace ledger
