// Helpers for the tile tests: RFC 6962 tree hashes computed plainly from
// leaves, independent of the code under test, and a static tree's files.
#pragma once

#include <algorithm>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "ledger/merkle.hpp"

namespace ledger::testing {

// MTH of `leaves` (RFC 6962 §2.1), recursively: slow and plain on purpose.
inline Hash Mth(std::span<const Hash> leaves) {
  if (leaves.size() == 1) return leaves[0];
  std::size_t k = 1;
  while (k * 2 < leaves.size()) k *= 2;
  return NodeHash(Mth(leaves.first(k)), Mth(leaves.subspan(k)));
}

inline std::string Concat(const std::vector<Hash>& hashes) {
  std::string bytes;
  for (const Hash& h : hashes) bytes.append(reinterpret_cast<const char*>(h.data()), h.size());
  return bytes;
}

// Every regular file under `root`, as sorted paths relative to it.
inline std::vector<std::string> FilesUnder(const std::string& root) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    if (entry.is_regular_file())
      files.push_back(std::filesystem::relative(entry.path(), root).string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ledger::testing
