// The strict JSON parser and the canonicaliser (canonical_json.hpp), and the
// flat event-path parser beside them (codec/json_doc.hpp), which must keep
// exactly the same rules. For any bytes:
//  - ParseStrict and ParseDoc agree, on success and on the error alike;
//  - what parses canonicalises, and its canonical bytes parse back to the
//    same value and canonicalise to themselves;
//  - the flat doc writes the same canonical bytes as the tree;
//  - ReadCanonical accepts exactly the canonical bytes (integer mode).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/codec/json_doc.hpp"

namespace ledger::fuzz {
namespace {

void CheckMode(std::string_view text, NumberMode mode) {
  Result<Json> tree = ParseStrict(text, mode);
  JsonDoc doc;
  Status flat = ParseDoc(text, doc, mode);
  FUZZ_CHECK(tree.ok() == flat.ok(), Describe("ParseStrict", tree) + " / " + Describe("ParseDoc", flat));
  if (!tree.ok()) {
    FUZZ_CHECK(tree.error().field == flat.error().field &&
                   tree.error().message == flat.error().message,
               tree.error().ToString() + " / " + flat.error().ToString());
    return;
  }
  Result<std::string> canonical = Canonicalize(*tree, mode);
  FUZZ_CHECK(canonical.ok(), Describe("Canonicalize of a parsed value", canonical));
  Result<Json> back = ParseStrict(*canonical, mode);
  FUZZ_CHECK(back.ok(), Describe("ParseStrict of canonical bytes", back));
  Result<std::string> again = Canonicalize(*back, mode);
  FUZZ_CHECK(again.ok() && *again == *canonical, "canonical bytes are not a fixed point: " + *canonical);
  if (mode != NumberMode::kIntegersOnly) return;

  FUZZ_CHECK(*back == *tree, "canonical bytes read back as another value: " + *canonical);
  std::string from_doc;
  AppendCanonical(doc.root(), from_doc);
  FUZZ_CHECK(from_doc == *canonical, "doc and tree disagree: " + from_doc + " / " + *canonical);
  JsonDoc read;
  Status read_back = ReadCanonical(*canonical, read);
  FUZZ_CHECK(read_back.ok(), Describe("ReadCanonical of canonical bytes", read_back));
  FUZZ_CHECK(read.root().raw() == *canonical, "ReadCanonical's raw bytes differ");
  FUZZ_CHECK(ToJson(read.root()) == *tree, "ReadCanonical read another value");
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  fuzz::CheckMode(text, NumberMode::kIntegersOnly);
  fuzz::CheckMode(text, NumberMode::kAny);
  // Bytes that ReadCanonical accepts are canonical: the strict parser reads
  // them, and canonicalising gives them back unchanged.
  JsonDoc doc;
  if (ReadCanonical(text, doc).ok()) {
    Result<Json> tree = ParseStrict(text);
    FUZZ_CHECK(tree.ok(), fuzz::Describe("ParseStrict of bytes ReadCanonical took", tree));
    Result<std::string> canonical = Canonicalize(*tree);
    FUZZ_CHECK(canonical.ok() && *canonical == text,
               "ReadCanonical took bytes that are not canonical: " + std::string(text));
  }
  return 0;
}
