// The demo generator's view of the money: the ledger's own accounting state
// machine (ledger::Accounts), fed every money event the generator makes, in
// posting order, under local seqs. Events that are not money events (org
// registrations) are numbered too but not applied. So what the generator
// asks ("how much may leave fund F for G?") is answered by the rules the
// ledger will apply, and a refusal here is the generator's bug, found
// before anything is posted.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "demo_scenario.hpp"
#include "ledger/accounts.hpp"

namespace ledger::demo {

class CityModel {
 public:
  // Applies `event` (for event.reversed, the event named by reverses_idem)
  // under the next local seq. kUnprocessable naming the event when the
  // rules refuse it; nothing changed then.
  Status Apply(const ScenarioEvent& event);

  // Fen in `fund` that may move into fund `to`.
  int64_t UsableToward(const std::string& fund, const std::string& to) const;
  // Fen in `fund` that may be disbursed (or spent on a program) for `purpose`.
  int64_t UsableFor(const std::string& fund, const std::string& purpose) const;
  // Fen in `fund` with no restriction (management and fundraising costs).
  int64_t Unrestricted(const std::string& fund) const;
  // Fen in `fund` held for project `project`.
  int64_t HeldForProject(const std::string& fund, const std::string& project) const;

  const Fund& FundOf(const std::string& id) const;
  const Accounts& accounts() const { return accounts_; }
  // The local seq of `org`'s event `idem`; LEDGER_CHECKs that it was applied.
  uint64_t SeqOf(const std::string& org, const std::string& idem) const;

 private:
  int64_t Sum(const std::string& fund, const std::function<bool(const Restriction&)>& ok) const;

  Accounts accounts_;
  uint64_t next_seq_ = 1;  // 0 is genesis
  std::map<std::string, uint64_t> seq_by_idem_;  // "org/idem"
  std::map<std::string, std::string> kinds_;     // "org/idem" -> type
};

}  // namespace ledger::demo
