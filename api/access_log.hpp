// One JSON line per answered request, for operators:
//   {"ts":"…Z","method":"GET","path":"/v1/events/3","status":200,"bytes":512,"ms":0.412}
// The path is logged without its query, and bodies never: a log line must
// not carry what a client submitted.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace ledger::api {

// Longer paths are cut: a client must not be able to grow our log lines.
inline constexpr std::size_t kMaxLoggedPathBytes = 256;

struct AccessRecord {
  std::chrono::system_clock::time_point at;
  std::string_view method;  // "" when no request line was parsed
  std::string_view target;  // the query, if any, is dropped
  int status = 0;
  std::size_t bytes = 0;    // response body bytes
  std::chrono::nanoseconds duration{0};
};

// The record as one JSON line ending in '\n'.
std::string FormatAccessLine(const AccessRecord& record);

// Receives finished lines; called from the io threads concurrently.
using AccessLogSink = std::function<void(std::string_view line)>;

// Writes each line to stderr with one fwrite, which stdio does not interleave.
AccessLogSink StderrAccessLog();

}  // namespace ledger::api
