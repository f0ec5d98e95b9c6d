// Checkpoints as C2SP signed notes: format, verification, and refusals.
#include "ledger/checkpoint.hpp"

#include <string>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

constexpr std::string_view kName = "example.com/log";
constexpr std::string_view kEmDash = "\xE2\x80\x94";
// RFC 6962 reference tree root over its 8 leaves (tests/vectors/rfc6962).
constexpr std::string_view kRootHex =
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

// The code of a refusal, or "ok", so that a test expecting a refusal fails
// cleanly instead of stopping at a LEDGER_CHECK.
template <class T>
std::string CodeOf(const Result<T>& result) {
  return result.ok() ? "ok" : CodeName(result.error().code);
}
std::string CodeOf(const Status& status) {
  return status.ok() ? "ok" : CodeName(status.error().code);
}

Bytes Unhex(std::string_view hex) { return HexDecode(hex).value(); }

// RFC 8032 §7.1 vector `index` (0 = TEST 1): its seed as a private key.
PrivateKey Rfc8032Key(std::size_t index) {
  Json vectors = Json::parse(
      testing::ReadText(testing::VectorsDir() + "/rfc8032/ed25519.json"));
  Bytes seed = Unhex(vectors["vectors"][index]["secret_key"].get<std::string>());
  return PrivateKey::FromSeed(seed).value();
}

Checkpoint SampleCheckpoint() {
  Checkpoint cp{std::string(kName), 8, {}};
  Bytes root = Unhex(kRootHex);
  std::copy(root.begin(), root.end(), cp.root.begin());
  return cp;
}

VerifierKey VerifierFor(std::string_view name, const PrivateKey& key) {
  return ParseVerifierKey(VerifierKeyString(name, key.public_key())).value();
}

std::string BigEndianBytes(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
          static_cast<char>(v >> 8), static_cast<char>(v)};
}

// A signature line built here from the definitions, not by the module.
std::string SignatureLine(std::string_view text, std::string_view name,
                          const PrivateKey& key) {
  std::string payload = BigEndianBytes(KeyHash(name, key.public_key()));
  Signature sig = key.Sign(AsBytes(text));
  payload.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  return std::string(kEmDash) + " " + std::string(name) + " " +
         Base64Encode(AsBytes(payload)) + "\n";
}

std::string NoteFor(std::string_view text, std::string_view name, const PrivateKey& key) {
  return std::string(text) + "\n" + SignatureLine(text, name, key);
}

// --- key hashes and verifier keys ---

TEST(KeyHash, MatchesDefinitionForRfc8032Test1Key) {
  PrivateKey key = Rfc8032Key(0);
  ASSERT_EQ(HexEncode(key.public_key().raw()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::string input = std::string(kName) + "\n" + '\x01';
  input.append(reinterpret_cast<const char*>(key.public_key().raw().data()), 32);
  Hash digest = Sha256(input);
  uint32_t expected = (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) |
                      (uint32_t{digest[2]} << 8) | digest[3];
  EXPECT_EQ(KeyHash(kName, key.public_key()), expected);
  // The same value computed with Python's hashlib, outside this code base.
  EXPECT_EQ(KeyHash(kName, key.public_key()), 0xcc714670u);
}

TEST(VerifierKeyString, HasNameHashAndTypedKey) {
  EXPECT_EQ(VerifierKeyString(kName, Rfc8032Key(0).public_key()),
            "example.com/log+cc714670+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea");
}

TEST(VerifierKeyString, RoundTripsThroughParse) {
  PrivateKey key = Rfc8032Key(1);
  auto parsed = ParseVerifierKey(VerifierKeyString(kName, key.public_key()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->name, kName);
  EXPECT_EQ(parsed->key, key.public_key());
  EXPECT_EQ(parsed->key_hash, KeyHash(kName, key.public_key()));
}

TEST(VerifierKeyString, AcceptsOneTrailingNewlineAsServed) {
  std::string text = VerifierKeyString(kName, Rfc8032Key(0).public_key());
  EXPECT_TRUE(ParseVerifierKey(text + "\n").ok());
  EXPECT_EQ(CodeOf(ParseVerifierKey(text + "\n\n")), "invalid_argument");
  EXPECT_EQ(CodeOf(ParseVerifierKey(text + "\r\n")), "invalid_argument");
}

// The verifier key of golang.org/x/mod/sumdb/note's documentation example.
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

TEST(VerifierKeyString, ParsesGoReferenceKey) {
  auto parsed = ParseVerifierKey(kGoVerifierKey);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->name, "PeterNeumann");
  EXPECT_EQ(parsed->key_hash, 0xc74f20a3u);
  EXPECT_EQ(VerifierKeyString(parsed->name, parsed->key), kGoVerifierKey);
}

TEST(VerifierKeyString, RefusesMalformedStrings) {
  const std::string good = VerifierKeyString(kName, Rfc8032Key(0).public_key());
  const std::string key_b64 = "AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
  Bytes typed = Base64Decode(key_b64).value();
  Bytes other_type = typed;
  other_type[0] = 0x02;
  Bytes short_key(typed.begin(), typed.end() - 1);
  Bytes long_key = typed;
  long_key.push_back(0);
  const std::string cases[] = {
      "",
      std::string(kName),
      "example.com/log+cc714670",
      "+cc714670+" + key_b64,                                // empty name
      "example.com log+cc714670+" + key_b64,                 // space in name
      "example.com/lög+cc714670+" + key_b64,                 // non-ASCII name
      "example.com/log+CC714670+" + key_b64,                 // upper-case hex
      "example.com/log+cc71467+" + key_b64,                  // 7 digits
      "example.com/log+0cc714670+" + key_b64,                // 9 digits
      "example.com/log+cc714671+" + key_b64,                 // wrong hash
      "example.com/loh+cc714670+" + key_b64,                 // hash of another name
      "example.com/log+cc714670+" + Base64Encode(other_type),
      "example.com/log+cc714670+" + Base64Encode(short_key),
      "example.com/log+cc714670+" + Base64Encode(long_key),
      "example.com/log+cc714670+" + key_b64.substr(1),       // not base64
      "example.com/log+cc714670+",                           // no key
      good + "=",
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(text);
    auto parsed = ParseVerifierKey(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
  }
}

TEST(ValidateKeyName, AcceptsPrintableAsciiWithoutPlus) {
  EXPECT_TRUE(ValidateKeyName("ledger.example.org/shenzhen").ok());
  EXPECT_TRUE(ValidateKeyName("!~").ok());
}

TEST(ValidateKeyName, RefusesEmptySpacesPlusControlsAndNonAscii) {
  for (std::string_view name : {"", "a b", "a+b", "a\tb", "a\nb", "a\x7f", "證人",
                                "a\xC2\xA0"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(CodeOf(ValidateKeyName(name)), "invalid_argument");
  }
}

TEST(ValidateKeyName, LimitIsKMaxKeyNameBytes) {
  EXPECT_TRUE(ValidateKeyName(std::string(kMaxKeyNameBytes, 'a')).ok());
  EXPECT_EQ(CodeOf(ValidateKeyName(std::string(kMaxKeyNameBytes + 1, 'a'))),
            "invalid_argument");
}

// --- checkpoint bodies ---

TEST(CheckpointBody, IsOriginSizeAndBase64Root) {
  EXPECT_EQ(CheckpointBody(SampleCheckpoint()),
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
}

TEST(CheckpointBody, RoundTripsThroughParse) {
  Checkpoint cp = SampleCheckpoint();
  cp.size = UINT64_MAX;
  auto parsed = ParseCheckpointBody(CheckpointBody(cp));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(*parsed, cp);
}

TEST(CheckpointBody, AcceptsEmptyTreeSizeZero) {
  auto parsed = ParseCheckpointBody("o\n0\n" + Base64Encode(Hash{}) + "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->size, 0u);
}

Result<Checkpoint> ParseLines(std::string_view origin, std::string_view size,
                              std::string_view root) {
  return ParseCheckpointBody(std::string(origin) + "\n" + std::string(size) + "\n" +
                             std::string(root) + "\n");
}

TEST(CheckpointBody, RefusesBadSizeFormats) {
  const std::string root = Base64Encode(Hash{});
  for (std::string_view size : {"01", "00", "-1", "+1", "18446744073709551616",
                                "99999999999999999999", "", " 1", "1 ", "0x1", "1e3"}) {
    SCOPED_TRACE(size);
    auto parsed = ParseLines("o", size, root);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "size");
  }
}

TEST(CheckpointBody, RefusesRootThatIsNot32BytesOfBase64) {
  Bytes short_root(31), long_root(33);
  for (std::string root : {Base64Encode(short_root), Base64Encode(long_root),
                           std::string(kRootHex), std::string(""),
                           Base64Encode(Hash{}).substr(0, 43)}) {
    SCOPED_TRACE(root);
    auto parsed = ParseLines("o", "1", root);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "root");
  }
}

TEST(CheckpointBody, RefusesEmptyOrControlCharacterOrigin) {
  const std::string root = Base64Encode(Hash{});
  for (std::string_view origin : {"", "a\tb", "a\rb", "a\x7f", "\xFF"}) {
    SCOPED_TRACE(origin);
    auto parsed = ParseLines(origin, "1", root);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "origin");
  }
}

TEST(CheckpointBody, RefusesExtensionLines) {
  std::string body = CheckpointBody(SampleCheckpoint()) + "extension\n";
  auto parsed = ParseCheckpointBody(body);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
  EXPECT_EQ(parsed.error().field, "");
}

TEST(CheckpointBody, RefusesWrongLineStructure) {
  const std::string body = CheckpointBody(SampleCheckpoint());
  for (std::string text : {body.substr(0, body.size() - 1), std::string("o\n1\n"),
                           std::string(""), body + "\n", "\n" + body}) {
    SCOPED_TRACE(text);
    auto parsed = ParseCheckpointBody(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, Code::kInvalidArgument);
  }
}

// --- signed notes: format ---

TEST(SignCheckpoint, MatchesIndependentlyComputedNote) {
  // Made with Python's hashlib and pyca/cryptography from the definitions.
  EXPECT_EQ(SignCheckpoint(SampleCheckpoint(), kName, Rfc8032Key(0)),
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
            "\xE2\x80\x94 example.com/log zHFGcFgWv11lWNcaencFBAIP2jaYDmzzTqQYktcWjHonYVMY"
            "j1dpRwXFs7qAp9G9NVl6Q4L2TIziuY0FeM1j5xOVYQ0=\n");
}

TEST(SignCheckpoint, NoteIsBodyBlankLineAndOneSignatureLine) {
  PrivateKey key = Rfc8032Key(0);
  const std::string body = CheckpointBody(SampleCheckpoint());
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  ASSERT_TRUE(note.starts_with(body + "\n"));
  std::string_view line = std::string_view(note).substr(body.size() + 1);
  const std::string prefix = "\xE2\x80\x94 " + std::string(kName) + " ";
  ASSERT_TRUE(line.starts_with(prefix));
  ASSERT_TRUE(line.ends_with("\n"));
  line = line.substr(prefix.size(), line.size() - prefix.size() - 1);
  Bytes payload = Base64Decode(line).value();
  ASSERT_EQ(payload.size(), 4u + 64u);
  EXPECT_EQ(std::string(payload.begin(), payload.begin() + 4),
            BigEndianBytes(KeyHash(kName, key.public_key())));
  EXPECT_TRUE(key.public_key().Verify(AsBytes(body),
                                      std::span<const uint8_t>(payload).subspan(4)));
}

TEST(VerifyCheckpoint, AcceptsNoteWithVerifierKeyString) {
  PrivateKey key = Rfc8032Key(0);
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  auto verifier = ParseVerifierKey(VerifierKeyString(kName, key.public_key()));
  ASSERT_TRUE(verifier.ok());
  auto cp = VerifyCheckpoint(note, *verifier);
  ASSERT_TRUE(cp.ok()) << cp.error().ToString();
  EXPECT_EQ(*cp, SampleCheckpoint());
}

TEST(ParseSignedNote, SplitsTextAndSignature) {
  PrivateKey key = Rfc8032Key(0);
  auto note = ParseSignedNote(SignCheckpoint(SampleCheckpoint(), kName, key));
  ASSERT_TRUE(note.ok()) << note.error().ToString();
  EXPECT_EQ(note->text, CheckpointBody(SampleCheckpoint()));
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, kName);
  EXPECT_EQ(note->signatures[0].key_hash, KeyHash(kName, key.public_key()));
  EXPECT_EQ(note->signatures[0].signature.size(), 64u);
}

// The signed note of golang.org/x/mod/sumdb/note's documentation example.
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignatureLine =
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1"
    "FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

TEST(ParseSignedNote, ReadsGoReferenceNoteWhoseSignatureVerifies) {
  auto note = ParseSignedNote(std::string(kGoText) + "\n" + std::string(kGoSignatureLine));
  ASSERT_TRUE(note.ok()) << note.error().ToString();
  EXPECT_EQ(note->text, kGoText);
  ASSERT_EQ(note->signatures.size(), 1u);
  VerifierKey verifier = ParseVerifierKey(kGoVerifierKey).value();
  EXPECT_EQ(note->signatures[0].name, verifier.name);
  EXPECT_EQ(note->signatures[0].key_hash, verifier.key_hash);
  EXPECT_TRUE(verifier.key.Verify(AsBytes(note->text), note->signatures[0].signature));
}

TEST(VerifyCheckpoint, RefusesSignedTextThatIsNotACheckpoint) {
  auto cp = VerifyCheckpoint(std::string(kGoText) + "\n" + std::string(kGoSignatureLine),
                             ParseVerifierKey(kGoVerifierKey).value());
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kInvalidArgument);
}

TEST(ParseSignedNote, TextMayHoldBlankLinesAndEndsAtTheLastOne) {
  PrivateKey key = Rfc8032Key(0);
  auto note = ParseSignedNote(NoteFor("a\n\nb\n\n", kName, key));
  ASSERT_TRUE(note.ok()) << note.error().ToString();
  EXPECT_EQ(note->text, "a\n\nb\n\n");
}

TEST(ParseSignedNote, AcceptsUtf8TextAndWitnessNames) {
  PrivateKey key = Rfc8032Key(0);
  std::string note = NoteFor("證人 é\n", kName, key) +
                     SignatureLine("證人 é\n", "witness.example/證人", Rfc8032Key(1));
  auto parsed = ParseSignedNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->signatures[1].name, "witness.example/證人");
}

// --- signed notes: refusals ---

TEST(VerifyCheckpoint, RefusesEveryFlippedByte) {
  PrivateKey key = Rfc8032Key(0);
  const VerifierKey verifier = VerifierFor(kName, key);
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  ASSERT_TRUE(VerifyCheckpoint(note, verifier).ok());
  for (uint8_t mask : {0x01, 0x02, 0x20, 0x80}) {
    for (std::size_t i = 0; i < note.size(); ++i) {
      std::string bad = note;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      SCOPED_TRACE("byte " + std::to_string(i) + " mask " + std::to_string(mask));
      EXPECT_FALSE(VerifyCheckpoint(bad, verifier).ok());
    }
  }
}

TEST(VerifyCheckpoint, RefusesEveryTruncation) {
  PrivateKey key = Rfc8032Key(0);
  const VerifierKey verifier = VerifierFor(kName, key);
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  for (std::size_t size = 0; size < note.size(); ++size) {
    SCOPED_TRACE(size);
    EXPECT_FALSE(VerifyCheckpoint(note.substr(0, size), verifier).ok());
  }
}

TEST(VerifyCheckpoint, ChangedBodyDoesNotVerify) {
  PrivateKey key = Rfc8032Key(0);
  std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  note[kName.size() + 1] = '9';  // size 8 -> 9
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
  EXPECT_NE(cp.error().message.find("does not verify"), std::string::npos);
}

TEST(VerifyCheckpoint, ChangedKeyHashFindsNoSignature) {
  PrivateKey key = Rfc8032Key(0);
  const std::string body = CheckpointBody(SampleCheckpoint());
  std::string payload = BigEndianBytes(KeyHash(kName, key.public_key()) ^ 1);
  Signature sig = key.Sign(AsBytes(body));
  payload.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  std::string note = body + "\n\xE2\x80\x94 " + std::string(kName) + " " +
                     Base64Encode(AsBytes(payload)) + "\n";
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
  EXPECT_NE(cp.error().message.find(std::string(kName)), std::string::npos);
}

TEST(VerifyCheckpoint, RefusesNoteWithoutEmDash) {
  std::string note = SignCheckpoint(SampleCheckpoint(), kName, Rfc8032Key(0));
  const std::size_t dash = note.find(kEmDash);
  ASSERT_NE(dash, std::string::npos);
  const std::string bad = note.substr(0, dash) + "-" + note.substr(dash + kEmDash.size());
  auto cp = VerifyCheckpoint(bad, VerifierFor(kName, Rfc8032Key(0)));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kInvalidArgument);
}

TEST(VerifyCheckpoint, RefusesNoteWithoutFinalNewline) {
  std::string note = SignCheckpoint(SampleCheckpoint(), kName, Rfc8032Key(0));
  note.pop_back();
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, Rfc8032Key(0)));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kInvalidArgument);
}

TEST(VerifyCheckpoint, RefusesWrongKey) {
  std::string note = SignCheckpoint(SampleCheckpoint(), kName, Rfc8032Key(0));
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, Rfc8032Key(1)));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
}

TEST(VerifyCheckpoint, RefusesMatchingNameAndHashWithAnotherKeysSignature) {
  PrivateKey key = Rfc8032Key(0);
  const std::string body = CheckpointBody(SampleCheckpoint());
  std::string payload = BigEndianBytes(KeyHash(kName, key.public_key()));
  Signature forged = Rfc8032Key(1).Sign(AsBytes(body));
  payload.append(reinterpret_cast<const char*>(forged.data()), forged.size());
  std::string note = body + "\n\xE2\x80\x94 " + std::string(kName) + " " +
                     Base64Encode(AsBytes(payload)) + "\n";
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
  EXPECT_NE(cp.error().message.find("does not verify"), std::string::npos);
}

TEST(VerifyCheckpoint, RefusesWholeNoteWhenOneMatchingSignatureFails) {
  PrivateKey key = Rfc8032Key(0);
  const std::string body = CheckpointBody(SampleCheckpoint());
  std::string short_sig = BigEndianBytes(KeyHash(kName, key.public_key())) + "x";
  std::string note = NoteFor(body, kName, key) + "\xE2\x80\x94 " + std::string(kName) +
                     " " + Base64Encode(AsBytes(short_sig)) + "\n";
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
}

TEST(VerifyCheckpoint, RefusesSignatureUnderAnotherName) {
  PrivateKey key = Rfc8032Key(0);
  std::string note = SignCheckpoint(SampleCheckpoint(), "example.com/other", key);
  auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
}

TEST(VerifyCheckpoint, RefusesOriginOtherThanKeyName) {
  PrivateKey key = Rfc8032Key(0);
  std::string note = SignCheckpoint(SampleCheckpoint(), "example.com/other", key);
  auto cp = VerifyCheckpoint(note, VerifierFor("example.com/other", key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
  EXPECT_EQ(cp.error().field, "origin");
}

TEST(VerifyCheckpoint, RefusesSignedExtensionLine) {
  PrivateKey key = Rfc8032Key(0);
  std::string body = CheckpointBody(SampleCheckpoint()) + "extension\n";
  auto cp = VerifyCheckpoint(NoteFor(body, kName, key), VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kInvalidArgument);
}

TEST(VerifyCheckpoint, IgnoresCosignatureByAnotherKey) {
  PrivateKey key = Rfc8032Key(0);
  const std::string body = CheckpointBody(SampleCheckpoint());
  const std::string witness = SignatureLine(body, "witness.example/w1", Rfc8032Key(1));
  const std::string ours = SignatureLine(body, kName, key);
  for (const std::string& note : {body + "\n" + ours + witness, body + "\n" + witness + ours}) {
    auto cp = VerifyCheckpoint(note, VerifierFor(kName, key));
    ASSERT_TRUE(cp.ok()) << cp.error().ToString();
    EXPECT_EQ(*cp, SampleCheckpoint());
  }
}

TEST(VerifyCheckpoint, IgnoresUnknownSignatureOfAnyLength) {
  PrivateKey key = Rfc8032Key(0);
  std::string five_bytes = Base64Encode(AsBytes(std::string("\x01\x02\x03\x04x")));
  std::string note = SignCheckpoint(SampleCheckpoint(), kName, key) +
                     "\xE2\x80\x94 witness.example " + five_bytes + "\n";
  EXPECT_TRUE(VerifyCheckpoint(note, VerifierFor(kName, key)).ok());
}

TEST(VerifyCheckpoint, RefusesMalformedExtraSignatureLine) {
  PrivateKey key = Rfc8032Key(0);
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  const std::string sig = "AQIDBAUG";  // 6 bytes of base64
  const std::string dash = "\xE2\x80\x94 ";
  for (const std::string& line :
       {std::string("not a signature\n"), dash + "witness.example\n", dash + "witness.example \n",
        dash + "witness.example  " + sig + "\n", dash + " " + sig + "\n",
        dash + "wit+ness " + sig + "\n", dash + "wit\xC2\xA0ness " + sig + "\n",
        dash + "witness.example AQIDBA==\n",  // 4 bytes: no signature
        dash + "witness.example AQIDBAU\n",   // unpadded
        dash + "witness.example " + sig + " \n",
        dash + "witness.example " + sig + "\r\n"}) {
    SCOPED_TRACE(line);
    auto cp = VerifyCheckpoint(note + line, VerifierFor(kName, key));
    ASSERT_FALSE(cp.ok());
    EXPECT_EQ(cp.error().code, Code::kInvalidArgument);
  }
}

TEST(ParseSignedNote, SignaturesBeforeALaterBlankLineAreText) {
  PrivateKey key = Rfc8032Key(0);
  const std::string note = SignCheckpoint(SampleCheckpoint(), kName, key);
  auto parsed = ParseSignedNote(note + "\n\xE2\x80\x94 w AQIDBAUG\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->text, note);
  auto cp = VerifyCheckpoint(note + "\n\xE2\x80\x94 w AQIDBAUG\n", VerifierFor(kName, key));
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.error().code, Code::kUnauthenticated);
}

TEST(ParseSignedNote, RefusesNoteWithoutSignatureBlock) {
  const std::string body = CheckpointBody(SampleCheckpoint());
  for (const std::string& note : {body, body + "\n", std::string(""), std::string("\n\n")}) {
    SCOPED_TRACE(note);
    EXPECT_EQ(CodeOf(ParseSignedNote(note)), "invalid_argument");
  }
}

TEST(ParseSignedNote, RefusesInvalidUtf8AndControlCharacters) {
  PrivateKey key = Rfc8032Key(0);
  const std::string_view texts[] = {"a\xFF\n", "a\xC0\xAF\n", "\xED\xA0\x80\n", "a\rb\n",
                                    "a\tb\n", std::string_view("a\0b\n", 4), "\xE2\x80\n"};
  for (std::string_view text : texts) {
    SCOPED_TRACE(text);
    EXPECT_EQ(CodeOf(ParseSignedNote(NoteFor(text, kName, key))), "invalid_argument");
  }
}

TEST(ParseSignedNote, SignatureCountLimitIsKMaxNoteSignatures) {
  PrivateKey key = Rfc8032Key(0);
  const std::string line = SignatureLine("t\n", kName, key);
  std::string note = "t\n\n";
  for (std::size_t i = 0; i < kMaxNoteSignatures; ++i) note += line;
  auto parsed = ParseSignedNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->signatures.size(), kMaxNoteSignatures);
  EXPECT_EQ(CodeOf(ParseSignedNote(note + line)), "invalid_argument");
}

TEST(ParseSignedNote, SizeLimitIsKMaxNoteBytes) {
  PrivateKey key = Rfc8032Key(0);
  const std::string line = SignatureLine("t\n", kName, key);
  const std::string text(kMaxNoteBytes - line.size() - 2, 'a');
  const std::string note = text + "\n\n" + line;
  ASSERT_EQ(note.size(), kMaxNoteBytes);
  EXPECT_TRUE(ParseSignedNote(note).ok());
  EXPECT_EQ(CodeOf(ParseSignedNote("a" + note)), "invalid_argument");
}

}  // namespace
}  // namespace ledger
