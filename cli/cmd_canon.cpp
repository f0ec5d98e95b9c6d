// ledgerctl canon: JSON on stdin, its RFC 8785 canonical bytes on stdout —
// exactly those bytes, no newline added, so that
// `{ printf '\0'; ledgerctl canon < event.json; } | sha256sum` is the
// event's leaf hash.
#include <ostream>

#include "command.hpp"
#include "ledger/canonical_json.hpp"
#include "ledgerctl.hpp"

namespace ledger::cli {
namespace {

constexpr FlagSpec kCanonFlags[] = {
    {"integers-only", "", false,
     "apply the event rule: every number an integer within +-(2^53-1)"},
};

int RunCanon(const ParsedFlags& flags, CommandIo& io) {
  const NumberMode mode =
      flags.Has("integers-only") ? NumberMode::kIntegersOnly : NumberMode::kAny;
  Result<std::string> text = ReadAllBounded(io.in);
  if (!text.ok()) return Fail(io, "canon", text.error(), kExitUsage);
  Result<Json> doc = ParseStrict(*text, mode);
  if (!doc.ok()) return Fail(io, "canon", doc.error(), kExitUsage);
  Result<std::string> canonical = Canonicalize(*doc, mode);
  if (!canonical.ok()) return Fail(io, "canon", canonical.error(), kExitUsage);
  io.out << *canonical;
  return kExitOk;
}

}  // namespace

Command CanonCommand() {
  return {"canon",
          "Read JSON on stdin (at most 16 MiB) and print its RFC 8785 canonical form, "
          "with no newline added.",
          kCanonFlags, &RunCanon};
}

}  // namespace ledger::cli
