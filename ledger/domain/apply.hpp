// Applying a decided event to the state: the org registry, the funds and
// their lots, the traces, the portal's aggregates, the regulatory totals
// and each org's list of money events. Who may post it (signature, idem,
// suspension, role) is admission's to decide before; here are the rules of
// what it does. The one rule implementation the ledger, its rebuild and
// the audit share. Internal to the library; no I/O but the state's reads.
#pragma once

#include <string_view>

#include "ledger/domain/state.hpp"

namespace ledger {

// Where an event is applied: its seq, its poster and the ts the log
// stamps it with (its months and years are cut from that, in UTC+8).
struct Placement {
  Seq seq;
  const OrgId& poster;
  std::string_view ts;
};

// Applies `event`. A refusal is the rule's error naming the body field; the
// overlay may then hold part of the event and must be dropped. `regulator`
// is the genesis regulator (who may not be suspended).
Status ApplyEvent(const Event& event, const Placement& at, const OrgId& regulator, State& state);

}  // namespace ledger
