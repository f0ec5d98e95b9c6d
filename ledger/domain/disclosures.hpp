// disclosure.published (DESIGN.md §6b): what an org may disclose about
// which subject, and the records that meet its obligations
// (obligations.hpp). Internal; no I/O but the state's reads.
#pragma once

#include <string_view>

#include "ledger/domain/state.hpp"

namespace ledger::disclosures {

// The subject must be the poster's (its campaign, trust fund, project
// fund, or the org itself for an annual report); the period's form must
// suit the kind; the date may not be after the day it is posted (UTC+8).
Status Publish(const DisclosurePublished& body, Seq seq, const OrgId& poster, std::string_view ts, State& state);

}  // namespace ledger::disclosures
