// The rules part of an audit: every stored submission re-decided, at its
// seq, by the ledger's own admission code (Admitter::Verify): envelope and
// canonical form, schema, org, signature with the key the org held at that
// seq, idem, suspension, role, and every accounting rule. A batch is
// decided when its last event has arrived, as it was admitted: whole.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain.hpp"
#include "ledger/accounts.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/orgs.hpp"
#include "ledger/ratios.hpp"
#include "ledger/rebuild.hpp"
#include "report.hpp"
#include "source.hpp"

namespace ledger::audit {

// What event 0 establishes.
struct GenesisFacts {
  std::string origin;
  PublicKey log_key;
};

// Checks event 0: a canonical ledger.genesis by org "ledger" with idem
// "genesis", whose signature verifies with the log key it announces.
// Err: the failure (check "genesis").
Result<GenesisFacts> CheckGenesis(std::string_view bytes, std::optional<Failure>& failure);

class RuleChecker {
 public:
  // `genesis_bytes` passed CheckGenesis. `chain` has hashed every event
  // handed to Add (an event read again is checked against it). With
  // `read_models`, the replay's projections are kept for CompareProjections.
  static Result<std::unique_ptr<RuleChecker>> Create(std::string_view genesis_bytes, Source& source,
                                                     const ChainChecker& chain, bool read_models,
                                                     bool ratios);
  ~RuleChecker();

  // Event `seq` >= 1 (chain-checked already). `trusted`: verified by an
  // earlier audit; its signature is not checked again. A failure names
  // the seq at fault (for a batch, the event the error is about).
  std::optional<Failure> Add(uint64_t seq, std::string_view bytes, bool trusted);
  // The log ended: a batch still open is a failure.
  std::optional<Failure> Finish();

  uint64_t decided() const;  // events decided so far, genesis included
  uint64_t batches() const;
  const std::map<std::string, uint64_t>& by_type() const;
  const OrgRegistry& registry() const;
  const Accounts& accounts() const;
  const RatioTracker& ratios() const;
  // Totals for the report (docs/audit.md): donations, contributions,
  // trust income, sales, welfare, disbursed, expensed, held.
  std::map<std::string, int64_t> Totals() const;
  // The replay's projections (with read_models), with the applied marker
  // of the events decided so far added.
  const ProjectionMap& FinishProjections();
  std::vector<RatioWarning> Warnings() const;

 private:
  struct Impl;
  explicit RuleChecker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::audit
