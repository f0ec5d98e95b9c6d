// Dispatch: the command table, top-level usage, and flag errors.
#include "ledgerctl.hpp"

#include <array>
#include <exception>
#include <ostream>

#include "flags.hpp"
#include "command.hpp"

namespace ledger::cli {
namespace {

// Every command, in the order usage lists them. A new command is one
// cli/cmd_*.cpp and one line here.
std::array<Command, 9> Commands() {
  return {KeygenCommand(), InitCommand(),    CanonCommand(),  SignCommand(),
          PostCommand(),   RebuildCommand(), BackupCommand(), RestoreCommand(),
          TilesCommand()};
}

void PrintTopUsage(std::ostream& os) {
  os << "usage: ledgerctl COMMAND [flags]   (ledgerctl COMMAND --help for its flags)\n\n"
        "commands:\n";
  constexpr std::size_t kNameColumnChars = 8;
  for (const Command& command : Commands()) {
    std::size_t pad = command.name.size() < kNameColumnChars
                          ? kNameColumnChars - command.name.size() : 1;
    os << "  " << command.name << std::string(pad, ' ') << command.summary << "\n";
  }
  os << "\nexit codes: 0 success, 1 verification failed or request refused, "
        "2 usage or input error\n";
}

int UsageError(std::ostream& err, const std::string& problem) {
  err << "ledgerctl: " << problem << "\n";
  PrintTopUsage(err);
  return kExitUsage;
}

int RunCommand(const Command& command, std::span<const std::string> flag_args, CommandIo& io) {
  Result<ParsedFlags> flags = ParseFlags(flag_args, command.flags);
  std::string usage = UsageText(command.name, command.summary, command.flags);
  if (!flags.ok()) {
    io.err << "ledgerctl " << command.name << ": " << flags.error().ToString() << "\n" << usage;
    return kExitUsage;
  }
  if (flags->help_requested()) {
    io.out << usage;
    return kExitOk;
  }
  return command.run(*flags, io);
}

}  // namespace

int RunLedgerctl(std::span<const std::string> args, std::istream& in, std::ostream& out,
                 std::ostream& err) {
  // The boundary of the tool: nothing thrown below (std::bad_alloc, in
  // practice) may escape as an uncaught exception.
  try {
    if (args.empty()) return UsageError(err, "missing command");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      PrintTopUsage(out);
      return kExitOk;
    }
    for (const Command& command : Commands()) {
      if (command.name != args[0]) continue;
      CommandIo io{in, out, err};
      return RunCommand(command, args.subspan(1), io);
    }
    return UsageError(err, args[0] + ": unknown command");
  } catch (const std::exception& e) {
    err << "ledgerctl: internal error: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace ledger::cli
