// ledger-audit --url … --follow against a running ledgerd: each run
// verifies only what is new and advances the state file and the mirror;
// a crashed run, an edited mirror, a forked or shrunk log, a state of
// another URL or key, and an unreachable server advance nothing.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "audit_live_fixture.hpp"
#include "test_util.hpp"

namespace ledger::audit {
namespace {

TEST_F(AuditLiveTest, FollowVerifiesOnlyTheNewEventsOnEachRunAndAdvancesTheState) {
  Donate(*main_, "a", 2);
  const uint64_t first = main_->Checkpoint();
  FollowResult run1 = FollowOk(main_->url());
  EXPECT_TRUE(run1.first_run);
  EXPECT_TRUE(run1.advanced);
  EXPECT_EQ(run1.report.trusted, 0u);
  EXPECT_EQ(run1.report.events, first);
  FollowState state1 = State();
  EXPECT_EQ(state1.url, main_->url());
  EXPECT_EQ(state1.log_key, main_->ledger().log().verifier_key());
  EXPECT_EQ(state1.size, first);
  EXPECT_EQ(state1.root, *main_->ledger().log().RootAt(first));
  EXPECT_EQ(state1.checkpoint, *main_->ledger().log().CheckpointAt(first));
  EXPECT_EQ(state1.mirror, state_path_ + std::string(kMirrorSuffix));
  EXPECT_EQ(state1.mirror_bytes, std::filesystem::file_size(state1.mirror));
  struct stat st{};
  ASSERT_EQ(::stat(state_path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(run1.checkpoint, state1.checkpoint);

  Donate(*main_, "b", 3);
  const uint64_t second = main_->Checkpoint();
  FollowResult run2 = FollowOk(main_->url());
  EXPECT_FALSE(run2.first_run);
  EXPECT_TRUE(run2.advanced);
  EXPECT_EQ(run2.previous_size, first);
  EXPECT_EQ(run2.report.trusted, first);
  EXPECT_EQ(run2.report.events, second);
  EXPECT_EQ(run2.report.by_type["donation.received"], 5u);
  FollowState state2 = State();
  EXPECT_EQ(state2.size, second);
  EXPECT_EQ(state2.root, *main_->ledger().log().RootAt(second));
  EXPECT_GT(state2.mirror_bytes, state1.mirror_bytes);

  FollowResult idle = FollowOk(main_->url());  // nothing new
  EXPECT_FALSE(idle.advanced);
  EXPECT_EQ(idle.report.trusted, second);
  EXPECT_EQ(State(), state2);

  Donate(*main_, "c", 2);
  Donate(*main_, "d", 1);  // not checkpointed yet: the next run stops before it
  const uint64_t third = main_->size() - 1;
  FollowResult run3 = FollowOk(main_->url());
  EXPECT_FALSE(run3.advanced);
  EXPECT_EQ(State().size, second);
  ASSERT_EQ(main_->Checkpoint(), third + 1);
  FollowResult run4 = FollowOk(main_->url());
  EXPECT_TRUE(run4.advanced);
  EXPECT_EQ(run4.report.trusted, second);
  EXPECT_EQ(State().size, third + 1);

  // The mirror is a complete export of what was verified.
  AuditReport offline = AuditFile(State().mirror);
  ASSERT_TRUE(offline.ok()) << SummaryText(offline);
  EXPECT_EQ(offline.events, third + 1);
  EXPECT_EQ(offline.checkpoints, 3u);  // one per advancing run
}

TEST_F(AuditLiveTest, FollowCutsBackWhatACrashedRunLeftInTheMirror) {
  Donate(*main_, "a", 2);
  main_->Checkpoint();
  FollowOk(main_->url());
  const FollowState before = State();
  {
    // A run that crashed after appending, before writing its state.
    std::ofstream mirror(before.mirror, std::ios::app | std::ios::binary);
    mirror << "{\"seq\":999,\"type\":\"donation.received\"}\n{\"seq\":1000,\"ty";
  }
  ASSERT_GT(std::filesystem::file_size(before.mirror), before.mirror_bytes);
  Donate(*main_, "b", 2);
  const uint64_t size = main_->Checkpoint();
  FollowResult run = FollowOk(main_->url());
  EXPECT_TRUE(run.advanced);
  EXPECT_EQ(run.report.trusted, before.size);
  const FollowState after = State();
  EXPECT_EQ(after.size, size);
  EXPECT_EQ(std::filesystem::file_size(after.mirror), after.mirror_bytes);
  AuditReport offline = AuditFile(after.mirror);
  ASSERT_TRUE(offline.ok()) << SummaryText(offline);
  EXPECT_EQ(offline.events, size);
}

TEST_F(AuditLiveTest, FollowRefusesAMirrorWhoseVerifiedEventsWereChangedWhenItReadsThemAgain) {
  Donate(*main_, "a", 2);  // the last event is a disbursement of 500 fen
  main_->Checkpoint();
  FollowOk(main_->url());
  const FollowState before = State();
  std::string text = ledger::testing::ReadText(before.mirror);
  const std::size_t at = text.rfind("\"amount_fen\":500,");
  ASSERT_NE(at, std::string::npos);
  text[at + 13] = '4';  // 400 fen: still canonical, still a valid disbursement
  { std::ofstream(before.mirror, std::ios::binary | std::ios::trunc) << text; }
  // The changed file is itself an export file that fails its own audit.
  EXPECT_FALSE(AuditFile(before.mirror).ok());
  // A run reads the mirror again when the kept replay is gone.
  std::filesystem::remove_all(state_path_ + std::string(kReplaySuffix));
  Donate(*main_, "b", 1);
  main_->Checkpoint();
  auto run = FollowOnce(Follow(main_->url()));
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_TRUE(run->report.failure.has_value());
  EXPECT_EQ(run->report.failure->check, "trusted_prefix") << SummaryText(run->report);
  EXPECT_FALSE(run->advanced);
  EXPECT_EQ(State(), before);
  EXPECT_EQ(std::filesystem::file_size(before.mirror), before.mirror_bytes);
}

// Two ledgers with one history up to `shared` events, then different ones:
// the first is followed; then the same state is pointed at the second.
class AuditForkTest : public AuditLiveTest {
 protected:
  void SetUp() override {
    AuditLiveTest::SetUp();
    Donate(*main_, "shared", 2);
    shared_ = main_->Checkpoint();
    main_->Close();
    std::filesystem::copy(main_->dir(), tmp_.Sub("fork"), std::filesystem::copy_options::recursive);
    main_->Open();
    Donate(*main_, "main", 3);
    followed_ = main_->Checkpoint();
    FollowOk(main_->url());
    before_ = ledger::testing::ReadText(state_path_);
    fork_ = std::make_unique<ServedLedger>(tmp_.Sub("fork"));
    fork_->Open();
  }

  // Points the state at the fork's URL, as if the server behind it changed.
  void PointStateAtFork() {
    Rewrite(state_path_, [this](FollowState& state) { state.url = fork_->url(); });
    before_ = ledger::testing::ReadText(state_path_);
  }

  void ExpectNothingAdvanced() {
    EXPECT_EQ(ledger::testing::ReadText(state_path_), before_);
    const FollowState state = State();
    EXPECT_EQ(state.size, followed_);
    EXPECT_EQ(std::filesystem::file_size(state.mirror), state.mirror_bytes);
  }

  uint64_t shared_ = 0, followed_ = 0;
  std::string before_;
  std::unique_ptr<ServedLedger> fork_;
};

TEST_F(AuditForkTest, ForkWithACheckpointOfTheFollowedSizeFailsOnItsRoot) {
  Donate(*fork_, "fork", 3, 2000);  // as many events as the followed ledger, other amounts
  ASSERT_EQ(fork_->Checkpoint(), followed_);
  Donate(*fork_, "more", 2);
  fork_->Checkpoint();
  PointStateAtFork();
  auto run = FollowOnce(Follow(fork_->url()));
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_TRUE(run->report.failure.has_value());
  EXPECT_EQ(run->report.failure->check, "checkpoint_root") << SummaryText(run->report);
  EXPECT_EQ(run->report.failure->checkpoint, followed_);
  EXPECT_FALSE(run->advanced);
  EXPECT_TRUE(run->checkpoint.empty());
  ExpectNothingAdvanced();
}

TEST_F(AuditForkTest, ForkWithoutThatCheckpointFailsOnTheConsistencyProof) {
  Donate(*fork_, "fork", 4, 2000);
  ASSERT_GT(fork_->Checkpoint(), followed_);
  ASSERT_FALSE(fork_->ledger().log().CheckpointAt(followed_).ok());
  PointStateAtFork();
  auto run = FollowOnce(Follow(fork_->url()));
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_TRUE(run->report.failure.has_value());
  EXPECT_EQ(run->report.failure->check, "consistency") << SummaryText(run->report);
  EXPECT_NE(run->report.failure->reason.find(std::to_string(followed_) + " -> " +
                                             std::to_string(fork_->size())),
            std::string::npos)
      << run->report.failure->reason;
  ExpectNothingAdvanced();
}

TEST_F(AuditForkTest, ServerThatLostEventsItCheckpointedFailsAndAdvancesNothing) {
  // The fork holds only the shared events: its log is shorter than the state.
  PointStateAtFork();
  auto run = FollowOnce(Follow(fork_->url()));
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  ASSERT_TRUE(run->report.failure.has_value());
  EXPECT_EQ(run->report.failure->check, "consistency") << SummaryText(run->report);
  ExpectNothingAdvanced();
}

TEST_F(AuditLiveTest, StateOfAnotherUrlOrLogKeyIsRefused) {
  Donate(*main_, "a", 1);
  main_->Checkpoint();
  FollowOk(main_->url());
  const std::string before = ledger::testing::ReadText(state_path_);
  std::unique_ptr<ServedLedger> other = NewLedger("other");  // its own log key

  auto wrong_url = FollowOnce(Follow(other->url()));
  ASSERT_FALSE(wrong_url.ok());
  EXPECT_EQ(wrong_url.error().code, Code::kInvalidArgument);
  EXPECT_EQ(wrong_url.error().field, "url");

  Rewrite(state_path_, [&other](FollowState& state) { state.url = other->url(); });
  auto wrong_key = FollowOnce(Follow(other->url()));
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error().code, Code::kUnauthenticated);
  EXPECT_EQ(wrong_key.error().field, "log_key");
  EXPECT_EQ(State().size, 3u + 1);
  Rewrite(state_path_, [this](FollowState& state) { state.url = main_->url(); });
  EXPECT_EQ(ledger::testing::ReadText(state_path_), before);
}

TEST_F(AuditLiveTest, MalformedStateFileIsRefusedNamingIt) {
  { std::ofstream(state_path_) << R"({"format":"welfare-ledger-audit-state/1","url":"http://x"})"; }
  auto run = FollowOnce(Follow(main_->url()));
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, Code::kInvalidArgument);
  EXPECT_EQ(run.error().field, "state");
}

TEST_F(AuditLiveTest, UnreachableServerIsAnErrorAndWritesNoState) {
  const std::string url = main_->url();
  main_->Close();
  auto run = FollowOnce(Follow(url));
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, Code::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(state_path_));
}

}  // namespace
}  // namespace ledger::audit
