// Checkpoint notes, their bodies, verifier keys and witness cosignatures
// (checkpoint.hpp, cosignature.hpp): everything a client or a witness
// parses from the log. For any bytes, each parser either refuses them or
// reads a value that prints back as exactly those bytes (one checkpoint
// has one text); a body that parses, once signed by the fuzzer's own key
// and cosigned by its witness key, verifies back to the same checkpoint.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/cosignature.hpp"

namespace ledger::fuzz {
namespace {

constexpr std::string_view kLogName = "fuzz.example/log";
constexpr std::string_view kWitnessName = "fuzz-witness";

// Fixed keys (from fixed seeds): the run is deterministic.
struct Keys {
  PrivateKey log;
  PrivateKey witness;
  VerifierKey verifier;
};

PrivateKey KeyFromSeed(uint8_t fill) {
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  Result<PrivateKey> key = PrivateKey::FromSeed(seed);
  FUZZ_CHECK(key.ok(), Describe("PrivateKey::FromSeed", key));
  return std::move(*key);
}

const Keys& FuzzKeys() {
  // Made once per process: libFuzzer calls the target millions of times.
  static const Keys* keys = [] {
    PrivateKey log = KeyFromSeed(1);
    Result<VerifierKey> verifier = ParseVerifierKey(VerifierKeyString(kLogName, log.public_key()));
    FUZZ_CHECK(verifier.ok(), Describe("ParseVerifierKey", verifier));
    return new Keys{std::move(log), KeyFromSeed(2), std::move(*verifier)};
  }();
  return *keys;
}

std::string WithoutFinalNewline(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  return std::string(text);
}

void CheckNote(std::string_view text) {
  Result<SignedNote> note = ParseSignedNote(text);
  if (!note.ok()) return;
  FUZZ_CHECK(!note->signatures.empty() && note->signatures.size() <= kMaxNoteSignatures,
             "signature count out of bounds");
  std::string rebuilt = note->text + "\n";
  for (const NoteSignature& signature : note->signatures) {
    rebuilt += NoteSignatureLine(signature) + "\n";
    Result<NoteSignature> line = ParseNoteSignatureLine(NoteSignatureLine(signature));
    FUZZ_CHECK(line.ok() && line->name == signature.name && line->key_hash == signature.key_hash &&
                   line->signature == signature.signature,
               "a signature line does not read back");
    // Whatever it claims, it is no cosignature by our witness of this text.
    (void)VerifyCosignature(note->text, signature, kWitnessName, FuzzKeys().witness.public_key());
  }
  FUZZ_CHECK(rebuilt == text, "a note does not print back as its text");
  (void)VerifyCheckpoint(text, FuzzKeys().verifier);
  (void)AppendSignatureLines(text, std::vector<std::string>{});
}

void CheckBody(std::string_view text) {
  Result<Checkpoint> checkpoint = ParseCheckpointBody(text);
  if (!checkpoint.ok()) return;
  FUZZ_CHECK(CheckpointBody(*checkpoint) == text, "a checkpoint body does not print back");
  const Keys& keys = FuzzKeys();
  Checkpoint ours = *checkpoint;
  ours.origin = std::string(kLogName);
  const std::string note = SignCheckpoint(ours, kLogName, keys.log);
  Result<Checkpoint> verified = VerifyCheckpoint(note, keys.verifier);
  FUZZ_CHECK(verified.ok() && *verified == ours, Describe("VerifyCheckpoint of our own note", verified));

  const std::string body = CheckpointBody(ours);
  const uint64_t time = ours.size % (kMaxCosignatureTime + 1);
  const std::string line = CosignatureLine(body, kWitnessName, keys.witness, time);
  Result<std::string> cosigned = AppendSignatureLines(note, std::vector<std::string>{line});
  FUZZ_CHECK(cosigned.ok(), Describe("AppendSignatureLines", cosigned));
  Result<SignedNote> parsed = ParseSignedNote(*cosigned);
  FUZZ_CHECK(parsed.ok() && parsed->signatures.size() == 2, Describe("ParseSignedNote", parsed));
  Result<uint64_t> when = VerifyCosignature(parsed->text, parsed->signatures[1], kWitnessName,
                                            keys.witness.public_key());
  FUZZ_CHECK(when.ok() && *when == time, Describe("VerifyCosignature", when));
}

void CheckKeyAndLine(std::string_view text) {
  Result<VerifierKey> key = ParseVerifierKey(text);
  if (key.ok())
    FUZZ_CHECK(VerifierKeyString(key->name, key->key) == WithoutFinalNewline(text),
               "a verifier key does not print back");
  Result<NoteSignature> line = ParseNoteSignatureLine(text);
  if (line.ok())
    FUZZ_CHECK(NoteSignatureLine(*line) == WithoutFinalNewline(text), "a signature line does not print back");
}

}  // namespace
}  // namespace ledger::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text = ledger::fuzz::AsText(data, size);
  ledger::fuzz::CheckNote(text);
  ledger::fuzz::CheckBody(text);
  ledger::fuzz::CheckKeyAndLine(text);
  return 0;
}
