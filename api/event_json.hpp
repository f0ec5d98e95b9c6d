// An event as the API serves it: the stored event's own fields, flat, plus
// "leaf_hash". One implementation for GET /v1/events/{seq}, the pages of
// GET /v1/events and the messages of GET /v1/events/stream, so that all
// three always say the same thing in the same bytes.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/canonical_json.hpp"
#include "ledger/status.hpp"

namespace ledger::api {

// `canonical` is the stored event `seq` (Log::ReadEvent). leaf_hash is
// hashed from those very bytes, so the two never disagree. kCorruption if
// they are not a JSON object.
Result<Json> EventObject(uint64_t seq, const std::string& canonical);

// EventObject as one line of JSON: exactly the body of GET /v1/events/{seq}.
Result<std::string> EventBody(uint64_t seq, const std::string& canonical);

}  // namespace ledger::api
