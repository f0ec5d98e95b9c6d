// Calendar arithmetic shared by the schemas (dates, periods) and the
// regulatory ratios (years of timestamps). Internal; pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace ledger::calendar {

// The number written by `count` ASCII digits at `pos`, or -1.
inline int DigitsAt(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int n = 0;
  for (char c : text.substr(pos, count)) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

inline bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace ledger::calendar
