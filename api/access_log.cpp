#include "access_log.hpp"

#include <cstdio>

#include "ledger/canonical_json.hpp"
#include "ledger/log.hpp"

namespace ledger::api {

std::string FormatAccessLine(const AccessRecord& record) {
  std::string_view path = record.target.substr(0, record.target.find('?'));
  if (path.size() > kMaxLoggedPathBytes) path = path.substr(0, kMaxLoggedPathBytes);
  const double ms = std::chrono::duration<double, std::milli>(record.duration).count();
  // ordered_json: "ts" first, as operators read the lines; ms to 3 places.
  nlohmann::ordered_json line = {
      {"ts", FormatTimestamp(record.at)},
      {"method", std::string(record.method)},
      {"path", std::string(path)},
      {"status", record.status},
      {"bytes", record.bytes},
      {"ms", static_cast<double>(static_cast<int64_t>(ms * 1000)) / 1000}};
  // `replace`: a path with invalid UTF-8 is still logged, not thrown on.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

AccessLogSink StderrAccessLog() {
  return [](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stderr);
  };
}

}  // namespace ledger::api
