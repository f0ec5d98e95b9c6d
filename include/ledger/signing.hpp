// Submission and batch signatures (DESIGN.md §3). The signed bytes are a
// domain-separation prefix followed by RFC 8785 canonical JSON:
//   submission: "welfare-ledger/v1/submission\n" ‖ canon({type,org,idem,body})
//   batch:      "welfare-ledger/v1/batch\n"      ‖ canon({"events":[...],"org":...})
// Signatures travel as standard base64 of the 64 raw bytes. Canonical form
// is integer-only (NumberMode::kIntegersOnly), so member order and
// whitespace in the input never matter. Only the shape needed to sign is
// checked here; the content (schemas) is validated elsewhere. Errors are
// kInvalidArgument naming the field, except where stated. Pure, thread-safe.
#pragma once

#include <string>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr std::string_view kSubmissionDomain = "welfare-ledger/v1/submission\n";
inline constexpr std::string_view kBatchDomain = "welfare-ledger/v1/batch\n";

// True when `doc` looks like a batch (has "events"), not a single submission.
bool IsBatch(const Json& doc);

// The exact bytes an org signs for `doc` (a submission or batch; any "sig"
// member is left out). Errors name the field that makes `doc` unsignable:
// `doc` must be an object (field ""). A submission must have "type", "org",
// "idem" and "body"; every member but "sig" is signed. A batch must have an
// "events" array and an "org", and no other member but "sig", so that
// nothing unsigned can ride along. Non-integer numbers are refused by path.
Result<std::string> SignedBytes(const Json& doc);

// `doc` with "sig" set (replacing any old one).
Result<Json> Sign(Json doc, const PrivateKey& key);

// Checks doc["sig"] against `key`. kUnauthenticated (field "sig") when it
// does not verify, kInvalidArgument naming "sig" when it is missing, not a
// string, or not strict base64 of 64 bytes; SignedBytes' errors otherwise.
Status VerifySignature(const Json& doc, const PublicKey& key);

}  // namespace ledger
