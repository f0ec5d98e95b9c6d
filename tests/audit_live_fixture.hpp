// A real ledgerd for ledger-audit tests (audit_live_test, audit_follow_test):
// ledgers in temp dirs served on 127.0.0.1, real signed events posted
// through POST /v1/events, checkpoints made when a test asks.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "app.hpp"
#include "auditor.hpp"
#include "export_file.hpp"
#include "follow.hpp"
#include "http_source.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "ledger/store.hpp"
#include "state_edit.hpp"
#include "metrics.hpp"
#include "raw_http_client.hpp"
#include "report.hpp"
#include "router.hpp"
#include "server.hpp"
#include "submit_util.hpp"
#include "test_util.hpp"

namespace ledger::audit {

inline constexpr const char* kOrigin = "test.example/shenzhen";
inline constexpr const char* kCharity = "sz-charity";

// A ledger in a directory, served on 127.0.0.1: it can be closed, copied
// and opened again, as an operator would. `tamper` (if set) edits every
// answer before it is sent: a lying server.
class ServedLedger {
 public:
  using Tamper = std::function<void(const api::Request&, api::Response&)>;
  explicit ServedLedger(std::string dir) : dir_(std::move(dir)) {}
  ~ServedLedger() { Close(); }

  void Open(Tamper tamper = {}) {
    auto key = PrivateKey::ReadPemFile(dir_ + "/" + kLogKeyFile);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    LogOptions options;
    options.dir = dir_;
    options.checkpoint_interval = std::chrono::milliseconds(0);  // checkpoints only when a test makes them
    auto opened = Ledger::Open(options, std::move(*key));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(*opened);
    metrics_ = std::make_unique<api::Metrics>();
    router_ = std::make_unique<api::Router>(api::MakeApiRouter(*ledger_, *metrics_));
    api::ServerOptions server_options;
    server_options.port = 0;
    server_options.access_log = [](std::string_view) {};
    api::Handler handler = [this, tamper](const api::Request& request, api::Respond respond) {
      if (!tamper) return router_->Dispatch(request, std::move(respond));
      router_->Dispatch(request, [request, tamper, respond](api::Response response) {
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
    Post(*main_, testing::SignedSubmission(
                     "org.registered", "reg", "reg-charity",
                     testing::RegisterBody(kCharity, "charity", {"fundraise", "disburse"},
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
    return testing::SignedSubmission(type, kCharity, idem, std::move(body), *charity_);
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
                                {"purpose", "poverty"}, {"reference", "aid " + id}, {"date", "2026-11-23"}}));
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

  // The first state key of the main ledger under `prefix` ("" if none).
  std::string FirstKey(const std::string& prefix) {
    std::string found;
    EXPECT_TRUE(main_->ledger().log().store().Scan(Column::kState, prefix,
                                                   [&](std::string_view key, std::string_view) {
      if (key.starts_with(prefix)) found = key;
      return false;
    }).ok());
    EXPECT_FALSE(found.empty()) << "no key under " << prefix;
    return found;
  }

  // Adds 100 to amount `member` of stored state record `key` behind the
  // main ledger's back (closed meanwhile), then serves it again.
  void EditServed(const std::string& key, const std::string& member) {
    main_->Close();
    {
      auto store = Store::Open({.dir = main_->dir()});
      ASSERT_TRUE(store.ok()) << store.error().ToString();
      WriteSet writes(**store);
      testing::AddToStoredAmount(**store, writes, key, member, 100);
      ASSERT_TRUE((*store)->Write(writes, true).ok());
    }
    main_->Open();
  }

  // Audits the main ledger through its API: it must pass.
  AuditReport AuditServed() {
    auto source = OpenHttpSource(main_->url());
    EXPECT_TRUE(source.ok()) << source.error().ToString();
    if (!source.ok()) return {};
    AuditReport report = RunAudit(**source, AuditOptions{});
    EXPECT_TRUE(report.ok()) << SummaryText(report);
    return report;
  }

  // EditServed, then audits what is served: it must fail `projections`
  // with `words` in its reason.
  void ExpectServedEditCaught(const std::string& key, const std::string& member, const std::string& words) {
    EditServed(key, member);
    auto source = OpenHttpSource(main_->url());
    ASSERT_TRUE(source.ok()) << source.error().ToString();
    AuditReport edited = RunAudit(**source, AuditOptions{});
    ASSERT_FALSE(edited.ok());
    EXPECT_EQ(edited.failure->check, "projections") << SummaryText(edited);
    EXPECT_NE(edited.failure->reason.find(words), std::string::npos) << edited.failure->reason;
  }

  static void Rewrite(const std::string& path, const std::function<void(FollowState&)>& edit) {
    auto loaded = LoadFollowState(path);
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    FollowState state = **loaded;
    edit(state);
    ASSERT_TRUE(SaveFollowState(path, state).ok());
  }

  testing::TempDir tmp_;
  std::string state_path_ = tmp_.Sub("state.json");
  std::unique_ptr<PrivateKey> regulator_, charity_, witness_;
  std::unique_ptr<ServedLedger> main_;
};

}  // namespace ledger::audit
