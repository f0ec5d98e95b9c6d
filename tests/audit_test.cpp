// The audit of an untouched ledger: every mode passes, the counts and
// totals are the ledger's own, the replayed projections equal the stored
// ones byte for byte, and a pinned key that is not the ledger's is caught.
// (Tampered ledgers: audit_tamper_test.cpp.)
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "audit_fixture.hpp"
#include "auditor.hpp"
#include "chain.hpp"
#include "cli.hpp"
#include "ledger/store.hpp"
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

TEST(AuditFreshLedger, ALedgerNeverOpenedHasNoProjectionsToCompareAndPasses) {
  // Found by hand: `ledgerctl init` writes no projections; ledgerd does on
  // first open. The audit used to fail such a ledger on "missing" keys.
  testing::LedgerFixture fresh;
  auto source = OpenStoreSource(fresh.data_dir());
  ASSERT_TRUE(source.ok());
  AuditReport report = RunAudit(**source, {});
  EXPECT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_FALSE(report.projection_keys.has_value());
  ASSERT_EQ(report.notes.size(), 2u);  // the unpinned key, and no projections yet
}

TEST_F(AuditTest, ProjectionsThatClaimFewerEventsThanTheLogFail) {
  Close();
  {
    auto store = Store::Open({.dir = data_dir()});
    ASSERT_TRUE(store.ok());
    WriteSet writes(**store);
    writes.Delete(Column::kState, "applied");  // as if to hide edited projections
    ASSERT_TRUE((*store)->Write(writes, true).ok());
  }
  AuditReport report = AuditStore(data_dir());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.failure->check, "projections");
  EXPECT_NE(report.failure->reason.find("claim 0 events"), std::string::npos) << report.failure->reason;
}

TEST_F(AuditTest, ThePemPublicKeyOfTheLogPinsItToo) {
  Close();
  std::vector<std::string> args = {"--data", data_dir(), "--log-key", data_dir() + "/log-key.pem.pub", "--quiet"};
  std::ostringstream out, err;
  EXPECT_EQ(RunAuditCli(args, out, err), 0) << out.str() << err.str();
  EXPECT_NE(out.str().find("(pinned)"), std::string::npos) << out.str();
  const std::string other = data_dir() + "-other.pem";
  auto key = PrivateKey::Generate();
  std::ofstream(other) << key->public_key().Pem();
  args[3] = other;
  EXPECT_EQ(RunAuditCli(args, out, err), 1);
  std::filesystem::remove(other);
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
