// Pieces shared by the canonical JSON writer and the strict parser
// (internal to ledger_base).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/canonical_json.hpp"

namespace ledger::json_detail {

inline constexpr char kLowerHex[] = "0123456789abcdef";
inline constexpr char kSafeRange[] = "[-9007199254740991, 9007199254740991]";  // ±(2^53-1)

inline bool IsSafe(int64_t value) {
  return value >= -kMaxSafeInteger && value <= kMaxSafeInteger;
}
inline bool IsSafe(uint64_t value) { return value <= static_cast<uint64_t>(kMaxSafeInteger); }

// A double as ECMAScript prints it, or NaN / Infinity: for error messages.
std::string DescribeDouble(double value);

// RFC 3629 well-formed UTF-8: no overlong forms, no surrogates, at most
// U+10FFFF.
bool IsValidUtf8(std::string_view text);

}  // namespace ledger::json_detail
