#include "ledger/domain/org_rules.hpp"

#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

// Supervision (regulate, audit) and money roles never meet in one org.
constexpr RoleSet kSupervisionRoles{Role::kRegulate, Role::kAudit};
constexpr RoleSet kMoneyRoles{Role::kFundraise, Role::kAllocate, Role::kDisburse, Role::kTrustee};

// The org id that signs genesis; no registered org may take it.
constexpr std::string_view kLedgerOrgId = "ledger";

PublicKey KeyOf(const std::string& base64) {
  auto key = PublicKey::FromBase64(base64);
  LEDGER_CHECK_MSG(key.ok(), "public_key passed the schema, so it decodes");
  return std::move(*key);
}

// The org `id` names, which must be registered.
Result<Org> Registered(const State& state, const OrgId& id) {
  LEDGER_ASSIGN_OR_RETURN(auto org, FindOrg(state, id));
  if (!org) return Error::Refused("body.org", "org " + id.str() + " is not registered");
  return std::move(*org);
}

}  // namespace

Status KeepDay(Seq seq, std::string_view ts, State& state) {
  auto day = DayOfTimestamp(ts);
  if (!day.ok()) return Error::Corruption("event " + std::to_string(seq.value) + ": " + day.error().ToString());
  state.PutRaw(keys::Since(seq), *day);
  return Status::Ok();
}

Result<std::optional<Org>> FindOrg(const State& state, const OrgId& id) {
  return state.Find<Org>(keys::Org(id));
}

Result<Org> GenesisRegulator(const Genesis& genesis) {
  auto key = PublicKey::FromBase64(genesis.regulator_public_key);
  if (!key.ok()) return Error::Corruption("the genesis regulator key is malformed");
  Org regulator;
  regulator.id = genesis.regulator_id.str();
  regulator.name = genesis.regulator_name;
  regulator.kind = OrgKind::kRegulator;
  regulator.roles = RoleSet{Role::kRegulate};
  regulator.keys.push_back({0, std::move(*key)});
  return regulator;
}

Status RegisterOrg(const OrgRegistered& body, Seq seq, std::string_view ts, State& state) {
  if (body.id.str() == kLedgerOrgId) return Error::Refused("body.id", "\"ledger\" is the log's own name");
  LEDGER_ASSIGN_OR_RETURN(auto existing, FindOrg(state, body.id));
  if (existing) return Error::Refused("body.id", "org " + body.id.str() + " is already registered");
  RoleSet roles;
  for (Role role : body.roles) roles.Add(role);
  if (roles.Intersects(kSupervisionRoles) && roles.Intersects(kMoneyRoles))
    return Error::Refused("body.roles",
                          "supervision (regulate, audit) and money roles (fundraise, allocate, "
                          "disburse, trustee) must be held by different orgs");
  Org org;
  org.id = body.id.str();
  org.name = body.name;
  org.kind = body.kind;
  org.roles = roles;
  org.registered_seq = seq.value;
  org.keys.push_back({seq.value, KeyOf(body.public_key)});
  org.qualified = UnderFirstRules(ts) && roles.Has(Role::kFundraise) &&
                  (org.kind == OrgKind::kCharity || org.kind == OrgKind::kFoundation);
  if (body.region) {
    org.region = *body.region;
    org.level = NameOf(*body.level);
    state.PutRaw(keys::OrgRegion(org.region, body.id), "");
  }
  state.Put(keys::Org(body.id), org);
  LEDGER_RETURN_IF_ERROR(KeepDay(seq, ts, state));
  return Status::Ok();
}

Status QualifyOrg(const OrgQualified& body, Seq seq, State& state) {
  LEDGER_ASSIGN_OR_RETURN(Org org, Registered(state, body.org));
  if (body.qualified && !org.roles.Has(Role::kFundraise))
    return Error::Refused("body.org", "org " + org.id + " does not hold the fundraise role");
  if (body.qualified && org.kind != OrgKind::kCharity && org.kind != OrgKind::kFoundation)
    return Error::Refused("body.org", "org " + org.id + " is a " + std::string(OrgKindName(org.kind)) +
                                          "; only charities and foundations raise funds publicly");
  if (!body.qualified && !org.qualified)
    return Error::Refused("body.qualified", "org " + org.id + " does not hold the qualification");
  org.qualified = body.qualified;
  org.qualified_seq = seq.value;
  org.certificate = body.certificate;
  org.qualified_date = body.date.text;
  state.Put(keys::Org(body.org), org);
  return Status::Ok();
}

Status LocateOrg(const OrgLocated& body, State& state) {
  LEDGER_ASSIGN_OR_RETURN(Org org, Registered(state, body.org));
  if (!org.region.empty()) state.Delete(keys::OrgRegion(org.region, body.org));
  org.region = body.region;
  org.level = NameOf(body.level);
  state.PutRaw(keys::OrgRegion(org.region, body.org), "");
  state.Put(keys::Org(body.org), org);
  return Status::Ok();
}

Status RotateOrgKey(const OrgKeyRotated& body, Seq seq, State& state) {
  LEDGER_ASSIGN_OR_RETURN(Org org, Registered(state, body.org));
  if (org.suspended_seq) return Error::Refused("body.org", "org " + org.id + " is suspended");
  if (org.keys.back().key.Base64() == body.public_key)
    return Error::Refused("body.public_key", "is already the key of org " + org.id);
  org.keys.push_back({seq.value, KeyOf(body.public_key)});
  state.Put(keys::Org(body.org), org);
  return Status::Ok();
}

Status SuspendOrg(const OrgSuspended& body, Seq seq, const OrgId& regulator, State& state) {
  LEDGER_ASSIGN_OR_RETURN(Org org, Registered(state, body.org));
  if (org.suspended_seq) return Error::Refused("body.org", "org " + org.id + " is already suspended");
  // Only the genesis regulator manages orgs; suspending it would lock the
  // registry for good.
  if (body.org == regulator) return Error::Refused("body.org", "the genesis regulator cannot be suspended");
  org.suspended_seq = seq.value;
  org.suspended_reason = body.reason;
  state.Put(keys::Org(body.org), org);
  return Status::Ok();
}

}  // namespace ledger
