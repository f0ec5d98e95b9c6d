// Submissions and batches through the schemas: the typed event decode path
// an org's POST takes (DecodeSubmission), and the stored-event decoder the
// log and the audit read with (DecodeStoredEvent). For any bytes:
//  - the text path and the tree path (ParseSubmission) agree;
//  - a decoded body encodes back to exactly the canonical bytes it was
//    decoded from (the struct loses nothing the schema keeps);
//  - a stored event is accepted only as canonical bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/submission.hpp"

namespace ledger::fuzz {
namespace {

void CheckEvent(const Event& event, std::string_view where) {
  FUZZ_CHECK(event.type != nullptr && event.type->kind == event.kind(),
             std::string(where) + ": type and body disagree");
  const std::string encoded = EncodeBody(event.body);
  FUZZ_CHECK(encoded == event.body_bytes,
             std::string(where) + ": body " + event.body_bytes + " encodes back as " + encoded);
}

void CheckSubmission(std::string_view text) {
  Result<Submission> decoded = DecodeSubmission(text);
  Result<Json> tree = ParseStrict(text);
  if (tree.ok()) {
    Result<Submission> parsed = ParseSubmission(*tree);
    FUZZ_CHECK(parsed.ok() == decoded.ok(),
               Describe("DecodeSubmission", decoded) + " / " + Describe("ParseSubmission", parsed));
    if (decoded.ok()) {
      FUZZ_CHECK(parsed->signed_bytes == decoded->signed_bytes, "signed bytes differ by path");
      FUZZ_CHECK(parsed->events.size() == decoded->events.size(), "event counts differ by path");
    }
  } else {
    FUZZ_CHECK(!decoded.ok(), "DecodeSubmission took what ParseStrict refuses");
  }
  if (!decoded.ok()) return;
  FUZZ_CHECK(!decoded->events.empty(), "a submission without events");
  FUZZ_CHECK(decoded->events.size() <= kMaxBatchEvents, "a batch over kMaxBatchEvents");
  for (const Event& event : decoded->events) CheckEvent(event, "submission");
}

void CheckStored(std::string_view text) {
  StoredFault fault{};
  Result<StoredEvent> stored = DecodeStoredEvent(text, &fault);
  if (!stored.ok()) return;
  Result<Json> tree = ParseStrict(text);
  FUZZ_CHECK(tree.ok(), Describe("ParseStrict of a stored event", tree));
  Result<std::string> canonical = Canonicalize(*tree);
  FUZZ_CHECK(canonical.ok() && *canonical == text, "DecodeStoredEvent took non-canonical bytes");
  CheckEvent(stored->event, "stored event");
  // Rebuilding its submission must answer, ok or not, without a crash.
  if (stored->event.kind() != EventKind::kGenesis) {
    const StoredEvent one[] = {*stored};
    (void)SubmissionFromStored(one);
  }
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text = ledger::fuzz::AsText(data, size);
  ledger::fuzz::CheckSubmission(text);
  ledger::fuzz::CheckStored(text);
  return 0;
}
