// Recomputing the state from the log alone, through the very rules that
// keep it live (replay.hpp), and comparing it with what a ledger stores,
// key by key and byte for byte: `ledgerctl rebuild`, and the audit's
// comparison of a ledger's state with its replay. The log is only read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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
  uint64_t keys = 0;         // state keys the log implies
  uint64_t differences = 0;  // stored keys that were missing, unexpected or different
  std::vector<ProjectionDifference> first;  // the first few, in key order
  bool written = false;
};

// How the state a store keeps stands against this version's layout.
struct StoredState {
  enum class Layout {
    kNone,         // no state yet: a ledger `ledgerctl init` made and ledgerd never opened
    kUnversioned,  // a state without its version key: kept by the earliest welfare-ledger
                   // (before read models had versions), or altered; ledgerd's next open rebuilds it
    kOlder,        // kept by an earlier welfare-ledger; ledgerd's next open migrates it
    kCurrent,  // this version's
    kNewer,    // kept by a later welfare-ledger; this one refuses it
  };
  Layout layout = Layout::kNone;
  std::string version;   // as stored; "" when none is
  uint64_t applied = 0;  // the events the state claims (its "applied" marker; 0 when none)
};
Result<StoredState> ReadStoredState(const Store& store);

// The version of the state layout this build keeps.
std::string_view CurrentStateVersion();

// Compares the state columns (state, idem, index) of `stored` with those of
// `expected`, walking both in key order side by side (no copy in memory):
// fills report.keys, .differences and .first. With `fix`, the writes that
// make `stored` agree are added to it, and handed to `flush` whenever they
// grow large (and once at the end).
Status CompareState(const Store& stored, const Store& expected, RebuildReport& report,
                    WriteSet* fix = nullptr, const std::function<Status(WriteSet&)>& flush = {});

// Replays the ledger in `dir` from event 0 into a scratch state (a
// temporary directory beside the system's temp files) and compares it
// with the stored state. With `write`, also makes the stored state agree
// (ledgerd must not be serving it meanwhile). `progress` (if set) is called
// now and then with (events replayed, events in all).
Result<RebuildReport> RebuildProjections(const std::string& dir, bool write,
                                         const std::function<void(uint64_t, uint64_t)>& progress = {});

}  // namespace ledger
