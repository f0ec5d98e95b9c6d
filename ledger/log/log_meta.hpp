// What a ledger directory records about itself, and recovering the
// writer's state after a restart or a crash (internal).
#pragma once

#include <string>

#include "ledger/crypto.hpp"
#include "ledger/log/appender.hpp"
#include "ledger/store.hpp"

namespace ledger {

// The on-disk format this code writes and reads (meta "format").
inline constexpr std::string_view kLedgerFormat = "welfare-ledger/1";

struct LogMeta {
  std::string origin;
  PublicKey log_key;
};

// kNotFound naming `dir` when the store holds no ledger.
Result<LogMeta> ReadLogMeta(const Store& store, const std::string& dir);
void PutLogMeta(const LogMeta& meta, WriteSet& writes);

// Rebuilds the frontier, last leaf hash and last timestamp from the store,
// checking on the way that the last event hashes to its stored leaf and
// links to the one before it.
Result<WriterState> RecoverWriterState(const Store& store);

}  // namespace ledger
