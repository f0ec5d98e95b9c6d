#include "ledger/orgs.hpp"

#include <utility>

namespace ledger {
namespace {

// Supervision (regulate, audit) and money roles never meet in one org.
constexpr RoleSet kSupervisionRoles{Role::kRegulate, Role::kAudit};
constexpr RoleSet kMoneyRoles{Role::kFundraise, Role::kAllocate, Role::kDisburse, Role::kTrustee};

// The org id that signs genesis; no registered org may take it.
constexpr std::string_view kLedgerOrgId = "ledger";

Error Corrupt(const std::string& what) { return Error::Corruption("stored org: " + what); }

RoleSet RolesFromJson(const Json& roles) {
  RoleSet set;
  for (const Json& name : roles)
    if (auto role = ParseRole(name.get<std::string>())) set.Add(*role);
  return set;
}

PublicKey KeyFromBody(const Json& body) {
  auto key = PublicKey::FromBase64(body.at("public_key").get<std::string>());
  LEDGER_CHECK_MSG(key.ok(), "public_key passed the schema, so it decodes");
  return std::move(*key);
}

}  // namespace

const PublicKey* Org::KeyAt(uint64_t seq) const {
  const PublicKey* valid = nullptr;
  for (const OrgKey& k : keys) {
    if (k.valid_from_seq > seq) break;
    valid = &k.key;
  }
  return valid;
}

Json OrgToJson(const Org& org) {
  Json roles = Json::array();
  for (std::size_t i = 0; i < kRoleCount; ++i)
    if (org.roles.Has(static_cast<Role>(i))) roles.push_back(RoleName(static_cast<Role>(i)));
  Json keys = Json::array();
  for (const OrgKey& k : org.keys)
    keys.push_back({{"valid_from_seq", k.valid_from_seq}, {"public_key", k.key.Base64()}});
  Json suspended = nullptr;
  if (org.suspended_seq)
    suspended = {{"seq", *org.suspended_seq}, {"reason", org.suspended_reason}};
  return {{"id", org.id},
          {"name", org.name},
          {"kind", OrgKindName(org.kind)},
          {"roles", std::move(roles)},
          {"registered_seq", org.registered_seq},
          {"keys", std::move(keys)},
          {"suspended", std::move(suspended)}};
}

Result<Org> OrgFromJson(const Json& json) {
  try {
    Org org;
    org.id = json.at("id").get<std::string>();
    org.name = json.at("name").get<std::string>();
    auto kind = ParseOrgKind(json.at("kind").get<std::string>());
    if (!kind) return Corrupt(org.id + ": unknown kind");
    org.kind = *kind;
    if (!json.at("roles").is_array() || !json.at("keys").is_array())
      return Corrupt(org.id + ": roles and keys must be arrays");
    for (const Json& name : json.at("roles")) {
      auto role = ParseRole(name.get<std::string>());
      if (!role) return Corrupt(org.id + ": unknown role");
      org.roles.Add(*role);
    }
    org.registered_seq = json.at("registered_seq").get<uint64_t>();
    for (const Json& k : json.at("keys")) {
      auto key = PublicKey::FromBase64(k.at("public_key").get<std::string>());
      if (!key.ok()) return Corrupt(org.id + ": bad key");
      org.keys.push_back({k.at("valid_from_seq").get<uint64_t>(), std::move(*key)});
    }
    if (org.keys.empty()) return Corrupt(org.id + ": no key");
    for (std::size_t i = 1; i < org.keys.size(); ++i)
      if (org.keys[i].valid_from_seq <= org.keys[i - 1].valid_from_seq)
        return Corrupt(org.id + ": keys out of order");
    const Json& suspended = json.at("suspended");
    if (!suspended.is_null()) {
      org.suspended_seq = suspended.at("seq").get<uint64_t>();
      org.suspended_reason = suspended.at("reason").get<std::string>();
    }
    return org;
  } catch (const Json::exception& e) {
    return Corrupt(e.what());
  }
}

OrgRegistry OrgRegistry::FromGenesis(const std::string& regulator_id,
                                     const std::string& regulator_name,
                                     const PublicKey& regulator_key) {
  OrgRegistry registry;
  registry.regulator_id_ = regulator_id;
  Org regulator;
  regulator.id = regulator_id;
  regulator.name = regulator_name;
  regulator.kind = OrgKind::kRegulator;
  regulator.roles = RoleSet{Role::kRegulate};
  regulator.keys.push_back({0, regulator_key});
  registry.orgs_.emplace(regulator_id, std::move(regulator));
  return registry;
}

const Org* OrgRegistry::Find(std::string_view id) const {
  auto it = orgs_.find(id);
  return it == orgs_.end() ? nullptr : &it->second;
}

Status OrgRegistry::CheckRegistered(const Json& body) const {
  const std::string& id = body.at("id").get_ref<const std::string&>();
  if (id == kLedgerOrgId) return Error::Refused("body.id", "\"ledger\" is the log's own name");
  if (Find(id)) return Error::Refused("body.id", "org " + id + " is already registered");
  const RoleSet roles = RolesFromJson(body.at("roles"));
  if (roles.Intersects(kSupervisionRoles) && roles.Intersects(kMoneyRoles))
    return Error::Refused("body.roles",
                   "supervision (regulate, audit) and money roles (fundraise, allocate, "
                   "disburse, trustee) must be held by different orgs");
  return Status::Ok();
}

const Org& OrgRegistry::ApplyRegistered(const Json& body, uint64_t seq) {
  Org org;
  org.id = body.at("id").get<std::string>();
  org.name = body.at("name").get<std::string>();
  auto kind = ParseOrgKind(body.at("kind").get<std::string>());
  LEDGER_CHECK(kind.has_value());
  org.kind = *kind;
  org.roles = RolesFromJson(body.at("roles"));
  org.registered_seq = seq;
  org.keys.push_back({seq, KeyFromBody(body)});
  auto [it, inserted] = orgs_.emplace(org.id, std::move(org));
  LEDGER_CHECK(inserted);
  return it->second;
}

Status OrgRegistry::CheckKeyRotated(const Json& body) const {
  const std::string& id = body.at("org").get_ref<const std::string&>();
  const Org* org = Find(id);
  if (!org) return Error::Refused("body.org", "org " + id + " is not registered");
  if (org->suspended_seq) return Error::Refused("body.org", "org " + id + " is suspended");
  if (org->keys.back().key.Base64() == body.at("public_key").get_ref<const std::string&>())
    return Error::Refused("body.public_key", "is already the key of org " + id);
  return Status::Ok();
}

const Org& OrgRegistry::ApplyKeyRotated(const Json& body, uint64_t seq) {
  auto it = orgs_.find(body.at("org").get_ref<const std::string&>());
  LEDGER_CHECK(it != orgs_.end());
  it->second.keys.push_back({seq, KeyFromBody(body)});
  return it->second;
}

Status OrgRegistry::CheckSuspended(const Json& body) const {
  const std::string& id = body.at("org").get_ref<const std::string&>();
  const Org* org = Find(id);
  if (!org) return Error::Refused("body.org", "org " + id + " is not registered");
  if (org->suspended_seq) return Error::Refused("body.org", "org " + id + " is already suspended");
  // Only the genesis regulator manages orgs; suspending it would lock the
  // registry for good.
  if (id == regulator_id_) return Error::Refused("body.org", "the genesis regulator cannot be suspended");
  return Status::Ok();
}

const Org& OrgRegistry::ApplySuspended(const Json& body, uint64_t seq) {
  auto it = orgs_.find(body.at("org").get_ref<const std::string&>());
  LEDGER_CHECK(it != orgs_.end());
  it->second.suspended_seq = seq;
  it->second.suspended_reason = body.at("reason").get<std::string>();
  return it->second;
}

void OrgRegistry::Restore(Org org) {
  std::string id = org.id;
  orgs_.insert_or_assign(std::move(id), std::move(org));
}

void OrgRegistry::Erase(std::string_view id) {
  auto it = orgs_.find(id);
  if (it != orgs_.end()) orgs_.erase(it);
}

}  // namespace ledger
