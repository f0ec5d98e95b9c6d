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

Result<uint64_t> ParseCount(const std::string& text, const char* flag, uint64_t max) {
  const Error bad = Error::Invalid(flag, "must be a whole number from 0 to " + std::to_string(max) + ", got '" +
                                            text + "'");
  if (text.empty() || text.size() > 9) return bad;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return bad;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > max) return bad;
  return value;
}

namespace {

enum class LedgerdFlag { kData, kListen, kStateCache, kMaxPending, kRateIp, kRateOrg, kTlsCert, kTlsKey, kMaxStreams };
struct NamedFlag {
  const char* name;
  LedgerdFlag flag;
};
constexpr NamedFlag kLedgerdFlags[] = {
    {"--data", LedgerdFlag::kData},          {"--listen", LedgerdFlag::kListen},
    {"--state-cache", LedgerdFlag::kStateCache}, {"--max-pending", LedgerdFlag::kMaxPending},
    {"--rate-ip", LedgerdFlag::kRateIp},     {"--rate-org", LedgerdFlag::kRateOrg},
    {"--tls-cert", LedgerdFlag::kTlsCert},   {"--tls-key", LedgerdFlag::kTlsKey},
    {"--max-streams", LedgerdFlag::kMaxStreams}};

Status SetLedgerdFlag(LedgerdFlag flag, const char* name, std::string value, LedgerdArgs& parsed) {
  switch (flag) {
    case LedgerdFlag::kData:
      if (value.empty()) return Error::Invalid(name, "needs a non-empty value");
      parsed.data_dir = std::move(value);
      return Status::Ok();
    case LedgerdFlag::kListen: {
      LEDGER_ASSIGN_OR_RETURN(parsed.listen, ParseListenAddress(value));
      return Status::Ok();
    }
    case LedgerdFlag::kStateCache: {
      LEDGER_ASSIGN_OR_RETURN(parsed.state_cache_entries, ParseCount(value, name, kMaxStateCacheEntries));
      return Status::Ok();
    }
    case LedgerdFlag::kMaxPending: {
      LEDGER_ASSIGN_OR_RETURN(parsed.max_pending, ParseCount(value, name, kMaxMaxPending));
      if (parsed.max_pending == 0) return Error::Invalid(name, "must be at least 1: the writer needs a queue");
      return Status::Ok();
    }
    case LedgerdFlag::kRateIp: {
      LEDGER_ASSIGN_OR_RETURN(parsed.rate_ip, ParseCount(value, name, kMaxRate));
      return Status::Ok();
    }
    case LedgerdFlag::kTlsCert:
    case LedgerdFlag::kTlsKey:
      if (value.empty()) return Error::Invalid(name, "needs a file");
      (flag == LedgerdFlag::kTlsCert ? parsed.tls_cert : parsed.tls_key) = std::move(value);
      return Status::Ok();
    case LedgerdFlag::kRateOrg: {
      LEDGER_ASSIGN_OR_RETURN(parsed.rate_org, ParseCount(value, name, kMaxRate));
      return Status::Ok();
    }
    case LedgerdFlag::kMaxStreams: {
      LEDGER_ASSIGN_OR_RETURN(parsed.max_streams, ParseCount(value, name, kMaxMaxStreams));
      if (parsed.max_streams == 0) return Error::Invalid(name, "must be at least 1");
      return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LedgerdArgs> ParseLedgerdArgs(std::span<const std::string> args) {
  LedgerdArgs parsed;
  bool seen[std::size(kLedgerdFlags)] = {};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--help" || word == "-h") {
      parsed.help = true;
      return parsed;
    }
    std::size_t f = 0;
    while (f < std::size(kLedgerdFlags) && !IsFlag(word, kLedgerdFlags[f].name)) ++f;
    if (f == std::size(kLedgerdFlags)) return Error::Invalid(word, "unknown argument");
    const char* name = kLedgerdFlags[f].name;
    if (seen[f]) return Error::Invalid(name, "given more than once");
    seen[f] = true;
    auto value = FlagValue(args, i, name);
    if (!value) return value.error();
    LEDGER_RETURN_IF_ERROR(SetLedgerdFlag(kLedgerdFlags[f].flag, name, std::move(*value), parsed));
  }
  if (!seen[0]) return Error::Invalid("--data", "missing required flag");  // kLedgerdFlags[0]
  if (parsed.tls_cert.empty() != parsed.tls_key.empty())
    return Error::Invalid(parsed.tls_cert.empty() ? "--tls-cert" : "--tls-key", "--tls-cert and --tls-key go together");
  return parsed;
}

std::string LedgerdUsage() {
  return "usage: ledgerd --data DIR [--listen HOST:PORT] [--state-cache N] [--max-pending N]\n"
         "               [--rate-ip N] [--rate-org N] [--tls-cert FILE --tls-key FILE]\n"
         "               [--max-streams N]\n"
         "Serves the welfare-ledger HTTP API for the ledger in DIR.\n"
         "  --data DIR          ledger directory made by `ledgerctl init` (holds log-key.pem)\n"
         "  --listen HOST:PORT  IP address and port to bind (default 127.0.0.1:8080;\n"
         "                      [::1]:8080 for IPv6; port 0 picks a free one)\n"
         "  --state-cache N     state records most groups re-read (orgs, funds, totals)\n"
         "                      the writer keeps in memory, at most 64 MiB\n"
         "                      (0 to 10000000, default 100000; 0 turns the cache off)\n"
         "  --max-pending N     submissions that may wait for the writer; one more is\n"
         "                      answered 503 with Retry-After (1 to 1000000, default 256)\n"
         "  --rate-ip N         requests a second from one client address (an IPv6\n"
         "                      client by its /64), bursts up to 2N; past it 429 with\n"
         "                      Retry-After (0 to 1000000, default 0: no limit)\n"
         "  --rate-org N        events a second one org may submit, counted after its\n"
         "                      signature verifies, bursts up to 2N; past it 429\n"
         "                      (0 to 1000000, default 0: no limit)\n"
         "  --tls-cert FILE     serve HTTPS only (TLS 1.2 and 1.3), with this PEM\n"
         "                      certificate chain...\n"
         "  --tls-key FILE      ...and its PEM private key (mode 0600); both or neither\n"
         "  --max-streams N     event streams (GET /v1/events/stream) served at once;\n"
         "                      one more is answered 503 (1 to 256, default 64)\n"
         "  --help              this text\n"
         "Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not open the ledger or\n"
         "bind, 2 usage error.\n";
}

std::string FormatHostPort(const std::string& host, uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace ledger::api
