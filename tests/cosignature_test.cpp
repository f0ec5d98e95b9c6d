// Witness cosignatures (C2SP tlog-cosignature v1, Ed25519): made, verified,
// refused when anything is off, and carried in a note that the log's own
// verifier still accepts.
#include "ledger/cosignature.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/checkpoint.hpp"
#include "ledger/encoding.hpp"

namespace ledger {
namespace {

constexpr std::string_view kWitness = "witness.example/w1";
constexpr uint64_t kTime = 1679315147;

// RFC 8032 §7.1 test 1: a fixed Ed25519 key.
PrivateKey FixedKey() {
  auto seed = HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EXPECT_TRUE(seed.ok());
  auto key = PrivateKey::FromSeed(*seed);
  EXPECT_TRUE(key.ok());
  return *key;
}

Checkpoint SomeCheckpoint() {
  Checkpoint cp{"test.example/ledger", 6, {}};
  cp.root.fill(0x11);
  return cp;
}

NoteSignature ParseLine(const std::string& line) {
  auto parsed = ParseNoteSignatureLine(line);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  return parsed.ok() ? *parsed : NoteSignature{};
}

TEST(Cosignature, KeyIdIsTheSpecHashWithTypeByte04) {
  const PrivateKey key = FixedKey();
  // By hand, from the spec: SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
  std::string input(kWitness);
  input += '\n';
  input += '\x04';
  input.append(reinterpret_cast<const char*>(key.public_key().raw().data()), 32);
  const Hash digest = Sha256(input);
  const uint32_t by_hand = (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) |
                           (uint32_t{digest[2]} << 8) | digest[3];
  EXPECT_EQ(CosignatureKeyId(kWitness, key.public_key()), by_hand);
  // The same, computed outside this code base (Python hashlib).
  EXPECT_EQ(CosignatureKeyId(kWitness, key.public_key()), 0xeb762cc2u);
  // Not the plain signed-note key hash (type 0x01) of the same key.
  EXPECT_NE(CosignatureKeyId(kWitness, key.public_key()), KeyHash(kWitness, key.public_key()));
}

TEST(Cosignature, LineMatchesAVectorMadeOutsideThisCodeBase) {
  // Made with Python's `cryptography` from the spec's text: the message
  // "cosignature/v1\ntime 1679315147\n" ‖ body, the line's bytes
  // key ID ‖ big-endian u64 time ‖ signature.
  const std::string body = CheckpointBody(SomeCheckpoint());
  ASSERT_EQ(body, "test.example/ledger\n6\nERERERERERERERERERERERERERERERERERERERERERE=\n");
  EXPECT_EQ(CosignedMessage(body, kTime), "cosignature/v1\ntime 1679315147\n" + body);
  EXPECT_EQ(CosignatureLine(body, kWitness, FixedKey(), kTime),
            "\xE2\x80\x94 witness.example/w1 63YswgAAAABkGFDLdjrQIYbzWvpTmtnA/3geDFajNwhz/"
            "142RE4/WTYLCY4/RYfCSs6Pg4ylpLAOrajIhV4ACy5g9qzdGwOykqmZDQ==\n");
}

TEST(Cosignature, MadeThenVerifiedGivesItsTimestamp) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  const NoteSignature line = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  EXPECT_EQ(line.name, kWitness);
  EXPECT_EQ(line.signature.size(), kCosignatureBytes);
  auto timestamp = VerifyCosignature(body, line, kWitness, key.public_key());
  ASSERT_TRUE(timestamp.ok()) << timestamp.error().ToString();
  EXPECT_EQ(*timestamp, kTime);
}

TEST(Cosignature, TimestampZeroAndTheSpecMaximumVerify) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  for (uint64_t t : {uint64_t{0}, kMaxCosignatureTime}) {
    auto timestamp = VerifyCosignature(body, ParseLine(CosignatureLine(body, kWitness, key, t)),
                                       kWitness, key.public_key());
    ASSERT_TRUE(timestamp.ok()) << t;
    EXPECT_EQ(*timestamp, t);
  }
}

TEST(Cosignature, EveryFlippedBitIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  const NoteSignature good = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  for (std::size_t bit = 0; bit < 8 * good.signature.size(); ++bit) {
    NoteSignature flipped = good;
    flipped.signature[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    auto result = VerifyCosignature(body, flipped, kWitness, key.public_key());
    ASSERT_FALSE(result.ok()) << "bit " << bit;
    // A flipped top bit of the timestamp makes it exceed 2^63-1: malformed.
    const Code expected = bit == 7 ? Code::kInvalidArgument : Code::kUnauthenticated;
    EXPECT_EQ(result.error().code, expected) << "bit " << bit;
  }
}

TEST(Cosignature, AnotherBodyIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  Checkpoint other = SomeCheckpoint();
  other.size = 7;
  const NoteSignature line = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  auto result = VerifyCosignature(CheckpointBody(other), line, kWitness, key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kUnauthenticated);
}

TEST(Cosignature, AnotherTimeThanSignedIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  NoteSignature line = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  line.signature[7] ^= 1;  // the timestamp's lowest byte: kTime ± 1
  auto result = VerifyCosignature(body, line, kWitness, key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kUnauthenticated);
}

TEST(Cosignature, WrongNameIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  NoteSignature line = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  auto result = VerifyCosignature(body, line, "witness.example/w2", key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kInvalidArgument);
  EXPECT_EQ(result.error().field, "name");
  // Renamed on the line too: the key ID no longer matches the name.
  line.name = "witness.example/w2";
  result = VerifyCosignature(body, line, line.name, key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "key_id");
}

TEST(Cosignature, WrongKeyIdIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  NoteSignature line = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  line.key_hash ^= 1;
  auto result = VerifyCosignature(body, line, kWitness, key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kInvalidArgument);
  EXPECT_EQ(result.error().field, "key_id");
  // A plain note signature's key hash (type 0x01) is not a cosignature's.
  line.key_hash = KeyHash(kWitness, key.public_key());
  EXPECT_EQ(VerifyCosignature(body, line, kWitness, key.public_key()).error().field, "key_id");
}

TEST(Cosignature, AnotherKeyIsRefused) {
  const PrivateKey key = FixedKey();
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  const std::string body = CheckpointBody(SomeCheckpoint());
  NoteSignature line = ParseLine(CosignatureLine(body, kWitness, *other, kTime));
  auto result = VerifyCosignature(body, line, kWitness, key.public_key());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "key_id");
}

TEST(Cosignature, WrongLengthIsRefused) {
  const PrivateKey key = FixedKey();
  const std::string body = CheckpointBody(SomeCheckpoint());
  const NoteSignature good = ParseLine(CosignatureLine(body, kWitness, key, kTime));
  for (std::size_t size : {std::size_t{64}, kCosignatureBytes - 1, kCosignatureBytes + 1}) {
    NoteSignature line = good;
    line.signature.resize(size);
    auto result = VerifyCosignature(body, line, kWitness, key.public_key());
    ASSERT_FALSE(result.ok()) << size;
    EXPECT_EQ(result.error().code, Code::kInvalidArgument) << size;
  }
}

TEST(Cosignature, AppendedLinesKeepTheNoteValidForTheLog) {
  auto log_key = PrivateKey::Generate();
  ASSERT_TRUE(log_key.ok());
  const Checkpoint cp = SomeCheckpoint();
  const std::string note = SignCheckpoint(cp, cp.origin, *log_key);
  const std::string body = CheckpointBody(cp);
  const PrivateKey w1 = FixedKey();
  auto w2 = PrivateKey::Generate();
  ASSERT_TRUE(w2.ok());
  const std::vector<std::string> lines = {CosignatureLine(body, "w1", w1, kTime),
                                          CosignatureLine(body, "w2", *w2, kTime + 5)};
  auto cosigned = AppendSignatureLines(note, lines);
  ASSERT_TRUE(cosigned.ok()) << cosigned.error().ToString();
  EXPECT_EQ(*cosigned, note + lines[0] + lines[1]);

  auto parsed = ParseSignedNote(*cosigned);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->text, body);
  ASSERT_EQ(parsed->signatures.size(), 3u);
  EXPECT_EQ(parsed->signatures[0].name, cp.origin);  // the log's line stays first
  EXPECT_EQ(*VerifyCosignature(body, parsed->signatures[1], "w1", w1.public_key()), kTime);
  EXPECT_EQ(*VerifyCosignature(body, parsed->signatures[2], "w2", w2->public_key()), kTime + 5);

  auto verifier = ParseVerifierKey(VerifierKeyString(cp.origin, log_key->public_key()));
  ASSERT_TRUE(verifier.ok());
  auto verified = VerifyCheckpoint(*cosigned, *verifier);
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, cp);
}

TEST(Cosignature, AppendRefusesWhatIsNotASignatureLine) {
  auto log_key = PrivateKey::Generate();
  ASSERT_TRUE(log_key.ok());
  const Checkpoint cp = SomeCheckpoint();
  const std::string note = SignCheckpoint(cp, cp.origin, *log_key);
  const std::vector<std::string> bad = {"not a signature line\n"};
  EXPECT_EQ(AppendSignatureLines(note, bad).error().code, Code::kInvalidArgument);
  const std::vector<std::string> two = {"\xE2\x80\x94 a AAAAAAAA\n\xE2\x80\x94 b AAAAAAAA\n"};
  EXPECT_EQ(AppendSignatureLines(note, two).error().code, Code::kInvalidArgument);
  const std::vector<std::string> none;
  EXPECT_EQ(AppendSignatureLines("no note", none).error().code, Code::kInvalidArgument);
}

}  // namespace
}  // namespace ledger
