#include "ledger/orgs.hpp"

#include <utility>

namespace ledger {
namespace {

Error Corrupt(const std::string& what) { return Error::Corruption("stored org: " + what); }

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
  Json json = {{"id", org.id},
               {"name", org.name},
               {"kind", OrgKindName(org.kind)},
               {"roles", std::move(roles)},
               {"registered_seq", org.registered_seq},
               {"keys", std::move(keys)},
               {"suspended", std::move(suspended)}};
  // Added by the second wave; absent until an org.qualified names the org
  // (an org qualified since its registration under the first rules shows
  // it in its ratios' rules).
  if (org.qualified_seq)
    json["qualification"] = {{"qualified", org.qualified},
                             {"seq", org.qualified_seq ? Json(*org.qualified_seq) : Json(nullptr)},
                             {"certificate", org.qualified_seq ? Json(org.certificate) : Json(nullptr)},
                             {"date", org.qualified_seq ? Json(org.qualified_date) : Json(nullptr)}};
  // Added with programmes; absent until the org is located.
  if (!org.region.empty()) {
    json["region"] = org.region;
    json["level"] = org.level;
  }
  return json;
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

}  // namespace ledger
