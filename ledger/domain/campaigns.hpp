// Public fundraising campaigns (募捐方案备案, DESIGN.md §6b): filing,
// amending and closing a campaign, the gifts it may take, and the totals
// kept with them. Internal; no I/O but the state's reads.
#pragma once

#include <string_view>

#include "ledger/domain/state.hpp"

namespace ledger::campaigns {

// Fewer days than this between filing and start flag the filing as late.
inline constexpr int kMinFilingDaysBeforeStart = 10;
// Amendments one campaign may take (its record lists them).
inline constexpr std::size_t kMaxAmendments = 100;

struct At {
  Seq seq;
  const OrgId& poster;
  std::string_view ts;
};

Status File(const CampaignFiled& body, const At& at, State& state);
Status Amend(const CampaignAmended& body, const At& at, State& state);
Status Close(const CampaignClosed& body, const At& at, State& state);

// Whether a donation may name its campaign: the campaign's filer, within
// its dates, into one of its funds, and for a public campaign an org that
// holds the qualification. Refusals name body.campaign, body.date or
// body.fund.
Status CheckGift(const Gift& gift, EventKind kind, const OrgId& poster, State& state);
// Counts a gift into its campaign's totals (sign +1), or takes it back for
// its reversal (-1).
Status Count(const Gift& gift, int sign, State& state);

// The campaign's last day: the day it closed, else its (amended) end.
const Date& LastDay(const CampaignRecord& campaign);
// Days from `from` to `to` (negative when `to` is earlier); both real dates.
int DaysBetween(const Date& from, const Date& to);

}  // namespace ledger::campaigns
