// Reading a member of a zip archive (an XLSX workbook) in tests, through
// the `unzip` command (scripts/setup.sh installs it), so that what the
// tests read back is not read by the code that wrote it.
#pragma once

#include <cstdio>
#include <string>

namespace ledger::testing {

// The bytes of `member` in the archive `zip` (unzip -p); empty when either
// is missing.
inline std::string Unzipped(const std::string& zip, const std::string& member) {
  const std::string command = "unzip -p '" + zip + "' '" + member + "' 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char chunk[4096];
    std::size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, pipe)) > 0) out.append(chunk, n);
    pclose(pipe);
  }
  return out;
}

}  // namespace ledger::testing
