// Deciding what may enter the log (DESIGN.md §3, §5), shared by the ledger
// (live), its migration and rebuild, and the audit (a replay): one rule
// implementation, three callers (internal to the library).
//
// Decide checks a submission at the seq its first event would take: the
// org, its signature with the key it holds at that seq, idem, suspension,
// roles, what a reversal may name, and then every rule of what the events
// do (ledger/domain/apply.hpp), each event seeing the ones before it. It
// writes into the caller's overlay, which the caller drops on an error and
// merges on a yes: there is no other way of taking anything back.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "ledger/domain/state.hpp"
#include "ledger/submission.hpp"

namespace ledger {

// What Decide found when every event of a submission was in the log
// already (a resend): the original seqs, and nothing was changed.
struct Decision {
  bool duplicate = false;
  std::vector<Seq> original;
};

class Admission {
 public:
  explicit Admission(OrgId regulator) : regulator_(std::move(regulator)) {}
  const OrgId& regulator() const { return regulator_; }

  // Decides `submission` as if its first event took `first_seq` and event i
  // were stamped `ts[i]`. Its signature was checked on the caller's thread
  // with `checked_key` (null if not); it is checked again here only if the
  // key the org holds at `first_seq` differs. Errors are the codes of
  // Ledger::Submit, with fields naming the event in a batch ("events[2].").
  Result<Decision> Decide(const Submission& submission, const PublicKey* checked_key, Seq first_seq,
                          std::span<const std::string_view> ts, State& state) const;

  // Applies an event of the log as it stands, without asking who may post
  // it (a ledger's catch-up on open, a migration): the rules still apply,
  // and a refusal is corruption. Records its idem.
  Status CatchUp(const StoredEvent& stored, State& state) const;

 private:
  Status CheckSigner(const Submission& submission, const Org& org, const PublicKey* checked_key,
                     Seq first_seq) const;
  Result<bool> CheckIdems(const Submission& submission, State& state, Decision& decision) const;
  Status CheckRole(const Org& org, const Event& event, const std::string& prefix, State& state) const;
  Status CheckReversal(const Org& org, const EventReversed& body, const std::string& prefix, State& state) const;

  OrgId regulator_;
};

// The idem record of an event: what a resend is compared with.
void PutIdem(const OrgId& org, const Event& event, Seq seq, State& state);

}  // namespace ledger
