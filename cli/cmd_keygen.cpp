// ledgerctl keygen --out FILE: a new Ed25519 key pair, FILE (PKCS#8 PEM,
// 0600) and FILE.pub (SPKI PEM). Never overwrites either file.
#include <filesystem>
#include <ostream>

#include "command.hpp"
#include "ledger/crypto.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kKeygenFlags[] = {
    {"out", "FILE", true, "private key file to create (its public key goes to FILE.pub)"},
};

// Checked before generating so that neither file is written when either
// exists; WriteKeyPair refuses an existing FILE again at creation time.
Status RefuseExisting(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found)
    return Error{Code::kConflict, path, "already exists; keygen never overwrites a key"};
  return Status::Ok();
}

int RunKeygen(const ParsedFlags& flags, CommandIo& io) {
  const std::string& path = flags.Get("out");
  const std::string pub_path = path + ".pub";
  for (const std::string& p : {path, pub_path}) {
    Status free = RefuseExisting(p);
    if (!free.ok()) return Fail(io, "keygen", free.error(), kExitRefused);
  }
  Result<PrivateKey> key = PrivateKey::Generate();
  if (!key.ok()) return Fail(io, "keygen", key.error(), kExitRefused);
  Status written = key->WriteKeyPair(path);
  if (!written.ok())
    return Fail(io, "keygen", AboutFile(written.error(), "--out", path), kExitRefused);
  io.out << "public_key: " << key->public_key().Base64() << "\n"
         << "private_key_file: " << path << "\n"
         << "public_key_file: " << pub_path << "\n";
  return kExitOk;
}

}  // namespace

Command KeygenCommand() {
  return {"keygen",
          "Create a new Ed25519 key: FILE (PKCS#8 PEM, mode 0600) and FILE.pub (SPKI PEM).",
          kKeygenFlags, &RunKeygen};
}

}  // namespace ledger::cli
