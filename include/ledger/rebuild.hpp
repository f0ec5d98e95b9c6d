// Recomputing every projection from the log alone: the org records, idem
// records and accounting read models that the ledger keeps beside the
// events. A check compares them with what is stored, key by key; a rebuild
// replaces what is stored with them. Either way the log is only read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ledger/status.hpp"
#include "ledger/store.hpp"

namespace ledger {

struct ProjectionDifference {
  std::string column;  // "state", "idem" or "index"
  std::string key;     // printable: non-printable bytes as \xNN
  std::string what;    // "missing", "unexpected" or "differs"
};

struct RebuildReport {
  uint64_t events = 0;       // replayed
  uint64_t keys = 0;         // projection keys the log implies
  uint64_t differences = 0;  // stored keys that were missing, unexpected or different
  std::vector<ProjectionDifference> first;  // the first few, in key order
  bool written = false;
};

// Every projection key and value a log implies, as a replay produces them.
using ProjectionMap = std::map<std::pair<Column, std::string>, std::string>;

// Compares the projection columns of `store` with `expected`, key by key:
// fills report.keys, .differences and .first.
Status CompareProjections(const Store& store, const ProjectionMap& expected, RebuildReport& report);

// Replays the ledger in `dir` from event 0 and compares its projections
// with the stored ones. With `write`, also replaces them (the ledger must
// not be served meanwhile: ledgerd stopped). `progress` (if set) is called
// now and then with (events replayed, events in all).
Result<RebuildReport> RebuildProjections(const std::string& dir, bool write,
                                         const std::function<void(uint64_t, uint64_t)>& progress = {});

}  // namespace ledger
