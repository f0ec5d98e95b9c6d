// The rules of the org.* events (DESIGN.md §6) against the state: who may
// be registered, when a key may rotate, who may be suspended. Only the
// genesis regulator posts them (admission checks that). Refusals are
// kUnprocessable naming the body field: an id already registered, an
// unknown or suspended org, supervision mixed with money roles, a rotation
// to the key already held. Internal to the domain.
#pragma once

#include <optional>

#include "ledger/domain/state.hpp"

namespace ledger {

// The org as the state holds it, or nullopt.
Result<std::optional<Org>> FindOrg(const State& state, const OrgId& id);

// The genesis regulator, an org from seq 0 with the key genesis names.
Result<Org> GenesisRegulator(const Genesis& genesis);

// `ts` decides whether a fundraiser is read as qualified from the start
// (kSecondWaveFrom, orgs.hpp).
Status RegisterOrg(const OrgRegistered& body, Seq seq, std::string_view ts, State& state);
// Sets where an org sits (region and level); a later one replaces it.
Status LocateOrg(const OrgLocated& body, State& state);
Status QualifyOrg(const OrgQualified& body, Seq seq, State& state);
// Keeps the day (UTC+8) of the event at `seq` (keys::Since): when an org
// registered or a trust was established, for their yearly obligations.
Status KeepDay(Seq seq, std::string_view ts, State& state);
Status RotateOrgKey(const OrgKeyRotated& body, Seq seq, State& state);
Status SuspendOrg(const OrgSuspended& body, Seq seq, const OrgId& regulator, State& state);

}  // namespace ledger
