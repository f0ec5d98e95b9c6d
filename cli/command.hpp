// What a ledgerctl command is, and the helpers commands share. Each command
// lives in its own cli/cmd_*.cpp and is listed once in ledgerctl.cpp's
// table; adding one touches nothing else.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "flags.hpp"
#include "ledger/status.hpp"

namespace ledger::cli {

// stdin is read whole before any work; more than this is refused (exit 2),
// so that a runaway pipe cannot exhaust memory.
inline constexpr std::size_t kMaxStdinBytes = std::size_t{16} << 20;  // 16 MiB

struct CommandIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string_view name;
  std::string_view summary;
  std::span<const FlagSpec> flags;
  // Runs with flags already parsed (required ones present); returns an exit
  // code from ledgerctl.hpp and reports any failure on io.err itself.
  int (*run)(const ParsedFlags& flags, CommandIo& io);
};

Command KeygenCommand();
Command InitCommand();
Command CanonCommand();
Command SignCommand();
Command PostCommand();
Command RebuildCommand();
Command BackupCommand();
Command RestoreCommand();
Command TilesCommand();

// All of `in`, or kTooLarge when it holds more than kMaxStdinBytes (field
// "stdin"), or kIoError when the stream fails.
Result<std::string> ReadAllBounded(std::istream& in);

// `error` blamed on `field` (a flag), its message naming `path` once: the
// libraries' messages often name the file already.
Error AboutFile(const Error& error, std::string field, const std::string& path);

// Writes "ledgerctl CMD: <field>: <message>\n" to io.err and returns
// `exit_code`, so that a command can `return Fail(...)`.
int Fail(CommandIo& io, std::string_view command, const Error& error, int exit_code);

// Fail for an error from the library whose field names an option ("out"):
// blamed on its flag ("--out"); exit 2 for an input error
// (kInvalidArgument), 1 for anything else (a refusal, a failed copy).
int FailOnOption(CommandIo& io, std::string_view command, Error error);

}  // namespace ledger::cli
