// The organisation registry: who may post, with which key, in which roles.
// Pure state machine over the org.* events (DESIGN.md §6); no I/O.
//
// The regulator named at genesis is an org from seq 0 (kind regulator, role
// regulate, its genesis key valid from seq 0). An org's key is valid from
// the seq of the event that registered or rotated it, up to (not including)
// the seq of the next rotation. A suspended org can post nothing from the
// seq of its suspension on. Supervision stays apart from money: an org with
// `regulate` or `audit` may hold no money role.
//
// Not thread-safe: the ledger's writer thread owns the registry that
// decides submissions; readers use copies or the stored projection.
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

  // The key valid at `seq`, or nullptr (before registration).
  const PublicKey* KeyAt(uint64_t seq) const;
  bool SuspendedAt(uint64_t seq) const { return suspended_seq && *suspended_seq <= seq; }
};

// The stored and served form of an org:
// {"id","name","kind","roles":[...],"registered_seq","keys":[{"valid_from_seq","public_key"}],
//  "suspended":{"seq","reason"}|null}
Json OrgToJson(const Org& org);
Result<Org> OrgFromJson(const Json& json);

class OrgRegistry {
 public:
  // The registry at seq 0: only the genesis regulator.
  static OrgRegistry FromGenesis(const std::string& regulator_id, const std::string& regulator_name,
                                 const PublicKey& regulator_key);

  const Org* Find(std::string_view id) const;
  // Every org, ids ascending.
  const std::map<std::string, Org, std::less<>>& orgs() const { return orgs_; }
  const std::string& regulator_id() const { return regulator_id_; }

  // Check* decide whether the org event with `body` (already schema-valid)
  // may be applied at `seq`; Apply* change the registry and return the org
  // that changed. Apply requires Check to have passed. Refusals are
  // kUnprocessable naming the body field (an id already registered, an
  // unknown or suspended org, supervision mixed with money roles, a
  // rotation to the key already held).
  Status CheckRegistered(const Json& body) const;
  const Org& ApplyRegistered(const Json& body, uint64_t seq);
  Status CheckKeyRotated(const Json& body) const;
  const Org& ApplyKeyRotated(const Json& body, uint64_t seq);
  Status CheckSuspended(const Json& body) const;
  const Org& ApplySuspended(const Json& body, uint64_t seq);

  // Puts back an org as it was: read from the store on open, or saved
  // before a change that a refused batch must undo.
  void Restore(Org org);
  // Undoes a registration (a refused batch).
  void Erase(std::string_view id);

 private:
  std::string regulator_id_;
  std::map<std::string, Org, std::less<>> orgs_;
};

}  // namespace ledger
