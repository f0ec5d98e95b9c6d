// The ledger service's state (internal): shared by ledger.cpp (submissions,
// queries) and ledger_witness.cpp (witness cosignatures).
#pragma once

#include <memory>
#include <mutex>

#include "ledger/admission.hpp"
#include "ledger/ledger.hpp"
#include "ledger/log.hpp"

namespace ledger {

struct Ledger::Impl {
  // Declared before the log, so destroyed after it: the log's writer runs
  // admission checks until it has drained.
  std::unique_ptr<Admitter> admitter;
  std::unique_ptr<LogEvents> durable;
  std::unique_ptr<Log> log;
  // Serialises the read-compare-write of kept witness cosignatures
  // (ledger_witness.cpp), so that two concurrent posts by one witness
  // cannot leave the older line in place.
  std::mutex cosignatures_mu;

  Result<Org> DurableOrg(std::string_view id) const;
  void SubmitParsed(const Json& doc, SubmitDone done);
  Result<SubmitOutcome> Outcome(Result<std::vector<Appended>> appended,
                                const DuplicateOf& duplicate) const;
};

}  // namespace ledger
