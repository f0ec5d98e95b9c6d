// Witness cosignatures of checkpoints, as C2SP tlog-cosignature specifies
// its Ed25519 type ("cosignature/v1", https://c2sp.org/tlog-cosignature).
// A witness (an org holding the `audit` role) checks a checkpoint and signs
//
//   "cosignature/v1\n" "time <decimal POSIX seconds, no leading zeros>\n"
//   <the checkpoint body, its three lines with the final newline>
//
// and adds a signed-note line to the checkpoint's note:
//
//   — <name> base64(key ID[4] ‖ timestamp[8, big-endian] ‖ Ed25519 sig[64])
//
// where key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4]. The
// type byte 0x04 (not the log's 0x01) keeps a cosignature from ever passing
// as a plain note signature by the same key, and back.
//
// Everything here is pure and thread-safe. docs/checkpoints.md describes
// the format for clients.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/checkpoint.hpp"
#include "ledger/crypto.hpp"
#include "ledger/status.hpp"

namespace ledger {

// The spec's bound on a timestamp: it is a u64 that must not exceed 2^63−1.
inline constexpr uint64_t kMaxCosignatureTime = (uint64_t{1} << 63) - 1;
// Bytes after the key ID: timestamp and signature.
inline constexpr std::size_t kCosignatureBytes = 8 + 64;
// The most cosignatures one checkpoint note carries. With ids of at most 64
// bytes a line is under 180 bytes, so the log's note with this many lines
// stays well inside kMaxNoteBytes and kMaxNoteSignatures.
inline constexpr std::size_t kMaxCosignaturesPerNote = 64;
// How far ahead of its own clock a ledger accepts a cosignature's
// timestamp: witnesses' clocks drift, but a cosignature from the future
// would outrank every honest newer one.
inline constexpr uint64_t kMaxCosignatureFutureSeconds = 10 * 60;

// First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key), big-endian.
uint32_t CosignatureKeyId(std::string_view name, const PublicKey& key);

// The exact bytes a witness signs for `checkpoint_body` at `unix_seconds`.
std::string CosignedMessage(std::string_view checkpoint_body, uint64_t unix_seconds);

// The whole signature line, "— <name> <base64>\n", signing
// CosignedMessage(checkpoint_body, unix_seconds) with `key`.
// Preconditions: ValidateKeyName(name) is ok; unix_seconds <=
// kMaxCosignatureTime.
std::string CosignatureLine(std::string_view checkpoint_body, std::string_view name,
                            const PrivateKey& key, uint64_t unix_seconds);

// Checks that `line` (as ParseSignedNote splits it) is a cosignature of
// `checkpoint_body` by `key` named `name`, and returns its timestamp.
// kInvalidArgument: the line's name is not `name` (field "name"), its key ID
// is not CosignatureKeyId(name, key) (field "key_id"), it does not hold
// exactly an 8-byte timestamp and a 64-byte signature, or the timestamp
// exceeds kMaxCosignatureTime (field "timestamp").
// kUnauthenticated: the signature does not verify.
Result<uint64_t> VerifyCosignature(std::string_view checkpoint_body, const NoteSignature& line,
                                   std::string_view name, const PublicKey& key);

// The line of `signature` as a note carries it, without the final newline:
// "— <name> <base64(key ID ‖ bytes)>".
std::string NoteSignatureLine(const NoteSignature& signature);

// Parses one signature line (with or without its final newline) by the
// rules of ParseSignedNote. kInvalidArgument when it is not one.
Result<NoteSignature> ParseNoteSignatureLine(std::string_view line);

// `note` with `lines` appended after its signature lines, in order, each
// ending in '\n'; the log's own line stays first. Refuses with
// kInvalidArgument a note that does not parse, a line that does not, or a
// result that ParseSignedNote would refuse (too long, too many lines).
Result<std::string> AppendSignatureLines(std::string_view note,
                                         std::span<const std::string> lines);

}  // namespace ledger
