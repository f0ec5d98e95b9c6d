// Checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, signed
// with the log's Ed25519 key. The format is a public contract (docs/
// checkpoints.md); any standard signed-note verifier accepts our notes.
//
//   <origin>\n<size>\n<base64 root>\n\n— <name> <base64(keyhash4 ‖ sig64)>\n
//
// The "—" is U+2014 EM DASH (UTF-8 E2 80 94). Parsers are strict: they
// refuse what our signer would never produce, so that one checkpoint has
// one text. All parse errors are kInvalidArgument; failed authentication is
// kUnauthenticated. Everything here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Limits on a note we parse: its whole text, and its signature lines (the
// signed-note spec asks verifiers to accept at least 16).
inline constexpr std::size_t kMaxNoteBytes = 16 * 1024;
inline constexpr std::size_t kMaxNoteSignatures = 100;
// Longest key name (and so origin) we make or accept as a verifier key;
// keeps our own notes far below kMaxNoteBytes.
inline constexpr std::size_t kMaxKeyNameBytes = 1024;

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// A name for one of *our* keys (the log key, whose name is the origin):
// 1 to kMaxKeyNameBytes bytes of printable ASCII 0x21–0x7E except '+'.
// This is stricter than the signed-note rule (no Unicode spaces, no '+'),
// so every name we make is valid for any verifier. Names on other parties'
// signature lines in a note are checked by the wider signed-note rule.
Status ValidateKeyName(std::string_view name);

// First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian.
uint32_t KeyHash(std::string_view name, const PublicKey& key);

// "<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>", hex lower-case.
// Precondition: ValidateKeyName(name) is ok.
std::string VerifierKeyString(std::string_view name, const PublicKey& key);

struct VerifierKey {
  std::string name;
  uint32_t key_hash = 0;  // must equal KeyHash(name, key)
  PublicKey key;
};
// Parses a verifier key string. Refuses: a name failing ValidateKeyName, a
// hash that is not 8 lower-case hex digits or does not match the key, an
// algorithm byte other than 0x01 (Ed25519), a key not of 32 bytes. One
// trailing '\n' is accepted, as GET /v1/log/key serves the string as a line.
Result<VerifierKey> ParseVerifierKey(std::string_view text);

// "<origin>\n<size>\n<base64 root>\n": the signed text.
// Precondition: cp.origin is non-empty UTF-8 without control characters.
std::string CheckpointBody(const Checkpoint& cp);
// Exactly three lines, each ending in '\n': a non-empty origin (valid
// UTF-8, no control characters), the size in decimal without leading zeros
// ("0" for the empty tree) that fits in uint64, and the root as base64 of
// exactly 32 bytes. v1 refuses extension lines: our log never writes them
// and a v1 verifier cannot know what an unknown extension claims. Errors
// name the field: "origin", "size", "root", or "" for the line structure.
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// The whole note: body, blank line, one signature line by `key` named `name`.
// Precondition: ValidateKeyName(name) is ok.
std::string SignCheckpoint(const Checkpoint& cp, std::string_view name,
                           const PrivateKey& key);

// One signature line of a note.
struct NoteSignature {
  std::string name;
  uint32_t key_hash = 0;
  Bytes signature;  // 64 bytes for Ed25519; other algorithms differ
};

struct SignedNote {
  std::string text;                        // the signed body, ending in '\n'
  std::vector<NoteSignature> signatures;   // in order of appearance
};
// Splits a note per C2SP signed-note without verifying anything. The note
// must be at most kMaxNoteBytes, valid UTF-8 without control characters
// other than '\n', and end in '\n'. The text is everything up to and
// including the newline before the note's last blank line; every line after
// that blank line must be a signature line "— <name> <base64>" whose name is
// non-empty without Unicode spaces or '+', and whose base64 (strict)
// decodes to at least 5 bytes (key hash and signature). There must be 1 to
// kMaxNoteSignatures of them.
Result<SignedNote> ParseSignedNote(std::string_view note);

// Parses `note`, requires a valid signature by `verifier`, and returns its
// checkpoint. Signatures by other keys are ignored (they may be witnesses).
// kInvalidArgument: the note or its checkpoint body is malformed.
// kUnauthenticated: no signature line has the verifier's name and key hash;
// or one that has does not verify (the whole note is refused then, as the
// spec recommends); or the body's origin differs from the verifier's key
// name (field "origin": the log key signs only its own origin, C2SP
// convention). The body is parsed only after its signature verifies.
Result<Checkpoint> VerifyCheckpoint(std::string_view note, const VerifierKey& verifier);

}  // namespace ledger
