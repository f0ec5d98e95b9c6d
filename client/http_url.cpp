// Base URLs for HttpClient: http[s]://HOST[:PORT][/prefix] (http_client.hpp).
#include "http_client.hpp"

#include <cctype>

#include <boost/asio/ip/address.hpp>

namespace ledger::api {

namespace net = boost::asio;
using ErrorCode = boost::system::error_code;

namespace {

constexpr std::string_view kHttpScheme = "http://";
constexpr std::string_view kHttpsScheme = "https://";

Error BadUrl(std::string message) { return Error::Invalid("url", std::move(message)); }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// Printable ASCII other than space, '?' and '#': what a base URL may hold.
bool IsUrlChar(char c) {
  return c > ' ' && c < 0x7f && c != '?' && c != '#';
}

bool IsHostNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

Result<uint16_t> ParsePort(std::string_view digits) {
  constexpr std::size_t kMaxPortDigits = 5;
  if (digits.empty() || digits.size() > kMaxPortDigits)
    return BadUrl("PORT must be 1..65535, got '" + std::string(digits) + "'");
  unsigned value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return BadUrl("PORT must be 1..65535, got '" + std::string(digits) + "'");
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535)
    return BadUrl("PORT must be 1..65535, got '" + std::string(digits) + "'");
  return static_cast<uint16_t>(value);
}

// Splits "HOST[:PORT]" or "[V6][:PORT]" into `url`.
Status ParseAuthority(std::string_view authority, HttpUrl& url) {
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl("'[' without ']' in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return BadUrl("expected ':PORT' after ']'");
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
    ErrorCode ec;
    net::ip::make_address_v6(std::string(host), ec);
    if (ec) return BadUrl("'[" + std::string(host) + "]' is not an IPv6 address");
  } else {
    const std::size_t colon = authority.find(':');
    has_port = colon != std::string_view::npos;
    host = authority.substr(0, colon);
    if (has_port) port = authority.substr(colon + 1);
    if (port.find(':') != std::string_view::npos)
      return BadUrl("an IPv6 address goes in brackets: http://[::1]:8080");
    if (host.empty()) return BadUrl("the host is missing: expected http://HOST[:PORT][/prefix]");
    if (host.size() > kMaxHostBytes)
      return BadUrl("the host is longer than " + std::to_string(kMaxHostBytes) + " bytes");
    for (char c : host)
      if (!IsHostNameChar(c))
        return BadUrl("the host '" + std::string(host) +
                      "' may hold only letters, digits, '-' and '.'");
  }
  url.host = std::string(host);
  if (has_port) {
    auto parsed = ParsePort(port);
    if (!parsed) return parsed.error();
    url.port = *parsed;
  }
  return Status::Ok();
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view text) {
  if (text.size() > kMaxUrlBytes)
    return BadUrl("longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  const bool tls = StartsWithNoCase(text, kHttpsScheme);
  if (!tls && !StartsWithNoCase(text, kHttpScheme))
    return BadUrl("expected http://HOST[:PORT][/prefix] or https://…, got '" + std::string(text) + "'");
  std::string_view rest = text.substr(tls ? kHttpsScheme.size() : kHttpScheme.size());
  for (char c : rest)
    if (!IsUrlChar(c))
      return BadUrl("no spaces, control characters, non-ASCII, query or fragment allowed "
                    "in a base URL");
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos)
    return BadUrl("user information (user@host) is not supported");
  HttpUrl url;
  url.tls = tls;
  url.port = tls ? 443 : 80;
  LEDGER_RETURN_IF_ERROR(ParseAuthority(authority, url));
  std::string_view prefix = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  url.prefix = std::string(prefix);
  return url;
}

std::string HttpUrl::Authority() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string HttpUrl::ToString() const {
  return std::string(tls ? kHttpsScheme : kHttpScheme) + Authority() + prefix;
}

}  // namespace ledger::api
