// Request targets: the path, and query parameters read strictly.
//
// A parameter that is malformed, unknown to the route or given twice is
// refused with kInvalidArgument naming it, rather than guessed at: a typo
// such as `?sise=5` must not silently answer for the latest size.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/status.hpp"

namespace ledger::api {

// The largest number accepted in a parameter: every number we print in JSON
// must be read exactly by any client (DESIGN §2).
inline constexpr uint64_t kMaxParamValue = 9007199254740991;  // 2^53 − 1

class QueryParams {
 public:
  // Splits "a=1&b=2" and percent-decodes names and values ('+' stays '+').
  // A bad %-escape is kInvalidArgument with field "query".
  static Result<QueryParams> Parse(std::string_view query);

  // Refuses a parameter that is not in `allowed`, and one given twice.
  Status Check(std::initializer_list<std::string_view> allowed) const;

  // Absent: nullopt. Present: its decoded text.
  Result<std::optional<std::string>> Text(std::string_view name) const;
  // Absent: nullopt. Present: a decimal integer, see ParseDecimal.
  Result<std::optional<uint64_t>> Uint(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

struct Target {
  std::string path;    // percent-encoded as sent; routes match it literally
  QueryParams query;
};

// Splits an origin-form target ("/v1/events?from=3") into path and query.
// Anything else (absolute-form, "*") is kInvalidArgument, field "target".
Result<Target> ParseTarget(std::string_view target);

// A decimal integer in [0, kMaxParamValue]: ASCII digits only, no sign, no
// leading zero (so each number has one spelling). Errors name `field`.
Result<uint64_t> ParseDecimal(std::string_view field, std::string_view text);

}  // namespace ledger::api
