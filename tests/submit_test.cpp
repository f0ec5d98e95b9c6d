// POST /v1/events and GET /v1/orgs/{id} over a real server on 127.0.0.1:
// the 201 shape, every class of refusal with its status, field and index
// (each leaving the tree size unchanged), idempotency, Expect: 100-continue,
// and proofs of posted events checked with the library's own verifier.
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/merkle.hpp"
#include "ledger/submission.hpp"
#include "ledger_fixture.hpp"
#include "raw_http_client.hpp"

namespace ledger::api {
namespace {

Json DonationBody(int n) {
  return {{"receipt", "R-" + std::to_string(n)},
          {"fund", "general-fund"},
          {"amount_fen", 100 + n},
          {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
          {"channel", "online"},
          {"date", "2026-11-23"}};
}

class SubmitTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    charity_ = std::make_unique<PrivateKey>(*PrivateKey::Generate());
    ASSERT_TRUE(ledger_->Submit(SignedSubmission("org.registered", "reg", "reg-charity",
                                                 RegisterBody("charity", "charity", {"fundraise"},
                                                              charity_->public_key()),
                                                 *regulator_))
                    .ok());
    ASSERT_TRUE(ledger_->Submit(SignedSubmission("fund.opened", "charity", "open-general",
                                                 {{"id", "general-fund"}, {"owner", "charity"},
                                                  {"kind", "donations"}, {"purpose", "general"},
                                                  {"restricted", false}, {"name", "General fund"}},
                                                 *charity_))
                    .ok());
    size_ = log_->size();
    StartServer();
  }

  Reply PostEvents(const std::string& body) { return Post(port_, "/v1/events", body); }
  Reply PostDoc(const Json& doc) { return PostEvents(doc.dump()); }
  Json Donation(int n, const std::string& idem) {
    return SignedSubmission("donation.received", "charity", idem, DonationBody(n), *charity_);
  }

  // A problem with `status` whose errors[0] names `field` (and `index`),
  // with nothing appended.
  void ExpectProblem(const Reply& reply, int status, const Json& field, const Json& index = nullptr) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Header("content-type"), kProblemType);
    Json problem = Json::parse(reply.body);
    EXPECT_EQ(problem["status"], status);
    ASSERT_EQ(problem["errors"].size(), 1u);
    EXPECT_EQ(problem["errors"][0]["field"], field) << reply.body;
    EXPECT_EQ(problem["errors"][0]["index"], index) << reply.body;
    EXPECT_EQ(log_->size(), size_);
  }

  std::unique_ptr<PrivateKey> charity_;
  uint64_t size_ = 0;
};

TEST_F(SubmitTest, SignedSubmissionIs201WithSeqLeafHashIdemAndTreeSize) {
  Reply reply = PostDoc(Donation(1, "d-1"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Header("content-type"), kJsonType);
  Json body = reply.JsonBody();
  ASSERT_EQ(body["results"].size(), 1u);
  const Json& result = body["results"][0];
  EXPECT_EQ(result["seq"], size_);
  EXPECT_EQ(result["idem"], "d-1");
  EXPECT_EQ(result["duplicate"], false);
  EXPECT_EQ(result["leaf_hash"], HexEncode(*log_->LeafHashAt(size_)));
  EXPECT_EQ(body["tree_size"], size_ + 1);
  Json event = Get(port_, "/v1/events/" + std::to_string(size_)).JsonBody();
  EXPECT_EQ(event["body"], DonationBody(1));
  EXPECT_EQ(event["leaf_hash"], result["leaf_hash"]);
}

TEST_F(SubmitTest, PostedEventHasAnInclusionProofThatVerifies) {
  Reply posted = PostDoc(Donation(1, "d-1"));
  ASSERT_EQ(posted.status, 201);
  const uint64_t seq = posted.JsonBody()["results"][0]["seq"];
  ASSERT_TRUE(log_->MakeCheckpoint().ok());
  Json proof = Get(port_, "/v1/proof/inclusion?seq=" + std::to_string(seq)).JsonBody();
  const Hash root = CheckpointRoot(proof["tree_size"]);
  EXPECT_EQ(FromHex(proof["leaf_hash"]), *log_->LeafHashAt(seq));
  Status verified = VerifyInclusion(seq, proof["tree_size"], FromHex(proof["leaf_hash"]),
                                    FromHexList(proof["hashes"]), root);
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
}

TEST_F(SubmitTest, BatchIs201WithOneResultPerEvent) {
  Json batch = Batch("charity",
                     {BatchEvent("donation.received", "b-1", DonationBody(1)),
                      BatchEvent("donation.received", "b-2", DonationBody(2))},
                     *charity_);
  Reply reply = PostDoc(batch);
  ASSERT_EQ(reply.status, 201) << reply.body;
  Json results = reply.JsonBody()["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1]["seq"], size_ + 1);
  EXPECT_EQ(results[1]["idem"], "b-2");
  Json stored = Get(port_, "/v1/events/" + std::to_string(size_ + 1)).JsonBody();
  EXPECT_EQ(stored["batch"]["start"], size_);
  EXPECT_EQ(stored["batch"]["size"], 2);
}

TEST_F(SubmitTest, ResendIs201MarkedDuplicateAndOtherContentIs409) {
  const Json doc = Donation(1, "d-1");
  ASSERT_EQ(PostDoc(doc).status, 201);
  size_ = log_->size();
  Reply again = PostDoc(doc);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.JsonBody()["results"][0]["duplicate"], true);
  EXPECT_EQ(again.JsonBody()["results"][0]["seq"], size_ - 1);
  EXPECT_EQ(log_->size(), size_);
  ExpectProblem(PostDoc(Donation(2, "d-1")), 409, "idem");
}

TEST_F(SubmitTest, BadSignatureIs401) {
  Json doc = Donation(1, "d-1");
  doc["body"]["amount_fen"] = 999;
  ExpectProblem(PostDoc(doc), 401, "sig");
}

TEST_F(SubmitTest, UnknownOrgIs401) {
  ExpectProblem(PostDoc(SignedSubmission("donation.received", "nobody", "d", DonationBody(1), *charity_)),
                401, "org");
}

TEST_F(SubmitTest, KeyUsedAfterRotationIs401) {
  auto next = *PrivateKey::Generate();
  ASSERT_TRUE(ledger_->Submit(SignedSubmission("org.key_rotated", "reg", "rot",
                                               {{"org", "charity"}, {"public_key", next.public_key().Base64()}},
                                               *regulator_))
                  .ok());
  size_ = log_->size();
  ExpectProblem(PostDoc(Donation(1, "d-1")), 401, "sig");
  EXPECT_EQ(PostDoc(SignedSubmission("donation.received", "charity", "d-1", DonationBody(1), next)).status, 201);
}

TEST_F(SubmitTest, RoleTheOrgLacksIs403) {
  ExpectProblem(PostDoc(SignedSubmission("lottery.rate_set", "charity", "r", RateBody(9), *charity_)), 403,
                "type");
}

TEST_F(SubmitTest, SuspendedOrgIs403) {
  ASSERT_TRUE(ledger_->Submit(SignedSubmission("org.suspended", "reg", "sus",
                                               {{"org", "charity"}, {"reason", "licence withdrawn"}}, *regulator_))
                  .ok());
  size_ = log_->size();
  ExpectProblem(PostDoc(Donation(1, "d-1")), 403, "org");
}

TEST_F(SubmitTest, MalformedJsonIs400) {
  Reply reply = PostEvents("{\"type\": \"donation.received\",");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(log_->size(), size_);
}

TEST_F(SubmitTest, FloatIs400NamingItsPath) {
  std::string text = Donation(1, "d-1").dump();
  const std::string amount = "\"amount_fen\":101";
  text.replace(text.find(amount), amount.size(), "\"amount_fen\":101.5");
  ExpectProblem(PostEvents(text), 400, "body.amount_fen");
}

TEST_F(SubmitTest, UnknownTypeIs400) {
  ExpectProblem(PostDoc(SignedSubmission("donation.pledged", "charity", "p", DonationBody(1), *charity_)), 400,
                "type");
}

TEST_F(SubmitTest, MissingBodyFieldIs400NamingIt) {
  Json body = DonationBody(1);
  body.erase("amount_fen");
  ExpectProblem(PostDoc(SignedSubmission("donation.received", "charity", "d", body, *charity_)), 400,
                "body.amount_fen");
}

TEST_F(SubmitTest, BadEventInABatchIs400WithItsIndexAndNothingAppended) {
  Json bad = DonationBody(2);
  bad["channel"] = "carrier-pigeon";
  ExpectProblem(PostDoc(Batch("charity",
                              {BatchEvent("donation.received", "b-1", DonationBody(1)),
                               BatchEvent("donation.received", "b-2", bad)},
                              *charity_)),
                400, "body.channel", 1);
}

TEST_F(SubmitTest, BatchOverTheEventLimitIs400NamingEvents) {
  std::vector<Json> events;
  for (std::size_t i = 0; i <= kMaxBatchEvents; ++i)
    events.push_back(BatchEvent("donation.received", "b-" + std::to_string(i), DonationBody(static_cast<int>(i))));
  ExpectProblem(PostDoc(Batch("charity", std::move(events), *charity_)), 400, "events");
}

TEST_F(SubmitTest, BodyOverTheLimitIs413) {
  ExpectProblem(PostEvents(std::string(kMaxBodyBytes + 1, ' ')), 413, "body");
}

TEST_F(SubmitTest, QueryParameterIs400) {
  ExpectProblem(Post(port_, "/v1/events?dry_run=1", Donation(1, "d-1").dump()), 400, "dry_run");
}

TEST_F(SubmitTest, ExpectContinueGets100ThenTheAnswer) {
  const std::string body = Donation(1, "d-1").dump();
  Connection c(port_);
  ASSERT_TRUE(c.Send("POST /v1/events HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  auto interim = c.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.Send(body));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 201) << reply->body;
}

TEST_F(SubmitTest, ExpectContinueOverTheLimitIs413WithoutAskingForTheBody) {
  Connection c(port_);
  ASSERT_TRUE(c.Send("POST /v1/events HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                     "Content-Length: " + std::to_string(kMaxBodyBytes + 1) + "\r\n\r\n"));
  auto reply = c.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
}

TEST_F(SubmitTest, ManyConnectionsPostingAtOnceAllLand) {
  constexpr int kClients = 16, kEach = 5;
  std::vector<std::thread> clients;
  std::atomic<int> created{0};
  for (int t = 0; t < kClients; ++t)
    clients.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int n = t * 100 + i;
        if (PostDoc(Donation(n, "c-" + std::to_string(n))).status == 201) ++created;
      }
    });
  for (auto& c : clients) c.join();
  EXPECT_EQ(created.load(), kClients * kEach);
  EXPECT_EQ(log_->size(), size_ + kClients * kEach);
  ledger::testing::ExpectValidChain(*log_);
}

TEST_F(SubmitTest, OrgIsServedAndUnknownOrMalformedIdsAreRefused) {
  Reply org = Get(port_, "/v1/orgs/charity");
  ASSERT_EQ(org.status, 200) << org.body;
  EXPECT_EQ(org.JsonBody()["keys"][0]["public_key"], charity_->public_key().Base64());
  EXPECT_EQ(org.JsonBody()["roles"], Json::array({"fundraise"}));
  ExpectProblem(Get(port_, "/v1/orgs/nobody"), 404, "id");
  ExpectProblem(Get(port_, "/v1/orgs/Not%20An%20Id"), 400, "id");
}

}  // namespace
}  // namespace ledger::api
