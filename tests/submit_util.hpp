// Building signed submissions and batches for tests, as an org's client
// would: the body, then Sign() over the canonical bytes (DESIGN.md §3).
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/signing.hpp"

namespace ledger::testing {

inline Json Signed(Json doc, const PrivateKey& key) {
  auto signed_doc = Sign(std::move(doc), key);
  EXPECT_TRUE(signed_doc.ok()) << signed_doc.error().ToString();
  return signed_doc.ok() ? std::move(*signed_doc) : Json();
}

inline Json SignedSubmission(const std::string& type, const std::string& org, const std::string& idem,
                       Json body, const PrivateKey& key) {
  return Signed({{"type", type}, {"org", org}, {"idem", idem}, {"body", std::move(body)}}, key);
}

// One event of a batch, unsigned: {"type","idem","body"}.
inline Json BatchEvent(const std::string& type, const std::string& idem, Json body) {
  return {{"type", type}, {"idem", idem}, {"body", std::move(body)}};
}

inline Json Batch(const std::string& org, std::vector<Json> events, const PrivateKey& key) {
  return Signed({{"org", org}, {"events", std::move(events)}}, key);
}

// A small valid body the regulator may post: a welfare rate for game `n`.
inline Json RateBody(int n, int rate_bp = 3600) {
  return {{"game", "game-" + std::to_string(n)},
          {"welfare_rate_bp", rate_bp},
          {"effective_from", "2026-01"}};
}

inline Json RegisterBody(const std::string& id, const std::string& kind,
                         std::vector<std::string> roles, const PublicKey& key) {
  return {{"id", id},
          {"name", "Org " + id},
          {"kind", kind},
          {"public_key", key.Base64()},
          {"roles", std::move(roles)}};
}

}  // namespace ledger::testing
