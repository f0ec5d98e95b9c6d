#include "ledger/status.hpp"

namespace ledger {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kTooLarge: return "too_large";
    case Code::kUnprocessable: return "unprocessable";
    case Code::kRateLimited: return "rate_limited";
    case Code::kUnavailable: return "unavailable";
    case Code::kIoError: return "io_error";
    case Code::kCorruption: return "corruption";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (field.empty()) return message;
  return field + ": " + message;
}

void CheckFailed(const char* file, int line, const char* expr,
                 const std::string& detail) {
  std::fprintf(stderr, "LEDGER_CHECK failed at %s:%d: %s%s%s\n", file, line,
               expr, detail.empty() ? "" : " — ", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace ledger
