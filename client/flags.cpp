// Flag parsing and usage text.
#include "flags.hpp"

#include <algorithm>
#include <sstream>

namespace ledger::cli {
namespace {

const FlagSpec* FindSpec(std::span<const FlagSpec> specs, std::string_view name) {
  auto it = std::find_if(specs.begin(), specs.end(),
                         [&](const FlagSpec& spec) { return spec.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

bool IsHelpWord(std::string_view word) { return word == "--help" || word == "-h"; }

// One flag word (and maybe the next word as its value) into `values`;
// returns the number of words consumed.
Result<std::size_t> ParseOneFlag(std::span<const std::string> args, std::size_t i,
                                 std::span<const FlagSpec> specs,
                                 std::map<std::string, std::string>& values) {
  const std::string& word = args[i];
  if (word.size() < 3 || word.compare(0, 2, "--") != 0)
    return Error::Invalid(word, "unexpected argument (this command takes no positional arguments)");
  std::size_t eq = word.find('=');
  std::string name = word.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
  std::string shown = "--" + name;
  const FlagSpec* spec = FindSpec(specs, name);
  if (spec == nullptr) return Error::Invalid(shown, "unknown flag");
  if (values.count(name) != 0) return Error::Invalid(shown, "given more than once");

  if (spec->is_switch()) {
    if (eq != std::string::npos) return Error::Invalid(shown, "takes no value");
    values[name] = "";
    return std::size_t{1};
  }
  if (eq != std::string::npos) {
    values[name] = word.substr(eq + 1);
    return std::size_t{1};
  }
  // A following "--word" is taken as a forgotten value, not as the value:
  // `--out --data x` is far more likely a slip than a file named "--data".
  if (i + 1 >= args.size() || args[i + 1].compare(0, 2, "--") == 0)
    return Error::Invalid(shown, "needs a value: " + shown + " " + std::string(spec->value_name));
  values[name] = args[i + 1];
  return std::size_t{2};
}

}  // namespace

const std::string& ParsedFlags::Get(std::string_view name) const {
  auto it = values_.find(std::string(name));
  LEDGER_CHECK_MSG(it != values_.end(), std::string(name));
  return it->second;
}

Result<ParsedFlags> ParseFlags(std::span<const std::string> args,
                               std::span<const FlagSpec> specs) {
  ParsedFlags parsed;
  for (std::size_t i = 0; i < args.size();) {
    if (IsHelpWord(args[i])) {
      parsed.help_ = true;
      return parsed;
    }
    Result<std::size_t> used = ParseOneFlag(args, i, specs, parsed.values_);
    if (!used.ok()) return used.error();
    i += *used;
  }
  for (const FlagSpec& spec : specs) {
    std::string name(spec.name);
    if (spec.required && parsed.values_.count(name) == 0)
      return Error::Invalid("--" + name, "missing required flag");
    if (!spec.is_switch() && parsed.values_.count(name) != 0 && parsed.values_[name].empty())
      return Error::Invalid("--" + name, "needs a non-empty value");
  }
  return parsed;
}

std::string UsageText(std::string_view command, std::string_view summary,
                      std::span<const FlagSpec> specs, std::string_view program) {
  std::ostringstream text;
  text << "usage: " << program;
  if (!command.empty()) text << ' ' << command;
  for (const FlagSpec& spec : specs) {
    text << ' ' << (spec.required ? "" : "[") << "--" << spec.name;
    if (!spec.is_switch()) text << ' ' << spec.value_name;
    text << (spec.required ? "" : "]");
  }
  text << "\n  " << summary << "\n";
  for (const FlagSpec& spec : specs) {
    // Appended piecewise: g++ 12 warns falsely (-Wrestrict) on "--" + string.
    std::string left("--");
    left.append(spec.name);
    if (!spec.is_switch()) left.append(" ").append(spec.value_name);
    text << "  " << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ')
         << spec.help << "\n";
  }
  text << "  --help                      print this help\n";
  return text.str();
}

}  // namespace ledger::cli
