#include "ledger/event_types.hpp"

#include <array>
#include <cstddef>

#include "ledger/domain/vocabulary.hpp"

namespace ledger {
namespace {

using R = Role;

static_assert(vocabulary::kRoles.size() == kRoleCount);
static_assert(vocabulary::kOrgKinds.size() == static_cast<std::size_t>(OrgKind::kAuditor) + 1);

// In EventKind order, so that EventTypeOf is an index. Roles as in the
// comment atop event_types.hpp (DESIGN.md §6).
constexpr std::array<EventType, 33> kEventTypes = {{
    {EventKind::kGenesis, "ledger.genesis", {}, false},
    {EventKind::kOrgRegistered, "org.registered", {R::kRegulate}, false},
    {EventKind::kOrgKeyRotated, "org.key_rotated", {R::kRegulate}, false},
    {EventKind::kOrgSuspended, "org.suspended", {R::kRegulate}, false},
    {EventKind::kFundOpened, "fund.opened",
     {R::kFundraise, R::kAllocate, R::kDisburse, R::kTrustee}, false},
    {EventKind::kLotteryRateSet, "lottery.rate_set", {R::kRegulate}, false},
    {EventKind::kLotterySalesReported, "lottery.sales_reported", {R::kAllocate}, true},
    {EventKind::kDonationReceived, "donation.received", {R::kFundraise}, true},
    {EventKind::kTrustEstablished, "trust.established", {R::kTrustee}, false},
    {EventKind::kTrustContributed, "trust.contributed", {R::kTrustee}, true},
    {EventKind::kTrustIncomeRecorded, "trust.income_recorded", {R::kTrustee}, true},
    {EventKind::kFundsTransferred, "funds.transferred", {R::kAllocate, R::kDisburse}, true},
    {EventKind::kDisbursementMade, "disbursement.made", {R::kDisburse}, true},
    {EventKind::kExpenseRecorded, "expense.recorded", {R::kDisburse}, true},
    {EventKind::kEventReversed, "event.reversed", {}, false},
    {EventKind::kOrgQualified, "org.qualified", {R::kRegulate}, false},
    {EventKind::kCampaignFiled, "campaign.filed", {R::kFundraise}, false},
    {EventKind::kCampaignAmended, "campaign.amended", {R::kFundraise}, false},
    {EventKind::kCampaignClosed, "campaign.closed", {R::kFundraise}, false},
    {EventKind::kReceiptIssued, "receipt.issued", {R::kFundraise, R::kTrustee}, false},
    {EventKind::kReceiptVoided, "receipt.voided", {R::kFundraise, R::kTrustee}, false},
    {EventKind::kReceiptRedReversed, "receipt.red_reversed", {R::kFundraise, R::kTrustee}, false},
    {EventKind::kDisclosurePublished, "disclosure.published",
     {R::kRegulate, R::kFundraise, R::kAllocate, R::kDisburse, R::kTrustee, R::kAudit}, false},
    {EventKind::kOrgLocated, "org.located", {R::kRegulate}, false},
    {EventKind::kAppropriationReceived, "appropriation.received", {R::kAllocate}, true},
    {EventKind::kLotteryShareSet, "lottery.share_set", {R::kRegulate}, false},
    {EventKind::kProjectApplied, "project.applied", {R::kFundraise, R::kDisburse}, false},
    {EventKind::kProjectApproved, "project.approved", {R::kAllocate}, false},
    {EventKind::kProjectRejected, "project.rejected", {R::kAllocate}, false},
    {EventKind::kCommitmentReleased, "commitment.released", {R::kAllocate}, false},
    {EventKind::kProjectMilestoneReported, "project.milestone_reported", {R::kFundraise, R::kDisburse}, false},
    {EventKind::kProjectEvaluated, "project.evaluated", {R::kAudit}, false},
    {EventKind::kProjectClosed, "project.closed", {R::kAllocate}, false},
}};

constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < kEventTypes.size(); ++i)
    if (static_cast<std::size_t>(kEventTypes[i].kind) != i) return false;
  return true;
}
static_assert(InEnumOrder());
static_assert(kEventTypes.back().kind == EventKind::kProjectClosed, "every kind has a row");

// The enum value whose wire name is `name`, if any.
template <class Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names,
                              std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

// The wire name of enum value `index`; an out-of-range value is our bug.
template <std::size_t N>
std::string_view NameAt(const std::array<std::string_view, N>& names, std::size_t index) {
  LEDGER_CHECK(index < N);
  return names[index];
}

}  // namespace

std::string_view RoleName(Role role) {
  return NameAt(vocabulary::kRoles, static_cast<std::size_t>(role));
}

std::optional<Role> ParseRole(std::string_view name) {
  return ParseName<Role>(vocabulary::kRoles, name);
}

std::string DescribeRoles(RoleSet roles) {
  std::string out;
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    const Role role = static_cast<Role>(i);
    if (!roles.Has(role)) continue;
    if (!out.empty()) out += ", ";
    out += RoleName(role);
  }
  return out;
}

std::string_view OrgKindName(OrgKind kind) {
  return NameAt(vocabulary::kOrgKinds, static_cast<std::size_t>(kind));
}

std::optional<OrgKind> ParseOrgKind(std::string_view name) {
  return ParseName<OrgKind>(vocabulary::kOrgKinds, name);
}

const EventType* FindEventType(std::string_view name) {
  for (const EventType& type : kEventTypes)
    if (type.name == name) return &type;
  return nullptr;
}

const EventType& EventTypeOf(EventKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  LEDGER_CHECK(index < kEventTypes.size());
  return kEventTypes[index];
}

std::span<const EventType> AllEventTypes() { return kEventTypes; }

}  // namespace ledger
