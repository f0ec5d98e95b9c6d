// Flipped bits: one bit of a closed ledger's table file (SST) or write-ahead
// log (WAL) is flipped, as a failing disk or cable might. The ledger must
// refuse to open, or fail the first read of the damaged block, with a
// kCorruption error naming the file, and never serve other bytes than were
// written; ledger-audit must fail naming it too, and ledgerd must refuse to
// start (exit 1) naming it when the open fails.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "ledger/store/fault_fs.hpp"
#include "ledgerd_process.hpp"
#include "storage_fault_fixture.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;
using testing::DonationLoad;
using testing::ExpectValidChain;
using testing::StorageFaultLedger;

constexpr int kSubmitterThreads = 4;
constexpr std::size_t kSubmissions = 1500;

// The files of `dir` whose names end in `suffix`, largest first.
std::vector<fs::path> FilesEndingIn(const std::string& dir, const std::string& suffix) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix) && fs::file_size(entry.path()) > 0)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return fs::file_size(a) > fs::file_size(b); });
  return files;
}

void FlipBit(const fs::path& file, uint64_t offset, int bit) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(io) << file;
  io.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  io.read(&byte, 1);
  byte = static_cast<char>(byte ^ (1 << bit));
  io.seekp(static_cast<std::streamoff>(offset));
  io.write(&byte, 1);
  ASSERT_TRUE(io) << file;
}

// Posts kSubmissions donations; returns what was acknowledged.
std::map<uint64_t, Hash> Post(Ledger& ledger, const StorageFaultLedger& f) {
  DonationLoad load(ledger, f, kSubmitterThreads, 0);
  EXPECT_TRUE(load.WaitForAcks(kSubmissions));
  load.Stop();
  load.Join();
  EXPECT_TRUE(load.errors().empty());
  return load.acked();
}

// Either the open fails, or reading every event does: with kCorruption
// naming `file`. Returns the error's text.
std::string ExpectCorruptionNaming(const StorageFaultLedger& f, const fs::path& file) {
  auto ledger = Ledger::Open({.dir = f.data_dir(), .checkpoint_interval = std::chrono::milliseconds(0)},
                             f.log_key());
  Error error;
  if (!ledger.ok()) {
    error = ledger.error();
  } else {
    const Log& log = (*ledger)->log();
    for (uint64_t from = 0; from < log.size(); from += 1000) {
      auto events = log.ReadEvents(from, 1000);
      if (!events.ok()) {
        error = events.error();
        break;
      }
    }
  }
  EXPECT_EQ(error.code, Code::kCorruption) << error.ToString();
  EXPECT_NE(error.message.find(file.filename().string()), std::string::npos) << error.ToString();
  return error.ToString();
}

void ExpectAuditFailsNaming(const StorageFaultLedger& f, const fs::path& file) {
  std::string report;
  EXPECT_NE(f.Audit(report), 0) << report;
  EXPECT_NE(report.find(file.filename().string()), std::string::npos) << report;
}

TEST(BitFlip, AFlippedBitInATableFileIsReportedNamingTheFile) {
  StorageFaultLedger f;
  {
    std::unique_ptr<Ledger> ledger = f.OpenLedger();
    ASSERT_TRUE(ledger);
    Post(*ledger, f);
  }  // a clean close flushes everything into tables
  const auto tables = FilesEndingIn(f.data_dir(), ".sst");
  ASSERT_FALSE(tables.empty());
  const fs::path largest = tables.front();  // the events' table: data blocks from the start
  const uintmax_t bytes = fs::file_size(largest);
  FlipBit(largest, bytes / 3, 5);
  const std::string error = ExpectCorruptionNaming(f, largest);
  std::printf("flipped a bit of %s (%ju bytes): %s\n", largest.filename().c_str(), bytes, error.c_str());
  ExpectAuditFailsNaming(f, largest);
}

TEST(BitFlip, AFlippedBitInTheWriteAheadLogIsReportedNamingTheFile) {
  StorageFaultLedger f;
  std::map<uint64_t, Hash> acked;
  {
    // Cut the power with nothing unsynced, so that the acknowledged
    // events are only in the WAL, as after any crash.
    auto faults = MakeFaultInjectingFs();
    std::unique_ptr<Ledger> ledger = f.OpenLedger({.file_system = faults->file_system()});
    ASSERT_TRUE(ledger);
    acked = Post(*ledger, f);
    faults->Crash();
  }
  const auto wals = FilesEndingIn(f.data_dir(), ".log");
  ASSERT_FALSE(wals.empty());
  const fs::path largest = wals.front();
  const uintmax_t bytes = fs::file_size(largest);
  FlipBit(largest, bytes / 2, 3);
  const std::string error = ExpectCorruptionNaming(f, largest);
  std::printf("flipped a bit of %s (%ju bytes): %s\n", largest.filename().c_str(), bytes, error.c_str());
  ExpectAuditFailsNaming(f, largest);
  // ledgerd refuses to start: exit 1, naming the file.
  testing::TempDir scratch;
  testing::ToolRun ledgerd =
      testing::RunTool(scratch, "api/ledgerd", {"--data", f.data_dir(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(ledgerd.code, 1) << ledgerd.err;
  EXPECT_NE(ledgerd.err.find("ledgerd: cannot open the ledger: "), std::string::npos) << ledgerd.err;
  EXPECT_NE(ledgerd.err.find(largest.filename().string()), std::string::npos) << ledgerd.err;
  // Opening again must not succeed either (the first failed open must not
  // have "repaired" the log by dropping what followed the damage).
  auto again = Ledger::Open({.dir = f.data_dir(), .checkpoint_interval = std::chrono::milliseconds(0)},
                            f.log_key());
  if (again.ok()) {
    EXPECT_GT((*again)->log().size(), acked.rbegin()->first) << "acknowledged events were dropped";
  } else {
    EXPECT_EQ(again.error().code, Code::kCorruption) << again.error().ToString();
  }
}

}  // namespace
}  // namespace ledger
