// The worked example of docs/accounting.md, shared by the test that checks
// it number by number in the accounts (accounting_example_test) and the one
// that posts it through a real server (accounting_api_test).
#pragma once

#include <cstdint>
#include <string>

#include "ledger/canonical_json.hpp"

namespace ledger::testing::example {

inline constexpr const char* kFederation = "sz-charity-federation";
inline constexpr const char* kFutian = "futian-elderly-care";

inline Json Donation(const std::string& receipt, int64_t fen, Json designation = nullptr) {
  Json body = {{"receipt", receipt}, {"fund", "szcf-general"}, {"amount_fen", fen},
               {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}}},
               {"channel", "online"}, {"date", "2026-11-23"}};
  if (!designation.is_null()) body["designation"] = designation;
  return body;
}

}  // namespace ledger::testing::example
