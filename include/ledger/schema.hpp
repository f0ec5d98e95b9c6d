// Schemas of the v1 event bodies (DESIGN.md §6): required fields, types,
// vocabularies, string lengths and integer ranges. Pure; no state: whether
// a fund exists or an org may post is decided elsewhere.
//
// Errors are kInvalidArgument whose field is the path inside the event
// ("body.amount_fen", "body.donor.pseudonym"); unknown members are refused
// too, so that nothing unvalidated enters the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ledger/canonical_json.hpp"
#include "ledger/event_types.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Limits, in bytes of UTF-8 unless named otherwise.
inline constexpr std::size_t kMaxIdBytes = 64;           // org, fund, game, project ids
inline constexpr std::size_t kMaxIdemBytes = 128;
inline constexpr std::size_t kMaxReceiptBytes = 64;
inline constexpr std::size_t kMaxNameBytes = 256;        // org, fund, trust names
inline constexpr std::size_t kMaxDisplayNameBytes = 128;
inline constexpr std::size_t kMaxTextBytes = 1024;       // reasons, references, descriptions
inline constexpr int64_t kMaxAmountFen = kMaxSafeInteger; // 2^53 − 1
inline constexpr int64_t kMaxRateBp = 10'000;            // 100 %
inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr std::size_t kMaxCampaignPlatforms = 16;  // platforms[] of a campaign
inline constexpr std::size_t kMaxCampaignFunds = 16;      // funds[] of a campaign
inline constexpr std::size_t kMaxFiscalCodeDigits = 20;   // 票据代码, 票据号码
inline constexpr std::size_t kMaxCheckCodeBytes = 32;     // 校验码
inline constexpr std::size_t kMaxTranches = 24;           // tranches[] of a project's approval
inline constexpr std::size_t kMaxIndicators = 32;         // indicators[] of a milestone
inline constexpr std::size_t kMaxDecimalBytes = 24;       // an indicator's value, "95.5"

// An id: 1..kMaxIdBytes of [a-z0-9._-], starting with a letter or digit.
// Ids appear in URLs, so they need no escaping.
Status ValidateId(std::string_view id, std::string_view field);
// An idem key: 1..kMaxIdemBytes of printable ASCII (0x21..0x7e).
Status ValidateIdem(std::string_view idem, std::string_view field);
// A period YYYY-MM, as event bodies state them (years 1900..9999).
Status ValidatePeriod(std::string_view period, std::string_view field);
// kInvalidArgument at `field` unless `date` is a real day YYYY-MM-DD.
Status ValidateDate(std::string_view date, std::string_view field);

// Checks `body` against the schema of `type`. Precondition: `type` is not
// ledger.genesis (genesis is made by InitLedger, never submitted).
Status ValidateBody(const EventType& type, const Json& body);

}  // namespace ledger
