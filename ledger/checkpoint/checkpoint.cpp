// Checkpoints as C2SP signed notes: key names and hashes, verifier key
// strings, checkpoint bodies, and strict note parsing and verification.
#include "ledger/checkpoint.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <string>
#include <vector>

namespace ledger {
namespace {

constexpr uint8_t kEd25519Type = 0x01;  // signed-note signature type byte
constexpr std::size_t kKeyHashBytes = 4;
constexpr std::size_t kKeyHashHexDigits = 2 * kKeyHashBytes;
constexpr std::size_t kEd25519SignatureBytes = 64;
// U+2014 EM DASH and a space open every signature line.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
// The blank line that separates text from signatures: the text's own final
// newline, then an empty line.
constexpr std::string_view kNoteSplit = "\n\n";

// The code point of the UTF-8 sequence at text[at], and its length in bytes;
// length 0 for anything invalid (truncated, overlong, surrogate, > U+10FFFF).
struct DecodedRune {
  char32_t code_point = 0;
  std::size_t length = 0;
};

DecodedRune DecodeUtf8(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(at);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min_cp = 0;
  if ((lead & 0xE0) == 0xC0) { length = 2; cp = lead & 0x1F; min_cp = 0x80; }
  else if ((lead & 0xF0) == 0xE0) { length = 3; cp = lead & 0x0F; min_cp = 0x800; }
  else if ((lead & 0xF8) == 0xF0) { length = 4; cp = lead & 0x07; min_cp = 0x10000; }
  else return {};
  if (text.size() - at < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(at + i) & 0x3F);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, length};
}

// Unicode White_Space outside ASCII controls (which notes refuse anyway):
// the set Go's unicode.IsSpace, and so the reference verifier, uses.
bool IsUnicodeSpace(char32_t cp) {
  return cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 in which every control character (below U+0020) is one of
// `allowed_controls`, and, when `refuse_spaces`, no Unicode space.
bool IsCleanUtf8(std::string_view text, std::string_view allowed_controls,
                 bool refuse_spaces) {
  for (std::size_t at = 0; at < text.size();) {
    DecodedRune rune = DecodeUtf8(text, at);
    if (rune.length == 0) return false;
    if (rune.code_point < 0x20 &&
        allowed_controls.find(static_cast<char>(rune.code_point)) == std::string_view::npos) {
      return false;
    }
    if (refuse_spaces && IsUnicodeSpace(rune.code_point)) return false;
    at += rune.length;
  }
  return true;
}

// The signed-note rule for any signer's name: non-empty, no Unicode spaces,
// no '+'. (The note as a whole has already been checked for UTF-8.)
bool IsNoteKeyName(std::string_view name) {
  return !name.empty() && name.find('+') == std::string_view::npos &&
         IsCleanUtf8(name, {}, /*refuse_spaces=*/true);
}

bool IsValidOrigin(std::string_view origin) {
  return !origin.empty() && origin.find('\x7F') == std::string_view::npos &&
         IsCleanUtf8(origin, {}, /*refuse_spaces=*/false);
}

uint32_t ReadBigEndian32(std::span<const uint8_t> bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
         (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]};
}

std::array<uint8_t, kKeyHashBytes> BigEndian32(uint32_t value) {
  return {static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
          static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
}

Error BadNote(std::string message) {
  return Error::Invalid({}, "signed note: " + std::move(message));
}

Error BadVerifierKey(std::string message) {
  return Error::Invalid({}, "verifier key: " + std::move(message));
}

Error Unauthenticated(std::string field, std::string message) {
  return {Code::kUnauthenticated, std::move(field), std::move(message)};
}

// Size line: decimal digits, no sign, no leading zero except "0" itself.
Result<uint64_t> ParseTreeSize(std::string_view text) {
  const bool digits_only = !text.empty() &&
      text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits_only) return Error::Invalid("size", "must be decimal digits");
  if (text.size() > 1 && text[0] == '0') {
    return Error::Invalid("size", "must not have leading zeros");
  }
  uint64_t size = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error::Invalid("size", "does not fit in 64 bits");
  }
  return size;
}

// One line after the blank line: "— <name> <base64(keyhash ‖ signature)>".
Result<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (!line.starts_with(kSignaturePrefix)) {
    return BadNote("a line after the blank line is not a signature line");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return BadNote("signature line has no space between name and signature");
  }
  std::string_view name = line.substr(0, space);
  if (!IsNoteKeyName(name)) {
    return BadNote("signature line has an invalid key name");
  }
  Result<Bytes> decoded = Base64Decode(line.substr(space + 1));
  if (!decoded.ok()) return BadNote("signature is not base64: " + decoded.error().message);
  if (decoded->size() <= kKeyHashBytes) {
    return BadNote("signature is shorter than a key hash and one byte");
  }
  NoteSignature signature;
  signature.name = std::string(name);
  signature.key_hash = ReadBigEndian32(*decoded);
  signature.signature.assign(decoded->begin() + kKeyHashBytes, decoded->end());
  return signature;
}

}  // namespace

Status ValidateKeyName(std::string_view name) {
  if (name.empty()) return Error::Invalid({}, "key name must not be empty");
  if (name.size() > kMaxKeyNameBytes) {
    return Error::Invalid({}, "key name is longer than " +
                                  std::to_string(kMaxKeyNameBytes) + " bytes");
  }
  for (char c : name) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte < 0x21 || byte > 0x7E || c == '+') {
      return Error::Invalid({}, "key name must be printable ASCII without spaces or '+'");
    }
  }
  return Status::Ok();
}

uint32_t KeyHash(std::string_view name, const PublicKey& key) {
  std::string input;
  input.reserve(name.size() + 2 + key.raw().size());
  input.append(name);
  input.push_back('\n');
  input.push_back(static_cast<char>(kEd25519Type));
  input.append(reinterpret_cast<const char*>(key.raw().data()), key.raw().size());
  return ReadBigEndian32(Sha256(input));
}

std::string VerifierKeyString(std::string_view name, const PublicKey& key) {
  LEDGER_CHECK_MSG(ValidateKeyName(name).ok(), std::string(name));
  Bytes typed_key{kEd25519Type};
  typed_key.insert(typed_key.end(), key.raw().begin(), key.raw().end());
  std::string text(name);
  text += '+';
  text += HexEncode(BigEndian32(KeyHash(name, key)));
  text += '+';
  text += Base64Encode(typed_key);
  return text;
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  if (text.ends_with('\n')) text.remove_suffix(1);
  const std::size_t first_plus = text.find('+');
  const std::size_t second_plus = first_plus == std::string_view::npos
                                      ? std::string_view::npos
                                      : text.find('+', first_plus + 1);
  if (second_plus == std::string_view::npos) {
    return BadVerifierKey("expected <name>+<hash>+<key>");
  }
  VerifierKey verifier;
  verifier.name = std::string(text.substr(0, first_plus));
  if (Status s = ValidateKeyName(verifier.name); !s.ok()) {
    return BadVerifierKey(s.error().message);
  }
  std::string_view hash_hex = text.substr(first_plus + 1, second_plus - first_plus - 1);
  Result<Bytes> hash = HexDecode(hash_hex);
  if (hash_hex.size() != kKeyHashHexDigits || !hash.ok()) {
    return BadVerifierKey("key hash must be 8 lower-case hex digits");
  }
  Result<Bytes> typed_key = Base64Decode(text.substr(second_plus + 1));
  if (!typed_key.ok()) return BadVerifierKey("key is not base64: " + typed_key.error().message);
  if (typed_key->empty() || (*typed_key)[0] != kEd25519Type) {
    return BadVerifierKey("key type is not 0x01 (Ed25519)");
  }
  if (typed_key->size() != 1 + sizeof(RawPublicKey)) {
    return BadVerifierKey("Ed25519 key must be 32 bytes");
  }
  Result<PublicKey> key =
      PublicKey::FromRaw(std::span<const uint8_t>(*typed_key).subspan(1));
  if (!key.ok()) return BadVerifierKey(key.error().message);
  verifier.key = *key;
  verifier.key_hash = ReadBigEndian32(*hash);
  if (verifier.key_hash != KeyHash(verifier.name, verifier.key)) {
    return BadVerifierKey("key hash does not match the name and key");
  }
  return verifier;
}

std::string CheckpointBody(const Checkpoint& cp) {
  LEDGER_CHECK_MSG(IsValidOrigin(cp.origin), cp.origin);
  return cp.origin + "\n" + std::to_string(cp.size) + "\n" + Base64Encode(cp.root) + "\n";
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  if (!body.ends_with('\n')) return Error::Invalid({}, "checkpoint must end in a newline");
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < body.size();) {
    const std::size_t end = body.find('\n', start);
    lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() < 3) {
    return Error::Invalid({}, "checkpoint needs 3 lines: origin, size, root");
  }
  if (lines.size() > 3) {  // extension lines, or a stray empty line
    return Error::Invalid({}, "v1 checkpoints have exactly 3 lines: no extension lines");
  }
  Checkpoint cp;
  if (!IsValidOrigin(lines[0])) {
    return Error::Invalid("origin", "must be non-empty UTF-8 without control characters");
  }
  cp.origin = std::string(lines[0]);
  Result<uint64_t> size = ParseTreeSize(lines[1]);
  if (!size.ok()) return size.error();
  cp.size = *size;
  Result<Bytes> root = Base64Decode(lines[2]);
  if (!root.ok()) return Error::Invalid("root", "not base64: " + root.error().message);
  if (root->size() != cp.root.size()) return Error::Invalid("root", "must be 32 bytes");
  std::copy(root->begin(), root->end(), cp.root.begin());
  return cp;
}

std::string SignCheckpoint(const Checkpoint& cp, std::string_view name,
                           const PrivateKey& key) {
  LEDGER_CHECK_MSG(ValidateKeyName(name).ok(), std::string(name));
  const std::string body = CheckpointBody(cp);
  const Signature signature = key.Sign(AsBytes(body));
  Bytes payload;
  const auto key_hash = BigEndian32(KeyHash(name, key.public_key()));
  payload.insert(payload.end(), key_hash.begin(), key_hash.end());
  payload.insert(payload.end(), signature.begin(), signature.end());
  std::string note = body;
  note += '\n';
  note += kSignaturePrefix;
  note += name;
  note += ' ';
  note += Base64Encode(payload);
  note += '\n';
  // Our own notes must pass our own parser: the name and origin bounds keep
  // them far below the limit.
  LEDGER_CHECK(note.size() <= kMaxNoteBytes);
  return note;
}

Result<SignedNote> ParseSignedNote(std::string_view note) {
  if (note.size() > kMaxNoteBytes) {
    return BadNote("longer than " + std::to_string(kMaxNoteBytes) + " bytes");
  }
  if (!IsCleanUtf8(note, "\n", /*refuse_spaces=*/false)) {
    return BadNote("not UTF-8 without control characters other than newline");
  }
  if (!note.ends_with('\n')) return BadNote("does not end in a newline");
  const std::size_t split = note.rfind(kNoteSplit);
  if (split == std::string_view::npos) return BadNote("no blank line before the signatures");
  SignedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  std::string_view lines = note.substr(split + kNoteSplit.size());
  if (lines.empty()) return BadNote("no signature lines");
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');  // found: the note ends in '\n'
    Result<NoteSignature> signature = ParseSignatureLine(lines.substr(0, end));
    if (!signature.ok()) return signature.error();
    if (parsed.signatures.size() == kMaxNoteSignatures) {
      return BadNote("more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    parsed.signatures.push_back(std::move(signature).value());
    lines.remove_prefix(end + 1);
  }
  return parsed;
}

Result<Checkpoint> VerifyCheckpoint(std::string_view note, const VerifierKey& verifier) {
  LEDGER_CHECK(verifier.key_hash == KeyHash(verifier.name, verifier.key));
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.error();
  bool found = false;
  for (const NoteSignature& signature : parsed->signatures) {
    if (signature.name != verifier.name || signature.key_hash != verifier.key_hash) {
      continue;  // another key: a witness, or a key we do not know
    }
    found = true;
    if (signature.signature.size() != kEd25519SignatureBytes ||
        !verifier.key.Verify(AsBytes(parsed->text), signature.signature)) {
      return Unauthenticated({}, "signature by " + verifier.name + " does not verify");
    }
  }
  if (!found) {
    return Unauthenticated({}, "no signature by key " + verifier.name + "+" +
                                   HexEncode(BigEndian32(verifier.key_hash)));
  }
  Result<Checkpoint> cp = ParseCheckpointBody(parsed->text);
  if (!cp.ok()) return cp.error();
  if (cp->origin != verifier.name) {
    return Unauthenticated("origin", "checkpoint origin \"" + cp->origin +
                                         "\" is not the key name " + verifier.name);
  }
  return cp;
}

}  // namespace ledger
