// Opening a ledger's state (internal to the service). The stored state is
// the state: opening reads a version and a marker, nothing more, unless
//   - the ledger is new: its genesis regulator is stored;
//   - it was kept by a version before the state lived on disk (read models
//     version 3 or older): the state is rebuilt once from the log, through
//     the rules, and the old read models are dropped (docs/log-format.md);
//   - events were appended without the rules (Log::Append): they are
//     applied, as events of the log, and a refusal is corruption.
// A ledger whose state is of a newer version is refused, untouched.
#pragma once

#include <cstdint>
#include <functional>

#include "ledger/log.hpp"
#include "ledger/orgs.hpp"
#include "ledger/service/admission.hpp"

namespace ledger {

using OpenProgress = std::function<void(uint64_t done, uint64_t total)>;

// Brings the state of `log` (open for writing) to its end.
Status OpenState(Log& log, const Admission& admission, const Org& regulator, const OpenProgress& progress = {});

// Whether the state of `store` is current (this version, every event
// applied), for read-only opens.
Status CheckStateCurrent(const Store& store, uint64_t log_size);

// Applies the log's events [from, log.size()) to the state below
// `kv_below` in chunks written to `store` (synced at the end), the applied
// marker with each chunk; `last` (if set) is added to the final chunk.
Status CatchUpLog(const Log& log, Store& store, const Admission& admission, uint64_t from,
                  const OpenProgress& progress, const std::function<void(WriteSet&)>& last = {});

}  // namespace ledger
