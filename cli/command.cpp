// Helpers shared by the commands: bounded stdin, error reports.
#include "command.hpp"

#include <istream>
#include <ostream>

#include "ledgerctl.hpp"

namespace ledger::cli {

Result<std::string> ReadAllBounded(std::istream& in) {
  constexpr std::size_t kChunkBytes = 64 * 1024;
  std::string text;
  char chunk[kChunkBytes];
  // Reading one byte past the limit tells "exactly the limit" from "more".
  while (text.size() <= kMaxStdinBytes) {
    in.read(chunk, kChunkBytes);
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (in.eof()) break;
    if (in.fail()) return Error::Io("stdin: read failed");
  }
  if (text.size() > kMaxStdinBytes)
    return Error{Code::kTooLarge, "stdin",
                 "input is larger than the limit of " + std::to_string(kMaxStdinBytes) +
                     " bytes (16 MiB)"};
  return text;
}

Error AboutFile(const Error& error, std::string field, const std::string& path) {
  std::string message = error.ToString();
  if (message.find(path) == std::string::npos) message = path + ": " + message;
  return Error{error.code, std::move(field), std::move(message)};
}

int Fail(CommandIo& io, std::string_view command, const Error& error, int exit_code) {
  io.err << "ledgerctl " << command << ": " << error.ToString() << "\n";
  return exit_code;
}

int FailOnOption(CommandIo& io, std::string_view command, Error error) {
  if (!error.field.empty()) error.field = "--" + error.field;
  return Fail(io, command, error, error.code == Code::kInvalidArgument ? kExitUsage : kExitRefused);
}

}  // namespace ledger::cli
