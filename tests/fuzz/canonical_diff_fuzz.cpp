// Differential: our RFC 8785 canonicaliser against an independent one
// (reference_jcs.hpp) over nlohmann's own parse of the same text, in the
// general number mode (`ledgerctl canon`). For any text ParseStrict takes:
//  - nlohmann's lenient parser takes it too, and both canonicalisers write
//    the same bytes;
//  - canonicalising is a fixed point: canon(parse(canon(x))) == canon(x).
// Before the first input, every RFC 8785 vector (tests/vectors/rfc8785)
// must come out as its expected bytes through both, so the reference is
// itself checked against the RFC's author's data.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz_util.hpp"
#include "ledger/canonical_json.hpp"
#include "reference_jcs.hpp"

namespace ledger::fuzz {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void CheckRfcVectors() {
  const std::filesystem::path dir = std::filesystem::path(LEDGER_TEST_VECTORS_DIR) / "rfc8785";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "input")) {
    const std::string input = ReadFile(entry.path());
    const std::string expected = ReadFile(dir / "output" / entry.path().filename());
    Result<Json> tree = ParseStrict(input, NumberMode::kAny);
    FUZZ_CHECK(tree.ok(), Describe(entry.path().string(), tree));
    Result<std::string> ours = Canonicalize(*tree, NumberMode::kAny);
    FUZZ_CHECK(ours.ok() && *ours == expected, "vector " + entry.path().string() + ": ours differs");
    std::string reference;
    ReferenceCanonical(Json::parse(input), reference);
    FUZZ_CHECK(reference == expected, "vector " + entry.path().string() + ": reference differs");
    ++checked;
  }
  FUZZ_CHECK(checked > 0, "no RFC 8785 vectors under " + dir.string());
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ledger::fuzz::CheckRfcVectors();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace ledger;
  const std::string_view text = fuzz::AsText(data, size);
  Result<Json> tree = ParseStrict(text, NumberMode::kAny);
  if (!tree.ok()) return 0;
  Result<std::string> ours = Canonicalize(*tree, NumberMode::kAny);
  FUZZ_CHECK(ours.ok(), fuzz::Describe("Canonicalize of a parsed value", ours));

  Json lenient = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!lenient.is_discarded(), "nlohmann refuses what ParseStrict took");
  std::string reference;
  fuzz::ReferenceCanonical(lenient, reference);
  FUZZ_CHECK(*ours == reference, "ours " + *ours + " / reference " + reference);

  Result<Json> back = ParseStrict(*ours, NumberMode::kAny);
  FUZZ_CHECK(back.ok(), fuzz::Describe("ParseStrict of canonical bytes", back));
  Result<std::string> again = Canonicalize(*back, NumberMode::kAny);
  FUZZ_CHECK(again.ok() && *again == *ours, "not a fixed point: " + *ours);
  return 0;
}
