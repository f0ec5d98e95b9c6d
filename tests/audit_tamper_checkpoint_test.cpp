// Forged checkpoints (DESIGN.md §8): a copy of one real ledger, or its
// export file, given a checkpoint signed by another key, one signed by the
// log key over a wrong root, two checkpoints of one size that fork, and one
// of a smaller size whose root is not a prefix of the later ones. The audit
// names the check and the checkpoint size at fault. (Tampered events:
// audit_tamper_test.cpp.)
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "audit_fixture.hpp"
#include "auditor.hpp"
#include "export_file.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/genesis.hpp"
#include "ledger/store.hpp"
#include "store_source.hpp"

namespace ledger::audit {
namespace {

using testing::AuditScenario;

class AuditTamperCheckpointTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = std::make_unique<AuditScenario>();
    files_ = std::make_unique<testing::TempDir>();
    scenario_->Build(100, 13);
    scenario_->Close();
    auto source = OpenStoreSource(scenario_->data_dir());
    ASSERT_TRUE(source.ok());
    auto sizes = (*source)->CheckpointSizes();
    ASSERT_TRUE(sizes.ok());
    sizes_ = *sizes;
    ASSERT_GE(sizes_.size(), 3u) << "the scenario needs checkpoints before its last";
  }
  static void TearDownTestSuite() {
    files_.reset();
    scenario_.reset();
  }

  // A kept checkpoint size neither the first nor the last.
  static uint64_t MiddleSize() { return sizes_[sizes_.size() / 2]; }

  // The note kept for `size` in the original, parsed.
  static Checkpoint Kept(uint64_t size) {
    auto source = OpenStoreSource(scenario_->data_dir());
    auto notes = (*source)->CheckpointNotes(size);
    EXPECT_TRUE(notes.ok() && notes->size() == 1u);
    auto note = ParseSignedNote(notes->front());
    auto cp = ParseCheckpointBody(note->text);
    EXPECT_TRUE(cp.ok());
    return *cp;
  }

  // The copy's own log key (DIR/log-key.pem).
  static PrivateKey LogKeyOf(const std::string& dir) {
    auto key = PrivateKey::ReadPemFile((std::filesystem::path(dir) / kLogKeyFile).string());
    EXPECT_TRUE(key.ok()) << key.error().ToString();
    return *key;
  }

  // A copy of the original whose checkpoint of `size` is `note`.
  static std::string WithNote(const std::string& name, uint64_t size,
                              const std::function<std::string(const std::string& dir)>& note) {
    const std::string dir = scenario_->CopyData(name);
    auto store = Store::Open({.dir = dir});
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    WriteSet writes(**store);
    writes.Put(Column::kCheckpoints, SeqKey(size), note(dir));
    EXPECT_TRUE((*store)->Write(writes, true).ok());
    return dir;
  }

  // The untouched ledger exported, with `extra` notes appended as lines.
  static std::string ExportWith(const std::string& name, const std::vector<std::string>& extra) {
    const std::string path = files_->Sub(name + ".jsonl");
    auto summary = ExportLedger(scenario_->data_dir(), path);
    EXPECT_TRUE(summary.ok()) << summary.error().ToString();
    std::ofstream out(path, std::ios::app | std::ios::binary);
    for (const std::string& note : extra) {
      auto line = CheckpointLine(note);
      EXPECT_TRUE(line.ok()) << line.error().ToString();
      out << *line << '\n';
    }
    return path;
  }

  static AuditReport AuditStore(const std::string& dir) {
    auto source = OpenStoreSource(dir);
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    return RunAudit(**source, {});
  }
  static AuditReport AuditFile(const std::string& path) {
    auto source = OpenExportFile(path);
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    if (!source.ok()) return {};
    return RunAudit(**source, {});
  }

  static void ExpectCheckpointFailure(const AuditReport& report, const std::string& check, uint64_t size,
                                      const std::string& words) {
    ASSERT_FALSE(report.ok()) << "the audit passed a forged checkpoint";
    EXPECT_EQ(report.failure->check, check) << SummaryText(report);
    EXPECT_EQ(report.failure->checkpoint, size) << SummaryText(report);
    EXPECT_EQ(report.failure->seq, std::nullopt) << SummaryText(report);
    EXPECT_NE(report.failure->reason.find(words), std::string::npos) << report.failure->reason;
    // Every checkpoint before the forged one was verified.
    EXPECT_EQ(report.checkpoints,
              static_cast<uint64_t>(std::lower_bound(sizes_.begin(), sizes_.end(), size) - sizes_.begin()));
  }

  static inline std::unique_ptr<AuditScenario> scenario_;
  static inline std::unique_ptr<testing::TempDir> files_;  // export files
  static inline std::vector<uint64_t> sizes_;
};

TEST_F(AuditTamperCheckpointTest, TheUntouchedLedgerAndItsExportPass) {
  AuditReport store = AuditStore(scenario_->data_dir());
  ASSERT_TRUE(store.ok()) << SummaryText(store);
  EXPECT_EQ(store.checkpoints, sizes_.size());
  AuditReport file = AuditFile(ExportWith("plain", {}));
  ASSERT_TRUE(file.ok()) << SummaryText(file);
  EXPECT_EQ(file.checkpoints, sizes_.size());
}

TEST_F(AuditTamperCheckpointTest, ACheckpointSignedByAnotherKeyIsRefused) {
  const uint64_t size = MiddleSize();
  const std::string dir = WithNote("other-key", size, [&](const std::string&) {
    const Checkpoint cp = Kept(size);
    return SignCheckpoint(cp, cp.origin, *PrivateKey::Generate());
  });
  ExpectCheckpointFailure(AuditStore(dir), "checkpoint_signature", size, "is not signed by the log key");
}

TEST_F(AuditTamperCheckpointTest, ACheckpointSignedByTheLogKeyOverAWrongRootIsRefused) {
  const uint64_t size = MiddleSize();
  const std::string dir = WithNote("wrong-root", size, [&](const std::string& copy) {
    Checkpoint cp = Kept(size);
    cp.root[0] ^= 1;
    return SignCheckpoint(cp, cp.origin, LogKeyOf(copy));
  });
  ExpectCheckpointFailure(AuditStore(dir), "checkpoint_root", size,
                          "the checkpoint of size " + std::to_string(size) + " has root");
}

TEST_F(AuditTamperCheckpointTest, TwoSignedCheckpointsOfOneSizeWithDifferentRootsAreAFork) {
  const uint64_t size = MiddleSize();
  Checkpoint other = Kept(size);
  other.root[31] ^= 0x80;
  const std::string path = ExportWith("fork", {SignCheckpoint(other, other.origin, scenario_->log_key())});
  ExpectCheckpointFailure(AuditFile(path), "fork", size, "have different roots");
}

TEST_F(AuditTamperCheckpointTest, ASmallerCheckpointWhoseRootIsNotAPrefixOfTheLatestIsRefused) {
  // Both signed by the log key; the latest is right, the smaller one (of a
  // size not kept before) carries the latest's root: they cannot both be
  // the same log.
  const uint64_t latest = sizes_.back();
  const uint64_t smaller = sizes_[1] - 1;
  ASSERT_FALSE(std::binary_search(sizes_.begin(), sizes_.end(), smaller));
  Checkpoint cp = Kept(latest);
  cp.size = smaller;
  const std::string path = ExportWith("inconsistent", {SignCheckpoint(cp, cp.origin, scenario_->log_key())});
  ExpectCheckpointFailure(AuditFile(path), "checkpoint_root", smaller,
                          "the checkpoint of size " + std::to_string(smaller) + " has root");
}

}  // namespace
}  // namespace ledger::audit
