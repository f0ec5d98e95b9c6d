// ledger-audit against a running ledgerd (audit/http_source, follow,
// witness): real ledgers in temp dirs served on 127.0.0.1, real signed
// events posted through POST /v1/events, checkpoints made by the log.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "app.hpp"
#include "auditor.hpp"
#include "export_file.hpp"
#include "follow.hpp"
#include "http_client.hpp"
#include "http_source.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/cosignature.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "metrics.hpp"
#include "raw_http_client.hpp"
#include "router.hpp"
#include "server.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"
#include "witness.hpp"
#include "ledger/store.hpp"

namespace ledger::audit {
namespace {

using api::Request;
using api::Response;
using ledger::testing::RegisterBody;
using ledger::testing::SignedSubmission;
using ledger::testing::TempDir;
using namespace std::chrono_literals;

constexpr const char* kOrigin = "test.example/shenzhen";
constexpr const char* kCharity = "sz-charity";
constexpr const char* kWitness = "sz-audit-office";

// A ledger in a directory, served on 127.0.0.1: it can be closed, copied
// and opened again, as an operator would. `tamper` (if set) edits every
// answer before it is sent: a lying server.
class ServedLedger {
 public:
  using Tamper = std::function<void(const Request&, Response&)>;
  explicit ServedLedger(std::string dir) : dir_(std::move(dir)) {}
  ~ServedLedger() { Close(); }

  void Open(Tamper tamper = {}) {
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    LogOptions options;
    options.dir = dir_;
    options.checkpoint_interval = 0ms;  // checkpoints only when a test makes them
    auto opened = Ledger::Open(options, std::move(*key));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(*opened);
    metrics_ = std::make_unique<api::Metrics>();
    router_ = std::make_unique<api::Router>(api::MakeApiRouter(*ledger_, *metrics_));
    api::ServerOptions server_options;
    server_options.port = 0;
    server_options.access_log = [](std::string_view) {};
    api::Handler handler = [this, tamper](const Request& request, api::Respond respond) {
      if (!tamper) return router_->Dispatch(request, std::move(respond));
      router_->Dispatch(request, [request, tamper, respond](Response response) {
        tamper(request, response);
        respond(std::move(response));
      });
    };
    server_ = std::make_unique<api::Server>(server_options, std::move(handler), *metrics_);
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.error().ToString();
  }

  void Close() {
    if (server_) server_->Stop();
    server_.reset();
    router_.reset();
    ledger_.reset();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  uint16_t port() const { return server_->port(); }
  Ledger& ledger() { return *ledger_; }
  uint64_t size() { return ledger_->log().size(); }
  const std::string& dir() const { return dir_; }

  // Makes a checkpoint of the log as it is now; returns its size.
  uint64_t Checkpoint() {
    auto note = ledger_->log().MakeCheckpoint();
    EXPECT_TRUE(note.ok()) << note.error().ToString();
    return size();
  }

 private:
  std::string dir_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<api::Metrics> metrics_;
  std::unique_ptr<api::Router> router_;
  std::unique_ptr<api::Server> server_;
};

class AuditLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    regulator_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    charity_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    witness_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    main_ = NewLedger("main");
    // org.registered, fund.opened, after genesis: 3 events.
    Post(*main_, SignedSubmission("org.registered", "reg", "reg-charity",
                                  RegisterBody(kCharity, "charity", {"fundraise", "disburse"},
                                               charity_->public_key()),
                                  *regulator_));
    Post(*main_, AsCharity("fund.opened", "fund-1",
                           {{"id", "szc-general"}, {"owner", kCharity}, {"kind", "donations"},
                            {"purpose", "general"}, {"restricted", false}, {"name", "General fund"}}));
  }

  std::unique_ptr<ServedLedger> NewLedger(const std::string& name) {
    const std::string dir = tmp_.Sub(name);
    auto init = InitLedger({.dir = dir, .origin = kOrigin,
                            .regulator = {"reg", "Regulator", regulator_->public_key()}});
    EXPECT_TRUE(init.ok()) << init.error().ToString();
    auto served = std::make_unique<ServedLedger>(dir);
    served->Open();
    return served;
  }

  Json AsCharity(const std::string& type, const std::string& idem, Json body) {
    return SignedSubmission(type, kCharity, idem, std::move(body), *charity_);
  }

  // Posts over HTTP; returns the tree size after it.
  uint64_t Post(ServedLedger& served, const Json& doc) {
    ledger::testing::Reply reply = ledger::testing::Post(served.port(), "/v1/events", doc.dump());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? reply.JsonBody()["tree_size"].get<uint64_t>() : 0;
  }

  // `count` donations "<tag>-<i>" of `fen` each, with a disbursement after
  // every second one, so that rules and accounts have work to do.
  void Donate(ServedLedger& served, const std::string& tag, int count, int64_t fen = 1000) {
    for (int i = 0; i < count; ++i) {
      const std::string id = tag + "-" + std::to_string(i);
      Post(served, AsCharity("donation.received", "d-" + id,
                             {{"receipt", "R-" + id}, {"fund", "szc-general"}, {"amount_fen", fen},
                              {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
                              {"channel", "online"}, {"date", "2026-11-23"}}));
      if (i % 2 == 1) {
        Post(served, AsCharity("disbursement.made", "p-" + id,
                               {{"fund", "szc-general"}, {"amount_fen", fen / 2},
                                {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                                {"purpose", "poverty"}, {"reference", "aid " + id}}));
      }
    }
  }

  FollowOptions Follow(const std::string& url) {
    FollowOptions options;
    options.url = url;
    options.state_path = state_path_;
    return options;
  }

  FollowResult FollowOk(const std::string& url) {
    auto result = FollowOnce(Follow(url));
    EXPECT_TRUE(result.ok()) << result.error().ToString();
    if (!result.ok()) return {};
    EXPECT_TRUE(result->report.ok()) << SummaryText(result->report);
    return std::move(*result);
  }

  FollowState State() {
    auto state = LoadFollowState(state_path_);
    EXPECT_TRUE(state.ok()) << state.error().ToString();
    EXPECT_TRUE(state.ok() && state->has_value());
    return state.ok() && state->has_value() ? **state : FollowState{};
  }

  // Audits an export file (the mirror) offline.
  static AuditReport AuditFile(const std::string& path) {
    auto source = OpenExportFile(path);
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    if (!source.ok()) return {};
    return RunAudit(**source, AuditOptions{});
  }

  static void Rewrite(const std::string& path, const std::function<void(FollowState&)>& edit) {
    auto loaded = LoadFollowState(path);
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    FollowState state = **loaded;
    edit(state);
    ASSERT_TRUE(SaveFollowState(path, state).ok());
  }

  TempDir tmp_;
  std::string state_path_ = tmp_.Sub("state.json");
  std::unique_ptr<PrivateKey> regulator_, charity_, witness_;
  std::unique_ptr<ServedLedger> main_;
};

// ---------------------------------------------------------------------------
// --url

TEST_F(AuditLiveTest, UrlAuditOfAServedLedgerIsCleanAndEndsAtItsCheckpoint) {
  Donate(*main_, "a", 6);
  const uint64_t size = main_->Checkpoint();
  ASSERT_EQ(size, 3u + 6 + 3);
  auto source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  AuditEnd end;
  AuditReport report = RunAudit(**source, AuditOptions{}, &end);
  ASSERT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_EQ(report.source, "url:" + main_->url());
  EXPECT_EQ(report.events, size);
  EXPECT_EQ(report.checkpoint_size, size);
  EXPECT_EQ(report.checkpoints, 2u);  // init's (size 1) and ours
  EXPECT_EQ(report.by_type["donation.received"], 6u);
  EXPECT_EQ(report.by_type["disbursement.made"], 3u);
  EXPECT_EQ(report.origin, kOrigin);
  EXPECT_EQ(report.log_key, main_->ledger().log().verifier_key());
  EXPECT_EQ(end.size, size);
  EXPECT_EQ(end.root, *main_->ledger().log().RootAt(size));
  EXPECT_EQ(end.checkpoint, *main_->ledger().log().CheckpointAt(size));
}

TEST_F(AuditLiveTest, UrlAuditComparesTheServedFundsWithTheReplay) {
  Donate(*main_, "a", 6);
  main_->Checkpoint();
  auto source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  AuditReport clean = RunAudit(**source, AuditOptions{});
  ASSERT_TRUE(clean.ok()) << SummaryText(clean);
  EXPECT_EQ(clean.served_funds, 1u);

  // The fund's stored balance edited behind the ledger's back, then served.
  main_->Close();
  {
    auto store = Store::Open({.dir = main_->dir()});
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto value = (*store)->Get(Column::kIndex, "fund/szc-general");
    ASSERT_TRUE(value.ok() && value->has_value());
    Json fund = *ParseStrict(**value);
    fund["balance_fen"] = fund["balance_fen"].get<int64_t>() + 100;
    WriteSet writes(**store);
    writes.Put(Column::kIndex, "fund/szc-general", *Canonicalize(fund));
    ASSERT_TRUE((*store)->Write(writes, true).ok());
  }
  main_->Open();
  source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  AuditReport edited = RunAudit(**source, AuditOptions{});
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.failure->check, "projections") << SummaryText(edited);
  EXPECT_NE(edited.failure->reason.find("GET /v1/funds/szc-general serves balance_fen"), std::string::npos)
      << edited.failure->reason;
}

TEST_F(AuditLiveTest, UrlAuditStopsAtTheCheckpointItStartedFromWhileTheLogGrows) {
  Donate(*main_, "a", 2);
  const uint64_t size = main_->Checkpoint();
  auto source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok());
  ASSERT_EQ(*(*source)->Size(), size);
  Donate(*main_, "b", 4);  // newer events and a newer checkpoint arrive during the audit
  ASSERT_GT(main_->Checkpoint(), size);
  AuditReport report = RunAudit(**source, AuditOptions{});
  ASSERT_TRUE(report.ok()) << SummaryText(report);
  EXPECT_EQ(report.events, size);
  EXPECT_EQ(report.checkpoint_size, size);  // the newer checkpoint is not a truncation
  auto sizes = (*source)->CheckpointSizes();
  ASSERT_TRUE(sizes.ok());
  EXPECT_EQ(*sizes, (std::vector<uint64_t>{1, size}));
}

TEST_F(AuditLiveTest, ServerWhoseLeafHashContradictsItsEventIsNamedWithTheSeq) {
  main_->Close();
  main_->Open([](const Request& request, Response& response) {
    if (request.target.rfind("/v1/events?", 0) != 0) return;
    Json page = Json::parse(response.body);
    for (Json& event : page["events"])
      if (event["seq"] == 2) event["leaf_hash"] = std::string(64, '0');
    response.body = page.dump();
  });
  Donate(*main_, "a", 1);
  main_->Checkpoint();
  auto source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok());
  auto events = (*source)->ReadEvents(0, 10);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.error().code, Code::kCorruption);
  EXPECT_NE(events.error().message.find("leaf_hash of event 2 "), std::string::npos)
      << events.error().message;
  AuditReport report = RunAudit(**source, AuditOptions{});
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->check, "source");
}

TEST_F(AuditLiveTest, NonSuccessAnswerNamesThePathAndTheProblemDetail) {
  auto source = OpenHttpSource(main_->url());
  ASSERT_TRUE(source.ok());
  auto notes = (*source)->CheckpointNotes(999);
  ASSERT_FALSE(notes.ok());
  EXPECT_EQ(notes.error().code, Code::kNotFound);
  EXPECT_NE(notes.error().message.find("GET /v1/checkpoint?size=999: 404: "), std::string::npos)
      << notes.error().message;
}

// ---------------------------------------------------------------------------
// --follow

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

TEST_F(AuditLiveTest, FollowRefusesAMirrorWhoseVerifiedEventsWereChanged) {
  Donate(*main_, "a", 2);  // the last event is a disbursement of 500 fen
  main_->Checkpoint();
  FollowOk(main_->url());
  const FollowState before = State();
  std::string text = ledger::testing::ReadText(before.mirror);
  const std::size_t at = text.rfind("\"amount_fen\":500,");
  ASSERT_NE(at, std::string::npos);
  text[at + 13] = '4';  // 400 fen: still canonical, still a valid disbursement
  { std::ofstream(before.mirror, std::ios::binary | std::ios::trunc) << text; }
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

// ---------------------------------------------------------------------------
// --witness

uint64_t NowSeconds() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

TEST_F(AuditLiveTest, WitnessCosignsTheVerifiedCheckpointAndTheLedgerServesIt) {
  Post(*main_, SignedSubmission("org.registered", "reg", "reg-witness",
                                RegisterBody(kWitness, "auditor", {"audit"}, witness_->public_key()),
                                *regulator_));
  Donate(*main_, "a", 2);
  const uint64_t size = main_->Checkpoint();
  FollowResult run = FollowOk(main_->url());
  ASSERT_EQ(State().size, size);
  ASSERT_FALSE(run.checkpoint.empty());

  api::HttpClient client(*api::ParseHttpUrl(main_->url()));
  const uint64_t now = NowSeconds();
  auto posted = CosignAndPost(client, run.checkpoint, kWitness, *witness_, now);
  ASSERT_TRUE(posted.ok()) << posted.error().ToString();
  EXPECT_EQ((*posted)["size"], size);
  EXPECT_EQ((*posted)["witnesses"], Json::array({kWitness}));

  ledger::testing::Reply reply = ledger::testing::Get(main_->port(), "/v1/cosignatures?size=" + std::to_string(size));
  ASSERT_EQ(reply.status, 200) << reply.body;
  Json kept = reply.JsonBody();
  ASSERT_EQ(kept["cosignatures"].size(), 1u);
  EXPECT_EQ(kept["cosignatures"][0]["witness"], kWitness);
  EXPECT_EQ(kept["cosignatures"][0]["timestamp"], now);
  auto note = ParseSignedNote(kept["checkpoint"].get<std::string>());
  ASSERT_TRUE(note.ok()) << note.error().ToString();
  ASSERT_EQ(note->signatures.size(), 2u);  // the log's, then the witness's
  auto verified = VerifyCosignature(note->text, note->signatures[1], kWitness, witness_->public_key());
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(*verified, now);
}

TEST_F(AuditLiveTest, CosignatureByAnOrgWithoutTheAuditRoleIsRefusedWithTheServersReason) {
  Donate(*main_, "a", 1);
  main_->Checkpoint();
  FollowResult run = FollowOk(main_->url());
  api::HttpClient client(*api::ParseHttpUrl(main_->url()));
  auto posted = CosignAndPost(client, run.checkpoint, kCharity, *charity_, NowSeconds());
  ASSERT_FALSE(posted.ok());
  EXPECT_EQ(posted.error().code, Code::kPermissionDenied);
  EXPECT_NE(posted.error().message.find("POST /v1/cosignatures: 403: "), std::string::npos)
      << posted.error().message;
  EXPECT_NE(posted.error().message.find("lacks the audit role"), std::string::npos)
      << posted.error().message;
}

}  // namespace
}  // namespace ledger::audit
