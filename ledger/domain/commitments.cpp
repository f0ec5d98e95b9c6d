// Commitments: money an approved project holds in the fund it is paid
// from (DESIGN.md §6b). It stays in the fund's lots; what the fund may
// still spend freely is what its lots can give while every commitment
// can still be paid from lots that may serve its purpose.
#include <algorithm>
#include <map>

#include "ledger/domain/accounts.hpp"

namespace ledger::accounts {
namespace {

// The fund's money by what it may serve. Lots designated to a project
// fund serve only that fund's own spending and are left out.
struct Supply {
  Fen open;          // unrestricted, not from lottery sales: serves any purpose
  Fen open_lottery;  // unrestricted lottery money: serves the four purposes
  std::map<Purpose, Fen> by_purpose;
};

Supply SupplyOf(const FundRecord& fund) {
  Supply supply;
  for (const auto& [r, fen] : fund.by_restriction) {
    if (r.kind == Restriction::Kind::kNone) (r.lottery ? supply.open_lottery : supply.open) += fen;
    if (r.kind != Restriction::Kind::kPurpose) continue;
    const std::optional<Purpose> purpose = ParsePurpose(r.value);
    LEDGER_CHECK_MSG(purpose.has_value(), "a purpose restriction names a purpose");
    if (LotteryMayServe(r, *purpose)) supply.by_purpose[*purpose] += fen;
  }
  return supply;
}

// Hall's condition for this nesting of supplies: what purpose lots cannot
// pay is paid from unrestricted money, the four purposes' share of it
// from lottery money too.
bool Covered(const FundRecord& fund) {
  const Supply supply = SupplyOf(fund);
  Fen short_other, short_four;
  for (const auto& [purpose, committed] : fund.committed) {
    const auto own = supply.by_purpose.find(purpose);
    const Fen held = own == supply.by_purpose.end() ? Fen(0) : own->second;
    if (committed <= held) continue;
    (IsLotteryPurpose(purpose) ? short_four : short_other) += committed - held;
  }
  return short_other <= supply.open && short_other + short_four <= supply.open + supply.open_lottery;
}

}  // namespace

void Commit(FundRecord& fund, Purpose purpose, Fen delta) {
  auto& list = fund.committed;
  auto at = std::lower_bound(list.begin(), list.end(), purpose,
                             [](const auto& entry, Purpose key) { return entry.first < key; });
  if (at == list.end() || at->first != purpose) at = list.emplace(at, purpose, Fen(0));
  at->second += delta;
  LEDGER_CHECK(at->second >= Fen(0));
  if (at->second == Fen(0)) list.erase(at);
}

Status CheckCovered(const FundRecord& fund, const char* field, const std::string& doing) {
  if (fund.committed.empty() || Covered(fund)) return Status::Ok();
  return Error::Refused(field, "fund " + fund.id.str() + " holds " + FormatYuan(fund.committed_fen()) +
                                   " yuan committed to projects; after " + doing +
                                   " its money could no longer pay them");
}

Fen Usable(const FundRecord& fund) { return fund.balance_fen - fund.committed_fen(); }

}  // namespace ledger::accounts
