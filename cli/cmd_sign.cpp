// ledgerctl sign --key FILE: a submission or signed batch on stdin, printed
// signed (DESIGN.md §3) as canonical JSON followed by "\n".
#include <ostream>

#include "command.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/signing.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kSignFlags[] = {
    {"key", "FILE", true, "the org's private key (PKCS#8 PEM)"},
};

int RunSign(const ParsedFlags& flags, CommandIo& io) {
  const std::string& key_path = flags.Get("key");
  Result<PrivateKey> key = PrivateKey::ReadPemFile(key_path);
  if (!key.ok())
    return Fail(io, "sign", AboutFile(key.error(), "--key", key_path), kExitUsage);
  Result<std::string> text = ReadAllBounded(io.in);
  if (!text.ok()) return Fail(io, "sign", text.error(), kExitUsage);
  // Events are integer-only JSON; a fraction here could never be appended.
  Result<Json> doc = ParseStrict(*text, NumberMode::kIntegersOnly);
  if (!doc.ok()) return Fail(io, "sign", doc.error(), kExitUsage);
  Result<Json> signed_doc = Sign(std::move(*doc), *key);
  if (!signed_doc.ok()) return Fail(io, "sign", signed_doc.error(), kExitUsage);
  Result<std::string> canonical = Canonicalize(*signed_doc, NumberMode::kIntegersOnly);
  if (!canonical.ok()) return Fail(io, "sign", canonical.error(), kExitUsage);
  io.out << *canonical << "\n";
  return kExitOk;
}

}  // namespace

Command SignCommand() {
  return {"sign",
          "Read a submission or signed batch on stdin (at most 16 MiB) and print it signed "
          "by FILE's key, as canonical JSON and a newline.",
          kSignFlags, &RunSign};
}

}  // namespace ledger::cli
