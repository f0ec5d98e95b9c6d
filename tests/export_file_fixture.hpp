// The ledger the export file tests write and read back (export_file_test,
// export_appender_test): 11 events in a real ledger, checkpoints kept at
// sizes 5 and 9, opened read-only as the export sees it.
#pragma once

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export_file.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"

namespace ledger::audit {

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A ledger of 11 events: checkpoints at sizes 5 and 9 (and whatever the
// ledger keeps from its creation); the last two events have none.
class ExportFileTest : public ::testing::Test, public testing::LedgerFixture {
 protected:
  void SetUp() override {
    auto ledger = OpenLedger();
    ASSERT_TRUE(ledger);
    for (int n = 1; n <= 10; ++n) {
      auto posted = ledger->Submit(testing::SignedSubmission(
          "lottery.rate_set", "civil-affairs", "rate-" + std::to_string(n), testing::RateBody(n),
          regulator()));
      ASSERT_TRUE(posted.ok()) << posted.error().ToString();
      if (n == 4 || n == 8) {
        ASSERT_TRUE(ledger->log().MakeCheckpoint().ok());
      }
    }
    ledger.reset();
    log_ = Open({.checkpoint_interval = std::chrono::milliseconds(0), .read_only = true});
    ASSERT_TRUE(log_);
    ASSERT_EQ(log_->size(), 11u);
    auto sizes = log_->CheckpointSizes(0, 1000);
    ASSERT_TRUE(sizes.ok());
    sizes_ = *sizes;
    ASSERT_TRUE(std::count(sizes_.begin(), sizes_.end(), 5u) == 1 &&
                std::count(sizes_.begin(), sizes_.end(), 9u) == 1);
  }

  std::string Out(const std::string& name = "ledger.jsonl") const { return files_.Sub(name); }

  std::string ExportTo(const std::string& path) const {
    auto summary = ExportLedger(data_dir(), path);
    EXPECT_TRUE(summary.ok()) << summary.error().ToString();
    return testing::ReadText(path);
  }

  std::string HeaderLine() const {
    return R"({"format":"welfare-ledger-export/1","log_key":")" + log_->verifier_key() +
           R"(","origin":"ledger.example.org/test"})";
  }

  std::string CheckpointLineOf(uint64_t size) const {
    return *Canonicalize(Json{{"checkpoint", *log_->CheckpointAt(size)}});
  }

  // Opening `text` as an export file fails with a message holding `what`.
  void ExpectRefused(const std::string& text, const std::string& what) const {
    const std::string path = Out("bad.jsonl");
    WriteText(path, text);
    auto source = OpenExportFile(path);
    ASSERT_FALSE(source.ok()) << "accepted a file that should fail with: " << what;
    EXPECT_EQ(source.error().code, Code::kInvalidArgument);
    EXPECT_NE(source.error().message.find(what), std::string::npos) << source.error().message;
  }

  std::unique_ptr<Log> log_;
  std::vector<uint64_t> sizes_;
  testing::TempDir files_;
};

}  // namespace ledger::audit
