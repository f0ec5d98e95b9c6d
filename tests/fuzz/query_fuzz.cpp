// Request targets and their query strings (api/query.hpp): the first bytes
// of every request a client sends. For any target, parsing answers with a
// value or kInvalidArgument; a number is read only in its one spelling
// (digits, no leading zero, at most kMaxParamValue), so it prints back as
// the text it was read from.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "query.hpp"

namespace ledger::fuzz {
namespace {

void CheckDecimal(std::string_view text) {
  Result<uint64_t> number = api::ParseDecimal("n", text);
  if (!number.ok()) {
    FUZZ_CHECK(number.error().code == Code::kInvalidArgument && number.error().field == "n",
               number.error().ToString());
    return;
  }
  FUZZ_CHECK(*number <= api::kMaxParamValue, "a number over kMaxParamValue");
  FUZZ_CHECK(std::to_string(*number) == text, "a number read from another spelling: " + std::string(text));
}

void CheckTarget(std::string_view text) {
  Result<api::Target> target = api::ParseTarget(text);
  if (!target.ok()) {
    FUZZ_CHECK(target.error().code == Code::kInvalidArgument, target.error().ToString());
    return;
  }
  FUZZ_CHECK(text.starts_with(target->path) && target->path.starts_with("/") &&
                 target->path.find('?') == std::string::npos,
             "a path that is not the target's prefix");
  // The parameters the routes read, as they read them.
  (void)target->query.Check({"from", "limit", "size", "size1", "size2", "seq"});
  for (std::string_view name : {"from", "limit", "size", "seq", "lots_from", "days_from"}) {
    (void)target->query.Text(name);
    Result<std::optional<uint64_t>> number = target->query.Uint(name);
    if (number.ok() && *number) FUZZ_CHECK(**number <= api::kMaxParamValue, "a parameter over the limit");
  }
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text = ledger::fuzz::AsText(data, size);
  ledger::fuzz::CheckTarget(text);
  ledger::fuzz::CheckDecimal(text);
  return 0;
}
