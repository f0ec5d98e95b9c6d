// Checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, signed
// with the log's Ed25519 key. The format is a public contract (docs/
// checkpoints.md); any standard signed-note verifier accepts our notes.
//
//   <origin>\n<size>\n<base64 root>\n\n— <name> <base64(keyhash4 ‖ sig64)>\n
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

inline constexpr std::size_t kMaxNoteBytes = 16 * 1024;
inline constexpr std::size_t kMaxNoteSignatures = 100;

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// A key name is a non-empty string of printable, non-space characters
// without '+' (signed-note rule).
Status ValidateKeyName(std::string_view name);

// First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian.
uint32_t KeyHash(std::string_view name, const PublicKey& key);

// "<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>".
std::string VerifierKeyString(std::string_view name, const PublicKey& key);

struct VerifierKey {
  std::string name;
  uint32_t key_hash = 0;
  PublicKey key;
};
Result<VerifierKey> ParseVerifierKey(std::string_view text);

// "<origin>\n<size>\n<base64 root>\n": the signed text.
std::string CheckpointBody(const Checkpoint& cp);
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// The whole note: body, blank line, one signature line by `key` named `name`.
std::string SignCheckpoint(const Checkpoint& cp, std::string_view name,
                           const PrivateKey& key);

// One signature line of a note.
struct NoteSignature {
  std::string name;
  uint32_t key_hash = 0;
  Bytes signature;  // 64 bytes for Ed25519
};

struct SignedNote {
  std::string text;                        // the signed body, ending in '\n'
  std::vector<NoteSignature> signatures;   // in order of appearance
};
Result<SignedNote> ParseSignedNote(std::string_view note);

// Parses `note`, requires a valid signature by `verifier`, and returns its
// checkpoint. Signatures by other keys are ignored (they may be witnesses).
Result<Checkpoint> VerifyCheckpoint(std::string_view note, const VerifierKey& verifier);

}  // namespace ledger
