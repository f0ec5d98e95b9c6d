// The v1 vocabularies (DESIGN.md §6) as their wire names, in one place so
// that the enums of event_types.hpp and the schema checks agree. Arrays
// indexed by an enum follow that enum's order.
#pragma once

#include <array>
#include <string_view>

namespace ledger::vocabulary {

using std::string_view_literals::operator""sv;

// Indexed by Role.
inline constexpr std::array kRoles = {"regulate"sv, "fundraise"sv, "allocate"sv,
                                      "disburse"sv, "trustee"sv,   "audit"sv};
// Indexed by OrgKind.
inline constexpr std::array kOrgKinds = {"regulator"sv, "civil_affairs"sv, "lottery_center"sv,
                                         "charity"sv,   "foundation"sv,    "trustee"sv,
                                         "auditor"sv};

inline constexpr std::array kFundKinds = {"lottery_welfare"sv, "donations"sv, "project"sv,
                                          "trust"sv};
inline constexpr std::array kPurposes = {"elderly"sv,  "disabled"sv, "orphans"sv,
                                         "poverty"sv,  "disaster"sv, "medical"sv,
                                         "education"sv, "community"sv, "general"sv};
inline constexpr std::array kChannels = {"online"sv, "bank"sv, "cash"sv, "in_kind"sv, "other"sv};
// Donors and settlors.
inline constexpr std::array kDonorKinds = {"individual"sv, "enterprise"sv, "anonymous"sv};
inline constexpr std::array kBeneficiaryKinds = {"individual"sv, "institution"sv};
inline constexpr std::array kValuationBases = {"invoice"sv, "market_price"sv, "appraisal"sv};
inline constexpr std::array kTransferReasons = {"remittance"sv, "allocation"sv, "grant"sv,
                                                "regrant"sv, "trust_distribution"sv};
inline constexpr std::array kExpenseCategories = {"management"sv, "fundraising"sv, "program"sv};
inline constexpr std::array kDisclosureKinds = {"campaign_progress"sv, "campaign_final"sv,
                                                "annual_report"sv, "trust_report"sv,
                                                "project_final"sv};
// Administrative levels (行政级别), from the top; indexed by Level.
inline constexpr std::array kLevels = {"central"sv, "province"sv, "city"sv, "district"sv};
// An evaluation's grade; what is left when a project closes.
inline constexpr std::array kGrades = {"A"sv, "B"sv, "C"sv, "D"sv};
inline constexpr std::array kLeftovers = {"returned"sv, "reallocated"sv};

// The channel whose donations carry an `in_kind` description, and the donor
// kind that may not carry a display name.
inline constexpr std::string_view kInKindChannel = "in_kind";
inline constexpr std::string_view kAnonymousDonor = "anonymous";

}  // namespace ledger::vocabulary
