// SHA-256 and Ed25519 over OpenSSL 3 EVP; PEM key files.
#include "ledger/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <filesystem>
#include <system_error>

namespace ledger {

struct detail::EvpKey {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey;
};

namespace {

using EvpMdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using EvpMd = std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)>;
using EvpPkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr size_t kEd25519KeyBytes = 32;
constexpr size_t kEd25519SignatureBytes = 64;
constexpr int kPrivateKeyFileMode = 0600;
constexpr int kPublicKeyFileMode = 0644;

// OpenSSL's reason for the failure just seen. Empties this thread's error
// queue so that a later failure is not blamed on this one.
std::string TakeOpenSslError() {
  unsigned long last = 0;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) last = e;
  if (last == 0) return "no reason given by OpenSSL";
  char text[256];
  ERR_error_string_n(last, text, sizeof text);
  return text;
}

EvpMdCtx NewMdCtx() {
  EvpMdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  LEDGER_CHECK(ctx != nullptr);  // out of memory
  return ctx;
}

// Never prompt on a terminal for an encrypted PEM: a server has none, and a
// CLI should fail clearly rather than hang. -1 means "no passphrase".
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  LEDGER_CHECK(size >= 0);
  return std::string(data, static_cast<size_t>(size));
}

Bio NewMemBio() {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  LEDGER_CHECK(bio != nullptr);
  return bio;
}

std::shared_ptr<const detail::EvpKey> Share(EvpPkey pkey) {
  return std::make_shared<const detail::EvpKey>(detail::EvpKey{std::move(pkey)});
}

enum class PemKind { kPrivate, kPublic };

// OpenSSL 3.0 reports a missing block only as "DECODER routines::unsupported";
// say what was expected instead.
Error PemError(std::string_view pem, const std::string& label, const std::string& reason) {
  std::string why = reason;
  if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != pem.npos) {
    why = "encrypted private keys are not supported (" + reason + ")";
  } else if (pem.find("-----BEGIN " + label + "-----") == pem.npos) {
    why = "no '-----BEGIN " + label + "-----' line";
  }
  return Error::Invalid({}, "not a readable PEM " + label + ": " + why);
}

// Parses the first PEM block of `kind` and insists it holds an Ed25519 key.
Result<EvpPkey> ParsePem(std::string_view pem, PemKind kind) {
  const std::string label = kind == PemKind::kPrivate ? "PRIVATE KEY" : "PUBLIC KEY";
  if (pem.size() > kMaxPemBytes) {
    return Error::Invalid({}, "PEM text is " + std::to_string(pem.size()) +
                                  " bytes, over the limit of " +
                                  std::to_string(kMaxPemBytes));
  }
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  LEDGER_CHECK(bio != nullptr);
  EvpPkey pkey(kind == PemKind::kPrivate
                   ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr)
                   : PEM_read_bio_PUBKEY(bio.get(), nullptr, &NoPassphrase, nullptr),
               &EVP_PKEY_free);
  if (pkey == nullptr) return PemError(pem, label, TakeOpenSslError());
  ERR_clear_error();  // decoders tried and rejected along the way leave notes
  if (!EVP_PKEY_is_a(pkey.get(), "ED25519")) {
    const char* type = EVP_PKEY_get0_type_name(pkey.get());
    return Error::Invalid({}, "PEM " + label + " holds a " +
                                  (type != nullptr ? type : "non-Ed25519") +
                                  " key; only Ed25519 keys are accepted");
  }
  return pkey;
}

// The public half of `pkey`, held by its own EVP_PKEY so that a PublicKey
// copied out of a PrivateKey never keeps the secret alive.
Result<PublicKey> PublicHalf(EVP_PKEY* pkey) {
  RawPublicKey raw{};
  size_t raw_len = raw.size();
  if (EVP_PKEY_get_raw_public_key(pkey, raw.data(), &raw_len) != 1 ||
      raw_len != raw.size()) {
    return Error::Invalid({}, "cannot read the Ed25519 public key: " + TakeOpenSslError());
  }
  return PublicKey::FromRaw(raw);
}

// Prefixes an error with the file it came from.
Error InFile(const std::string& path, const Error& error) {
  return {error.code, error.field, "key file " + path + ": " + error.message};
}

}  // namespace

// ---- SHA-256 ----

Hash Sha256(std::span<const uint8_t> data) {
  Hash out{};
  unsigned int out_len = 0;
  // EVP_Digest fails only on allocation failure: nothing a caller can handle.
  LEDGER_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &out_len,
                          EVP_sha256(), nullptr) == 1);
  LEDGER_CHECK(out_len == out.size());
  return out;
}

struct Sha256Hasher::Impl {
  EvpMd md{EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free};
  EvpMdCtx ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
};

Sha256Hasher::Sha256Hasher() : impl_(std::make_unique<Impl>()) {
  LEDGER_CHECK(impl_->md != nullptr);
  LEDGER_CHECK(impl_->ctx != nullptr);
}

Sha256Hasher::~Sha256Hasher() = default;

Hash Sha256Hasher::Digest(std::initializer_list<std::span<const uint8_t>> parts) {
  EVP_MD_CTX* ctx = impl_->ctx.get();
  // Re-initialising with the pre-fetched EVP_MD reuses the context's state:
  // no fetch and no allocation per hash.
  LEDGER_CHECK(EVP_DigestInit_ex2(ctx, impl_->md.get(), nullptr) == 1);
  for (std::span<const uint8_t> part : parts) {
    LEDGER_CHECK(EVP_DigestUpdate(ctx, part.data(), part.size()) == 1);
  }
  Hash out{};
  unsigned int out_len = 0;
  LEDGER_CHECK(EVP_DigestFinal_ex(ctx, out.data(), &out_len) == 1);
  LEDGER_CHECK(out_len == out.size());
  return out;
}

// ---- PublicKey ----

Result<PublicKey> PublicKey::FromRaw(std::span<const uint8_t> raw32) {
  if (raw32.size() != kEd25519KeyBytes) {
    return Error::Invalid({}, "Ed25519 public key is " + std::to_string(raw32.size()) +
                                  " bytes, want 32");
  }
  EvpPkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw32.data(),
                                           raw32.size()),
               &EVP_PKEY_free);
  if (pkey == nullptr) {
    return Error::Invalid({}, "bad Ed25519 public key: " + TakeOpenSslError());
  }
  PublicKey key;
  std::copy(raw32.begin(), raw32.end(), key.raw_.begin());
  key.key_ = Share(std::move(pkey));
  return key;
}

Result<PublicKey> PublicKey::FromBase64(std::string_view b64) {
  Result<Bytes> raw = Base64Decode(b64);
  if (!raw.ok()) {
    const Error& e = raw.error();
    return Error{e.code, e.field, "public key is not base64: " + e.message};
  }
  return FromRaw(*raw);
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  Result<EvpPkey> pkey = ParsePem(pem, PemKind::kPublic);
  if (!pkey.ok()) return pkey.error();
  return PublicHalf(pkey->get());
}

Result<PublicKey> PublicKey::ReadPemFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.error();
  Result<PublicKey> key = FromPem(*text);
  if (!key.ok()) return InFile(path, key.error());
  return key;
}

std::string PublicKey::Base64() const { return Base64Encode(raw_); }

std::string PublicKey::Pem() const {
  LEDGER_CHECK(key_ != nullptr);
  Bio bio = NewMemBio();
  LEDGER_CHECK_MSG(PEM_write_bio_PUBKEY(bio.get(), key_->pkey.get()) == 1,
                   TakeOpenSslError());
  return BioText(bio.get());
}

bool PublicKey::Verify(std::span<const uint8_t> message,
                       std::span<const uint8_t> signature) const {
  if (key_ == nullptr || signature.size() != kEd25519SignatureBytes) return false;
  EvpMdCtx ctx = NewMdCtx();
  // Ed25519 hashes internally: no digest is named (NULL md).
  bool ok = EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                                 key_->pkey.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                             message.data(), message.size()) == 1;
  ERR_clear_error();  // a bad signature is an answer, not an error to keep
  return ok;
}

// ---- PrivateKey ----

Result<PrivateKey> PrivateKey::Generate() {
  std::array<uint8_t, kEd25519KeyBytes> seed{};
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
    return Error::Io("no randomness for a new key: " + TakeOpenSslError());
  }
  Result<PrivateKey> key = FromSeed(seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  return key;
}

Result<PrivateKey> PrivateKey::FromSeed(std::span<const uint8_t> seed32) {
  if (seed32.size() != kEd25519KeyBytes) {
    return Error::Invalid({}, "Ed25519 seed is " + std::to_string(seed32.size()) +
                                  " bytes, want 32");
  }
  EvpPkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed32.data(),
                                            seed32.size()),
               &EVP_PKEY_free);
  if (pkey == nullptr) {
    return Error::Invalid({}, "bad Ed25519 seed: " + TakeOpenSslError());
  }
  Result<PublicKey> pub = PublicHalf(pkey.get());
  if (!pub.ok()) return pub.error();
  PrivateKey key;
  key.key_ = Share(std::move(pkey));
  key.public_ = std::move(*pub);
  return key;
}

Result<PrivateKey> PrivateKey::FromPem(std::string_view pem) {
  Result<EvpPkey> pkey = ParsePem(pem, PemKind::kPrivate);
  if (!pkey.ok()) return pkey.error();
  Result<PublicKey> pub = PublicHalf(pkey->get());
  if (!pub.ok()) return pub.error();
  PrivateKey key;
  key.key_ = Share(std::move(*pkey));
  key.public_ = std::move(*pub);
  return key;
}

Result<PrivateKey> PrivateKey::ReadPemFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.error();
  Result<PrivateKey> key = FromPem(*text);
  OPENSSL_cleanse(text->data(), text->size());
  if (!key.ok()) return InFile(path, key.error());
  return key;
}

Signature PrivateKey::Sign(std::span<const uint8_t> message) const {
  LEDGER_CHECK(key_ != nullptr);
  EvpMdCtx ctx = NewMdCtx();
  // Fails only on allocation failure with a key we built ourselves.
  LEDGER_CHECK_MSG(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr,
                                      key_->pkey.get()) == 1,
                   TakeOpenSslError());
  Signature signature{};
  size_t signature_len = signature.size();
  LEDGER_CHECK_MSG(EVP_DigestSign(ctx.get(), signature.data(), &signature_len,
                                  message.data(), message.size()) == 1,
                   TakeOpenSslError());
  LEDGER_CHECK(signature_len == signature.size());
  return signature;
}

std::string PrivateKey::Pem() const {
  LEDGER_CHECK(key_ != nullptr);
  Bio bio = NewMemBio();
  // For Ed25519 OpenSSL 3 writes PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted.
  LEDGER_CHECK_MSG(PEM_write_bio_PrivateKey(bio.get(), key_->pkey.get(), nullptr,
                                            nullptr, 0, nullptr, nullptr) == 1,
                   TakeOpenSslError());
  std::string pem = BioText(bio.get());
  // The BIO's copy of the secret goes with it; BIO_free does not cleanse.
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  OPENSSL_cleanse(data, static_cast<size_t>(size));
  return pem;
}

Status PrivateKey::WriteKeyPair(const std::string& path) const {
  // Both creates refuse an existing file (O_EXCL); if the second fails, the
  // first is undone, so a pair is written whole or not at all.
  std::string pem = Pem();
  Status written = WriteNewFile(path, pem, kPrivateKeyFileMode);
  OPENSSL_cleanse(pem.data(), pem.size());
  if (!written.ok()) return written;
  written = WriteNewFile(path + ".pub", public_.Pem(), kPublicKeyFileMode);
  if (!written.ok()) {
    std::error_code ignored;  // the error to report is the one above
    std::filesystem::remove(path, ignored);
  }
  return written;
}

}  // namespace ledger
