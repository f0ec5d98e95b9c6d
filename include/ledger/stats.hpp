// Aggregates for the transparency portal (GET /v1/stats), kept as events
// are applied: donations by month, purpose, channel and org; spending by
// purpose and category; lottery sales and welfare by game and month; and
// the honour list of donors who chose to be named. Pure; no I/O (the
// counting is in ledger/domain/aggregates.cpp).
//
// A bucket is named by a path ("donations/month/2026-11") and counts fen
// and events. A reversal subtracts what the reversed event added, so the
// aggregates always describe the live events. Money is counted where it
// enters or leaves the ledger (donations, contributions, income, welfare
// shares; disbursements, expenses): transfers move money between funds
// and are not counted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>


namespace ledger {

struct StatsBucket {
  int64_t amount_fen = 0;
  int64_t count = 0;
  int64_t welfare_fen = 0;  // lottery buckets: the public-welfare share of amount_fen (sales)
  friend bool operator==(const StatsBucket&, const StatsBucket&) = default;
};

// A donor who chose a display name, as the honour list shows them.
struct HonourEntry {
  uint64_t seq = 0;
  std::string display_name;
  int64_t amount_fen = 0;
  std::string org;
  std::string date;
  friend bool operator==(const HonourEntry&, const HonourEntry&) = default;
};

// Bucket paths, as stored and served:
//   donations/total, donations/month/<YYYY-MM>, donations/purpose/<p>,
//   donations/channel/<c>, donations/org/<org>   donations and trust contributions
//                                                (month of the body's date)
//   income/total                                  trust income
//   spending/purpose/<p>                          disbursements, by their purpose
//   spending/category/<c>                         expenses, by category
//   spending/org/<org>                            both, by poster
//   lottery/<game>/<YYYY-MM>                      sales in amount_fen, with welfare_fen
//   appropriations/total, appropriations/level/<l> budget money received (appropriation.received)
//   lottery_projects/purpose/<p>,                  projects approved from lottery welfare funds:
//   lottery_projects/region/<region>              count and approved amount_fen
// Disbursements and expenses carry no date in their body, so spending is
// not split by month here.

}  // namespace ledger
