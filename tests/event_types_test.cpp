#include "ledger/event_types.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ledger {
namespace {

using R = Role;

struct ExpectedType {
  const char* name;
  RoleSet roles;
  bool moves_money;
};

// DESIGN.md §6 and §6b, in EventKind order.
const std::vector<ExpectedType> kExpected = {
    {"ledger.genesis", {}, false},
    {"org.registered", {R::kRegulate}, false},
    {"org.key_rotated", {R::kRegulate}, false},
    {"org.suspended", {R::kRegulate}, false},
    {"fund.opened", {R::kFundraise, R::kAllocate, R::kDisburse, R::kTrustee}, false},
    {"lottery.rate_set", {R::kRegulate}, false},
    {"lottery.sales_reported", {R::kAllocate}, true},
    {"donation.received", {R::kFundraise}, true},
    {"trust.established", {R::kTrustee}, false},
    {"trust.contributed", {R::kTrustee}, true},
    {"trust.income_recorded", {R::kTrustee}, true},
    {"funds.transferred", {R::kAllocate, R::kDisburse}, true},
    {"disbursement.made", {R::kDisburse}, true},
    {"expense.recorded", {R::kDisburse}, true},
    {"event.reversed", {}, false},
    {"org.qualified", {R::kRegulate}, false},
    {"campaign.filed", {R::kFundraise}, false},
    {"campaign.amended", {R::kFundraise}, false},
    {"campaign.closed", {R::kFundraise}, false},
    {"receipt.issued", {R::kFundraise, R::kTrustee}, false},
    {"receipt.voided", {R::kFundraise, R::kTrustee}, false},
    {"receipt.red_reversed", {R::kFundraise, R::kTrustee}, false},
    {"disclosure.published", {R::kRegulate, R::kFundraise, R::kAllocate, R::kDisburse, R::kTrustee, R::kAudit}, false},
    {"org.located", {R::kRegulate}, false},
    {"appropriation.received", {R::kAllocate}, true},
    {"lottery.share_set", {R::kRegulate}, false},
    {"project.applied", {R::kFundraise, R::kDisburse}, false},
    {"project.approved", {R::kAllocate}, false},
    {"project.rejected", {R::kAllocate}, false},
    {"commitment.released", {R::kAllocate}, false},
    {"project.milestone_reported", {R::kFundraise, R::kDisburse}, false},
    {"project.evaluated", {R::kAudit}, false},
    {"project.closed", {R::kAllocate}, false},
};

TEST(EventTypes, TableHoldsTheThirtyThreeTypesInKindOrder) {
  auto all = AllEventTypes();
  ASSERT_EQ(all.size(), kExpected.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE(kExpected[i].name);
    EXPECT_EQ(static_cast<std::size_t>(all[i].kind), i);
    EXPECT_EQ(all[i].name, kExpected[i].name);
    EXPECT_EQ(all[i].allowed_roles, kExpected[i].roles)
        << DescribeRoles(all[i].allowed_roles);
    EXPECT_EQ(all[i].moves_money, kExpected[i].moves_money);
  }
}

TEST(EventTypes, EveryNameIsFoundAndEveryKindMapsBackToItself) {
  for (const EventType& type : AllEventTypes()) {
    SCOPED_TRACE(std::string(type.name));
    const EventType* found = FindEventType(type.name);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found, &type);
    EXPECT_EQ(EventTypeOf(type.kind).kind, type.kind);
    EXPECT_EQ(&EventTypeOf(type.kind), &type);
  }
}

TEST(EventTypes, UnknownNamesAreNotFound) {
  for (const char* name : {"", "org", "org.Registered", "ORG.REGISTERED", "org.registered ",
                           " org.registered", "donation.received.x", "test.note",
                           "ledger.genesis\n"}) {
    EXPECT_EQ(FindEventType(name), nullptr) << '"' << name << '"';
  }
}

TEST(EventTypes, NamesAreDistinct) {
  std::set<std::string_view> names;
  for (const EventType& type : AllEventTypes()) EXPECT_TRUE(names.insert(type.name).second);
}

// An auditor reads, cosigns and discloses its own reports; it moves no money.
TEST(EventTypes, AuditRolePostsNoMoneyEvent) {
  for (const EventType& type : AllEventTypes())
    if (type.moves_money) EXPECT_FALSE(type.allowed_roles.Has(Role::kAudit)) << type.name;
  EXPECT_TRUE(FindEventType("disclosure.published")->allowed_roles.Has(Role::kAudit));
}

TEST(EventTypes, OnlyGenesisAndReversalHaveNoRolesOfTheirOwn) {
  for (const EventType& type : AllEventTypes()) {
    const bool special =
        type.kind == EventKind::kGenesis || type.kind == EventKind::kEventReversed;
    EXPECT_EQ(type.allowed_roles.empty(), special) << type.name;
  }
}

TEST(Roles, NamesRoundTrip) {
  const std::vector<std::pair<Role, const char*>> roles = {
      {R::kRegulate, "regulate"}, {R::kFundraise, "fundraise"}, {R::kAllocate, "allocate"},
      {R::kDisburse, "disburse"}, {R::kTrustee, "trustee"},     {R::kAudit, "audit"}};
  ASSERT_EQ(roles.size(), kRoleCount);
  for (const auto& [role, name] : roles) {
    EXPECT_EQ(RoleName(role), name);
    EXPECT_EQ(ParseRole(name), role);
  }
}

TEST(Roles, UnknownNamesDoNotParse) {
  for (const char* name : {"", "Regulate", "admin", "audit ", "trustees", "regulator"})
    EXPECT_EQ(ParseRole(name), std::nullopt) << '"' << name << '"';
}

TEST(Roles, DescribeListsRolesInRoleOrder) {
  EXPECT_EQ(DescribeRoles({R::kDisburse, R::kFundraise}), "fundraise, disburse");
  EXPECT_EQ(DescribeRoles({R::kAudit}), "audit");
  EXPECT_EQ(DescribeRoles({}), "");
  EXPECT_EQ(DescribeRoles({R::kAudit, R::kTrustee, R::kDisburse, R::kAllocate, R::kFundraise,
                           R::kRegulate}),
            "regulate, fundraise, allocate, disburse, trustee, audit");
}

TEST(Roles, RoleSetHoldsExactlyWhatWasAdded) {
  RoleSet set;
  EXPECT_TRUE(set.empty());
  set.Add(R::kTrustee);
  EXPECT_TRUE(set.Has(R::kTrustee));
  EXPECT_FALSE(set.Has(R::kAudit));
  EXPECT_TRUE(set.Intersects({R::kAudit, R::kTrustee}));
  EXPECT_FALSE(set.Intersects({R::kAudit, R::kRegulate}));
  EXPECT_EQ(set, (RoleSet{R::kTrustee}));
}

TEST(OrgKinds, NamesRoundTrip) {
  const std::vector<std::pair<OrgKind, const char*>> kinds = {
      {OrgKind::kRegulator, "regulator"},  {OrgKind::kCivilAffairs, "civil_affairs"},
      {OrgKind::kLotteryCenter, "lottery_center"}, {OrgKind::kCharity, "charity"},
      {OrgKind::kFoundation, "foundation"}, {OrgKind::kTrustee, "trustee"},
      {OrgKind::kAuditor, "auditor"}};
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(OrgKindName(kind), name);
    EXPECT_EQ(ParseOrgKind(name), kind);
  }
}

TEST(OrgKinds, UnknownNamesDoNotParse) {
  for (const char* name : {"", "Charity", "civil-affairs", "lottery_centre", "bank"})
    EXPECT_EQ(ParseOrgKind(name), std::nullopt) << '"' << name << '"';
}

}  // namespace
}  // namespace ledger
