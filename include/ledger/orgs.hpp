// Organisations: who may post, with which key, in which roles (DESIGN.md
// §6). The rules of the org.* events are in ledger/domain/org_rules.cpp;
// this is the record they keep and its served form. Pure; no I/O.
//
// The regulator named at genesis is an org from seq 0 (kind regulator, role
// regulate, its genesis key valid from seq 0). An org's key is valid from
// the seq of the event that registered or rotated it, up to (not including)
// the seq of the next rotation. A suspended org can post nothing from the
// seq of its suspension on. Supervision stays apart from money: an org with
// `regulate` or `audit` may hold no money role.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/event_types.hpp"
#include "ledger/status.hpp"

namespace ledger {

struct OrgKey {
  uint64_t valid_from_seq = 0;
  PublicKey key;
};

struct Org {
  std::string id;
  std::string name;
  OrgKind kind = OrgKind::kCharity;
  RoleSet roles;
  uint64_t registered_seq = 0;
  std::vector<OrgKey> keys;  // ascending valid_from_seq; never empty
  std::optional<uint64_t> suspended_seq;
  std::string suspended_reason;
  // The public-fundraising qualification (公开募捐资格): granted or
  // withdrawn by org.qualified. An org registered with `fundraise` before
  // org.qualified existed (kSecondWaveFrom) holds it from its
  // registration until an org.qualified says otherwise: `qualified_seq` is
  // then empty.
  bool qualified = false;
  std::optional<uint64_t> qualified_seq;
  std::string certificate;
  std::string qualified_date;
  // Where it sits (org.registered or org.located): a GB/T 2260 region code
  // and an administrative level; both empty until set.
  std::string region;
  std::string level;

  // The key valid at `seq`, or nullptr (before registration).
  const PublicKey* KeyAt(uint64_t seq) const;
  bool SuspendedAt(uint64_t seq) const { return suspended_seq && *suspended_seq <= seq; }
};

// Events stamped before this instant were posted under the first rules:
// no org.qualified yet, a reversed donation's receipt number free again,
// and any fund accepted as a designation's project (docs/events.md,
// "Rules by date").
inline constexpr std::string_view kSecondWaveFrom = "2026-12-07T00:00:00.000Z";
// Whether an event stamped `ts` was posted under the first rules.
inline bool UnderFirstRules(std::string_view ts) { return ts < kSecondWaveFrom; }

// The stored and served form of an org:
// {"id","name","kind","roles":[...],"registered_seq","keys":[{"valid_from_seq","public_key"}],
//  "suspended":{"seq","reason"}|null}
Json OrgToJson(const Org& org);
Result<Org> OrgFromJson(const Json& json);

}  // namespace ledger
