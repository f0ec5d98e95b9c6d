// A RocksDB ledger directory as an audit Source, opened read-only: safe
// beside a running ledgerd (the audit sees the ledger as of the open) and
// on a copy or a restored backup. It reads the columns directly, not
// through the Log, so that a damaged ledger is described, not refused.
#pragma once

#include <memory>
#include <string>

#include "ledger/status.hpp"
#include "source.hpp"

namespace ledger::audit {

Result<std::unique_ptr<Source>> OpenStoreSource(const std::string& dir);

}  // namespace ledger::audit
