// The v1 event vocabulary (DESIGN.md §6): event types, org kinds and roles,
// and which roles may post which type. Pure data; no I/O.
//
// Roles keep fundraising, use and supervision apart (募集、使用、监督分离):
//   regulate   org.registered, org.key_rotated, org.suspended, lottery.rate_set
//   fundraise  donation.received
//   allocate   lottery.sales_reported, funds.transferred
//   disburse   funds.transferred, disbursement.made, expense.recorded
//   trustee    trust.established, trust.contributed, trust.income_recorded
//   audit      nothing (read and cosign only)
//   org.qualified is the genesis regulator's; campaign.* needs fundraise;
//   receipt.* needs fundraise or trustee (and is the gift's poster's);
//   disclosure.published any role.
//   org.located and lottery.share_set are the regulator's;
//   appropriation.received, project.approved/rejected, commitment.released
//   and project.closed need allocate (the last three are the approver's);
//   project.applied and project.milestone_reported need fundraise or
//   disburse (the milestone is the applicant's); project.evaluated audit.
// fund.opened needs any of fundraise, allocate, disburse, trustee;
// event.reversed needs the role the reversed event needed. The table is
// documented for users in docs/roles.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger {

enum class Role : uint8_t { kRegulate, kFundraise, kAllocate, kDisburse, kTrustee, kAudit };
inline constexpr std::size_t kRoleCount = 6;

// A set of roles as a bit mask (bit i = Role i).
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Has(Role r) const { return bits_ & Bit(r); }
  constexpr bool Intersects(RoleSet other) const { return bits_ & other.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void Add(Role r) { bits_ |= Bit(r); }
  constexpr uint8_t bits() const { return bits_; }
  friend constexpr bool operator==(RoleSet, RoleSet) = default;

 private:
  static constexpr uint8_t Bit(Role r) { return static_cast<uint8_t>(1u << static_cast<int>(r)); }
  uint8_t bits_ = 0;
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// "fundraise, disburse"
std::string DescribeRoles(RoleSet roles);

enum class OrgKind : uint8_t {
  kRegulator, kCivilAffairs, kLotteryCenter, kCharity, kFoundation, kTrustee, kAuditor
};
std::string_view OrgKindName(OrgKind kind);
std::optional<OrgKind> ParseOrgKind(std::string_view name);

enum class EventKind : uint8_t {
  kGenesis,           // ledger.genesis (event 0 only, by org "ledger")
  kOrgRegistered,
  kOrgKeyRotated,
  kOrgSuspended,
  kFundOpened,
  kLotteryRateSet,
  kLotterySalesReported,
  kDonationReceived,
  kTrustEstablished,
  kTrustContributed,
  kTrustIncomeRecorded,
  kFundsTransferred,
  kDisbursementMade,
  kExpenseRecorded,
  kEventReversed,
  // The second wave (DESIGN.md §6b): campaigns, receipts, disclosure.
  kOrgQualified,
  kCampaignFiled,
  kCampaignAmended,
  kCampaignClosed,
  kReceiptIssued,
  kReceiptVoided,
  kReceiptRedReversed,
  kDisclosurePublished,
  // Programmes and budgets (DESIGN.md §6b).
  kOrgLocated,
  kAppropriationReceived,
  kLotteryShareSet,
  kProjectApplied,
  kProjectApproved,
  kProjectRejected,
  kCommitmentReleased,
  kProjectMilestoneReported,
  kProjectEvaluated,
  kProjectClosed,
};

struct EventType {
  EventKind kind;
  std::string_view name;
  // Any one of these roles allows posting. Empty for ledger.genesis (never
  // submitted) and event.reversed (the reversed event's roles apply).
  RoleSet allowed_roles;
  bool moves_money;  // may be reversed by event.reversed
};

// nullptr for an unknown type name.
const EventType* FindEventType(std::string_view name);
const EventType& EventTypeOf(EventKind kind);
std::span<const EventType> AllEventTypes();

}  // namespace ledger
