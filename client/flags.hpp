// Flag parsing for ledgerctl commands: `--flag VALUE`, `--flag=VALUE` and
// value-less switches. No positional arguments, no short flags except -h.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger::cli {

struct FlagSpec {
  std::string_view name;        // without the leading "--"
  std::string_view value_name;  // shown in usage, e.g. "FILE"; empty for a switch
  bool required = false;
  std::string_view help;

  bool is_switch() const { return value_name.empty(); }
};

class ParsedFlags {
 public:
  bool help_requested() const { return help_; }
  bool Has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  // The value of a flag that was given; LEDGER_CHECKs that it was (required
  // flags are guaranteed present after a successful parse).
  const std::string& Get(std::string_view name) const;
  // The value of an optional flag, or "" when it was not given.
  std::string GetOr(std::string_view name) const { return Has(name) ? Get(name) : std::string(); }

 private:
  friend Result<ParsedFlags> ParseFlags(std::span<const std::string> args,
                                        std::span<const FlagSpec> specs);
  std::map<std::string, std::string> values_;
  bool help_ = false;
};

// Parses `args` (the words after the command name) against `specs`. A usage
// error is kInvalidArgument with `field` the offending word ("--out",
// "--bogus", "stray") and a message saying what is wrong. When --help or -h
// stands where a flag may, parsing stops there and help_requested() is true
// (required flags are then not checked).
Result<ParsedFlags> ParseFlags(std::span<const std::string> args,
                               std::span<const FlagSpec> specs);

// "usage: PROGRAM CMD --flag VALUE [--opt VALUE]\n" followed by one line
// per flag with its help. `command` may be empty (a program without
// subcommands).
std::string UsageText(std::string_view command, std::string_view summary,
                      std::span<const FlagSpec> specs, std::string_view program = "ledgerctl");

}  // namespace ledger::cli
