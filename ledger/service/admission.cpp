#include "ledger/service/admission.hpp"

#include "ledger/domain/apply.hpp"
#include "ledger/domain/org_rules.hpp"

namespace ledger {
namespace {

std::string EventPrefix(const Submission& submission, std::size_t i) {
  return submission.is_batch ? "events[" + std::to_string(i) + "]." : std::string();
}

bool IsOrgEvent(EventKind kind) {
  return kind == EventKind::kOrgRegistered || kind == EventKind::kOrgKeyRotated ||
         kind == EventKind::kOrgSuspended || kind == EventKind::kOrgQualified ||
         kind == EventKind::kOrgLocated;
}

Error AtPrefix(const std::string& prefix, Error e) {
  e.field = prefix + e.field;
  return e;
}

}  // namespace

void PutIdem(const OrgId& org, const Event& event, Seq seq, State& state) {
  state.Put(keys::Idem(org, event.idem), IdemRecord{event.content_hash, seq}, Space::kIdem);
}

Result<Decision> Admission::Decide(const Submission& submission, const PublicKey* checked_key, Seq first_seq,
                                   std::span<const std::string_view> ts, State& state) const {
  LEDGER_CHECK(ts.size() == submission.events.size());
  LEDGER_ASSIGN_OR_RETURN(auto org, FindOrg(state, submission.org));
  if (!org) return Error{Code::kUnauthenticated, "org", "unknown org " + submission.org.str()};
  LEDGER_RETURN_IF_ERROR(CheckSigner(submission, *org, checked_key, first_seq));
  Decision decision;
  LEDGER_ASSIGN_OR_RETURN(const bool all_duplicates, CheckIdems(submission, state, decision));
  if (all_duplicates) return decision;
  if (org->SuspendedAt(first_seq.value))
    return Error{Code::kPermissionDenied, "org",
                 "org " + org->id + " is suspended since seq " + std::to_string(*org->suspended_seq)};
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    const Event& event = submission.events[i];
    const std::string prefix = EventPrefix(submission, i);
    const Seq seq = first_seq + i;
    LEDGER_RETURN_IF_ERROR(CheckRole(*org, event, prefix, state));
    if (Status applied = ApplyEvent(event, Placement{seq, submission.org, ts[i]}, regulator_, state); !applied.ok())
      return AtPrefix(prefix, applied.error());
    PutIdem(submission.org, event, seq, state);
    if (IsOrgEvent(event.kind())) {  // it may have changed the poster
      LEDGER_ASSIGN_OR_RETURN(org, FindOrg(state, submission.org));
      LEDGER_CHECK(org.has_value());
    }
  }
  return decision;
}

Status Admission::CatchUp(const StoredEvent& stored, State& state) const {
  const Placement at{stored.seq, stored.org, stored.ts};
  if (Status applied = ApplyEvent(stored.event, at, regulator_, state); !applied.ok())
    return Error::Corruption("event " + std::to_string(stored.seq.value) + " breaks the rules: " +
                             applied.error().ToString());
  PutIdem(stored.org, stored.event, stored.seq, state);
  return Status::Ok();
}

Status Admission::CheckSigner(const Submission& submission, const Org& org, const PublicKey* checked_key,
                              Seq first_seq) const {
  const PublicKey* key = org.KeyAt(first_seq.value);
  if (!key) return Error{Code::kUnauthenticated, "org", "org " + org.id + " has no key yet"};
  if (checked_key && *checked_key == *key) return Status::Ok();
  if (!key->Verify(AsBytes(submission.signed_bytes), submission.sig))
    return Error{Code::kUnauthenticated, "sig",
                 "does not verify with the key org " + org.id + " holds at seq " + std::to_string(first_seq.value)};
  return Status::Ok();
}

Result<bool> Admission::CheckIdems(const Submission& submission, State& state, Decision& decision) const {
  const std::size_t n = submission.events.size();
  std::vector<std::string> keys;
  keys.reserve(n);
  for (const Event& e : submission.events) keys.push_back(keys::Idem(submission.org, e.idem));
  LEDGER_ASSIGN_OR_RETURN(auto stored, state.kv().MultiGet(Space::kIdem, keys));
  std::vector<std::optional<IdemRecord>> found(n);
  std::size_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!stored[i]) continue;
    IdemRecord record;
    LEDGER_RETURN_IF_ERROR(Decode(*stored[i], keys[i], record));
    found[i] = record;
    ++used;
    if (record.content_hash != submission.events[i].content_hash)
      return Error{Code::kConflict, EventPrefix(submission, i) + "idem",
                   "was already used by org " + submission.org.str() + " for other content (seq " +
                       std::to_string(record.seq.value) + ")"};
  }
  if (used == 0) return false;
  if (used < n) {
    std::size_t i = 0;
    while (!found[i]) ++i;
    return Error{Code::kConflict, EventPrefix(submission, i) + "idem",
                 "was already used (seq " + std::to_string(found[i]->seq.value) +
                     "); a batch must be all new or an exact resend"};
  }
  decision.duplicate = true;
  for (const auto& f : found) decision.original.push_back(f->seq);
  return true;
}

Status Admission::CheckRole(const Org& org, const Event& event, const std::string& prefix, State& state) const {
  if (auto* reversal = std::get_if<EventReversed>(&event.body)) return CheckReversal(org, *reversal, prefix, state);
  if (IsOrgEvent(event.kind()) && org.id != regulator_.str())
    return Error{Code::kPermissionDenied, prefix + "type",
                 std::string(event.type->name) + " is posted only by the genesis regulator " + regulator_.str()};
  if (!org.roles.Intersects(event.type->allowed_roles))
    return Error{Code::kPermissionDenied, prefix + "type",
                 std::string(event.type->name) + " needs one of the roles " +
                     DescribeRoles(event.type->allowed_roles) + "; org " + org.id + " has " +
                     (org.roles.empty() ? "none" : DescribeRoles(org.roles))};
  return Status::Ok();
}

Status Admission::CheckReversal(const Org& org, const EventReversed& body, const std::string& prefix,
                                State& state) const {
  const std::string field = prefix + "body.seq";
  const std::string target = std::to_string(body.seq.value);
  LEDGER_ASSIGN_OR_RETURN(auto posted, state.kv().Posted(body.seq));
  if (!posted) return Error::Refused(field, "no event " + target + " before this one");
  const EventType& reversed = *posted->event.type;
  if (!reversed.moves_money)
    return Error::Refused(field, "event " + target + " is " + std::string(reversed.name) +
                                     ", which moves no money and cannot be reversed");
  if (posted->org.str() != org.id)
    return Error{Code::kPermissionDenied, field,
                 "event " + target + " was posted by " + posted->org.str() + "; only its poster may reverse it"};
  if (!org.roles.Intersects(reversed.allowed_roles))
    return Error{Code::kPermissionDenied, field,
                 "reversing " + std::string(reversed.name) + " needs one of the roles " +
                     DescribeRoles(reversed.allowed_roles)};
  return Status::Ok();  // whether it may still be reversed is the accounts' rule
}

}  // namespace ledger
