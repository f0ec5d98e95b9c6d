// The demo generator's view of the money: the ledger's own rules
// (ledger::Model), fed every event the generator makes, decoded into the
// event structs, in posting order under local seqs. So what the generator
// asks ("how much may leave fund F for G?") is answered by the rules the
// ledger will apply, and a refusal here is the generator's bug, found
// before anything is posted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "demo_scenario.hpp"
#include "ledger/model.hpp"

namespace ledger::demo {

// A fund as the generator uses it.
struct ModelledFund {
  std::string id;
  std::string owner;
  std::string purpose;
  int64_t balance_fen = 0;
};

class CityModel {
 public:
  CityModel();

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

  ModelledFund FundOf(const std::string& id) const;
  // Every source of money the model holds, in seq order.
  std::vector<ModelTrace> Sources() const;
  // The local seq of `org`'s event `idem`; LEDGER_CHECKs that it was applied.
  uint64_t SeqOf(const std::string& org, const std::string& idem) const;

 private:
  Model model_;
  std::map<std::string, uint64_t> seq_by_idem_;  // "org/idem"
};

}  // namespace ledger::demo
