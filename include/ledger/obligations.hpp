// Disclosure obligations and their deadlines (DESIGN.md §6b, docs/
// disclosure.md): which disclosures an org owes for its campaigns, its
// years and its trusts, when each is due, and whether it was met in time.
// Pure calendar arithmetic on dates "YYYY-MM-DD"; the ledger's read model
// and the audit share it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/events.hpp"

namespace ledger {

// A campaign longer than this many months discloses its progress every
// calendar quarter; every campaign discloses in full within
// kFinalDisclosureMonths of its last day.
inline constexpr int kLongCampaignMonths = 6;
inline constexpr int kFinalDisclosureMonths = 3;
// The annual work report (年度工作报告) of year Y is due on 31 May of Y+1;
// a charity trust's yearly report on 31 March of Y+1.
inline constexpr std::string_view kAnnualReportDue = "05-31";
inline constexpr std::string_view kTrustReportDue = "03-31";
// The key a final disclosure is kept under: it meets its campaign's final
// obligation whatever period it names.
inline constexpr std::string_view kFinalPeriod = "final";

enum class ObligationStatus : uint8_t { kOpen, kMet, kLate, kOverdue };
std::string_view NameOf(ObligationStatus status);

struct Obligation {
  DisclosureKind kind = DisclosureKind::kAnnualReport;
  std::string subject;
  std::string period;  // YYYY-Qn, YYYY-MM (a final's last month) or YYYY
  Date due;
};

// `date` plus `months` calendar months, on the same day or, when that
// month is shorter, on its last day (2026-11-30 + 3 = 2027-02-28).
Date AddMonths(const Date& date, int months);

// What a campaign filed to run from `start` to `end` (as amended), whose
// last day is `last_day` (the day it closed, else `end`), owes: when `end`
// is more than kLongCampaignMonths after `start`, a progress disclosure for
// every calendar quarter that ends before its last day, each due on the
// last day of the month after the quarter; and the final one, due
// kFinalDisclosureMonths after its last day. Closing early does not undo
// the quarters already owed.
std::vector<Obligation> CampaignObligations(std::string_view campaign, const Date& start, const Date& end,
                                            const Date& last_day);
Obligation AnnualReportObligation(std::string_view org, int year);
Obligation TrustReportObligation(std::string_view fund, int year);
// A closed project's final disclosure, owed by its approver: due
// kFinalDisclosureMonths after the day it closed; period its last month.
Obligation ProjectFinalObligation(std::string_view project, const Date& closed);

// The key a disclosure meets obligations under: its period, or
// kFinalPeriod for a campaign's or a project's final disclosure.
std::string_view DisclosureKey(DisclosureKind kind, std::string_view period);

// met: met on or before its due day; late: met after it; overdue: not met
// and `today` is past it; open: not met, not yet due.
ObligationStatus StatusOf(const Date& due, const std::optional<Date>& met_on, const Date& today);

}  // namespace ledger
