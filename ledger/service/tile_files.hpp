// Writing a static tile tree's files durably (internal to static_tiles):
// each file to a temporary name beside it, fsynced, given mode 0644 (a web
// server reads it) and renamed over its path. The directory entries are
// synced one directory at a time — when writing moves to another
// directory, and at Finish — so that a tree of a million tiles costs one
// directory sync per directory, not per file.
//
// A temporary is named ".NAME.tmp-XXXXXX" (NAME the file's name, XXXXXX six
// letters or digits from mkstemp); a crash can leave one, which the next
// run removes (RemoveStaleTemporaries) and an upload should exclude
// (`--exclude='.*.tmp-*'`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/status.hpp"

namespace ledger {

// Whether `name` (a file name, no directory) is a temporary name Write
// gives, exactly: nothing else a user keeps in the tree matches.
bool IsTileTemporaryName(std::string_view name);

class TileFileWriter {
 public:
  explicit TileFileWriter(std::string root) : root_(std::move(root)) {}

  // Writes `bytes` at `relative` (e.g. "tile/0/x001/234") under the root,
  // creating its directories (each new one synced into its parent).
  Status Write(std::string_view relative, std::string_view bytes);
  // Makes every rename so far durable.
  Status Finish();
  // Removes every regular file under the root whose name is a temporary
  // one (IsTileTemporaryName), left by a run that crashed; the count
  // removed. Walks the whole tree once (symbolic links are not followed):
  // its cost grows with the files under the root, not its memory. Call it
  // before writing; a concurrent run's temporaries would be removed too.
  Result<uint64_t> RemoveStaleTemporaries();

 private:
  Status MakeDirectories(const std::string& dir);
  Status SyncPending();

  std::string root_;
  std::string pending_dir_;  // holds renames not yet synced
};

}  // namespace ledger
