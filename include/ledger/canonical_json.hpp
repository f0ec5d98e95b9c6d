// RFC 8785 JSON Canonicalization Scheme over nlohmann/json.
//
// Events are integer-only JSON: every number is an integer within
// ±(2^53−1). ParseStrict refuses, with the path of the offending value:
// invalid JSON, invalid UTF-8 or lone surrogates, duplicate object keys,
// nesting deeper than kMaxJsonDepth, and (in kIntegersOnly mode) any
// non-integer or out-of-range number. Nothing is ever silently changed.
//
// Paths ("field" of an Error) name a value from the document root: object
// members by their key, joined with '.', with no leading dot at the top
// level; array elements as "[i]", 0-based ("events[2].body.amount_fen").
// Keys appear verbatim (not escaped); the root itself is "".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledger/status.hpp"

namespace ledger {

using Json = nlohmann::json;

// Arrays and objects nested deeper than this are refused. Both count: "[]"
// and "{}" have depth 1, "[{}]" depth 2. Depth 32 itself is allowed, 33 is
// refused. An event needs 4.
inline constexpr std::size_t kMaxJsonDepth = 32;
// The largest integer every JSON library reads exactly: 2^53 − 1.
inline constexpr int64_t kMaxSafeInteger = 9007199254740991;

enum class NumberMode {
  kIntegersOnly,  // events: integers within ±kMaxSafeInteger
  kAny,           // general RFC 8785 (ledgerctl canon): finite doubles too
};

// Parses `text` strictly (see above). Errors are kInvalidArgument with
// `field` the path of the bad value ("body.amount_fen", "events[2]") or
// empty for a syntax error, whose message names the byte offset. A
// duplicate key names the object holding it (the message names the key);
// too deep a nesting names the array or object that would be level 33.
// Invalid UTF-8, lone surrogates (escaped or not) and anything after the
// value but whitespace are syntax errors. Never throws.
Result<Json> ParseStrict(std::string_view text,
                         NumberMode mode = NumberMode::kIntegersOnly);

// The RFC 8785 canonical bytes of `value`: object members sorted by their
// names' UTF-16 code units, no whitespace, minimal string escapes, numbers
// in ECMAScript form. In kIntegersOnly mode a floating-point or
// out-of-range number is an error naming its path. In kAny mode integers
// beyond ±kMaxSafeInteger are written as the double nearest them, as
// ECMAScript would. Also refused, with their path: strings or keys that are
// not valid UTF-8, non-finite doubles, binary values, nesting deeper than
// kMaxJsonDepth — so the output always parses back with ParseStrict(mode).
Result<std::string> Canonicalize(const Json& value,
                                 NumberMode mode = NumberMode::kIntegersOnly);

// As Canonicalize, appending to `out` (which may already hold a prefix, such
// as a signing context or a leaf-hash tag) so that the caller needs no copy.
// On error `out` is left as it was.
Status AppendCanonical(const Json& value, std::string& out,
                       NumberMode mode = NumberMode::kIntegersOnly);

// Appends the canonical form of a string (with quotes) to `out`: `"`, `\`
// and U+0000..U+001F escaped (\b \t \n \f \r, else \u00xx in lower-case
// hex), every other byte copied as is. `utf8` must be valid UTF-8.
void AppendCanonicalString(std::string_view utf8, std::string& out);

// True when `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
// Both must be valid UTF-8.
bool Utf16Less(std::string_view a, std::string_view b);

}  // namespace ledger
