// The audit of an untouched ledger: every mode passes, the counts and
// totals are the ledger's own, the replayed projections equal the stored
// ones byte for byte, and a pinned key that is not the ledger's is caught.
// (Tampered ledgers: audit_tamper_test.cpp.)
#include <sstream>

#include <gtest/gtest.h>

#include "audit_fixture.hpp"
#include "auditor.hpp"
#include "chain.hpp"
#include "cli.hpp"
#include "store_source.hpp"

namespace ledger::audit {
namespace {

class AuditTest : public ::testing::Test, public testing::AuditScenario {
 protected:
  void SetUp() override { Build(120, 7); }

  AuditReport AuditStore(const std::string& dir, AuditOptions options = {}) {
    auto source = OpenStoreSource(dir);
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    return RunAudit(**source, options);
  }
};

TEST_F(AuditTest, AnUntouchedLedgerPassesAFullAudit) {
  const uint64_t size = ledger().log().size();
  auto latest = ledger().log().CheckpointSizes(0, 1000);
  ASSERT_TRUE(latest.ok());
  Close();
  AuditReport report = AuditStore(data_dir());
  ASSERT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_EQ(report.events, size);
  EXPECT_EQ(report.checkpoints, latest->size());
  EXPECT_EQ(report.checkpoint_size, size);
  EXPECT_GT(report.batches, 0u);
  EXPECT_EQ(report.orgs, 1u + kOrgs);
  EXPECT_EQ(report.funds, 2u * kOrgs);
  ASSERT_TRUE(report.projection_keys.has_value());
  EXPECT_GT(*report.projection_keys, size);
  EXPECT_EQ(report.projection_differences, 0u);
  uint64_t counted = 0;
  for (const auto& [type, n] : report.by_type) counted += n;
  EXPECT_EQ(counted, size);
  EXPECT_EQ(report.totals_fen["sources"],
            report.totals_fen["held"] + report.totals_fen["disbursement.made"]);
}

TEST_F(AuditTest, ChainOnlyChecksTheSameEventsAndCheckpoints) {
  const uint64_t size = ledger().log().size();
  Close();
  AuditReport report = AuditStore(data_dir(), {.rules = false});
  ASSERT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_EQ(report.mode, "chain");
  EXPECT_EQ(report.events, size);
  EXPECT_GT(report.checkpoints, 1u);
  EXPECT_FALSE(report.projection_keys.has_value());
}

TEST_F(AuditTest, RunsBesideAnOpenLedger) {
  // ledgerd keeps the ledger open; the audit opens it read-only beside it.
  const uint64_t size = ledger().log().size();
  AuditReport report = AuditStore(data_dir());
  ASSERT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_EQ(report.events, size);
}

TEST_F(AuditTest, APinnedKeyMustBeTheLedgers) {
  const std::string real = ledger().log().verifier_key();
  Close();
  auto other = ParseVerifierKey(VerifierKeyString(testing::kTestOrigin, PrivateKey::Generate()->public_key()));
  ASSERT_TRUE(other.ok());
  AuditReport report = AuditStore(data_dir(), {.log_key = *other});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.failure->check, "genesis");
  EXPECT_EQ(report.failure->seq, 0u);

  auto pinned = ParseVerifierKey(real);
  ASSERT_TRUE(pinned.ok());
  report = AuditStore(data_dir(), {.log_key = *pinned});
  EXPECT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_TRUE(report.log_key_pinned);
  EXPECT_TRUE(report.notes.empty());
}

TEST_F(AuditTest, TheCommandLineExitsZeroAndWritesTheJsonReport) {
  Close();
  const std::string json_path = data_dir() + "-report.json";
  std::vector<std::string> args = {"--data", data_dir(), "--json", json_path, "--quiet"};
  std::ostringstream out, err;
  EXPECT_EQ(RunAuditCli(args, out, err), 0) << out.str() << err.str();
  EXPECT_NE(out.str().find("PASSED"), std::string::npos) << out.str();
  std::ifstream in(json_path);
  std::stringstream text;
  text << in.rdbuf();
  auto report = ParseStrict(text.str());
  ASSERT_TRUE(report.ok()) << text.str();
  EXPECT_EQ(report->at("ok"), true);
  EXPECT_EQ(report->at("failure"), nullptr);
  std::filesystem::remove(json_path);
}

TEST_F(AuditTest, UsageErrorsExitTwo) {
  Close();
  std::ostringstream out, err;
  std::vector<std::vector<std::string>> cases = {
      {},                                                     // no source
      {"--data", data_dir(), "--url", "http://127.0.0.1:1"},  // two sources
      {"--data", data_dir(), "--follow"},                     // follow needs --url
      {"--data", data_dir() + "-missing"},                    // no such ledger
      {"--data", data_dir(), "--log-key", "no-such-file"},    // unreadable key
      {"--bogus"},
  };
  for (const auto& args : cases) EXPECT_EQ(RunAuditCli(args, out, err), 2) << ::testing::PrintToString(args);
}

TEST(ScanEnvelope, FindsTopLevelMembersOnly) {
  auto e = ScanEnvelope(R"({"body":{"seq":9,"prev":"x"},"prev":"ab","seq":12,"x":[1,{"a":"}"}]})");
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->seq, 12u);
  EXPECT_EQ(e->prev, "ab");
  EXPECT_FALSE(ScanEnvelope(R"({"prev":"ab"})").ok());
  EXPECT_FALSE(ScanEnvelope(R"({"seq":1,"seq":2,"prev":"ab"})").ok());
  EXPECT_FALSE(ScanEnvelope(R"({"seq":01,"prev":"ab"})").ok());
  EXPECT_FALSE(ScanEnvelope(R"({"seq":1,"prev":"ab")").ok());
  EXPECT_FALSE(ScanEnvelope(R"([1])").ok());
  EXPECT_FALSE(ScanEnvelope(R"({"seq":1,"prev":"a\")").ok());
}

}  // namespace
}  // namespace ledger::audit
