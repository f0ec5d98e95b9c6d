#include "ledger/admission.hpp"

#include <algorithm>
#include <cstring>

#include "ledger/calendar.hpp"
#include "ledger/encoding.hpp"
#include "ledger/projections.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

std::string EventPrefix(const Submission& submission, std::size_t i) {
  return submission.is_batch ? "events[" + std::to_string(i) + "]." : std::string();
}

bool IsOrgEvent(EventKind kind) {
  return kind == EventKind::kOrgRegistered || kind == EventKind::kOrgKeyRotated ||
         kind == EventKind::kOrgSuspended;
}

}  // namespace

Result<OrgRegistry> RegistryFromGenesis(const Json& genesis) {
  try {
    const Json& regulator = genesis.at("body").at("regulator");
    auto key = PublicKey::FromBase64(regulator.at("public_key").get<std::string>());
    if (!key.ok()) return Error::Corruption("the genesis regulator key is malformed");
    return OrgRegistry::FromGenesis(regulator.at("id").get<std::string>(),
                                    regulator.at("name").get<std::string>(), *key);
  } catch (const Json::exception& e) {
    return Error::Corruption(std::string("the genesis event is malformed: ") + e.what());
  }
}

// The registry as of seq 0: the regulator named in the genesis event.
Result<OrgRegistry> RegistryAtGenesis(const Log& log) {
  auto bytes = log.ReadEvent(0);
  if (!bytes.ok()) return bytes.error();
  auto genesis = ParseStrict(*bytes);
  if (!genesis.ok()) return Error::Corruption("the genesis event does not parse");
  return RegistryFromGenesis(*genesis);
}

Status SinkGenesisProjections(const OrgRegistry& at_genesis, const ProjectionSink& sink) {
  const Org& regulator = *at_genesis.Find(at_genesis.regulator_id());
  auto canonical = Canonicalize(OrgToJson(regulator));
  if (!canonical.ok()) return canonical.error();
  sink(Column::kState, std::string(kOrgStatePrefix) + regulator.id, &*canonical);
  const std::string version(kProjectionsVersion);
  sink(Column::kState, std::string(kProjectionsVersionKey), &version);
  return Status::Ok();
}

Result<std::vector<std::optional<std::string>>> LogEvents::ReadIdems(
    std::span<const std::string> keys) const {
  return log_.store().MultiGet(Column::kIdem, keys);
}

std::string EncodeIdem(const Hash& content_hash, uint64_t seq) {
  std::string value(reinterpret_cast<const char*>(content_hash.data()), content_hash.size());
  value += SeqKey(seq);
  return value;
}

std::string IdemKey(std::string_view org, std::string_view idem) {
  std::string key(org);
  key += '/';  // org ids never hold '/', so the key splits unambiguously
  key += idem;
  return key;
}

Admitter::Admitter(const DurableEvents& durable, OrgRegistry registry)
    : durable_(durable), registry_(std::move(registry)) {}

void Admitter::ForgetDurable() {
  const uint64_t durable = durable_.size();
  while (!pending_idem_order_.empty() && pending_idem_order_.front().first < durable) {
    pending_idems_.erase(pending_idem_order_.front().second);
    pending_idem_order_.pop_front();
  }
  pending_events_.erase(pending_events_.begin(), pending_events_.lower_bound(durable));
}

Result<Admission> Admitter::Admit(const Submission& submission, const PublicKey* checked_key,
                                  uint64_t first_seq, std::string_view ts, WriteSet& writes,
                                  DuplicateOf& duplicate) {
  auto month = MonthOfTimestamp(ts);
  LEDGER_CHECK_MSG(month.ok(), "the log writer stamps well-formed times");
  const std::vector<std::string> months(submission.events.size(), *month);
  return Decide(submission, checked_key, first_seq, months, SinkInto(writes), true, duplicate);
}

Status Admitter::Verify(const Submission& stored, uint64_t first_seq,
                        std::span<const std::string> recorded_months, const PublicKey* checked_key,
                        const ProjectionSink& sink, bool read_models) {
  LEDGER_CHECK(first_seq == durable_.size());
  DuplicateOf duplicate;
  auto decided =
      Decide(stored, checked_key, first_seq, recorded_months, sink, read_models, duplicate);
  if (!decided.ok()) return decided.error();
  if (!decided->append)
    return Error{Code::kConflict, stored.is_batch ? "events[0].idem" : "idem",
                 "repeats org " + stored.org + "'s submission at seq " +
                     std::to_string(duplicate.seqs.front()) +
                     ": the ledger answers a resend and appends nothing"};
  return Status::Ok();
}

Result<Admission> Admitter::Decide(const Submission& submission, const PublicKey* checked_key,
                                   uint64_t first_seq, std::span<const std::string> recorded_months,
                                   const ProjectionSink& sink, bool read_models,
                                   DuplicateOf& duplicate) {
  LEDGER_CHECK(recorded_months.size() == submission.events.size());
  ForgetDurable();
  const Org* org = registry_.Find(submission.org);
  if (!org) return Error{Code::kUnauthenticated, "org", "unknown org " + submission.org};
  LEDGER_RETURN_IF_ERROR(CheckSigner(submission, *org, checked_key, first_seq));
  auto all_duplicates = CheckIdems(submission, duplicate);
  if (!all_duplicates.ok()) return all_duplicates.error();
  if (*all_duplicates) return Admission{.append = false};
  if (org->SuspendedAt(first_seq))
    return Error{Code::kPermissionDenied, "org",
                 "org " + org->id + " is suspended since seq " + std::to_string(*org->suspended_seq)};

  Undo undo;
  AccountsJournal journal;  // only a batch can need to take events back
  ProjectionChange change;
  std::map<std::string, uint64_t> touched;  // org id -> seq of its last change
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    Status decided = CheckRole(*org, submission.events[i], EventPrefix(submission, i));
    if (decided.ok())
      decided = ApplyEvent(submission, i, first_seq + i, recorded_months[i], undo,
                           submission.is_batch ? &journal : nullptr,
                           read_models ? &change : nullptr, touched);
    if (!decided.ok()) {
      journal.Undo();
      for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
      return decided.error();
    }
    org = registry_.Find(submission.org);  // an org event may have moved it
  }
  Remember(submission, first_seq, sink, touched, change, read_models);
  ratios_.Commit();  // decided: nothing of it is taken back any more
  Admission admission;
  if (submission.is_batch) {
    admission.extra_name = "batch";
    admission.extra_value = BatchMember(submission, first_seq);
  }
  return admission;
}

Status Admitter::Replay(const Submission& stored, uint64_t seq, std::string_view ts,
                        const ProjectionSink* sink) {
  LEDGER_CHECK(stored.events.size() == 1);
  auto month = MonthOfTimestamp(ts);
  if (!month.ok()) return Error::Corruption("event " + std::to_string(seq) + ": " + month.error().ToString());
  Undo undo;
  ProjectionChange change;
  std::map<std::string, uint64_t> touched;
  if (Status applied =
          ApplyEvent(stored, 0, seq, *month, undo, nullptr, sink ? &change : nullptr, touched);
      !applied.ok())
    return Error::Corruption("event " + std::to_string(seq) + " breaks the rules: " +
                             applied.error().ToString());
  if (sink) Remember(stored, seq, *sink, touched, change, true);
  ratios_.Commit();
  // Replayed events are durable already: the store answers for them.
  pending_events_.erase(seq);
  ForgetDurable();
  return Status::Ok();
}

Status Admitter::ReplayLog(const Log& log, uint64_t write_from, const ProjectionSink* sink,
                           const EachEvent& each) {
  constexpr std::size_t kPage = 1000;
  const uint64_t size = log.size();
  for (uint64_t from = 1; from < size; from += kPage) {
    auto page = log.ReadEvents(from, kPage);
    if (!page.ok()) return page.error();
    for (std::size_t i = 0; i < page->size(); ++i) {
      const uint64_t seq = from + i;
      auto event = ParseStrict((*page)[i]);
      auto stored = event.ok() ? ParseStoredEvent(*event) : Result<Submission>(event.error());
      if (!stored.ok())
        return Error::Corruption("event " + std::to_string(seq) + ": " + stored.error().ToString());
      auto ts = event->find("ts");  // `stored` parsed, so `event` did
      if (ts == event->end() || !ts->is_string())
        return Error::Corruption("event " + std::to_string(seq) + " has no ts");
      LEDGER_RETURN_IF_ERROR(Replay(*stored, seq, ts->get_ref<const std::string&>(),
                                    seq >= write_from ? sink : nullptr));
      if (each) each(seq, *stored);
    }
  }
  return Status::Ok();
}

Status Admitter::CheckSigner(const Submission& submission, const Org& org,
                             const PublicKey* checked_key, uint64_t first_seq) const {
  const PublicKey* key = org.KeyAt(first_seq);
  if (!key) return Error{Code::kUnauthenticated, "org", "org " + org.id + " has no key yet"};
  if (checked_key && *checked_key == *key) return Status::Ok();
  if (!key->Verify(AsBytes(submission.signed_bytes), submission.sig))
    return Error{Code::kUnauthenticated, "sig",
                 "does not verify with the key org " + org.id + " holds at seq " +
                     std::to_string(first_seq)};
  return Status::Ok();
}

Result<bool> Admitter::CheckIdems(const Submission& submission, DuplicateOf& duplicate) const {
  const std::size_t n = submission.events.size();
  std::vector<std::string> keys;
  keys.reserve(n);
  for (const SubmittedEvent& e : submission.events) keys.push_back(IdemKey(submission.org, e.idem));
  auto stored = durable_.ReadIdems(keys);
  if (!stored.ok()) return stored.error();
  std::vector<std::optional<IdemRecord>> found(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (auto p = pending_idems_.find(keys[i]); p != pending_idems_.end()) {
      found[i] = p->second;
    } else if (const auto& value = (*stored)[i]; value) {
      if (value->size() != 40) return Error::Corruption("idem record of " + keys[i] + " is malformed");
      IdemRecord record;
      std::memcpy(record.content_hash.data(), value->data(), 32);
      auto seq = DecodeSeqKey(std::string_view(*value).substr(32));
      if (!seq.ok()) return seq.error();
      record.seq = *seq;
      found[i] = record;
    }
  }
  std::size_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!found[i]) continue;
    ++used;
    if (found[i]->content_hash != submission.events[i].content_hash)
      return Error{Code::kConflict, EventPrefix(submission, i) + "idem",
                   "was already used by org " + submission.org + " for other content (seq " +
                       std::to_string(found[i]->seq) + ")"};
  }
  if (used == 0) return false;
  if (used < n) {
    std::size_t i = 0;
    while (!found[i]) ++i;
    return Error{Code::kConflict, EventPrefix(submission, i) + "idem",
                 "was already used (seq " + std::to_string(found[i]->seq) +
                     "); a batch must be all new or an exact resend"};
  }
  for (const auto& f : found) duplicate.seqs.push_back(f->seq);
  return true;
}

Status Admitter::CheckRole(const Org& org, const SubmittedEvent& event,
                           const std::string& prefix) const {
  if (event.type->kind == EventKind::kEventReversed) return CheckReversal(org, event, prefix);
  if (IsOrgEvent(event.type->kind) && org.id != registry_.regulator_id())
    return Error{Code::kPermissionDenied, prefix + "type",
                 std::string(event.type->name) + " is posted only by the genesis regulator " +
                     registry_.regulator_id()};
  if (!org.roles.Intersects(event.type->allowed_roles))
    return Error{Code::kPermissionDenied, prefix + "type",
                 std::string(event.type->name) + " needs one of the roles " +
                     DescribeRoles(event.type->allowed_roles) + "; org " + org.id + " has " +
                     (org.roles.empty() ? "none" : DescribeRoles(org.roles))};
  return Status::Ok();
}

Status Admitter::CheckReversal(const Org& org, const SubmittedEvent& event,
                               const std::string& prefix) const {
  const std::string field = prefix + "body.seq";
  const uint64_t seq = event.body.at("seq").get<uint64_t>();
  auto posted = FindPosted(seq);
  if (!posted.ok()) return posted.error();
  if (!*posted) return Error::Refused(field, "no event " + std::to_string(seq) + " before this one");
  const EventType& reversed = EventTypeOf((*posted)->kind);
  if (!reversed.moves_money)
    return Error::Refused(field, "event " + std::to_string(seq) + " is " + std::string(reversed.name) +
                              ", which moves no money and cannot be reversed");
  if ((*posted)->org != org.id)
    return Error{Code::kPermissionDenied, field,
                 "event " + std::to_string(seq) + " was posted by " + (*posted)->org +
                     "; only its poster may reverse it"};
  if (!org.roles.Intersects(reversed.allowed_roles))
    return Error{Code::kPermissionDenied, field,
                 "reversing " + std::string(reversed.name) + " needs one of the roles " +
                     DescribeRoles(reversed.allowed_roles)};
  return Status::Ok();  // whether it may still be reversed is the accounts' rule
}

Result<std::optional<Admitter::PostedEvent>> Admitter::FindPosted(uint64_t seq) const {
  if (auto p = pending_events_.find(seq); p != pending_events_.end()) return {p->second};
  if (seq >= durable_.size()) return std::optional<PostedEvent>();
  auto bytes = durable_.ReadEvent(seq);
  if (!bytes.ok()) return bytes.error();
  auto event = ParseStrict(*bytes);
  if (!event.ok()) return Error::Corruption("event " + std::to_string(seq) + " does not parse");
  const EventType* type = FindEventType(event->value("type", ""));
  if (!type) return Error::Corruption("event " + std::to_string(seq) + " has an unknown type");
  return std::optional<PostedEvent>(
      PostedEvent{type->kind, event->value("org", ""), event->value("body", Json::object())});
}

Status Admitter::ApplyEvent(const Submission& submission, std::size_t i, uint64_t seq,
                            std::string_view recorded_month, Undo& undo, AccountsJournal* journal,
                            ProjectionChange* change, std::map<std::string, uint64_t>& touched) {
  const SubmittedEvent& event = submission.events[i];
  const std::string prefix = EventPrefix(submission, i);
  auto at_prefix = [&prefix](Status s) -> Status {
    if (s.ok()) return s;
    Error e = s.error();
    e.field = prefix + e.field;
    return e;
  };
  const Json& body = event.body;
  const Org* changed = nullptr;
  switch (event.type->kind) {
    case EventKind::kOrgRegistered: {
      LEDGER_RETURN_IF_ERROR(at_prefix(registry_.CheckRegistered(body)));
      changed = &registry_.ApplyRegistered(body, seq);
      undo.push_back([this, id = changed->id] { registry_.Erase(id); });
      break;
    }
    case EventKind::kOrgKeyRotated:
    case EventKind::kOrgSuspended: {
      const bool rotate = event.type->kind == EventKind::kOrgKeyRotated;
      LEDGER_RETURN_IF_ERROR(at_prefix(rotate ? registry_.CheckKeyRotated(body)
                                              : registry_.CheckSuspended(body)));
      Org before = *registry_.Find(body.at("org").get_ref<const std::string&>());
      changed = rotate ? &registry_.ApplyKeyRotated(body, seq) : &registry_.ApplySuspended(body, seq);
      undo.push_back([this, before = std::move(before)] { registry_.Restore(before); });
      break;
    }
    default:
      if (Accounts::Handles(event.type->kind))
        LEDGER_RETURN_IF_ERROR(
            ApplyMoney(submission, i, seq, recorded_month, undo, journal, change));
      break;
  }
  // Later events of the batch may reverse this one.
  pending_events_[seq] = {event.type->kind, submission.org, body};
  undo.push_back([this, seq] { pending_events_.erase(seq); });
  if (changed) touched[changed->id] = seq;
  return Status::Ok();
}

Status Admitter::ApplyMoney(const Submission& submission, std::size_t i, uint64_t seq,
                            std::string_view recorded_month, Undo& undo, AccountsJournal* journal,
                            ProjectionChange* change) {
  const SubmittedEvent& event = submission.events[i];
  const std::string prefix = EventPrefix(submission, i);
  std::optional<PostedEvent> reversed;
  if (event.type->kind == EventKind::kEventReversed) {
    auto posted = FindPosted(event.body.at("seq").get<uint64_t>());
    if (!posted.ok()) return posted.error();
    if (!*posted) return Error::Refused(prefix + "body.seq", "names no earlier event");
    reversed = std::move(*posted);
  }
  Status applied = accounts_.Apply(event.type->kind, event.body, submission.org, seq, recorded_month,
                                   reversed ? std::optional(reversed->kind) : std::nullopt,
                                   change ? &change->accounts : nullptr, journal);
  if (!applied.ok()) {
    Error e = applied.error();
    e.field = prefix + e.field;
    return e;
  }
  // The aggregates: this event, or the taking back of the one it reverses.
  const EventKind kind = reversed ? reversed->kind : event.type->kind;
  const Json& body = reversed ? reversed->body : event.body;
  const std::string& poster = reversed ? reversed->org : submission.org;
  const uint64_t counted_seq = reversed ? event.body.at("seq").get<uint64_t>() : seq;
  const int sign = reversed ? -1 : 1;
  std::string purpose;
  for (const char* member : {"fund", "from"})
    if (body.contains(member))
      if (const Fund* fund = accounts_.FindFund(body.at(member).get_ref<const std::string&>()))
        purpose = fund->purpose;
  stats_.Apply({kind, body, poster, counted_seq, purpose}, sign, change ? &change->stats : nullptr);
  undo.push_back([this, kind, body, poster, counted_seq, purpose, sign] {
    stats_.Apply({kind, body, poster, counted_seq, purpose}, -sign);
  });
  ApplyRatios(event, submission.org, seq, recorded_month, undo, change);
  return Status::Ok();
}

void Admitter::ApplyRatios(const SubmittedEvent& event, const std::string& poster, uint64_t seq,
                           std::string_view recorded_month, Undo& undo, ProjectionChange* change) {
  const int year = calendar::DigitsAt(recorded_month, 0, 4);
  LEDGER_CHECK(year > 0);
  ratios_.Apply(event.type->kind, event.body, poster, seq, year, accounts_,
                change ? &change->org_years : nullptr);
  // Undo runs inside the Decide or Replay that holds `event`: no copy of its body.
  undo.push_back([this, kind = event.type->kind, body = &event.body, seq] {
    ratios_.Unapply(kind, *body, seq);
  });
}

// A money event in the flows of its poster and, for a transfer, of the
// receiving fund's owner.
void Admitter::WriteOrgFlow(const std::string& poster, const SubmittedEvent& event, uint64_t seq,
                            const ProjectionSink& sink) const {
  WriteOrgFlowEntry(poster, seq, event.type->name, poster, sink);
  if (event.type->kind != EventKind::kFundsTransferred) return;
  const Fund* to = accounts_.FindFund(event.body.at("to").get_ref<const std::string&>());
  if (to && to->owner != poster) WriteOrgFlowEntry(to->owner, seq, event.type->name, poster, sink);
}

void Admitter::Remember(const Submission& submission, uint64_t first_seq, const ProjectionSink& sink,
                        const std::map<std::string, uint64_t>& touched,
                        const ProjectionChange& change, bool read_models) {
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    const SubmittedEvent& event = submission.events[i];
    const uint64_t seq = first_seq + i;
    std::string key = IdemKey(submission.org, event.idem);
    const std::string idem_value = EncodeIdem(event.content_hash, seq);
    sink(Column::kIdem, key, &idem_value);
    pending_idems_[key] = {event.content_hash, seq};
    pending_idem_order_.emplace_back(seq, std::move(key));
    if (read_models && (event.type->moves_money || event.type->kind == EventKind::kEventReversed))
      WriteOrgFlow(submission.org, event, seq, sink);
  }
  if (!read_models) return;
  WriteProjections(accounts_, change.accounts, sink);
  WriteStatsProjections(stats_, change.stats, sink);
  WriteOrgYears(ratios_, change.org_years, sink);
  for (const auto& [id, seq] : touched) {
    auto canonical = Canonicalize(OrgToJson(*registry_.Find(id)));
    LEDGER_CHECK(canonical.ok());
    sink(Column::kState, std::string(kOrgStatePrefix) + id, &*canonical);
  }
  const std::string applied = SeqKey(first_seq + submission.events.size());
  sink(Column::kState, std::string(kAppliedStateKey), &applied);
}

}  // namespace ledger
