// `ledger-audit --witness KEYFILE --witness-name ID`: cosign the checkpoint
// an audit has just verified, as a witness (C2SP tlog-cosignature v1,
// include/ledger/cosignature.hpp), and hand the cosignature to the ledger
// (POST /v1/cosignatures, docs/api.md), which keeps it for anyone to fetch.
//
// A cosignature says "I checked this checkpoint": CosignAndPost must only
// ever be given a note the audit verified and ended at (AuditEnd::checkpoint,
// FollowResult::checkpoint). The CLI guarantees that by calling it only after
// a passed audit; nothing here re-checks the log.
#pragma once

#include <cstdint>
#include <string_view>

#include "http_client.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger::audit {

// Appends `witness_name`'s cosignature of `checkpoint_note`'s body at
// `unix_seconds` to the note and POSTs it (text/plain) to
// /v1/cosignatures through `client`. Returns the server's answer,
// {"size","witnesses":[...]}. `witness_name` is the witness org's id (the
// ledger accepts lines named for orgs holding the `audit` role whose key is
// `key`). Errors: kInvalidArgument for a note that does not parse, a name
// that is not a valid key name (field "witness_name"), or a time past
// kMaxCosignatureTime (field "unix_seconds"); any answer but 201 is an error
// coded by its status (HttpReplyError) carrying the problem's detail; the
// client's own errors as it returns them.
Result<Json> CosignAndPost(api::HttpClient& client, std::string_view checkpoint_note,
                           std::string_view witness_name, const PrivateKey& key,
                           uint64_t unix_seconds);

}  // namespace ledger::audit
