// What the fuzz targets share: the input as text, and a check that stops
// the run with the input saved when a property fails. A failed check is
// a crash to libFuzzer (LEDGER_CHECK aborts), so `scripts/fuzz.sh` and the
// ctest runs report it like any sanitizer finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger::fuzz {

inline std::string_view AsText(const uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// "<what>: <error>" for a check's message.
template <class R>
std::string Describe(std::string_view what, const R& result) {
  return std::string(what) + ": " + (result.ok() ? std::string("ok") : result.error().ToString());
}

}  // namespace ledger::fuzz

// A property of the code under test: false is a finding.
#define FUZZ_CHECK(cond, detail) LEDGER_CHECK_MSG(cond, detail)
