#include "cli_options.hpp"

#include <boost/asio/ip/address.hpp>

#include "query.hpp"

namespace ledger::api {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return Error::Invalid("--listen", "expected HOST:PORT, got '" + std::string(text) + "'");
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string_view::npos)
    return Error::Invalid("--listen", "an IPv6 host goes in brackets: [::1]:8080");
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return Error::Invalid("--listen", "HOST must be an IP address, got '" + std::string(host) + "'");
  auto port = ParseDecimal("--listen", text.substr(colon + 1));
  if (!port || *port > 65535)
    return Error::Invalid("--listen", "PORT must be 0..65535, got '" +
                                          std::string(text.substr(colon + 1)) + "'");
  return ListenAddress{std::string(host), static_cast<uint16_t>(*port)};
}

namespace {

// Takes the value of flag `args[i]` (from "=VALUE" or the next word).
Result<std::string> FlagValue(std::span<const std::string> args, std::size_t& i,
                              std::string_view name) {
  const std::string& word = args[i];
  if (word.size() > name.size() && word[name.size()] == '=') return word.substr(name.size() + 1);
  if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
    return Error::Invalid(std::string(name), "needs a value");
  return args[++i];
}

bool IsFlag(const std::string& word, std::string_view name) {
  return word.rfind(name, 0) == 0 && (word.size() == name.size() || word[name.size()] == '=');
}

}  // namespace

Result<LedgerdArgs> ParseLedgerdArgs(std::span<const std::string> args) {
  LedgerdArgs parsed;
  bool have_data = false;
  bool have_listen = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--help" || word == "-h") {
      parsed.help = true;
      return parsed;
    }
    const bool data = IsFlag(word, "--data");
    if (!data && !IsFlag(word, "--listen")) return Error::Invalid(word, "unknown argument");
    bool& seen = data ? have_data : have_listen;
    if (seen) return Error::Invalid(data ? "--data" : "--listen", "given more than once");
    seen = true;
    auto value = FlagValue(args, i, data ? "--data" : "--listen");
    if (!value) return value.error();
    if (data) {
      if (value->empty()) return Error::Invalid("--data", "needs a non-empty value");
      parsed.data_dir = std::move(*value);
    } else {
      auto listen = ParseListenAddress(*value);
      if (!listen) return listen.error();
      parsed.listen = std::move(*listen);
    }
  }
  if (!have_data) return Error::Invalid("--data", "missing required flag");
  return parsed;
}

std::string LedgerdUsage() {
  return "usage: ledgerd --data DIR [--listen HOST:PORT]\n"
         "Serves the welfare-ledger HTTP API for the ledger in DIR.\n"
         "  --data DIR          ledger directory made by `ledgerctl init` (holds log-key.pem)\n"
         "  --listen HOST:PORT  IP address and port to bind (default 127.0.0.1:8080;\n"
         "                      [::1]:8080 for IPv6; port 0 picks a free one)\n"
         "  --help              this text\n"
         "Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not open the ledger or\n"
         "bind, 2 usage error.\n";
}

std::string FormatHostPort(const std::string& host, uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace ledger::api
