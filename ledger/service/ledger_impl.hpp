// The ledger service's state (internal): shared by ledger.cpp (submissions,
// queries) and ledger_witness.cpp (witness cosignatures).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "ledger/ledger.hpp"
#include "ledger/log.hpp"
#include "ledger/rate_limiter.hpp"
#include "ledger/service/admission.hpp"
#include "ledger/service/sequencer.hpp"

namespace ledger {

struct Ledger::Impl {
  explicit Impl(OrgId regulator) : admission(std::move(regulator)) {}

  std::unique_ptr<Log> log;
  Admission admission;
  // Declared after the log, so destroyed before it: it writes the log
  // until it has drained.
  std::unique_ptr<Sequencer> sequencer;
  // Serialises the read-compare-write of kept witness cosignatures
  // (ledger_witness.cpp), so that two concurrent posts by one witness
  // cannot leave the older line in place.
  std::mutex cosignatures_mu;
  // Events a second by org; empty when unlimited.
  std::optional<RateLimiter> org_limiter;
  std::atomic<uint64_t> org_rate_limited{0};

  void SubmitDecoded(Submission submission, SubmitDone done);
  // Takes the submission's new events from its org's allowance; false when
  // the org is past its rate.
  bool ChargeOrg(const Submission& submission);
};

}  // namespace ledger
