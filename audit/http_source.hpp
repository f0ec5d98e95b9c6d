// A running ledgerd as an audit Source (`ledger-audit --url URL`), read
// through its public API only (docs/api.md), as any mirror would.
//
// The audit ends at a signed tree head: Size() is the size of the server's
// latest checkpoint, fetched once and kept, so that a ledger that keeps
// growing during the audit is audited up to exactly that checkpoint. The
// source checks only what a faithful reader must (each event's leaf_hash
// against the bytes it rebuilds); the auditor verifies everything else.
//
// Not thread-safe: one HTTP connection, one request at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_client.hpp"
#include "ledger/status.hpp"
#include "source.hpp"

namespace ledger::audit {

// Page sizes asked of the server: the API's maximum for both pages.
inline constexpr std::size_t kHttpEventsPageLimit = 1000;
inline constexpr std::size_t kHttpCheckpointsPageLimit = 1000;
// A reply larger than this is refused. A page holds at most 1000 events of
// at most 65,535 bytes each (kMaxEventBytes), plus the JSON around them.
inline constexpr std::size_t kMaxHttpSourceReplyBytes = std::size_t{96} << 20;  // 96 MiB

// The error for an answer that is not 2xx: names `path` and the status, and
// carries the problem's `detail` (RFC 9457) when the body is one. The code
// follows the status (404 kNotFound, 401 kUnauthenticated, 403
// kPermissionDenied, 409 kConflict, 413 kTooLarge, 422 kUnprocessable, 503
// kUnavailable, other 4xx kInvalidArgument, 5xx and the rest kIoError).
Error HttpReplyError(std::string_view path, const api::HttpReply& reply);

class HttpSource : public Source {
 public:
  // Parses `url` (http://HOST[:PORT][/prefix]; kInvalidArgument, field
  // "url") and connects on first use. No request is made yet.
  // For https, the server's certificate is checked against `ca_file` (PEM)
  // or, when empty, the system's CAs.
  static Result<std::unique_ptr<HttpSource>> Open(const std::string& url, const std::string& ca_file = "");

  std::string Describe() const override;  // "url:http://HOST:PORT/prefix"
  // The size of GET /v1/checkpoint, asked once and then kept.
  Result<uint64_t> Size() override;
  // GET /v1/events pages. Each event's canonical bytes are rebuilt from the
  // page (the event's fields less "leaf_hash", RFC 8785); a "leaf_hash"
  // that is not LeafHash of those bytes is kCorruption naming the seq: the
  // server contradicts itself.
  Result<std::vector<SourceEvent>> ReadEvents(uint64_t from, std::size_t limit) override;
  // GET /v1/events/{seq}/raw: the exact bytes.
  Result<std::string> ReadEvent(uint64_t seq) override;
  // Kept sizes up to Size() only (see the .cpp for why).
  Result<std::vector<uint64_t>> CheckpointSizes() override;
  Result<std::vector<std::string>> CheckpointNotes(uint64_t size) override;
  Result<std::optional<Json>> ServedJson(const std::string& path) override;
  Result<std::optional<ConsistencyProofData>> ConsistencyProof(uint64_t from,
                                                               uint64_t to) override;

  // The note Size() was taken from (calls Size() first if it was not).
  // Unverified: the auditor verifies it.
  Result<std::string> LatestCheckpointNote();
  // GET /v1/log/key without its final newline. Unverified: what the server
  // says its key is.
  Result<std::string> LogKey();
  // The connection, for the witness's POST after the audit.
  api::HttpClient& client() { return client_; }

 private:
  HttpSource(api::HttpUrl base, const std::string& ca_file);
  Result<api::HttpReply> GetOk(const std::string& path);
  Result<std::vector<SourceEvent>> ReadPage(uint64_t from, std::size_t limit);

  api::HttpClient client_;
  std::optional<uint64_t> size_;
  std::string latest_note_;
};

// The same, as the plain Source the CLI's `--url` needs.
Result<std::unique_ptr<Source>> OpenHttpSource(const std::string& url, const std::string& ca_file = "");

}  // namespace ledger::audit
