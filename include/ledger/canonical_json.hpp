// RFC 8785 JSON Canonicalization Scheme over nlohmann/json.
//
// Events are integer-only JSON: every number is an integer within
// ±(2^53−1). ParseStrict refuses, with the path of the offending value:
// invalid JSON, invalid UTF-8 or lone surrogates, duplicate object keys,
// nesting deeper than kMaxJsonDepth, and (in kIntegersOnly mode) any
// non-integer or out-of-range number. Nothing is ever silently changed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledger/status.hpp"

namespace ledger {

using Json = nlohmann::json;

// Arrays and objects nested deeper than this are refused. An event needs 4.
inline constexpr std::size_t kMaxJsonDepth = 32;
// The largest integer every JSON library reads exactly: 2^53 − 1.
inline constexpr int64_t kMaxSafeInteger = 9007199254740991;

enum class NumberMode {
  kIntegersOnly,  // events: integers within ±kMaxSafeInteger
  kAny,           // general RFC 8785 (ledgerctl canon): finite doubles too
};

// Parses `text` strictly (see above). Errors are kInvalidArgument with
// `field` the path of the bad value ("body.amount_fen", "events[2]") or
// empty for a syntax error, whose message names the byte offset.
Result<Json> ParseStrict(std::string_view text,
                         NumberMode mode = NumberMode::kIntegersOnly);

// The RFC 8785 canonical bytes of `value`: object members sorted by their
// names' UTF-16 code units, no whitespace, minimal string escapes, numbers
// in ECMAScript form. In kIntegersOnly mode a floating-point or
// out-of-range number is an error naming its path.
Result<std::string> Canonicalize(const Json& value,
                                 NumberMode mode = NumberMode::kIntegersOnly);

// Appends the canonical form of a string (with quotes) to `out`.
void AppendCanonicalString(std::string_view utf8, std::string& out);

// True when `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
// Both must be valid UTF-8.
bool Utf16Less(std::string_view a, std::string_view b);

}  // namespace ledger
