// Errors as values. Every fallible call that crosses a module boundary
// returns Status or Result<T>; exceptions from libraries are caught at the
// boundary and turned into an Error. A broken invariant is our bug, not an
// error value: LEDGER_CHECK stops the process (on in release builds too).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace ledger {

// One code per way a caller must react. The HTTP layer maps these to status
// codes in one switch without a default, so a new code is a compile error.
enum class Code {
  kInvalidArgument,   // malformed input, schema error, a limit exceeded (400)
  kUnauthenticated,   // signature does not verify, unknown org or key (401)
  kPermissionDenied,  // role missing, org suspended, fund not owned (403)
  kNotFound,          // unknown seq, size, receipt, fund, org (404)
  kConflict,          // idem reused with different content (409)
  kTooLarge,          // body over the limit (413)
  kUnprocessable,     // valid request the rules refuse (422)
  kRateLimited,       // a client or an org past its rate limit: retry later (429)
  kUnavailable,       // the ledger is not accepting writes now: stopped, or its queue full (503)
  kIoError,           // the disk or the network failed (500)
  kCorruption,        // stored data contradicts itself (500)
};

const char* CodeName(Code code);

// What went wrong, where: `field` is a JSON-pointer-like path into the input
// ("body.amount_fen", "events[3].idem") or empty when no field is to blame.
struct Error {
  Code code;
  std::string field;
  std::string message;

  static Error Invalid(std::string field, std::string message) {
    return {Code::kInvalidArgument, std::move(field), std::move(message)};
  }
  // A valid request the rules refuse (HTTP 422).
  static Error Refused(std::string field, std::string message) {
    return {Code::kUnprocessable, std::move(field), std::move(message)};
  }
  static Error NotFound(std::string message) {
    return {Code::kNotFound, {}, std::move(message)};
  }
  static Error Io(std::string message) {
    return {Code::kIoError, {}, std::move(message)};
  }
  static Error Corruption(std::string message) {
    return {Code::kCorruption, {}, std::move(message)};
  }
  // "field: message", or the message alone.
  std::string ToString() const;
};

// A value or an Error. Accessing the wrong alternative is a LEDGER_CHECK.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}       // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() &;
  const T& value() const&;
  T&& value() &&;
  const Error& error() const;
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

// Success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  static Status Ok() { return {}; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const;

 private:
  Error error_{Code::kInvalidArgument, {}, {}};
  bool ok_ = true;
};

[[noreturn]] void CheckFailed(const char* file, int line, const char* expr,
                              const std::string& detail);

}  // namespace ledger

#define LEDGER_CHECK(cond)                                          \
  do {                                                              \
    if (!(cond)) ::ledger::CheckFailed(__FILE__, __LINE__, #cond, {}); \
  } while (0)

#define LEDGER_CHECK_MSG(cond, detail)                                   \
  do {                                                                   \
    if (!(cond)) ::ledger::CheckFailed(__FILE__, __LINE__, #cond, detail); \
  } while (0)

// Early return of an error from a Status or Result expression.
#define LEDGER_RETURN_IF_ERROR(expr)          \
  do {                                        \
    auto ledger_status_ = (expr);             \
    if (!ledger_status_.ok()) return ledger_status_.error(); \
  } while (0)

// Early return of an error from a Result expression; else its value moves
// into `lhs` (a declaration or an lvalue).
#define LEDGER_ASSIGN_OR_RETURN(lhs, expr) \
  LEDGER_ASSIGN_OR_RETURN_IMPL(LEDGER_CONCAT(ledger_result_, __LINE__), lhs, expr)
#define LEDGER_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return result.error();              \
  lhs = std::move(*result)
#define LEDGER_CONCAT(a, b) LEDGER_CONCAT_INNER(a, b)
#define LEDGER_CONCAT_INNER(a, b) a##b

namespace ledger {

template <class T>
T& Result<T>::value() & {
  LEDGER_CHECK_MSG(ok(), std::get<1>(v_).ToString());
  return std::get<0>(v_);
}
template <class T>
const T& Result<T>::value() const& {
  LEDGER_CHECK_MSG(ok(), std::get<1>(v_).ToString());
  return std::get<0>(v_);
}
template <class T>
T&& Result<T>::value() && {
  LEDGER_CHECK_MSG(ok(), std::get<1>(v_).ToString());
  return std::get<0>(std::move(v_));
}
template <class T>
const Error& Result<T>::error() const {
  LEDGER_CHECK(!ok());
  return std::get<1>(v_);
}
inline const Error& Status::error() const {
  LEDGER_CHECK(!ok_);
  return error_;
}

}  // namespace ledger
