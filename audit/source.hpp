// Where an audit reads a ledger from: a RocksDB directory (store_source),
// an export file (file_source), or a running ledgerd (http_source). The
// auditor trusts none of them: it recomputes every hash and decision from
// the bytes a source hands over, so a source only has to read faithfully,
// and a lying source is caught like a tampered ledger.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/merkle.hpp"
#include "ledger/status.hpp"

namespace ledger {
class Store;
}

namespace ledger::audit {

// One event as a source holds it: `key` is where the source keeps it (the
// store's key, a line's position, a page's position), `bytes` what it
// holds there. The auditor checks that keys run 0, 1, 2, … and that each
// event's own "seq" equals its key.
struct SourceEvent {
  uint64_t key = 0;
  std::string bytes;
};

// A consistency proof as a server gives it.
struct ConsistencyProofData {
  Hash root_from{};
  Hash root_to{};
  std::vector<Hash> hashes;
};

class Source {
 public:
  virtual ~Source() = default;

  // "data:/var/lib/ledger", "log:/media/usb/ledger.jsonl", "url:http://…".
  virtual std::string Describe() const = 0;

  // How many events this audit covers: a store's or a file's events (as
  // many as it holds), or a server's latest checkpoint size (so that the
  // audit ends at a signed tree head).
  virtual Result<uint64_t> Size() = 0;

  // Events with key >= `from`, in key order, at most `limit`, none with a
  // key >= Size(). Fewer than `limit` (or none) only at the end. A gap in
  // the keys is returned as it is: the auditor names the missing seq.
  virtual Result<std::vector<SourceEvent>> ReadEvents(uint64_t from, std::size_t limit) = 0;

  // Event `seq` again (a reversal needs the event it reverses). The
  // auditor checks that its hash is the one it verified before.
  virtual Result<std::string> ReadEvent(uint64_t seq) = 0;

  // Every kept checkpoint size, ascending (including sizes beyond Size():
  // the auditor reports them as a truncated log).
  virtual Result<std::vector<uint64_t>> CheckpointSizes() = 0;
  // The notes kept for `size`; more than one (an export file can hold two)
  // whose roots differ is a fork.
  virtual Result<std::vector<std::string>> CheckpointNotes(uint64_t size) = 0;

  // A server's consistency proof between two sizes; nullopt when the source
  // serves none (offline sources: consistency is then shown by recomputing
  // every checkpoint's root from the same leaves).
  virtual Result<std::optional<ConsistencyProofData>> ConsistencyProof(uint64_t from, uint64_t to) {
    (void)from;
    (void)to;
    return std::optional<ConsistencyProofData>();
  }

  // What a server answers for `GET path` (its read models: funds, the
  // tree size), parsed; nullopt when the source is not a server.
  virtual Result<std::optional<Json>> ServedJson(const std::string& path) {
    (void)path;
    return std::optional<Json>();
  }

  // The store whose projections the auditor compares with its replay, when
  // the source is a RocksDB ledger; nullptr otherwise.
  virtual const Store* store() const { return nullptr; }
};

}  // namespace ledger::audit
