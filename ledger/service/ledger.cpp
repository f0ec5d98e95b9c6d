#include "ledger/ledger.hpp"

#include <algorithm>
#include <future>
#include <utility>

#include "ledger/domain/org_rules.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/service/ledger_impl.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/state_open.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

Result<Genesis> ReadGenesis(const Log& log) {
  LEDGER_ASSIGN_OR_RETURN(std::string bytes, log.ReadEvent(0));
  auto stored = DecodeStoredEvent(bytes);
  if (!stored.ok()) return Error::Corruption("the genesis event: " + stored.error().ToString());
  if (stored->event.kind() != EventKind::kGenesis) return Error::Corruption("event 0 is not ledger.genesis");
  return std::get<Genesis>(stored->event.body);
}

}  // namespace

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::Open(const LogOptions& options, std::optional<PrivateKey> log_key,
                                             const LedgerOptions& ledger_options) {
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Log> log, Log::Open(options, std::move(log_key)));
  LEDGER_ASSIGN_OR_RETURN(const Genesis genesis, ReadGenesis(*log));
  LEDGER_ASSIGN_OR_RETURN(const Org regulator, GenesisRegulator(genesis));
  auto impl = std::make_unique<Impl>(genesis.regulator_id);
  impl->log = std::move(log);
  if (options.read_only) {
    LEDGER_RETURN_IF_ERROR(CheckStateCurrent(impl->log->store(), impl->log->size()));
    return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
  }
  LEDGER_RETURN_IF_ERROR(OpenState(*impl->log, impl->admission, regulator, ledger_options.progress));
  std::unique_ptr<LogAppender> appender = impl->log->TakeAppender();
  if (!appender) return Error{Code::kUnavailable, {}, "the log's appender is in use"};
  impl->sequencer = std::make_unique<Sequencer>(*impl->log, std::move(appender), impl->admission,
                                                StateCache::Limits{ledger_options.state_cache_entries,
                                                                   ledger_options.state_cache_bytes},
                                                std::max<std::size_t>(ledger_options.max_pending, 1));
  if (const uint64_t rate = ledger_options.org_events_per_second; rate > 0)
    impl->org_limiter.emplace(RateLimiter::Options{.rate = rate, .burst = 2 * rate});
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Log& Ledger::log() { return *impl_->log; }
const Log& Ledger::log() const { return *impl_->log; }
const std::string& Ledger::regulator_id() const { return impl_->admission.regulator().str(); }

LedgerMemory Ledger::Memory() const {
  if (!impl_->sequencer) return {};
  const Sequencer& s = *impl_->sequencer;
  return {.cached_entries = s.cached_entries(),
          .cache_limit = s.cache_limits().entries,
          .cached_bytes = s.cached_bytes(),
          .cache_bytes_limit = s.cache_limits().bytes,
          .queued_submissions = s.queued(),
          .queue_limit = s.max_pending()};
}

LedgerRefusals Ledger::Refusals() const {
  if (!impl_->sequencer) return {};
  return {.org_rate_limited = impl_->org_rate_limited.load(std::memory_order_relaxed),
          .queue_full = impl_->sequencer->refused_full()};
}

Result<Json> Ledger::OrgJson(std::string_view id) const { return ReadOrgJson(impl_->log->store(), id); }

Result<Json> Ledger::OrgRatiosJson(std::string_view id) const {
  const Log& log = *impl_->log;
  LEDGER_ASSIGN_OR_RETURN(auto org, ReadOrg(log.store(), id));
  if (!org) return Error::NotFound("org " + std::string(id) + " is not registered");
  LEDGER_ASSIGN_OR_RETURN(std::string last, log.ReadEvent(log.size() - 1));
  auto stored = DecodeStoredEvent(last);
  if (!stored.ok()) return Error::Corruption("the last event: " + stored.error().ToString());
  auto year = YearOfTimestamp(stored->ts);
  if (!year.ok()) return Error::Corruption("the last event's ts: " + year.error().message);
  return ReadOrgRatios(log.store(), *org, *year);
}

Result<Json> Ledger::FundJson(std::string_view id, uint64_t lots_from, std::size_t lots_limit) const {
  return ReadFund(impl_->log->store(), id, lots_from, lots_limit);
}

Result<Json> Ledger::ReceiptTraceJson(std::string_view receipt) const {
  LEDGER_ASSIGN_OR_RETURN(const ReceiptRef ref, ReadReceipt(impl_->log->store(), receipt));
  LEDGER_ASSIGN_OR_RETURN(Json trace, SourceTraceJson(ref.seq));
  // A corrected gift names this one: the old number points to the new.
  if (ref.replaced_by) trace["replaced_by"] = *ref.replaced_by;
  return trace;
}

Result<Json> Ledger::SourceTraceJson(uint64_t seq) const {
  const Log& log = *impl_->log;
  LEDGER_ASSIGN_OR_RETURN(Json trace, ReadSourceTrace(log.store(), seq));
  // The proof is for the tree as it is now; the source is durable, so its
  // seq is inside it.
  const uint64_t size = log.size();
  LEDGER_ASSIGN_OR_RETURN(const Hash leaf, log.LeafHashAt(seq));
  LEDGER_ASSIGN_OR_RETURN(const Hash root, log.RootAt(size));
  LEDGER_ASSIGN_OR_RETURN(const std::vector<Hash> hashes, log.InclusionProof(seq, size));
  Json path = Json::array();
  for (const Hash& h : hashes) path.push_back(HexEncode(h));
  trace["leaf_hash"] = HexEncode(leaf);
  trace["proof"] = {{"seq", seq}, {"tree_size", size}, {"leaf_hash", HexEncode(leaf)},
                    {"root", HexEncode(root)}, {"hashes", std::move(path)}};
  return trace;
}

Result<Json> Ledger::FundFlowsJson(std::string_view id, std::string_view from, std::size_t limit) const {
  return ReadFundFlows(impl_->log->store(), id, from, limit);
}

Result<Json> Ledger::SourcesJson(uint64_t seq) const { return ReadOutflow(impl_->log->store(), seq); }

Result<Json> Ledger::StatsJson(uint64_t honour_from, std::size_t honour_limit) const {
  return ReadStats(impl_->log->store(), honour_from, honour_limit);
}

bool Ledger::Impl::ChargeOrg(const Submission& submission) {
  // Only events not stored yet are charged: a resend, or anyone replaying
  // an org's published events, must not spend the org's allowance. (A
  // resend racing its original may be charged; that errs towards the org.)
  std::vector<std::string> idem_keys;
  for (const Event& e : submission.events) idem_keys.push_back(keys::Idem(submission.org, e.idem));
  auto stored = log->store().MultiGet(Column::kIdem, idem_keys);
  uint64_t fresh = submission.events.size();
  if (stored.ok()) fresh = static_cast<uint64_t>(std::count(stored->begin(), stored->end(), std::nullopt));
  return fresh == 0 || org_limiter->Take(submission.org.str(), fresh);
}

void Ledger::Impl::SubmitDecoded(Submission submission, SubmitDone done) {
  if (!sequencer) return done(Error{Code::kUnavailable, {}, "the ledger is open read-only"});
  // The signature is checked here, off the writer thread, with the org's
  // current durable key; the writer re-checks only if the key at the
  // event's seq turns out to be another.
  auto org = ReadOrg(log->store(), submission.org.str());
  if (!org.ok()) return done(org.error());
  if (!*org) return done(Error{Code::kUnauthenticated, "org", "unknown org " + submission.org.str()});
  if ((*org)->keys.empty()) return done(Error::Corruption("org " + submission.org.str() + " is stored without a key"));
  const PublicKey& key = (*org)->keys.back().key;
  if (!key.Verify(AsBytes(submission.signed_bytes), submission.sig))
    return done(Error{Code::kUnauthenticated, "sig",
                      "does not verify with the current key of org " + submission.org.str()});
  if (org_limiter && !ChargeOrg(submission)) {
    org_rate_limited.fetch_add(1, std::memory_order_relaxed);
    return done(Error{Code::kRateLimited, "org",
                      "org " + submission.org.str() + " is past its limit of " +
                          std::to_string(org_limiter->options().rate) + " events a second; try again shortly"});
  }
  auto entries = EntriesOf(submission);
  if (!entries.ok()) return done(entries.error());
  auto request = std::make_unique<SubmitRequest>();
  request->events = submission.events.size();
  for (const PreparedEntry& e : *entries) request->bytes += e.bytes + kStampBytes;
  request->submission = std::move(submission);
  request->checked_key = key;
  request->entries = std::move(*entries);
  request->done = std::move(done);
  sequencer->Submit(std::move(request));
}

void Ledger::SubmitAsync(std::string_view body, SubmitDone done) {
  auto submission = DecodeSubmission(body);
  if (!submission.ok()) return done(submission.error());
  impl_->SubmitDecoded(std::move(*submission), std::move(done));
}

Result<SubmitOutcome> Ledger::Submit(const Json& doc) {
  auto submission = ParseSubmission(doc);
  if (!submission.ok()) return submission.error();
  std::promise<Result<SubmitOutcome>> promise;
  auto outcome = promise.get_future();
  impl_->SubmitDecoded(std::move(*submission),
                       [&promise](Result<SubmitOutcome> r) { promise.set_value(std::move(r)); });
  return outcome.get();
}

Result<SubmitOutcome> Ledger::Submit(std::string_view body) {
  std::promise<Result<SubmitOutcome>> promise;
  auto outcome = promise.get_future();
  SubmitAsync(body, [&promise](Result<SubmitOutcome> r) { promise.set_value(std::move(r)); });
  return outcome.get();
}

}  // namespace ledger
