#include "ledger/timestamp.hpp"

#include <cstdio>

#include "ledger/domain/calendar.hpp"

namespace ledger {
namespace {

using calendar::DaysInMonth;
using calendar::DigitsAt;

struct LocalDay {
  int year;
  int month;
  int day;
};

// The day `ts` falls on in UTC+8: eight hours later, the next day from
// 16:00 UTC (and so the next month from then on a month's last day).
Result<LocalDay> ParseLocalDay(std::string_view ts) {
  constexpr std::string_view kForm = "YYYY-MM-DDThh:mm:ss.mmmZ";
  const auto malformed = [&] {
    std::string message = "\"";
    message += ts.substr(0, 64);  // enough to recognise it; a stored ts is never longer
    message += "\" is not a UTC time ";
    message += kForm;
    return Error::Invalid("ts", std::move(message));
  };
  if (ts.size() != kForm.size()) return malformed();
  for (std::size_t i = 0; i < kForm.size(); ++i) {
    // Letters other than T and Z stand for a digit.
    const bool digit = kForm[i] != 'T' && kForm[i] != 'Z' && kForm[i] >= 'A';
    if (digit ? (ts[i] < '0' || ts[i] > '9') : ts[i] != kForm[i]) return malformed();
  }
  const int year = DigitsAt(ts, 0, 4), month = DigitsAt(ts, 5, 2), day = DigitsAt(ts, 8, 2);
  const int hour = DigitsAt(ts, 11, 2), minute = DigitsAt(ts, 14, 2), second = DigitsAt(ts, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59)
    return malformed();
  if (hour < 24 - kChinaStandardTimeOffsetHours) return LocalDay{year, month, day};
  if (day < DaysInMonth(year, month)) return LocalDay{year, month, day + 1};
  return month == 12 ? LocalDay{year + 1, 1, 1} : LocalDay{year, month + 1, 1};
}

}  // namespace

Result<int> YearOfTimestamp(std::string_view ts) {
  auto local = ParseLocalDay(ts);
  if (!local.ok()) return local.error();
  return local->year;
}

Result<std::string> DayOfTimestamp(std::string_view ts) {
  auto local = ParseLocalDay(ts);
  if (!local.ok()) return local.error();
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", local->year, local->month, local->day);
  return std::string(text);
}

Result<std::string> MonthOfTimestamp(std::string_view ts) {
  auto local = ParseLocalDay(ts);
  if (!local.ok()) return local.error();
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", local->year, local->month);
  return std::string(text);
}

}  // namespace ledger
