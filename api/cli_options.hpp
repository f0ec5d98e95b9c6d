// ledgerd's command line: `ledgerd --data DIR [--listen HOST:PORT]
// [--state-cache N] [--max-pending N] [--rate-ip N] [--rate-org N]
// [--tls-cert FILE --tls-key FILE] [--max-streams N]`.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger::api {

struct ListenAddress {
  std::string host = "127.0.0.1";  // an IP address; IPv6 without brackets
  uint16_t port = 8080;
};

inline constexpr uint64_t kDefaultStateCacheEntries = 100'000;
inline constexpr uint64_t kMaxStateCacheEntries = 10'000'000;
// Below the 512 connections, so that the queue's bound is the one met.
inline constexpr uint64_t kDefaultMaxPending = 256;
inline constexpr uint64_t kMaxMaxPending = 1'000'000;
inline constexpr uint64_t kMaxRate = 1'000'000;
// Event streams served at once (GET /v1/events/stream); each holds a
// connection, so at most half of the 512.
inline constexpr uint64_t kDefaultMaxStreams = 64;
inline constexpr uint64_t kMaxMaxStreams = 256;

struct LedgerdArgs {
  std::string data_dir;
  ListenAddress listen;
  // State records the writer keeps decoded in memory (0 to 10,000,000).
  uint64_t state_cache_entries = kDefaultStateCacheEntries;
  // Submissions that may wait for the writer (1 to 1,000,000); one more is 503.
  uint64_t max_pending = kDefaultMaxPending;
  // Requests a second per client address, events a second per org
  // (0 to 1,000,000; 0, the default, for no limit); past them 429.
  uint64_t rate_ip = 0;
  uint64_t rate_org = 0;
  // HTTPS only when both are given (PEM files; the key 0600).
  std::string tls_cert;
  std::string tls_key;
  // Event streams served at once (1 to 256); one more is 503.
  uint64_t max_streams = kDefaultMaxStreams;
  bool help = false;  // --help or -h: print usage, serve nothing
};

// "127.0.0.1:8080", "[::1]:8080". HOST must be an IP address (no name
// lookup: what is bound is what was written); PORT 0..65535, 0 for any free
// port. Errors are kInvalidArgument with field "--listen".
Result<ListenAddress> ParseListenAddress(std::string_view text);

// The words after the program name. `--flag VALUE` or `--flag=VALUE`. A
// usage error is kInvalidArgument naming the flag.
Result<LedgerdArgs> ParseLedgerdArgs(std::span<const std::string> args);

std::string LedgerdUsage();

// "127.0.0.1:8080", "[::1]:8080".
std::string FormatHostPort(const std::string& host, uint16_t port);

}  // namespace ledger::api
