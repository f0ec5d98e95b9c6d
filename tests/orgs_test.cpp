// The organisation registry (DESIGN.md §6): who may post, with which key,
// in which roles, from which seq. The org rules (org_rules.hpp) are applied
// to a state in memory and the orgs read back from it; the stored JSON form
// (OrgToJson, OrgFromJson) is tested on its own.
#include "ledger/orgs.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/crypto.hpp"
#include "ledger/domain/memory_kv.hpp"
#include "ledger/domain/org_rules.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/event_types.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

// A registration stamped under today's rules (orgs.hpp kSecondWaveFrom).
constexpr std::string_view kNow = "2027-01-04T02:00:00.000Z";

using testing::RegisterBody;

constexpr uint64_t kMaxSeq = std::numeric_limits<uint64_t>::max();

PrivateKey NewKey() { return PrivateKey::Generate().value(); }

// The body of an event of `type`, decoded (so schema-checked) as the rules get it.
template <class Body>
Body Decoded(const char* type, const Json& json) {
  auto body = DecodeBody(*FindEventType(type), json);
  EXPECT_TRUE(body.ok()) << type << ": " << body.error().ToString();
  if (!body.ok()) return Body{};
  return std::get<Body>(std::move(*body));
}

OrgRegistered Registered(const std::string& id, std::vector<std::string> roles, const PublicKey& key,
                         const std::string& kind = "charity") {
  return Decoded<OrgRegistered>("org.registered", RegisterBody(id, kind, std::move(roles), key));
}

OrgKeyRotated Rotated(const std::string& org, const PublicKey& key) {
  return Decoded<OrgKeyRotated>("org.key_rotated", {{"org", org}, {"public_key", key.Base64()}});
}

OrgSuspended Suspended(const std::string& org, const std::string& reason = "licence revoked") {
  return Decoded<OrgSuspended>("org.suspended", {{"org", org}, {"reason", reason}});
}

::testing::AssertionResult HasKeyAt(const Org& org, uint64_t seq, const PrivateKey& key) {
  const PublicKey* valid = org.KeyAt(seq);
  if (valid == nullptr) return ::testing::AssertionFailure() << "no key at seq " << seq;
  if (!(*valid == key.public_key()))
    return ::testing::AssertionFailure() << "another key at seq " << seq;
  return ::testing::AssertionSuccess();
}

void ExpectRefused(const Status& status, std::string_view field) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Code::kUnprocessable) << status.error().ToString();
  EXPECT_EQ(status.error().field, field) << status.error().ToString();
}

void ExpectCorrupt(const Result<Org>& org) {
  ASSERT_FALSE(org.ok());
  EXPECT_EQ(org.error().code, Code::kCorruption) << org.error().ToString();
}

// An org with every part of the stored form set: three keys, roles, a suspension.
Org SuspendedOrgWithThreeKeys(const PrivateKey& k1, const PrivateKey& k2, const PrivateKey& k3) {
  Org org;
  org.id = "sz-foundation";
  org.name = "Shenzhen Foundation";
  org.kind = OrgKind::kFoundation;
  org.roles = RoleSet{Role::kFundraise, Role::kDisburse, Role::kTrustee};
  org.registered_seq = 3;
  org.keys = {{3, k1.public_key()}, {17, k2.public_key()}, {250, k3.public_key()}};
  org.suspended_seq = 300;
  org.suspended_reason = "licence revoked";
  return org;
}

// The org rules over a state in memory that starts as a ledger's does:
// with the genesis regulator "mca".
class OrgRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto regulator = GenesisRegulator(genesis_);
    ASSERT_TRUE(regulator.ok()) << regulator.error().ToString();
    Overlay overlay(&kv_);
    State state(overlay);
    state.Put(keys::Org(genesis_.regulator_id), *regulator);
    kv_.Commit(overlay);
  }

  // Applies `rule` to the state; keeps what it wrote only when it succeeds
  // (a refusal drops its overlay, as the ledger does).
  Status Decide(const std::function<Status(State&)>& rule) {
    Overlay overlay(&kv_);
    State state(overlay);
    Status status = rule(state);
    if (status.ok()) kv_.Commit(overlay);
    return status;
  }
  // Whether `rule` would succeed now; the state stays as it is.
  Status Check(const std::function<Status(State&)>& rule) const {
    Overlay overlay(&kv_);
    State state(overlay);
    return rule(state);
  }

  // Whether a charity `id` with `roles` and a fresh key may register now.
  Status CheckRegistered(const std::string& id, std::vector<std::string> roles) const {
    const OrgRegistered body = Registered(id, std::move(roles), NewKey().public_key());
    return Check([&](State& state) { return RegisterOrg(body, Seq(1), kNow, state); });
  }
  Status CheckKeyRotated(const OrgKeyRotated& body) const {
    return Check([&](State& state) { return RotateOrgKey(body, Seq(100), state); });
  }
  Status CheckSuspended(const OrgSuspended& body) const {
    return Check([&](State& state) { return SuspendOrg(body, Seq(100), genesis_.regulator_id, state); });
  }

  // Applies the event at `seq`, which the rules must allow, and returns the
  // org as the state then holds it.
  Org Register(const std::string& id, uint64_t seq, const PublicKey& key,
               std::vector<std::string> roles = {"fundraise"}) {
    const OrgRegistered body = Registered(id, std::move(roles), key);
    return Accepted(id, Decide([&](State& state) { return RegisterOrg(body, Seq(seq), kNow, state); }));
  }
  Org Rotate(const OrgKeyRotated& body, uint64_t seq) {
    return Accepted(body.org.str(), Decide([&](State& state) { return RotateOrgKey(body, Seq(seq), state); }));
  }
  Org Suspend(const OrgSuspended& body, uint64_t seq) {
    return Accepted(body.org.str(), Decide([&](State& state) {
      return SuspendOrg(body, Seq(seq), genesis_.regulator_id, state);
    }));
  }

  std::optional<Org> Find(const std::string& id) const {
    Overlay overlay(&kv_);
    State state(overlay);
    auto org = FindOrg(state, OrgId(id));
    EXPECT_TRUE(org.ok()) << org.error().ToString();
    return org.ok() ? *org : std::nullopt;
  }

  PrivateKey regulator_key_ = NewKey();
  PrivateKey charity_key_ = NewKey();
  const Genesis genesis_{.origin = "welfare-ledger.test",
                         .log_key = NewKey().public_key().Base64(),
                         .regulator_id = OrgId("mca"),
                         .regulator_name = "Ministry of Civil Affairs",
                         .regulator_public_key = regulator_key_.public_key().Base64()};
  MemoryKv kv_;

 private:
  Org Accepted(const std::string& id, const Status& status) {
    EXPECT_TRUE(status.ok()) << status.error().ToString();
    auto org = Find(id);
    EXPECT_TRUE(org.has_value()) << "no org " << id;
    return org.value_or(Org{});
  }
};

// --- genesis ---

TEST_F(OrgRegistryTest, GenesisRegulatorRegulatesWithItsKeyFromSeqZero) {
  const std::optional<Org> regulator = Find("mca");
  ASSERT_TRUE(regulator.has_value());
  EXPECT_EQ(regulator->id, "mca");
  EXPECT_EQ(regulator->name, "Ministry of Civil Affairs");
  EXPECT_EQ(regulator->kind, OrgKind::kRegulator);
  EXPECT_EQ(regulator->roles, RoleSet{Role::kRegulate});
  EXPECT_EQ(regulator->registered_seq, 0u);
  ASSERT_EQ(regulator->keys.size(), 1u);
  EXPECT_TRUE(HasKeyAt(*regulator, 0, regulator_key_));
  EXPECT_FALSE(regulator->SuspendedAt(kMaxSeq));
  EXPECT_EQ(Find("charity"), std::nullopt);
  EXPECT_EQ(Find("ledger"), std::nullopt);
}

TEST(GenesisRegulator, AMalformedGenesisKeyIsCorruption) {
  Genesis genesis{.regulator_id = OrgId("mca"), .regulator_name = "MCA", .regulator_public_key = "not base64!"};
  ExpectCorrupt(GenesisRegulator(genesis));
}

// --- keys and suspension over seqs ---

TEST(Org, KeyAtFollowsRotationBoundaries) {
  PrivateKey k1 = NewKey(), k2 = NewKey(), k3 = NewKey();
  Org org;
  org.registered_seq = 5;
  org.keys = {{5, k1.public_key()}, {9, k2.public_key()}, {20, k3.public_key()}};
  EXPECT_EQ(org.KeyAt(0), nullptr);
  EXPECT_EQ(org.KeyAt(4), nullptr);  // before registration
  const std::vector<std::pair<uint64_t, const PrivateKey*>> expected = {
      {5, &k1}, {8, &k1}, {9, &k2}, {19, &k2}, {20, &k3}, {kMaxSeq, &k3}};
  for (const auto& [seq, key] : expected) EXPECT_TRUE(HasKeyAt(org, seq, *key));
}

TEST(Org, SuspendedFromItsSuspensionSeqOn) {
  Org org;
  EXPECT_FALSE(org.SuspendedAt(0));
  EXPECT_FALSE(org.SuspendedAt(kMaxSeq));
  org.suspended_seq = 12;
  EXPECT_FALSE(org.SuspendedAt(11));
  EXPECT_TRUE(org.SuspendedAt(12));
  EXPECT_TRUE(org.SuspendedAt(13));
  EXPECT_TRUE(org.SuspendedAt(kMaxSeq));
}

// --- org.registered ---

TEST_F(OrgRegistryTest, RegistrationTakesEffectAtItsSeq) {
  const Org org = Register("charity", 7, charity_key_.public_key(), {"fundraise", "disburse"});
  EXPECT_EQ(org.id, "charity");
  EXPECT_EQ(org.name, "Org charity");
  EXPECT_EQ(org.kind, OrgKind::kCharity);
  EXPECT_EQ(org.roles, (RoleSet{Role::kFundraise, Role::kDisburse}));
  EXPECT_EQ(org.registered_seq, 7u);
  ASSERT_EQ(org.keys.size(), 1u);
  EXPECT_EQ(org.keys[0].valid_from_seq, 7u);
  EXPECT_EQ(org.KeyAt(6), nullptr);
  EXPECT_TRUE(HasKeyAt(org, 7, charity_key_));
  EXPECT_FALSE(org.suspended_seq.has_value());
  EXPECT_NE(Find("mca"), std::nullopt);  // the regulator stays
}

TEST_F(OrgRegistryTest, RegistrationRefusesAnIdAlreadyRegistered) {
  Register("charity", 1, charity_key_.public_key());
  ExpectRefused(CheckRegistered("charity", {"fundraise"}), "body.id");
  ExpectRefused(CheckRegistered("mca", {"audit"}), "body.id");
}

TEST_F(OrgRegistryTest, RegistrationRefusesTheLedgersOwnId) {
  ExpectRefused(CheckRegistered("ledger", {"audit"}), "body.id");
}

TEST_F(OrgRegistryTest, RegistrationRefusesSupervisionMixedWithAnyMoneyRole) {
  for (const char* supervision : {"regulate", "audit"}) {
    for (const char* money : {"fundraise", "allocate", "disburse", "trustee"}) {
      SCOPED_TRACE(std::string(supervision) + " + " + money);
      ExpectRefused(CheckRegistered("mixed", {money, supervision}), "body.roles");
    }
  }
}

TEST_F(OrgRegistryTest, RegistrationAllowsSupervisionTogetherAndMoneyRolesTogether) {
  Status supervision = CheckRegistered("auditor", {"regulate", "audit"});
  EXPECT_TRUE(supervision.ok()) << supervision.error().ToString();
  Status money = CheckRegistered("foundation", {"fundraise", "allocate", "disburse", "trustee"});
  EXPECT_TRUE(money.ok()) << money.error().ToString();
}

// --- org.key_rotated ---

TEST_F(OrgRegistryTest, RotatedKeyIsValidFromTheRotationSeqAndTheOldOneUpToTheSeqBefore) {
  Register("charity", 3, charity_key_.public_key());
  PrivateKey next = NewKey();
  const Org org = Rotate(Rotated("charity", next.public_key()), 10);
  ASSERT_EQ(org.keys.size(), 2u);
  EXPECT_EQ(org.keys[1].valid_from_seq, 10u);
  EXPECT_EQ(org.registered_seq, 3u);
  EXPECT_TRUE(HasKeyAt(org, 3, charity_key_));
  EXPECT_TRUE(HasKeyAt(org, 9, charity_key_));
  EXPECT_TRUE(HasKeyAt(org, 10, next));
  EXPECT_TRUE(HasKeyAt(org, kMaxSeq, next));
}

TEST_F(OrgRegistryTest, RotationRefusesAnUnknownOrg) {
  ExpectRefused(CheckKeyRotated(Rotated("nobody", NewKey().public_key())), "body.org");
}

TEST_F(OrgRegistryTest, RotationRefusesASuspendedOrg) {
  Register("charity", 1, charity_key_.public_key());
  Suspend(Suspended("charity"), 2);
  ExpectRefused(CheckKeyRotated(Rotated("charity", NewKey().public_key())), "body.org");
}

TEST_F(OrgRegistryTest, RotationRefusesTheKeyAlreadyHeld) {
  Register("charity", 1, charity_key_.public_key());
  ExpectRefused(CheckKeyRotated(Rotated("charity", charity_key_.public_key())), "body.public_key");
  PrivateKey next = NewKey();
  Rotate(Rotated("charity", next.public_key()), 5);
  ExpectRefused(CheckKeyRotated(Rotated("charity", next.public_key())), "body.public_key");
}

// --- org.suspended ---

TEST_F(OrgRegistryTest, SuspensionTakesEffectAtItsSeqWithItsReason) {
  Register("charity", 1, charity_key_.public_key());
  const Org org = Suspend(Suspended("charity", "fraud found by audit"), 8);
  ASSERT_TRUE(org.suspended_seq.has_value());
  EXPECT_EQ(*org.suspended_seq, 8u);
  EXPECT_EQ(org.suspended_reason, "fraud found by audit");
  EXPECT_FALSE(org.SuspendedAt(7));
  EXPECT_TRUE(org.SuspendedAt(8));
  EXPECT_TRUE(HasKeyAt(org, 8, charity_key_));  // the key itself stays on record
}

TEST_F(OrgRegistryTest, SuspensionRefusesAnUnknownOrg) {
  ExpectRefused(CheckSuspended(Suspended("nobody")), "body.org");
}

TEST_F(OrgRegistryTest, SuspensionRefusesAnOrgAlreadySuspended) {
  Register("charity", 1, charity_key_.public_key());
  Suspend(Suspended("charity"), 2);
  ExpectRefused(CheckSuspended(Suspended("charity")), "body.org");
}

TEST_F(OrgRegistryTest, SuspensionRefusesTheGenesisRegulator) {
  ExpectRefused(CheckSuspended(Suspended("mca")), "body.org");
}

// --- the state's record ---

// An org the state holds (a ledger's own, or one written before a restart)
// is read back with every field, and its id is taken.
TEST_F(OrgRegistryTest, AnOrgInTheStateIsFoundWithEveryFieldAndItsIdIsTaken) {
  PrivateKey k2 = NewKey(), k3 = NewKey();
  ASSERT_TRUE(Decide([&](State& state) {
                state.Put(keys::Org(OrgId("sz-foundation")), SuspendedOrgWithThreeKeys(charity_key_, k2, k3));
                return Status::Ok();
              }).ok());
  const std::optional<Org> org = Find("sz-foundation");
  ASSERT_TRUE(org.has_value());
  EXPECT_EQ(org->name, "Shenzhen Foundation");
  EXPECT_EQ(org->kind, OrgKind::kFoundation);
  EXPECT_EQ(org->roles, (RoleSet{Role::kFundraise, Role::kDisburse, Role::kTrustee}));
  EXPECT_EQ(org->registered_seq, 3u);
  ASSERT_EQ(org->keys.size(), 3u);
  EXPECT_TRUE(HasKeyAt(*org, 3, charity_key_));
  EXPECT_TRUE(HasKeyAt(*org, 17, k2));
  EXPECT_TRUE(HasKeyAt(*org, 250, k3));
  EXPECT_EQ(org->suspended_seq, std::optional<uint64_t>(300));
  EXPECT_EQ(org->suspended_reason, "licence revoked");
  ExpectRefused(CheckRegistered("sz-foundation", {"trustee"}), "body.id");
}

// --- the stored form ---

TEST(OrgJson, StoredFormIsAsDocumented) {
  PrivateKey key = NewKey();
  Org org;
  org.id = "charity";
  org.name = "A Charity";
  org.kind = OrgKind::kCharity;
  org.roles = RoleSet{Role::kDisburse, Role::kFundraise};
  org.registered_seq = 3;
  org.keys = {{3, key.public_key()}};
  Json expected = {{"id", "charity"},
                   {"name", "A Charity"},
                   {"kind", "charity"},
                   {"roles", {"fundraise", "disburse"}},
                   {"registered_seq", 3},
                   {"keys", {{{"valid_from_seq", 3}, {"public_key", key.public_key().Base64()}}}},
                   {"suspended", nullptr}};
  EXPECT_EQ(OrgToJson(org), expected);
}

TEST(OrgJson, RoundTripKeepsEveryField) {
  PrivateKey k1 = NewKey(), k2 = NewKey(), k3 = NewKey();
  const Org org = SuspendedOrgWithThreeKeys(k1, k2, k3);
  Json json = OrgToJson(org);
  EXPECT_EQ(json["suspended"], Json({{"seq", 300}, {"reason", "licence revoked"}}));
  auto back = OrgFromJson(json);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->id, org.id);
  EXPECT_EQ(back->name, org.name);
  EXPECT_EQ(back->kind, org.kind);
  EXPECT_EQ(back->roles, org.roles);
  EXPECT_EQ(back->registered_seq, org.registered_seq);
  ASSERT_EQ(back->keys.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->keys[i].valid_from_seq, org.keys[i].valid_from_seq);
    EXPECT_EQ(back->keys[i].key, org.keys[i].key);
  }
  EXPECT_EQ(back->suspended_seq, org.suspended_seq);
  EXPECT_EQ(back->suspended_reason, org.suspended_reason);
  EXPECT_EQ(OrgToJson(*back), json);
}

class OrgFromJsonRefuses : public ::testing::Test {
 protected:
  PrivateKey k1_ = NewKey(), k2_ = NewKey(), k3_ = NewKey();
  Json json_ = OrgToJson(SuspendedOrgWithThreeKeys(k1_, k2_, k3_));
};

TEST_F(OrgFromJsonRefuses, AMissingMember) {
  for (const char* member :
       {"id", "name", "kind", "roles", "registered_seq", "keys", "suspended"}) {
    SCOPED_TRACE(member);
    Json json = json_;
    json.erase(member);
    ExpectCorrupt(OrgFromJson(json));
  }
  Json no_seq = json_;
  no_seq["keys"][1].erase("valid_from_seq");
  ExpectCorrupt(OrgFromJson(no_seq));
  Json no_reason = json_;
  no_reason["suspended"].erase("reason");
  ExpectCorrupt(OrgFromJson(no_reason));
}

TEST_F(OrgFromJsonRefuses, AnUnknownRoleOrKind) {
  Json role = json_;
  role["roles"].push_back("spend");
  ExpectCorrupt(OrgFromJson(role));
  Json kind = json_;
  kind["kind"] = "bank";
  ExpectCorrupt(OrgFromJson(kind));
}

TEST_F(OrgFromJsonRefuses, ABadKey) {
  Json not_base64 = json_;
  not_base64["keys"][2]["public_key"] = "not base64!";
  ExpectCorrupt(OrgFromJson(not_base64));
  Json short_key = json_;
  short_key["keys"][0]["public_key"] = Base64Encode(Bytes(31, 7));
  ExpectCorrupt(OrgFromJson(short_key));
}

TEST_F(OrgFromJsonRefuses, NoKeys) {
  Json json = json_;
  json["keys"] = Json::array();
  ExpectCorrupt(OrgFromJson(json));
}

// KeyAt relies on ascending valid_from_seq (orgs.hpp); a stored org that
// breaks the order would answer with the wrong key.
TEST_F(OrgFromJsonRefuses, KeysOutOfOrder) {
  Json json = json_;
  std::swap(json["keys"][0], json["keys"][2]);
  ExpectCorrupt(OrgFromJson(json));
}

// OrgToJson writes a list; a lone role string is damage, not a role set.
TEST_F(OrgFromJsonRefuses, RolesThatAreNotAnArray) {
  Json json = json_;
  json["roles"] = "fundraise";
  ExpectCorrupt(OrgFromJson(json));
}

TEST_F(OrgFromJsonRefuses, MembersOfTheWrongType) {
  Json seq = json_;
  seq["registered_seq"] = "3";
  ExpectCorrupt(OrgFromJson(seq));
  Json name = json_;
  name["name"] = 5;
  ExpectCorrupt(OrgFromJson(name));
  ExpectCorrupt(OrgFromJson(Json::array()));
}

}  // namespace
}  // namespace ledger
