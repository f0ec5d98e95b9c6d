// ledger-audit against a running ledgerd (audit/http_source, witness): real
// ledgers in temp dirs served on 127.0.0.1, real signed events posted
// through POST /v1/events, checkpoints made by the log. The --follow runs
// are in audit_follow_test.cpp.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "audit_live_fixture.hpp"
#include "http_client.hpp"
#include "http_source.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/cosignature.hpp"
#include "ledger/store.hpp"
#include "raw_http_client.hpp"
#include "submit_util.hpp"
#include "witness.hpp"

namespace ledger::audit {
namespace {

using api::Request;
using api::Response;
using ledger::testing::RegisterBody;
using ledger::testing::SignedSubmission;

constexpr const char* kWitness = "sz-audit-office";

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
  EXPECT_EQ(AuditServed().served_funds, 1u);
  // The fund's stored balance edited behind the ledger's back, then served.
  ExpectServedEditCaught("fund/szc-general", "balance_fen", "GET /v1/funds/szc-general serves balance_fen");
}

TEST_F(AuditLiveTest, UrlAuditComparesTheServedMonthsOfEveryFund) {
  Donate(*main_, "a", 3);
  main_->Checkpoint();
  // One month's inflow edited: the fund's own header still agrees, only its chart would lie.
  ExpectServedEditCaught(FirstKey("fundmonth/szc-general/"), "inflow_fen",
                         "GET /v1/funds/szc-general serves the month");
}

TEST_F(AuditLiveTest, UrlAuditComparesTheServedYearsOfEveryOrg) {
  Donate(*main_, "a", 3);
  main_->Checkpoint();
  AuditServed();
  // The charity's income of a year edited behind the ledger's back.
  ExpectServedEditCaught(FirstKey(std::string("orgyear/") + kCharity + "/"), "income_fen",
                         std::string("GET /v1/orgs/") + kCharity + "/ratios serves the years");
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
