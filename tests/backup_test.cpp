// ledgerctl backup and restore (include/ledger/backup.hpp): a consistent
// copy of a ledger that a real ledgerd serves while events are posted to
// it, audited by ledger-audit; a restore that audits and serves; and the
// refusals, each naming its flag.
#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/genesis.hpp"
#include "ledger/log.hpp"
#include "ledgerctl.hpp"
#include "ledgerd_process.hpp"
#include "raw_http_client.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"

namespace ledger::cli {
namespace {

namespace fs = std::filesystem;
using testing::ReadText;
using testing::TempDir;

constexpr int kEventsPerBatch = 100;

// The numbers of ledgerctl's summary line: "backup: N events, K keys, B bytes, root HEX, in DIR".
struct Summary {
  uint64_t events = 0;
  std::string root;
};
Summary ParseSummary(const std::string& line) {
  Summary summary;
  std::istringstream words(line.substr(line.find(':') + 1));
  std::string word;
  words >> summary.events;
  while (words >> word && word != "root") {}
  words >> summary.root;
  if (!summary.root.empty() && summary.root.back() == ',') summary.root.pop_back();
  return summary;
}

struct Outcome {
  int code;
  std::string out, err;
};
Outcome Ctl(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  int code = RunLedgerctl(args, in, out, err);
  return {code, out.str(), err.str()};
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    regulator_ = *PrivateKey::Generate();
    auto made = InitLedger({.dir = data_, .origin = "test.example/backup",
                            .regulator = {"reg", "Regulator", regulator_.public_key()}});
    ASSERT_TRUE(made.ok()) << made.error().ToString();
  }

  // A signed batch of kEventsPerBatch rate settings, the games numbered from `first`.
  std::string RateBatch(int first) {
    std::vector<Json> events;
    for (int n = first; n < first + kEventsPerBatch; ++n)
      events.push_back(testing::BatchEvent("lottery.rate_set", "rate-" + std::to_string(n),
                                           testing::RateBody(n)));
    return testing::Batch("reg", std::move(events), regulator_).dump();
  }
  std::string Rate(int n) {
    return testing::SignedSubmission("lottery.rate_set", "reg", "rate-" + std::to_string(n),
                                     testing::RateBody(n), regulator_)
        .dump();
  }
  static uint64_t TreeSize(uint16_t port) {
    return testing::Get(port, "/healthz").JsonBody()["tree_size"].get<uint64_t>();
  }
  // No ".NAME.partial-…" directory left beside anything in `dir`.
  static bool NoPartialIn(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().filename().string().find(".partial-") != std::string::npos) return false;
    return true;
  }

  TempDir tmp_;
  const std::string data_ = tmp_.Sub("ledger");
  PrivateKey regulator_;
};

TEST_F(BackupTest, CopyOfALiveLedgerUnderPostingAuditsAndIsAPrefixOfItsLog) {
  testing::LedgerdProcess ledgerd(data_);
  ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
  for (int batch = 0; batch < 20; ++batch)
    ASSERT_EQ(testing::Post(ledgerd.port(), "/v1/events", RateBatch(batch * kEventsPerBatch)).status, 201);
  const uint64_t before = TreeSize(ledgerd.port());

  // Posts go on while the backup runs, and after it.
  std::atomic<bool> backup_done{false};
  std::atomic<int> posted_after{0};
  std::thread poster([&] {
    for (int n = 100'000; posted_after.load() < 20; ++n) {
      EXPECT_EQ(testing::Post(ledgerd.port(), "/v1/events", Rate(n)).status, 201);
      if (backup_done.load()) ++posted_after;
    }
  });
  const std::string out = tmp_.Sub("backup");
  testing::ToolRun backup = testing::RunTool(tmp_, "cli/ledgerctl", {"backup", "--data", data_, "--out", out});
  backup_done = true;
  poster.join();
  ASSERT_EQ(backup.code, 0) << backup.err;
  const Summary copied = ParseSummary(backup.out);
  const uint64_t after = TreeSize(ledgerd.port());
  EXPECT_GE(copied.events, before);
  EXPECT_LT(copied.events, after);

  // The backup's log is a prefix of the live one: same root at its size.
  testing::Reply proof = testing::Get(ledgerd.port(), "/v1/proof/consistency?from=" +
                                                          std::to_string(copied.events) +
                                                          "&to=" + std::to_string(after));
  ASSERT_EQ(proof.status, 200) << proof.body;
  EXPECT_EQ(proof.JsonBody()["root_from"], copied.root);

  // The private log key never leaves the ledger; its public half does.
  EXPECT_FALSE(fs::exists(fs::path(out) / kLogKeyFile));
  EXPECT_EQ(ReadText(out + "/log-key.pem.pub"), ReadText(data_ + "/log-key.pem.pub"));
  EXPECT_TRUE(NoPartialIn(tmp_.path()));

  testing::ToolRun audit = testing::RunTool(
      tmp_, "audit/ledger-audit", {"--data", out, "--json", tmp_.Sub("audit.json"), "--quiet"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
  Json report = Json::parse(ReadText(tmp_.Sub("audit.json")));
  EXPECT_EQ(report["events"], copied.events);
  ASSERT_TRUE(report["projections"].is_object()) << report.dump();
  EXPECT_EQ(report["projections"]["differences"], 0);
  EXPECT_EQ(ledgerd.Stop(), 0) << ledgerd.err();
}

TEST_F(BackupTest, RestoredBackupAuditsAndLedgerdServesAndExtendsIt) {
  const std::string out = tmp_.Sub("backup"), restored = tmp_.Sub("restored");
  uint64_t size = 0;
  {
    testing::LedgerdProcess ledgerd(data_);
    ASSERT_NE(ledgerd.port(), 0) << ledgerd.err();
    ASSERT_EQ(testing::Post(ledgerd.port(), "/v1/events", RateBatch(0)).status, 201);
    size = TreeSize(ledgerd.port());
    testing::ToolRun backup = testing::RunTool(tmp_, "cli/ledgerctl", {"backup", "--data", data_, "--out", out});
    ASSERT_EQ(backup.code, 0) << backup.err;
  }
  testing::ToolRun restore = testing::RunTool(
      tmp_, "cli/ledgerctl",
      {"restore", "--from", out, "--data", restored, "--key", data_ + "/" + kLogKeyFile});
  ASSERT_EQ(restore.code, 0) << restore.err;
  EXPECT_EQ(ParseSummary(restore.out).events, size) << restore.out;
  EXPECT_EQ(fs::status(fs::path(restored) / kLogKeyFile).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  testing::ToolRun audit = testing::RunTool(tmp_, "audit/ledger-audit", {"--data", restored, "--quiet"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;

  testing::LedgerdProcess served(restored);
  ASSERT_NE(served.port(), 0) << served.err();
  EXPECT_EQ(TreeSize(served.port()), size);
  testing::Reply posted = testing::Post(served.port(), "/v1/events", Rate(kEventsPerBatch));
  EXPECT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(TreeSize(served.port()), size + 1);
  // The same submission as before the backup is a duplicate, not a new event.
  EXPECT_EQ(testing::Post(served.port(), "/v1/events", RateBatch(0)).JsonBody()["results"][0]["duplicate"], true);
  EXPECT_EQ(served.Stop(), 0) << served.err();
}

TEST_F(BackupTest, BackupIntoAnEmptyDirectoryIsAllowed) {
  fs::create_directory(tmp_.Sub("empty"));
  Outcome r = Ctl({"backup", "--data", data_, "--out", tmp_.Sub("empty")});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(ParseSummary(r.out).events, 1u) << r.out;
  EXPECT_TRUE(fs::exists(tmp_.Sub("empty") + "/CURRENT"));
}

TEST_F(BackupTest, BackupRefusesAnOutDirectoryThatIsNotEmptyNamingTheFlag) {
  fs::create_directory(tmp_.Sub("taken"));
  ASSERT_TRUE(WriteNewFile(tmp_.Sub("taken") + "/keep", "x", 0600).ok());
  Outcome r = Ctl({"backup", "--data", data_, "--out", tmp_.Sub("taken")});
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_NE(r.err.find("ledgerctl backup: --out: " + tmp_.Sub("taken") + " exists and is not empty"),
            std::string::npos) << r.err;
  EXPECT_EQ(ReadText(tmp_.Sub("taken") + "/keep"), "x");
  EXPECT_TRUE(NoPartialIn(tmp_.path()));
}

TEST_F(BackupTest, BackupRefusesAMissingDataDirectoryNamingTheFlag) {
  Outcome r = Ctl({"backup", "--data", tmp_.Sub("nothing"), "--out", tmp_.Sub("b")});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("ledgerctl backup: --data: " + tmp_.Sub("nothing") + " does not exist"),
            std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp_.Sub("b")));
}

TEST_F(BackupTest, BackupRefusesADirectoryWithoutALedger) {
  fs::create_directory(tmp_.Sub("plain"));
  Outcome r = Ctl({"backup", "--data", tmp_.Sub("plain"), "--out", tmp_.Sub("b")});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--data: " + tmp_.Sub("plain") + " holds no ledger"), std::string::npos) << r.err;
}

TEST_F(BackupTest, BackupRefusesAnOutDirectoryInsideTheLedger) {
  Outcome r = Ctl({"backup", "--data", data_, "--out", data_ + "/backup"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--out: " + data_ + "/backup is inside the ledger's directory"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(data_ + "/backup"));
}

TEST_F(BackupTest, RestoreRefusesADataDirectoryThatIsNotEmptyNamingTheFlag) {
  ASSERT_EQ(Ctl({"backup", "--data", data_, "--out", tmp_.Sub("b")}).code, kExitOk);
  fs::create_directory(tmp_.Sub("used"));
  ASSERT_TRUE(WriteNewFile(tmp_.Sub("used") + "/keep", "x", 0600).ok());
  Outcome r = Ctl({"restore", "--from", tmp_.Sub("b"), "--data", tmp_.Sub("used"), "--key",
                   data_ + "/" + kLogKeyFile});
  EXPECT_EQ(r.code, kExitRefused);
  EXPECT_NE(r.err.find("ledgerctl restore: --data: " + tmp_.Sub("used") + " exists and is not empty"),
            std::string::npos) << r.err;
  EXPECT_EQ(ReadText(tmp_.Sub("used") + "/keep"), "x");
  EXPECT_TRUE(NoPartialIn(tmp_.path()));
}

TEST_F(BackupTest, RestoreRefusesAnotherLedgersKeyBeforeCopying) {
  ASSERT_EQ(Ctl({"backup", "--data", data_, "--out", tmp_.Sub("b")}).code, kExitOk);
  ASSERT_TRUE(PrivateKey::Generate()->WriteKeyPair(tmp_.Sub("other.pem")).ok());
  Outcome r = Ctl({"restore", "--from", tmp_.Sub("b"), "--data", tmp_.Sub("r"), "--key", tmp_.Sub("other.pem")});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("ledgerctl restore: --key: is not this ledger's log key"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp_.Sub("r")));
  EXPECT_TRUE(NoPartialIn(tmp_.path()));
}

TEST_F(BackupTest, RestoreRefusesAMissingKeyFileAndAMissingBackup) {
  ASSERT_EQ(Ctl({"backup", "--data", data_, "--out", tmp_.Sub("b")}).code, kExitOk);
  Outcome no_key = Ctl({"restore", "--from", tmp_.Sub("b"), "--data", tmp_.Sub("r"), "--key", tmp_.Sub("none.pem")});
  EXPECT_EQ(no_key.code, kExitUsage);
  EXPECT_NE(no_key.err.find("--key: "), std::string::npos) << no_key.err;
  EXPECT_NE(no_key.err.find(tmp_.Sub("none.pem")), std::string::npos) << no_key.err;
  Outcome no_backup = Ctl({"restore", "--from", tmp_.Sub("none"), "--data", tmp_.Sub("r"), "--key",
                           data_ + "/" + kLogKeyFile});
  EXPECT_EQ(no_backup.code, kExitUsage);
  EXPECT_NE(no_backup.err.find("ledgerctl restore: --from: " + tmp_.Sub("none") + " does not exist"),
            std::string::npos) << no_backup.err;
  EXPECT_FALSE(fs::exists(tmp_.Sub("r")));
}

}  // namespace
}  // namespace ledger::cli
