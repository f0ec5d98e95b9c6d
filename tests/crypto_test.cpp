// SHA-256, Ed25519 and PEM key files: known answers, RFC 8032 vectors,
// interoperability with the openssl CLI, and the failure paths.
#include "ledger/crypto.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace ledger {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::VectorsDir;

Bytes Hex(std::string_view hex) { return HexDecode(hex).value(); }
std::string HexOf(const Hash& hash) { return HexEncode(hash); }

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

int ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

// Sets the process umask for one scope (tests run on one thread).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

// ---- SHA-256 ----

TEST(Sha256, EmptyInputKnownAnswer) {
  EXPECT_EQ(HexOf(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, AbcKnownAnswer) {
  EXPECT_EQ(HexOf(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, MillionAsKnownAnswer) {
  const std::string million_as(1'000'000, 'a');
  EXPECT_EQ(HexOf(Sha256(million_as)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hasher, EqualsOneShotOverEverySplitOfMultipartInput) {
  std::string input;
  for (int i = 0; i < 200; ++i) input.push_back(static_cast<char>((i * 37 + 11) & 0xff));
  const Hash expected = Sha256(input);
  const std::span<const uint8_t> bytes = AsBytes(input);
  Sha256Hasher hasher;  // reused: each Digest must start afresh
  for (size_t a = 0; a <= bytes.size(); a += 7) {
    for (size_t b = a; b <= bytes.size(); b += 13) {
      ASSERT_EQ(hasher.Digest({bytes.subspan(0, a), bytes.subspan(a, b - a),
                               bytes.subspan(b)}),
                expected)
          << "split at " << a << ", " << b;
    }
  }
}

TEST(Sha256Hasher, InteriorNodeStyleHashMatchesOneShot) {
  // The Merkle use: SHA-256(0x01 || left || right).
  const uint8_t prefix[] = {0x01};
  const Hash left = Sha256("left");
  const Hash right = Sha256("right");
  std::string joined = "\x01";
  joined.append(reinterpret_cast<const char*>(left.data()), left.size());
  joined.append(reinterpret_cast<const char*>(right.data()), right.size());
  Sha256Hasher hasher;
  EXPECT_EQ(hasher.Digest({prefix, left, right}), Sha256(joined));
}

TEST(Sha256Hasher, NoPartsIsHashOfEmptyInput) {
  Sha256Hasher hasher;
  EXPECT_EQ(hasher.Digest({}), Sha256(""));
}

// ---- Ed25519: RFC 8032 section 7.1 ----

struct Rfc8032Vector {
  std::string name;
  Bytes seed, public_key, message, signature;
};

std::vector<Rfc8032Vector> LoadRfc8032Vectors() {
  auto doc = nlohmann::json::parse(ReadText(VectorsDir() + "/rfc8032/ed25519.json"));
  std::vector<Rfc8032Vector> vectors;
  for (const auto& v : doc.at("vectors")) {
    vectors.push_back({v.at("name"), Hex(v.at("secret_key").get<std::string>()),
                       Hex(v.at("public_key").get<std::string>()),
                       Hex(v.at("message").get<std::string>()),
                       Hex(v.at("signature").get<std::string>())});
  }
  return vectors;
}

class Ed25519Rfc8032 : public ::testing::Test {
 protected:
  void SetUp() override {
    vectors_ = LoadRfc8032Vectors();
    ASSERT_EQ(vectors_.size(), 5u);  // TEST 1, 2, 3, 1024, SHA(abc)
  }
  std::vector<Rfc8032Vector> vectors_;
};

TEST_F(Ed25519Rfc8032, SeedYieldsPublishedPublicKey) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    auto key = PrivateKey::FromSeed(v.seed);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    EXPECT_EQ(Bytes(key->public_key().raw().begin(), key->public_key().raw().end()),
              v.public_key);
  }
}

TEST_F(Ed25519Rfc8032, SignReproducesPublishedSignature) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    Signature sig = PrivateKey::FromSeed(v.seed)->Sign(v.message);
    EXPECT_EQ(Bytes(sig.begin(), sig.end()), v.signature);
  }
}

TEST_F(Ed25519Rfc8032, PublishedSignatureVerifies) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    EXPECT_TRUE(PublicKey::FromRaw(v.public_key)->Verify(v.message, v.signature));
  }
}

TEST_F(Ed25519Rfc8032, ChangedMessageFailsToVerify) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    Bytes message = v.message;
    if (message.empty()) {
      message.push_back(0x00);
    } else {
      message[message.size() / 2] ^= 0x01;
    }
    EXPECT_FALSE(PublicKey::FromRaw(v.public_key)->Verify(message, v.signature));
  }
}

TEST_F(Ed25519Rfc8032, FlippedSignatureByteFailsToVerify) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    PublicKey key = *PublicKey::FromRaw(v.public_key);
    for (size_t at : {0u, 31u, 32u, 63u}) {
      Bytes signature = v.signature;
      signature[at] ^= 0x01;
      EXPECT_FALSE(key.Verify(v.message, signature)) << "flipped byte " << at;
    }
  }
}

TEST_F(Ed25519Rfc8032, OtherKeyFailsToVerify) {
  for (size_t i = 0; i < vectors_.size(); ++i) {
    const auto& v = vectors_[i];
    const auto& other = vectors_[(i + 1) % vectors_.size()];
    SCOPED_TRACE(v.name);
    EXPECT_FALSE(PublicKey::FromRaw(other.public_key)->Verify(v.message, v.signature));
  }
}

// ---- Ed25519: edges ----

TEST(Ed25519, WrongLengthSignatureIsFalseNotACrash) {
  PrivateKey key = *PrivateKey::FromSeed(Bytes(32, 7));
  Signature sig = key.Sign(AsBytes("m"));
  const std::span<const uint8_t> full(sig);
  EXPECT_FALSE(key.public_key().Verify(AsBytes("m"), full.first(63)));
  EXPECT_FALSE(key.public_key().Verify(AsBytes("m"), {}));
  Bytes longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_FALSE(key.public_key().Verify(AsBytes("m"), longer));
  EXPECT_TRUE(key.public_key().Verify(AsBytes("m"), sig));  // the control
}

TEST(Ed25519, DefaultPublicKeyVerifiesNothing) {
  PrivateKey key = *PrivateKey::FromSeed(Bytes(32, 7));
  EXPECT_FALSE(PublicKey().Verify(AsBytes("m"), key.Sign(AsBytes("m"))));
}

TEST(Ed25519, FromRawRefusesWrongLength) {
  auto key = PublicKey::FromRaw(Bytes(31, 1));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("31 bytes"), std::string::npos);
}

TEST(Ed25519, FromSeedRefusesWrongLength) {
  auto key = PrivateKey::FromSeed(Bytes(33, 1));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("33 bytes"), std::string::npos);
}

TEST(Ed25519, Base64RoundTrips) {
  PublicKey key = PrivateKey::FromSeed(Bytes(32, 9))->public_key();
  auto back = PublicKey::FromBase64(key.Base64());
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, key);
  EXPECT_EQ(key.Base64().size(), 44u);
}

TEST(Ed25519, FromBase64RefusesBadBase64AndWrongLength) {
  auto bad = PublicKey::FromBase64("not base64!");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  auto short_key = PublicKey::FromBase64(Base64Encode(Bytes(16, 1)));
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error().code, Code::kInvalidArgument);
  EXPECT_NE(short_key.error().message.find("16 bytes"), std::string::npos);
}

TEST(Ed25519, GeneratedKeysDifferAndSign) {
  auto a = PrivateKey::Generate();
  auto b = PrivateKey::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->public_key(), b->public_key());
  EXPECT_TRUE(a->public_key().Verify(AsBytes("m"), a->Sign(AsBytes("m"))));
  EXPECT_FALSE(b->public_key().Verify(AsBytes("m"), a->Sign(AsBytes("m"))));
}

// ---- PEM ----

// The exact PKCS#8 / SPKI encodings of RFC 8032 TEST 1, as any library
// (and `openssl pkey`) writes them: fixed DER prefixes, then the raw bytes.
TEST(Pem, Rfc8032Test1KeyHasTheStandardEncoding) {
  const Bytes seed = Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const Bytes pub = Hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Bytes pkcs8 = Hex("302e020100300506032b657004220420");
  pkcs8.insert(pkcs8.end(), seed.begin(), seed.end());
  Bytes spki = Hex("302a300506032b6570032100");
  spki.insert(spki.end(), pub.begin(), pub.end());
  PrivateKey key = *PrivateKey::FromSeed(seed);
  EXPECT_EQ(key.Pem(), "-----BEGIN PRIVATE KEY-----\n" + Base64Encode(pkcs8) +
                           "\n-----END PRIVATE KEY-----\n");
  EXPECT_EQ(key.public_key().Pem(), "-----BEGIN PUBLIC KEY-----\n" + Base64Encode(spki) +
                                        "\n-----END PUBLIC KEY-----\n");
}

TEST(Pem, PrivateKeyRoundTrips) {
  PrivateKey key = *PrivateKey::FromSeed(Bytes(32, 3));
  auto back = PrivateKey::FromPem(key.Pem());
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->public_key(), key.public_key());
  EXPECT_EQ(back->Sign(AsBytes("m")), key.Sign(AsBytes("m")));
}

TEST(Pem, PublicKeyRoundTrips) {
  PublicKey key = PrivateKey::FromSeed(Bytes(32, 3))->public_key();
  auto back = PublicKey::FromPem(key.Pem());
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, key);
}

TEST(Pem, GarbageIsRefused) {
  const std::string garbage =
      "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
  auto priv = PrivateKey::FromPem(garbage);
  ASSERT_FALSE(priv.ok());
  EXPECT_EQ(priv.error().code, Code::kInvalidArgument);
  EXPECT_NE(priv.error().message.find("PRIVATE KEY"), std::string::npos);
  auto pub = PublicKey::FromPem("hello");
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().code, Code::kInvalidArgument);
  EXPECT_NE(pub.error().message.find("no '-----BEGIN PUBLIC KEY-----' line"),
            std::string::npos)
      << pub.error().message;
}

TEST(Pem, PublicPemIsNotAPrivateKey) {
  auto key = PrivateKey::FromPem(PrivateKey::FromSeed(Bytes(32, 3))->public_key().Pem());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("no '-----BEGIN PRIVATE KEY-----' line"),
            std::string::npos)
      << key.error().message;
}

TEST(Pem, TextAtTheLimitLoadsAndOneByteMoreIsRefused) {
  const std::string pem = PrivateKey::FromSeed(Bytes(32, 3))->Pem();
  // RFC 7468 lets explanatory text precede the block; pad with such lines.
  std::string text;
  while (text.size() + pem.size() + 64 <= kMaxPemBytes) text += std::string(63, 'x') + "\n";
  text += std::string(kMaxPemBytes - pem.size() - text.size() - 1, 'y') + "\n";
  text += pem;
  ASSERT_EQ(text.size(), kMaxPemBytes);
  ASSERT_TRUE(PrivateKey::FromPem(text).ok());
  auto over = PrivateKey::FromPem("z" + text);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kInvalidArgument);
  EXPECT_NE(over.error().message.find("limit"), std::string::npos);
}

// ---- PEM from the openssl command line ----

constexpr const char* kOpensslCli = "/usr/bin/openssl";

class OpensslCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kOpensslCli)) {
      GTEST_SKIP() << kOpensslCli << " is not installed: no CLI-made keys to test with";
    }
  }
  // Runs `openssl <args>` quietly; paths in args are TempDir paths (no quotes
  // needed: mkdtemp names have no spaces).
  static void Run(const std::string& args) {
    std::string command = std::string(kOpensslCli) + " " + args + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  TempDir dir_;
};

TEST_F(OpensslCli, GenpkeyEd25519KeyLoadsWithMatchingPublicKey) {
  const std::string key_path = dir_.Sub("cli.pem");
  const std::string pub_path = dir_.Sub("cli.pub");
  Run("genpkey -algorithm ed25519 -out " + key_path);
  Run("pkey -in " + key_path + " -pubout -out " + pub_path);
  auto key = PrivateKey::ReadPemFile(key_path);
  ASSERT_TRUE(key.ok()) << key.error().ToString();
  auto pub = PublicKey::ReadPemFile(pub_path);
  ASSERT_TRUE(pub.ok()) << pub.error().ToString();
  EXPECT_EQ(key->public_key(), *pub);
  EXPECT_EQ(key->public_key().Pem(), ReadText(pub_path));
}

TEST_F(OpensslCli, ReadsOurPrivateKeyFileAndDerivesOurPublicKey) {
  const std::string key_path = dir_.Sub("ours.pem");
  ASSERT_TRUE(PrivateKey::FromSeed(Bytes(32, 5))->WriteKeyPair(key_path).ok());
  Run("pkey -in " + key_path + " -pubout -out " + dir_.Sub("derived.pub"));
  EXPECT_EQ(ReadText(dir_.Sub("derived.pub")), ReadText(key_path + ".pub"));
}

TEST_F(OpensslCli, RsaKeyIsRefused) {
  Run("genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out " + dir_.Sub("rsa.pem"));
  Run("pkey -in " + dir_.Sub("rsa.pem") + " -pubout -out " + dir_.Sub("rsa.pub"));
  auto key = PrivateKey::ReadPemFile(dir_.Sub("rsa.pem"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("RSA"), std::string::npos) << key.error().message;
  EXPECT_NE(key.error().message.find("Ed25519"), std::string::npos);
  auto pub = PublicKey::ReadPemFile(dir_.Sub("rsa.pub"));
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().code, Code::kInvalidArgument);
  EXPECT_NE(pub.error().message.find("RSA"), std::string::npos) << pub.error().message;
}

TEST_F(OpensslCli, EcKeyIsRefused) {
  Run("genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out " + dir_.Sub("ec.pem"));
  auto key = PrivateKey::ReadPemFile(dir_.Sub("ec.pem"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("EC"), std::string::npos) << key.error().message;
}

TEST_F(OpensslCli, EncryptedKeyIsRefusedWithoutPrompting) {
  Run("genpkey -algorithm ed25519 -aes256 -pass pass:secret -out " + dir_.Sub("enc.pem"));
  auto key = PrivateKey::ReadPemFile(dir_.Sub("enc.pem"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find("encrypted"), std::string::npos) << key.error().message;
}

// ---- Key files ----

TEST(WriteKeyPair, PrivateIs0600AndPublic0644WhateverTheUmask) {
  TempDir dir;
  PrivateKey key = *PrivateKey::FromSeed(Bytes(32, 4));
  {
    ScopedUmask open_umask(0);  // would leave 0600 / 0644 as asked
    ASSERT_TRUE(key.WriteKeyPair(dir.Sub("a.pem")).ok());
  }
  {
    ScopedUmask strict_umask(077);  // would narrow .pub to 0600 without fchmod
    ASSERT_TRUE(key.WriteKeyPair(dir.Sub("b.pem")).ok());
  }
  for (const char* name : {"a.pem", "b.pem"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ModeOf(dir.Sub(name)), 0600);
    EXPECT_EQ(ModeOf(dir.Sub(name) + ".pub"), 0644);
  }
}

TEST(WriteKeyPair, FilesReadBackAsTheSameKey) {
  TempDir dir;
  PrivateKey key = *PrivateKey::FromSeed(Bytes(32, 4));
  ASSERT_TRUE(key.WriteKeyPair(dir.Sub("k.pem")).ok());
  auto priv = PrivateKey::ReadPemFile(dir.Sub("k.pem"));
  auto pub = PublicKey::ReadPemFile(dir.Sub("k.pem.pub"));
  ASSERT_TRUE(priv.ok() && pub.ok());
  EXPECT_EQ(priv->public_key(), key.public_key());
  EXPECT_EQ(*pub, key.public_key());
}

TEST(WriteKeyPair, RefusesExistingPrivateFileAndLeavesIt) {
  TempDir dir;
  WriteText(dir.Sub("k.pem"), "precious");
  Status s = PrivateKey::FromSeed(Bytes(32, 4))->WriteKeyPair(dir.Sub("k.pem"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIoError);
  EXPECT_NE(s.error().message.find(dir.Sub("k.pem")), std::string::npos);
  EXPECT_EQ(ReadText(dir.Sub("k.pem")), "precious");
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("k.pem.pub")));
}

TEST(WriteKeyPair, RefusesExistingPublicFileAndLeavesNoPrivateFile) {
  TempDir dir;
  WriteText(dir.Sub("k.pem.pub"), "precious");
  Status s = PrivateKey::FromSeed(Bytes(32, 4))->WriteKeyPair(dir.Sub("k.pem"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIoError);
  EXPECT_NE(s.error().message.find(dir.Sub("k.pem.pub")), std::string::npos);
  EXPECT_EQ(ReadText(dir.Sub("k.pem.pub")), "precious");
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("k.pem")));
}

TEST(WriteKeyPair, FailedPublicWriteRemovesThePrivateFile) {
  TempDir dir;
  // 252 bytes is a legal file name; with ".pub" it is over NAME_MAX (255),
  // so the private file is created and the public one cannot be.
  const std::string path = dir.Sub(std::string(252, 'k'));
  Status s = PrivateKey::FromSeed(Bytes(32, 4))->WriteKeyPair(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIoError);
  EXPECT_FALSE(std::filesystem::exists(path));
}

// ---- WriteNewFile / ReadFile ----

TEST(WriteNewFile, WritesTextWithExactMode) {
  TempDir dir;
  ScopedUmask strict_umask(077);
  ASSERT_TRUE(WriteNewFile(dir.Sub("f"), "hello\n", 0640).ok());
  EXPECT_EQ(ReadText(dir.Sub("f")), "hello\n");
  EXPECT_EQ(ModeOf(dir.Sub("f")), 0640);
}

TEST(WriteNewFile, RefusesToOverwrite) {
  TempDir dir;
  WriteText(dir.Sub("f"), "old");
  Status s = WriteNewFile(dir.Sub("f"), "new", 0600);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIoError);
  EXPECT_NE(s.error().message.find(dir.Sub("f")), std::string::npos);
  EXPECT_EQ(ReadText(dir.Sub("f")), "old");
}

TEST(WriteNewFile, MissingDirectoryIsIoErrorNamingPath) {
  TempDir dir;
  Status s = WriteNewFile(dir.Sub("no/such/f"), "x", 0600);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Code::kIoError);
  EXPECT_NE(s.error().message.find(dir.Sub("no/such/f")), std::string::npos);
}

TEST(ReadFile, MissingFileIsIoErrorNamingPath) {
  TempDir dir;
  auto text = ReadFile(dir.Sub("absent"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Code::kIoError);
  EXPECT_NE(text.error().message.find(dir.Sub("absent")), std::string::npos);
}

TEST(ReadFile, FileAtTheLimitReadsAndOneByteMoreIsRefused) {
  TempDir dir;
  const std::string at_limit(kMaxReadFileBytes, 'a');
  WriteText(dir.Sub("at"), at_limit);
  WriteText(dir.Sub("over"), at_limit + "a");
  auto text = ReadFile(dir.Sub("at"));
  ASSERT_TRUE(text.ok()) << text.error().ToString();
  EXPECT_EQ(*text, at_limit);
  auto over = ReadFile(dir.Sub("over"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kInvalidArgument);
  EXPECT_NE(over.error().message.find(dir.Sub("over")), std::string::npos);
}

TEST(ReadPemFile, BadKeyFileErrorNamesThePath) {
  TempDir dir;
  WriteText(dir.Sub("bad.pem"), "not a key\n");
  auto key = PrivateKey::ReadPemFile(dir.Sub("bad.pem"));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, Code::kInvalidArgument);
  EXPECT_NE(key.error().message.find(dir.Sub("bad.pem")), std::string::npos);
}

}  // namespace
}  // namespace ledger
