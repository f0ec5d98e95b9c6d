// A small synchronous HTTP/1.1 client for talking to ledgerd: what
// `ledgerctl post` and the load benchmark use. Boost.Beast stays behind
// this header.
//
// HTTP, or HTTPS (TLS 1.2 or 1.3) for an https:// URL: the server's
// certificate must chain to the CA file given (HttpClientOptions::ca_file)
// or, without one, to the system's trusted CAs, be valid now, and name the
// URL's host (a DNS name, or an IP address in its subjectAltName).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger::api {

// A base URL: `http://HOST[:PORT][/prefix]` or `https://…`.
struct HttpUrl {
  std::string host;  // an IPv4 address, an IPv6 address (no brackets) or a host name
  uint16_t port = 80;
  std::string prefix;  // "" or "/a/b": no trailing slash, prepended to every path
  bool tls = false;    // https (last, so that {host, port, prefix} stays plain HTTP)

  // "127.0.0.1:8080", "[::1]:8080", "ledger.example.org:80".
  std::string Authority() const;
  // "http://" (or "https://") + Authority() + prefix.
  std::string ToString() const;
};

// Host names are at most this long (RFC 1035); URLs at most kMaxUrlBytes.
inline constexpr std::size_t kMaxHostBytes = 253;
inline constexpr std::size_t kMaxUrlBytes = 2048;

// Parses `http://HOST[:PORT][/prefix]` or `https://…`. The scheme is
// case-insensitive; HOST is an IPv4 address, a bracketed IPv6 address
// (`[::1]`) or a host name (letters, digits, '-' and '.'); PORT is
// 1..65535 (default 80, or 443 for https); the
// prefix is a path with no query, fragment, spaces or control characters,
// and a trailing '/' is dropped. User information (`user@`) is refused.
// Every error is kInvalidArgument with field "url".
Result<HttpUrl> ParseHttpUrl(std::string_view text);

struct HttpReply {
  int status = 0;
  std::string content_type;  // the Content-Type header as sent; "" when absent
  std::string body;
};

// A whole request (name lookup, connecting, sending, the full answer) must
// finish within this, or it fails. (A host name's lookup cannot be
// interrupted: it may overrun by the system resolver's own timeout.
// Addresses are used as written, with no lookup.)
inline constexpr std::chrono::milliseconds kDefaultHttpTimeout{30'000};
// A reply body over this is refused, so a wrong server cannot exhaust memory.
inline constexpr std::size_t kMaxReplyBodyBytes = std::size_t{64} << 20;  // 64 MiB

struct HttpClientOptions {
  std::chrono::milliseconds timeout = kDefaultHttpTimeout;
  // For https: the PEM file of the CA(s) to trust instead of the system's.
  std::string ca_file;
  std::size_t max_reply_body_bytes = kMaxReplyBodyBytes;
};

// One keep-alive connection to one server, opened on first use.
//
// Error codes: kUnavailable when the server cannot be reached (name lookup
// or connect fails; the message names the address), when the connection
// breaks, or when the timeout passes (the message says so); kIoError when
// the answer is not valid HTTP or its body is over the limit. After any
// error the connection is closed; the next request opens a new one.
//
// When a request on a connection kept from an earlier request fails before
// any byte of an answer arrives (the server closed the idle connection, as
// servers do), it is sent once more on a new connection, within the same
// timeout. A POST may therefore reach the server twice; ledgerd's `idem`
// makes that harmless for submissions.
//
// Not thread-safe: one request at a time. Use one client per thread.
class HttpClient {
 public:
  explicit HttpClient(HttpUrl base, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // `path` starts with '/' and is sent after the base URL's prefix.
  Result<HttpReply> Get(std::string_view path);
  Result<HttpReply> Post(std::string_view path, std::string_view body,
                         std::string_view content_type);

  const HttpUrl& base() const;
  // How many connections have been opened so far (for tests and tools).
  uint64_t connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api
