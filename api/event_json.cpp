#include "event_json.hpp"

#include <exception>

#include "ledger/encoding.hpp"
#include "ledger/merkle.hpp"

namespace ledger::api {

Result<Json> EventObject(uint64_t seq, const std::string& canonical) {
  auto event = ParseStrict(canonical);
  if (!event || !event->is_object())
    return Error::Corruption("stored event " + std::to_string(seq) + " is not a JSON object");
  (*event)["leaf_hash"] = HexEncode(LeafHash(canonical));
  return event;
}

Result<std::string> EventBody(uint64_t seq, const std::string& canonical) {
  auto event = EventObject(seq, canonical);
  if (!event) return event.error();
  // As JsonResponse writes it: dump() escapes control characters, so the
  // result holds no line break (an SSE `data:` line relies on that). It
  // throws only on invalid UTF-8, which ParseStrict does not let through.
  try {
    return event->dump();
  } catch (const std::exception& e) {
    return Error::Corruption("stored event " + std::to_string(seq) + ": " + e.what());
  }
}

}  // namespace ledger::api
