// The only door to OpenSSL: SHA-256 and Ed25519, with PEM key files.
//
// Key files are PEM as `openssl genpkey -algorithm ed25519` writes them:
// PKCS#8 ("PRIVATE KEY") for private keys, SubjectPublicKeyInfo
// ("PUBLIC KEY") for public keys. Private key files are created with mode
// 0600 and never overwritten. Objects here are immutable after creation and
// safe to use from several threads, except Sha256Hasher (one per thread).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ledger/encoding.hpp"
#include "ledger/status.hpp"

namespace ledger {

namespace detail {
struct EvpKey;  // an OpenSSL EVP_PKEY, defined in crypto.cpp only
}  // namespace detail

using Hash = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;
using RawPublicKey = std::array<uint8_t, 32>;

// One-shot SHA-256.
Hash Sha256(std::span<const uint8_t> data);
inline Hash Sha256(std::string_view data) { return Sha256(AsBytes(data)); }

// Reusable SHA-256 context for hot paths: no allocation per hash.
// Not thread-safe; give each thread its own.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  // SHA-256 of the concatenation of `parts`.
  Hash Digest(std::initializer_list<std::span<const uint8_t>> parts);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// FromPem refuses longer text. An Ed25519 key PEM is ~120 bytes; the
// slack admits explanatory text before the PEM block (RFC 7468).
inline constexpr std::size_t kMaxPemBytes = 64 * 1024;

// An Ed25519 public key. A default-constructed PublicKey holds no key:
// it verifies nothing. Copies share one immutable OpenSSL key.
class PublicKey {
 public:
  static Result<PublicKey> FromRaw(std::span<const uint8_t> raw32);
  static Result<PublicKey> FromBase64(std::string_view b64);
  static Result<PublicKey> FromPem(std::string_view pem);
  static Result<PublicKey> ReadPemFile(const std::string& path);

  const RawPublicKey& raw() const { return raw_; }
  std::string Base64() const;
  std::string Pem() const;
  // False for a bad or wrong-length signature; never fails otherwise.
  bool Verify(std::span<const uint8_t> message, std::span<const uint8_t> signature) const;
  friend bool operator==(const PublicKey& a, const PublicKey& b) { return a.raw_ == b.raw_; }

 private:
  RawPublicKey raw_{};
  std::shared_ptr<const detail::EvpKey> key_;  // built once, not per Verify
};

// An Ed25519 private key. Only the factories make a usable one; signing
// with a default-constructed PrivateKey is a LEDGER_CHECK failure.
class PrivateKey {
 public:
  static Result<PrivateKey> Generate();
  static Result<PrivateKey> FromSeed(std::span<const uint8_t> seed32);
  static Result<PrivateKey> FromPem(std::string_view pem);
  static Result<PrivateKey> ReadPemFile(const std::string& path);

  const PublicKey& public_key() const { return public_; }
  Signature Sign(std::span<const uint8_t> message) const;
  std::string Pem() const;  // PKCS#8
  // Creates `path` with mode 0600 (refusing an existing file) and writes the
  // PKCS#8 PEM; writes the SPKI PEM to `path`.pub with mode 0644.
  // Refuses if either file exists; never leaves one without the other.
  Status WriteKeyPair(const std::string& path) const;

 private:
  std::shared_ptr<const detail::EvpKey> key_;  // holds the only seed copy
  PublicKey public_;
};

// Writes `text` to a new file `path` created with exactly `mode` (the umask
// does not apply), refusing to overwrite; the file and its directory entry
// are fsynced before returning. On error no file is left at `path` unless
// one was there before.
Status WriteNewFile(const std::string& path, std::string_view text, int mode);

// Files we read whole (keys, genesis documents) are small.
inline constexpr std::size_t kMaxReadFileBytes = std::size_t{1} << 20;  // 1 MiB

// The whole file; kIoError if it cannot be read, kInvalidArgument if it
// is over kMaxReadFileBytes.
Result<std::string> ReadFile(const std::string& path);

// Makes the entries of directory `dir` durable (a file created or renamed
// in it): fsync of the directory itself.
Status SyncDirectory(const std::string& dir);

// Refuses (kPermissionDenied, field `path`) a private key file that its
// group or others may read or write (any of mode 077): the message names
// the mode and the fix, chmod 600. kIoError if it cannot be stat'ed.
Status CheckKeyFileMode(const std::string& path);

}  // namespace ledger
