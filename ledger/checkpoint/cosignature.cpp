// Witness cosignatures: C2SP tlog-cosignature, Ed25519 type (cosignature/v1).
#include "ledger/cosignature.hpp"

#include <array>

#include "ledger/encoding.hpp"

namespace ledger {
namespace {

// The key ID algorithm byte of an Ed25519 cosignature (tlog-cosignature
// "Format"); 0x01 is a plain signed-note Ed25519 key.
constexpr uint8_t kCosignatureV1Type = 0x04;
constexpr std::size_t kKeyIdBytes = 4;
constexpr std::size_t kTimestampBytes = 8;
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // "— "

template <std::size_t N>
std::array<uint8_t, N> BigEndian(uint64_t value) {
  std::array<uint8_t, N> bytes{};
  for (std::size_t i = 0; i < N; ++i) bytes[N - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
  return bytes;
}

uint64_t ReadBigEndian(std::span<const uint8_t> bytes) {
  uint64_t value = 0;
  for (uint8_t b : bytes) value = (value << 8) | b;
  return value;
}

Error Malformed(std::string field, std::string message) {
  return Error::Invalid(std::move(field), "cosignature: " + std::move(message));
}

}  // namespace

uint32_t CosignatureKeyId(std::string_view name, const PublicKey& key) {
  std::string input;
  input.reserve(name.size() + 2 + key.raw().size());
  input.append(name);
  input.push_back('\n');
  input.push_back(static_cast<char>(kCosignatureV1Type));
  input.append(reinterpret_cast<const char*>(key.raw().data()), key.raw().size());
  const Hash digest = Sha256(input);
  return static_cast<uint32_t>(ReadBigEndian(std::span(digest).first(kKeyIdBytes)));
}

std::string CosignedMessage(std::string_view checkpoint_body, uint64_t unix_seconds) {
  std::string message = "cosignature/v1\ntime " + std::to_string(unix_seconds) + "\n";
  message.append(checkpoint_body);
  return message;
}

std::string CosignatureLine(std::string_view checkpoint_body, std::string_view name,
                            const PrivateKey& key, uint64_t unix_seconds) {
  LEDGER_CHECK_MSG(ValidateKeyName(name).ok(), std::string(name));
  LEDGER_CHECK(unix_seconds <= kMaxCosignatureTime);
  const Signature signature = key.Sign(AsBytes(CosignedMessage(checkpoint_body, unix_seconds)));
  const auto timestamp = BigEndian<kTimestampBytes>(unix_seconds);
  NoteSignature line;
  line.name = std::string(name);
  line.key_hash = CosignatureKeyId(name, key.public_key());
  line.signature.assign(timestamp.begin(), timestamp.end());
  line.signature.insert(line.signature.end(), signature.begin(), signature.end());
  return NoteSignatureLine(line) + "\n";
}

Result<uint64_t> VerifyCosignature(std::string_view checkpoint_body, const NoteSignature& line,
                                   std::string_view name, const PublicKey& key) {
  if (line.name != name) {
    return Malformed("name", "line is by " + line.name + ", not " + std::string(name));
  }
  if (line.key_hash != CosignatureKeyId(name, key)) {
    return Malformed("key_id", "key ID of " + line.name +
                                   "'s line is not the cosignature/v1 key ID of its key");
  }
  if (line.signature.size() != kCosignatureBytes) {
    return Malformed({}, line.name + "'s line must hold an 8-byte timestamp and a 64-byte "
                         "Ed25519 signature after the key ID");
  }
  const std::span<const uint8_t> bytes(line.signature);
  const uint64_t timestamp = ReadBigEndian(bytes.first(kTimestampBytes));
  if (timestamp > kMaxCosignatureTime) {
    return Malformed("timestamp", "exceeds 2^63-1");
  }
  if (!key.Verify(AsBytes(CosignedMessage(checkpoint_body, timestamp)),
                  bytes.subspan(kTimestampBytes))) {
    return Error{Code::kUnauthenticated, {},
                 "cosignature by " + line.name + " does not verify"};
  }
  return timestamp;
}

std::string NoteSignatureLine(const NoteSignature& signature) {
  const auto key_id = BigEndian<kKeyIdBytes>(signature.key_hash);
  Bytes payload(key_id.begin(), key_id.end());
  payload.insert(payload.end(), signature.signature.begin(), signature.signature.end());
  std::string line(kSignaturePrefix);
  line += signature.name;
  line += ' ';
  line += Base64Encode(payload);
  return line;
}

Result<NoteSignature> ParseNoteSignatureLine(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos) {
    return Error::Invalid({}, "signature line: holds more than one line");
  }
  // The note parser is the one strict reader of signature lines: hand it a
  // minimal note around this line.
  std::string note = "-\n\n";
  note.append(line);
  note.push_back('\n');
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.error();
  return std::move(parsed->signatures.front());
}

Result<std::string> AppendSignatureLines(std::string_view note,
                                         std::span<const std::string> lines) {
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.error();
  std::string appended(note);
  for (const std::string& line : lines) {
    Result<NoteSignature> signature = ParseNoteSignatureLine(line);
    if (!signature.ok()) return signature.error();
    appended += NoteSignatureLine(*signature);
    appended += '\n';
  }
  Result<SignedNote> check = ParseSignedNote(appended);
  if (!check.ok()) return check.error();
  return appended;
}

}  // namespace ledger
