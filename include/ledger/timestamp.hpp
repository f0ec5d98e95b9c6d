// The local calendar of the log's stamps. A stored event's "ts" is UTC
// ("YYYY-MM-DDThh:mm:ss.mmmZ"); the bureau's years and months are China
// Standard Time (UTC+8), so an event stamped at 16:00 UTC on the last day of
// a month belongs to the next month. Pure.
#pragma once

#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger {

inline constexpr int kChinaStandardTimeOffsetHours = 8;

// kInvalidArgument at field "ts" unless `ts` is exactly that form with a
// real date and time.
Result<int> YearOfTimestamp(std::string_view ts);
// "YYYY-MM-DD" of `ts` in UTC+8.
Result<std::string> DayOfTimestamp(std::string_view ts);
// "YYYY-MM" of `ts` in UTC+8.
Result<std::string> MonthOfTimestamp(std::string_view ts);

}  // namespace ledger
