// The day tests state as the business date of money events: today in UTC+8,
// the day the log stamps them with, so that a flow falls in the month of
// its ts as it did before outflows stated a date.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace ledger::testing {

inline std::string TodayInBeijing() {
  using namespace std::chrono;
  const year_month_day day{floor<days>(system_clock::now() + hours{8})};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

}  // namespace ledger::testing
