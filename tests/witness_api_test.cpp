// Witness cosignatures over a real server on 127.0.0.1: auditors registered
// through POST /v1/events cosign a kept checkpoint (C2SP tlog-cosignature
// v1), post it to POST /v1/cosignatures and read it back from
// GET /v1/cosignatures, where the log's note carries their lines.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "ledger/cosignature.hpp"
#include "raw_http_client.hpp"

namespace ledger::api {
namespace {

constexpr const char* kAuditor = "sz-auditor";
constexpr const char* kSecondAuditor = "a-auditor";
constexpr const char* kCharity = "sz-charity";
constexpr uint64_t kCosignedSize = 4;

uint64_t Now() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
}

Reply PostText(uint16_t port, const std::string& target, const std::string& body) {
  Connection c(port);
  EXPECT_TRUE(c.connected());
  EXPECT_TRUE(c.Send("POST " + target + " HTTP/1.1\r\nHost: test\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
  auto reply = c.Read();
  EXPECT_TRUE(reply.has_value()) << target;
  return reply.value_or(Reply{});
}

std::string ReplyField(const Reply& reply) {
  const Json field = reply.JsonBody()["errors"][0]["field"];
  return field.is_null() ? "" : field.get<std::string>();
}

class WitnessApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    StartServer();
    Register(kAuditor, "auditor", {"audit"});
    Register(kSecondAuditor, "auditor", {"audit"});
    Register(kCharity, "charity", {"fundraise"});
    note_ = Get(port_, "/v1/checkpoint?size=" + std::to_string(kCosignedSize)).body;
    auto parsed = ParseSignedNote(note_);
    ASSERT_TRUE(parsed.ok()) << note_;
    body_ = parsed->text;
  }

  void Register(const std::string& id, const std::string& kind, std::vector<std::string> roles) {
    keys_.emplace(id, *PrivateKey::Generate());
    PostEvent("org.registered", "reg-" + id,
              RegisterBody(id, kind, std::move(roles), keys_.at(id).public_key()));
  }
  void PostEvent(const std::string& type, const std::string& idem, Json body) {
    Reply reply = ledger::testing::Post(
        port_, "/v1/events", SignedSubmission(type, "reg", idem, std::move(body), *regulator_).dump());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }

  std::string Line(const std::string& witness, uint64_t time) {
    return CosignatureLine(body_, witness, keys_.at(witness), time);
  }
  // The log's note of kCosignedSize with `lines` appended.
  std::string Cosigned(const std::vector<std::string>& lines) {
    std::string note = note_;
    for (const std::string& line : lines) note += line;
    return note;
  }
  Json GetCosignatures(const std::string& query = "?size=" + std::to_string(kCosignedSize)) {
    Reply reply = Get(port_, "/v1/cosignatures" + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.JsonBody();
  }

  std::map<std::string, PrivateKey> keys_;
  std::string note_;
  std::string body_;
};

TEST_F(WitnessApiTest, PostedCosignatureIsServedBackInTheLogsNote) {
  const uint64_t time = Now();
  Reply posted = PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, time)}));
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(posted.JsonBody(), (Json{{"size", kCosignedSize}, {"witnesses", {kAuditor}}}));

  const Json served = GetCosignatures();
  EXPECT_EQ(served["size"], kCosignedSize);
  ASSERT_EQ(served["cosignatures"].size(), 1u);
  EXPECT_EQ(served["cosignatures"][0]["witness"], kAuditor);
  EXPECT_EQ(served["cosignatures"][0]["timestamp"], time);
  EXPECT_EQ(served["cosignatures"][0]["line"].get<std::string>() + "\n", Line(kAuditor, time));

  // The note carries the log's line first, then the witness's; the log's
  // verifier still accepts it, and the witness's line verifies.
  const std::string note = served["checkpoint"].get<std::string>();
  EXPECT_EQ(note, note_ + Line(kAuditor, time));
  auto verifier = ParseVerifierKey(log_->verifier_key());
  ASSERT_TRUE(verifier.ok());
  auto checkpoint = VerifyCheckpoint(note, *verifier);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->size, kCosignedSize);
  auto parsed = ParseSignedNote(note);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->signatures.size(), 2u);
  EXPECT_EQ(parsed->signatures[0].name, log_->origin());
  auto timestamp = VerifyCosignature(parsed->text, parsed->signatures[1], kAuditor,
                                     keys_.at(kAuditor).public_key());
  ASSERT_TRUE(timestamp.ok()) << timestamp.error().ToString();
  EXPECT_EQ(*timestamp, time);
}

TEST_F(WitnessApiTest, WithoutSizeTheLatestCheckpointIsServed) {
  const Json served = GetCosignatures("");
  EXPECT_EQ(served["size"], kTreeSize);  // the fixture's newest checkpoint
  EXPECT_EQ(served["checkpoint"], Get(port_, "/v1/checkpoint").body);
  EXPECT_EQ(served["cosignatures"], Json::array());
}

TEST_F(WitnessApiTest, SeveralWitnessesAreListedByIdAndUnknownLinesIgnored) {
  auto stranger = PrivateKey::Generate();
  ASSERT_TRUE(stranger.ok());
  const uint64_t time = Now();
  const std::string note = Cosigned({Line(kAuditor, time),
                                     CosignatureLine(body_, "stranger", *stranger, time),
                                     Line(kSecondAuditor, time - 1)});
  Reply posted = PostText(port_, "/v1/cosignatures", note);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(posted.JsonBody()["witnesses"], (Json{kSecondAuditor, kAuditor}));
  const Json served = GetCosignatures();
  ASSERT_EQ(served["cosignatures"].size(), 2u);
  EXPECT_EQ(served["cosignatures"][0]["witness"], kSecondAuditor);
  EXPECT_EQ(served["cosignatures"][1]["witness"], kAuditor);
  EXPECT_EQ(served["checkpoint"], note_ + Line(kSecondAuditor, time - 1) + Line(kAuditor, time));
}

TEST_F(WitnessApiTest, RepostIsIdempotentAndAnOlderOneIsIgnored) {
  const uint64_t time = Now();
  const std::string note = Cosigned({Line(kAuditor, time)});
  ASSERT_EQ(PostText(port_, "/v1/cosignatures", note).status, 201);
  const Json first = GetCosignatures();
  Reply again = PostText(port_, "/v1/cosignatures", note);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.JsonBody()["witnesses"], Json{kAuditor});
  EXPECT_EQ(GetCosignatures(), first);
  Reply older = PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, time - 60)}));
  EXPECT_EQ(older.status, 201) << older.body;
  EXPECT_EQ(GetCosignatures(), first);
}

TEST_F(WitnessApiTest, ANewerCosignatureReplacesTheOlder) {
  const uint64_t time = Now() - 120;
  ASSERT_EQ(PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, time)})).status, 201);
  ASSERT_EQ(PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, time + 60)})).status, 201);
  const Json served = GetCosignatures();
  ASSERT_EQ(served["cosignatures"].size(), 1u);
  EXPECT_EQ(served["cosignatures"][0]["timestamp"], time + 60);
  EXPECT_EQ(served["checkpoint"], note_ + Line(kAuditor, time + 60));
}

TEST_F(WitnessApiTest, AnOrgWithoutTheAuditRoleIsRefused) {
  Reply reply = PostText(port_, "/v1/cosignatures", Cosigned({Line(kCharity, Now())}));
  EXPECT_EQ(reply.status, 403) << reply.body;  // a role the org lacks (DESIGN.md §5)
  EXPECT_EQ(ReplyField(reply), "note");
  EXPECT_NE(reply.body.find("no line signed by an org with the audit role"), std::string::npos);
  EXPECT_NE(reply.body.find("sz-charity lacks the audit role"), std::string::npos) << reply.body;
  EXPECT_EQ(GetCosignatures()["cosignatures"], Json::array());
}

TEST_F(WitnessApiTest, TheLogsOwnLineAloneIsNotACosignature) {
  Reply reply = PostText(port_, "/v1/cosignatures", note_);
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(ReplyField(reply), "note");
}

TEST_F(WitnessApiTest, ASuspendedAuditorIsRefused) {
  PostEvent("org.suspended", "suspend-auditor", {{"org", kAuditor}, {"reason", "licence lapsed"}});
  Reply reply = PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, Now())}));
  EXPECT_EQ(reply.status, 403) << reply.body;
  EXPECT_NE(reply.body.find("sz-auditor is suspended"), std::string::npos) << reply.body;
}

TEST_F(WitnessApiTest, OnlyTheKeyTheAuditorHoldsNowCounts) {
  const std::string old_line = Line(kAuditor, Now());
  auto rotated = PrivateKey::Generate();
  ASSERT_TRUE(rotated.ok());
  PostEvent("org.key_rotated", "rotate-auditor",
            {{"org", kAuditor}, {"public_key", rotated->public_key().Base64()}});
  Reply reply = PostText(port_, "/v1/cosignatures", Cosigned({old_line}));
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_NE(reply.body.find("key it holds now"), std::string::npos) << reply.body;
  keys_.insert_or_assign(kAuditor, *rotated);
  EXPECT_EQ(PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, Now())})).status, 201);
}

TEST_F(WitnessApiTest, ABadSignatureIsRefusedAndNothingIsKept) {
  auto line = ParseNoteSignatureLine(Line(kAuditor, Now()));
  ASSERT_TRUE(line.ok());
  line->signature[30] ^= 0x01;
  // The second auditor's good line does not rescue a note with a bad one.
  Reply reply = PostText(port_, "/v1/cosignatures",
                         Cosigned({Line(kSecondAuditor, Now()), NoteSignatureLine(*line) + "\n"}));
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(ReplyField(reply), "note");
  EXPECT_NE(reply.body.find("cosignature by sz-auditor does not verify"), std::string::npos)
      << reply.body;
  EXPECT_EQ(GetCosignatures()["cosignatures"], Json::array());
}

TEST_F(WitnessApiTest, ATimestampFarInTheFutureIsRefused) {
  Reply reply = PostText(port_, "/v1/cosignatures",
                         Cosigned({Line(kAuditor, Now() + kMaxCosignatureFutureSeconds + 60)}));
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_EQ(ReplyField(reply), "timestamp");
  // A witness clock a little ahead is fine.
  EXPECT_EQ(PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, Now() + 60)})).status, 201);
}

TEST_F(WitnessApiTest, AnUnkeptSizeIs404) {
  auto root = log_->RootAt(5);
  ASSERT_TRUE(root.ok());
  const std::string body = CheckpointBody({log_->origin(), 5, *root});
  const std::string note = body + "\n" + CosignatureLine(body, kAuditor, keys_.at(kAuditor), Now());
  Reply reply = PostText(port_, "/v1/cosignatures", note);
  EXPECT_EQ(reply.status, 404) << reply.body;
  EXPECT_EQ(ReplyField(reply), "size");
  Reply get = Get(port_, "/v1/cosignatures?size=5");
  EXPECT_EQ(get.status, 404) << get.body;
  EXPECT_EQ(ReplyField(get), "size");
}

TEST_F(WitnessApiTest, AnotherRootOrOriginForAKeptSizeIs422) {
  Hash other_root = CheckpointRoot(kCosignedSize);
  other_root[0] ^= 0xFF;
  for (const Checkpoint& fork : {Checkpoint{log_->origin(), kCosignedSize, other_root},
                                 Checkpoint{"other.example/ledger", kCosignedSize,
                                            CheckpointRoot(kCosignedSize)}}) {
    const std::string body = CheckpointBody(fork);
    const std::string note = body + "\n" + CosignatureLine(body, kAuditor, keys_.at(kAuditor), Now());
    Reply reply = PostText(port_, "/v1/cosignatures", note);
    EXPECT_EQ(reply.status, 422) << reply.body;
    EXPECT_EQ(ReplyField(reply), "checkpoint");
  }
  EXPECT_EQ(GetCosignatures()["cosignatures"], Json::array());
}

TEST_F(WitnessApiTest, MalformedInputIs400) {
  for (const std::string& note : {std::string("not a note"), std::string(),
                                  body_ + "\n",  // no signature line
                                  "a\nb\n\n" + Line(kAuditor, Now())}) {  // not a checkpoint
    Reply reply = PostText(port_, "/v1/cosignatures", note);
    EXPECT_EQ(reply.status, 400) << note << reply.body;
    EXPECT_EQ(ReplyField(reply), "note") << note;
  }
  // An auditor's line of the wrong length.
  auto line = ParseNoteSignatureLine(Line(kAuditor, Now()));
  ASSERT_TRUE(line.ok());
  line->signature.pop_back();
  Reply short_line = PostText(port_, "/v1/cosignatures", Cosigned({NoteSignatureLine(*line) + "\n"}));
  EXPECT_EQ(short_line.status, 400) << short_line.body;
  EXPECT_EQ(ReplyField(short_line), "note");
  for (const char* query : {"?size=abc", "?size=01", "?size=-1", "?sise=4"}) {
    Reply reply = Get(port_, std::string("/v1/cosignatures") + query);
    EXPECT_EQ(reply.status, 400) << query;
  }
  EXPECT_EQ(ReplyField(Get(port_, "/v1/cosignatures?size=abc")), "size");
}

TEST_F(WitnessApiTest, ANoteOverTheLimitIs413) {
  std::string note = Cosigned({Line(kAuditor, Now())});
  note.resize(kMaxNoteBytes + 1, 'x');
  Reply reply = PostText(port_, "/v1/cosignatures", note);
  EXPECT_EQ(reply.status, 413) << reply.body;
  // At the limit it is read (and refused for what it is, not its size).
  note.resize(kMaxNoteBytes);
  EXPECT_EQ(PostText(port_, "/v1/cosignatures", note).status, 400);
}

TEST_F(WitnessApiTest, CosignaturesSurviveARestart) {
  const uint64_t time = Now();
  ASSERT_EQ(PostText(port_, "/v1/cosignatures", Cosigned({Line(kAuditor, time)})).status, 201);
  const Json before = GetCosignatures();
  Restart();
  const Json after = GetCosignatures();
  EXPECT_EQ(after, before);
  ASSERT_EQ(after["cosignatures"].size(), 1u);
  EXPECT_EQ(after["cosignatures"][0]["timestamp"], time);
}

}  // namespace
}  // namespace ledger::api
