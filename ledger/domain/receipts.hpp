// Receipt numbers and the life of their fiscal e-receipts (电子捐赠票据,
// DESIGN.md §6b): a gift takes its number once and for good; the fiscal
// receipt is issued once, then voided or red-reversed at most once; a
// corrected gift takes a new number naming the one it replaces. Internal.
#pragma once

#include <string_view>

#include "ledger/domain/state.hpp"

namespace ledger::receipts {

// Where the event sits: seq, poster and its ts (the rules changed at
// kSecondWaveFrom, orgs.hpp).
struct At {
  Seq seq;
  const OrgId& poster;
  std::string_view ts;
};

// A gift takes its receipt number (and, with `replaces`, marks the old one
// replaced). Refusals name body.receipt or body.replaces.
Status Take(const Gift& gift, EventKind kind, const At& at, State& state);
// The gift at `seq` was reversed: its receipt shows it.
Status GiftReversed(const ReceiptNo& receipt, Seq seq, Seq reversal, State& state);

Status Issue(const ReceiptIssued& body, const At& at, State& state);
Status Void(const ReceiptVoided& body, const At& at, State& state);
Status RedReverse(const ReceiptRedReversed& body, const At& at, State& state);

// The status a receipt is served with: recorded, issued, voided,
// red_reversed or reversed (the gift reversed, its fiscal receipt not
// voided or red-reversed).
std::string_view StatusName(const ReceiptRecord& receipt);

}  // namespace ledger::receipts
