// A ledger written by the version before the state lived on disk
// (tests/data/ledger-v3, made by 2010cf3) opens, is migrated once, and then
// answers every request that version answered, byte for byte but for the
// members documented as added since (kAddedMembers); audits and
// rebuilds clean; opens again without replaying; and goes on deciding new
// submissions.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "auditor.hpp"
#include "ledger/rebuild.hpp"
#include "ledger/store.hpp"
#include "store_source.hpp"

namespace ledger::api {
namespace {

namespace fs = std::filesystem;

const std::string kFixture = std::string(LEDGER_TEST_DATA_DIR) + "/ledger-v3";

struct Recorded {
  std::string path;
  int status = 0;
  std::string body;
};

// Members later versions added to documented answers (docs/api.md): a
// fund's committed_fen and usable_fen, a year's lottery totals and a civil
// affairs department's elderly rule (programmes). Nothing else may differ.
const std::vector<std::string> kAddedMembers = {"committed_fen",       "usable_fen",
                                                "lottery_received_fen", "lottery_passed_fen",
                                                "lottery_used_fen",     "lottery_elderly_fen",
                                                "lottery_elderly_min_percent", "appropriations",
                                                "lottery_projects"};

void StripAdded(Json& json) {
  if (json.is_object())
    for (const std::string& member : kAddedMembers) json.erase(member);
  if (json.is_structured())
    for (Json& child : json) StripAdded(child);
}

// Whether `got` is `want`, byte for byte once the added members are gone.
bool SameAnswer(const std::string& got, const std::string& want) {
  if (got == want) return true;
  auto parsed = ParseStrict(got, NumberMode::kAny);
  if (!parsed.ok()) return false;
  StripAdded(*parsed);
  return parsed->dump() == want;
}

std::vector<Recorded> RecordedAnswers() {
  std::vector<Recorded> answers;
  std::ifstream in(kFixture + "/answers.jsonl");
  for (std::string line; std::getline(in, line);) {
    Json record = *ParseStrict(line, NumberMode::kAny);
    answers.push_back({record["path"], record["status"].get<int>(), record["body"]});
  }
  return answers;
}

class UpgradeTest : public ServerFixture {
 protected:
  // The fixture copied over the fixture's fresh ledger, then opened.
  void SetUp() override {
    ServerFixture::SetUp();
    StopAndClose();
    fs::remove_all(dir_);
    fs::copy(kFixture + "/ledger", dir_, fs::copy_options::recursive);
    fs::permissions(dir_ + "/" + kLogKeyFile, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
  }

  // Opens the ledger, counting the events an open replays.
  uint64_t OpenCounting() {
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    EXPECT_TRUE(key.ok());
    uint64_t replayed = 0;
    auto opened = Ledger::Open({.dir = dir_, .clock = clock_, .checkpoint_interval = std::chrono::milliseconds(0)},
                               std::move(*key), {.progress = [&](uint64_t done, uint64_t) { replayed = done; }});
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(*opened);
    log_ = &ledger_->log();
    router_ = std::make_unique<Router>(MakeApiRouter(*ledger_, metrics_));
    StartServer();
    return replayed;
  }

  audit::AuditReport AuditData() {
    auto source = audit::OpenStoreSource(dir_);
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    return audit::RunAudit(**source, {});
  }
};

TEST_F(UpgradeTest, EveryAnswerOfTheOldVersionIsGivenAgainByteForByte) {
  EXPECT_EQ(OpenCounting(), 760u);  // the state rebuilt from the log, once
  const std::vector<Recorded> answers = RecordedAnswers();
  ASSERT_GT(answers.size(), 700u);
  std::size_t differ = 0;
  for (const Recorded& want : answers) {
    const testing::Reply got = testing::Get(port_, want.path);
    if (got.status == want.status && SameAnswer(got.body, want.body)) continue;
    if (++differ <= 5)
      ADD_FAILURE() << want.path << ": " << got.status << " " << got.body.substr(0, 300) << "\nwas " << want.status
                    << " " << want.body.substr(0, 300);
  }
  EXPECT_EQ(differ, 0u) << "of " << answers.size();
}

TEST_F(UpgradeTest, BeforeItIsOpenedTheAuditPassesWithANoteAndAfterwardItComparesEveryKey) {
  audit::AuditReport before = AuditData();
  EXPECT_TRUE(before.ok()) << audit::SummaryText(before);
  EXPECT_FALSE(before.projection_keys.has_value());
  bool noted = false;
  for (const std::string& note : before.notes) noted = noted || note.find("layout of version 3") != std::string::npos;
  EXPECT_TRUE(noted) << audit::SummaryText(before);

  OpenCounting();
  StopAndClose();
  audit::AuditReport after = AuditData();
  ASSERT_TRUE(after.ok()) << audit::SummaryText(after);
  EXPECT_EQ(after.events, 760u);
  EXPECT_GT(after.projection_keys.value_or(0), 3000u);
  EXPECT_EQ(after.projection_differences, 0u);
  // The totals the old version's audit reported, to the fen.
  std::ifstream in(kFixture + "/audit.json");
  std::stringstream text;
  text << in.rdbuf();
  const Json old = *ParseStrict(text.str(), NumberMode::kAny);
  for (const auto& [name, fen] : old["totals_fen"].items())
    EXPECT_EQ(after.totals_fen[name], fen.get<int64_t>()) << name;
  EXPECT_EQ(after.checkpoints, old["checkpoints"].get<uint64_t>());
  EXPECT_EQ(after.batches, old["batches"].get<uint64_t>());
  EXPECT_EQ(after.orgs, old["orgs"].get<uint64_t>());
  EXPECT_EQ(after.funds, old["funds"].get<uint64_t>());
  EXPECT_EQ(after.warnings.size(), old["warnings"].size());

  auto rebuilt = RebuildProjections(dir_, /*write=*/false);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().ToString();
  EXPECT_EQ(rebuilt->differences, 0u);
}

TEST_F(UpgradeTest, OnceMigratedItOpensWithoutReplayingAndDecidesNewSubmissions) {
  EXPECT_EQ(OpenCounting(), 760u);
  StopAndClose();
  EXPECT_EQ(OpenCounting(), 0u);

  auto regulator = PrivateKey::ReadPemFile(kFixture + "/keys/regulator.pem");
  auto charity = PrivateKey::ReadPemFile(kFixture + "/keys/fx-charity-2.pem");
  ASSERT_TRUE(regulator.ok() && charity.ok());
  const Json before = GetJson("/v1/funds/fx-general");
  PostEvent(testing::SignedSubmission(
      "donation.received", "fx-charity", "after-upgrade",
      {{"receipt", "FX-0100"}, {"fund", "fx-general"}, {"amount_fen", 12345},
       {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}}},
       {"channel", "online"}, {"date", "2026-12-01"}},
      *charity));
  const Json after = GetJson("/v1/funds/fx-general");
  EXPECT_EQ(after["balance_fen"].get<int64_t>(), before["balance_fen"].get<int64_t>() + 12345);
  // A receipt the old version took is still taken.
  testing::Reply reused = testing::Post(
      port_, "/v1/events",
      testing::SignedSubmission("donation.received", "fx-charity", "reused",
                                {{"receipt", "FX-0001"}, {"fund", "fx-general"}, {"amount_fen", 1},
                                 {"donor", {{"pseudonym", std::string(64, 'c')}, {"kind", "individual"}}},
                                 {"channel", "online"}, {"date", "2026-12-01"}},
                                *charity)
          .dump());
  EXPECT_EQ(reused.status, 422) << reused.body;
  // An idem the old version recorded answers as a resend only with the same content.
  testing::Reply resent = testing::Post(
      port_, "/v1/events",
      testing::SignedSubmission("lottery.rate_set", "civil-affairs-bureau", "fx-rate",
                                {{"game", "fx-game"}, {"welfare_rate_bp", 3100}, {"effective_from", "2026-01"}},
                                *regulator)
          .dump());
  EXPECT_EQ(resent.status, 409) << resent.body;
  StopAndClose();
  audit::AuditReport report = AuditData();
  EXPECT_TRUE(report.ok()) << audit::SummaryText(report);
  EXPECT_EQ(report.projection_differences, 0u);
}

}  // namespace
}  // namespace ledger::api
