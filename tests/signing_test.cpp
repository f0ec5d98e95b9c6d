// Org signatures over submissions and batches (DESIGN.md §3).
#include "ledger/signing.hpp"

#include <string>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

// RFC 8032 §7.1 vector `index` (0 = TEST 1): its seed as a private key.
PrivateKey Rfc8032Key(std::size_t index) {
  Json vectors = Json::parse(
      testing::ReadText(testing::VectorsDir() + "/rfc8032/ed25519.json"));
  Bytes seed = HexDecode(vectors["vectors"][index]["secret_key"].get<std::string>()).value();
  return PrivateKey::FromSeed(seed).value();
}

Json Parse(std::string_view text) { return ParseStrict(text).value(); }

Json SampleSubmission() {
  return Parse(R"({"type":"donation.received","org":"sz-charity","idem":"web-1",
                   "body":{"receipt":"R-1","amount_fen":100}})");
}

Json SampleBatch() {
  return Parse(R"({"org":"sz-charity","events":[
      {"type":"fund.opened","idem":"f-1","body":{"id":"F1"}},
      {"type":"donation.received","idem":"d-1","body":{"amount_fen":5,"fund":"F1"}}]})");
}

Json Signed(Json doc, const PrivateKey& key) {
  auto signed_doc = Sign(std::move(doc), key);
  LEDGER_CHECK_MSG(signed_doc.ok(), signed_doc.error().ToString());
  return std::move(signed_doc).value();
}

void ExpectError(const Status& status, Code code, std::string_view field) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, code) << status.error().ToString();
  EXPECT_EQ(status.error().field, field) << status.error().ToString();
}

template <class T>
void ExpectError(const Result<T>& result, Code code, std::string_view field) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

// --- submissions ---

TEST(SignedBytes, SubmissionIsDomainThenCanonicalJsonWithoutSig) {
  Json doc = SampleSubmission();
  doc["sig"] = "ignored";
  auto bytes = SignedBytes(doc);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes,
            "welfare-ledger/v1/submission\n"
            R"({"body":{"amount_fen":100,"receipt":"R-1"},"idem":"web-1",)"
            R"("org":"sz-charity","type":"donation.received"})");
}

TEST(SignSubmission, SignatureVerifies) {
  PrivateKey key = Rfc8032Key(0);
  Json doc = Signed(SampleSubmission(), key);
  ASSERT_TRUE(doc["sig"].is_string());
  EXPECT_EQ(Base64Decode(doc["sig"].get<std::string>())->size(), 64u);
  Status status = VerifySignature(doc, key.public_key());
  EXPECT_TRUE(status.ok()) << status.error().ToString();
}

TEST(SignSubmission, SignatureIsEd25519OverSignedBytes) {
  PrivateKey key = Rfc8032Key(0);
  Json doc = Signed(SampleSubmission(), key);
  std::string bytes = SignedBytes(SampleSubmission()).value();
  Bytes sig = Base64Decode(doc["sig"].get<std::string>()).value();
  EXPECT_TRUE(key.public_key().Verify(AsBytes(bytes), sig));
}

TEST(SignSubmission, ChangingAnySignedMemberBreaksSignature) {
  PrivateKey key = Rfc8032Key(0);
  const Json doc = Signed(SampleSubmission(), key);
  const char* pointers[] = {"/type", "/org", "/idem", "/body/receipt"};
  for (const char* pointer : pointers) {
    SCOPED_TRACE(pointer);
    Json changed = doc;
    changed[Json::json_pointer(pointer)] = "changed";
    ExpectError(VerifySignature(changed, key.public_key()), Code::kUnauthenticated, "sig");
  }
  Json amount = doc;
  amount["body"]["amount_fen"] = 101;
  ExpectError(VerifySignature(amount, key.public_key()), Code::kUnauthenticated, "sig");
}

TEST(SignSubmission, AddingAMemberBreaksSignature) {
  PrivateKey key = Rfc8032Key(0);
  Json doc = Signed(SampleSubmission(), key);
  doc["extra"] = 1;
  ExpectError(VerifySignature(doc, key.public_key()), Code::kUnauthenticated, "sig");
}

TEST(SignSubmission, MemberOrderAndWhitespaceDoNotMatter) {
  PrivateKey key = Rfc8032Key(0);
  Json reordered = Parse(R"({ "body" : { "amount_fen" : 100 , "receipt" : "R-1" },
                              "idem":"web-1", "org":"sz-charity",
                              "type":"donation.received" })");
  EXPECT_EQ(SignedBytes(reordered).value(), SignedBytes(SampleSubmission()).value());
  reordered["sig"] = Signed(SampleSubmission(), key)["sig"];
  Status status = VerifySignature(reordered, key.public_key());
  EXPECT_TRUE(status.ok()) << status.error().ToString();
}

TEST(SignSubmission, ResigningReplacesOldSig) {
  PrivateKey key = Rfc8032Key(0);
  Json doc = SampleSubmission();
  doc["sig"] = "old";
  Json resigned = Signed(doc, key);
  EXPECT_EQ(resigned["sig"], Signed(SampleSubmission(), key)["sig"]);
  EXPECT_TRUE(VerifySignature(resigned, key.public_key()).ok());
}

TEST(VerifySignature, RefusesAnotherKey) {
  Json doc = Signed(SampleSubmission(), Rfc8032Key(0));
  ExpectError(VerifySignature(doc, Rfc8032Key(1).public_key()), Code::kUnauthenticated,
              "sig");
}

TEST(SignedBytes, SubmissionNeedsTypeOrgIdemAndBody) {
  for (const char* member : {"type", "org", "idem", "body"}) {
    SCOPED_TRACE(member);
    Json doc = SampleSubmission();
    doc.erase(member);
    ExpectError(SignedBytes(doc), Code::kInvalidArgument, member);
    ExpectError(Sign(doc, Rfc8032Key(0)), Code::kInvalidArgument, member);
  }
}

TEST(SignedBytes, DoesNotValidateMemberContent) {
  Json doc = Parse(R"({"type":1,"org":null,"idem":[],"body":"x"})");
  EXPECT_TRUE(SignedBytes(doc).ok());
}

TEST(SignedBytes, RefusesNonObject) {
  for (const char* text : {"[]", "1", "\"s\"", "null"}) {
    SCOPED_TRACE(text);
    ExpectError(SignedBytes(Json::parse(text)), Code::kInvalidArgument, "");
    ExpectError(VerifySignature(Json::parse(text), Rfc8032Key(0).public_key()),
                Code::kInvalidArgument, "");
  }
}

TEST(SignedBytes, RefusesNonIntegerNumberByPath) {
  Json doc = SampleSubmission();
  doc["body"]["rate"] = 0.5;
  ExpectError(SignedBytes(doc), Code::kInvalidArgument, "body.rate");
}

// --- the "sig" member ---

TEST(VerifySignature, MissingSigNamesSig) {
  ExpectError(VerifySignature(SampleSubmission(), Rfc8032Key(0).public_key()),
              Code::kInvalidArgument, "sig");
}

TEST(VerifySignature, MalformedSigNamesSig) {
  const PublicKey key = Rfc8032Key(0).public_key();
  const std::string good = Signed(SampleSubmission(), Rfc8032Key(0))["sig"];
  Bytes short_sig(63), long_sig(65);
  const Json bad_sigs[] = {Json(5),
                           Json(nullptr),
                           Json::array({good}),
                           Json(good.substr(1)),          // not base64
                           Json(good + "="),              // not base64
                           Json(" " + good),              // whitespace
                           Json(Base64Encode(short_sig)),  // 63 bytes
                           Json(Base64Encode(long_sig)),   // 65 bytes
                           Json("")};
  for (const Json& sig : bad_sigs) {
    SCOPED_TRACE(sig.dump());
    Json doc = SampleSubmission();
    doc["sig"] = sig;
    ExpectError(VerifySignature(doc, key), Code::kInvalidArgument, "sig");
  }
}

TEST(VerifySignature, WellFormedWrongSigIsUnauthenticated) {
  Json doc = SampleSubmission();
  doc["sig"] = Base64Encode(Signature{});
  ExpectError(VerifySignature(doc, Rfc8032Key(0).public_key()), Code::kUnauthenticated,
              "sig");
}

// --- batches ---

TEST(IsBatch, IsTrueForObjectsWithEvents) {
  EXPECT_TRUE(IsBatch(SampleBatch()));
  EXPECT_FALSE(IsBatch(SampleSubmission()));
  EXPECT_FALSE(IsBatch(Json::array({"events"})));
}

TEST(SignedBytes, BatchIsDomainThenCanonicalEventsAndOrg) {
  Json doc = SampleBatch();
  doc["sig"] = "ignored";
  auto bytes = SignedBytes(doc);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes,
            "welfare-ledger/v1/batch\n"
            R"({"events":[{"body":{"id":"F1"},"idem":"f-1","type":"fund.opened"},)"
            R"({"body":{"amount_fen":5,"fund":"F1"},"idem":"d-1",)"
            R"("type":"donation.received"}],"org":"sz-charity"})");
}

TEST(SignBatch, SignatureVerifies) {
  PrivateKey key = Rfc8032Key(0);
  Status status = VerifySignature(Signed(SampleBatch(), key), key.public_key());
  EXPECT_TRUE(status.ok()) << status.error().ToString();
}

TEST(SignBatch, ChangingOrReorderingEventsBreaksSignature) {
  PrivateKey key = Rfc8032Key(0);
  const Json doc = Signed(SampleBatch(), key);
  Json changed = doc;
  changed["events"][1]["body"]["amount_fen"] = 6;
  ExpectError(VerifySignature(changed, key.public_key()), Code::kUnauthenticated, "sig");
  Json reordered = doc;
  std::swap(reordered["events"][0], reordered["events"][1]);
  ExpectError(VerifySignature(reordered, key.public_key()), Code::kUnauthenticated, "sig");
  Json other_org = doc;
  other_org["org"] = "other";
  ExpectError(VerifySignature(other_org, key.public_key()), Code::kUnauthenticated, "sig");
}

TEST(SignedBytes, BatchRefusesExtraTopLevelMemberNamingIt) {
  PrivateKey key = Rfc8032Key(0);
  Json doc = SampleBatch();
  doc["note"] = "unsigned";
  ExpectError(SignedBytes(doc), Code::kInvalidArgument, "note");
  ExpectError(Sign(doc, key), Code::kInvalidArgument, "note");
  Json signed_doc = Signed(SampleBatch(), key);
  signed_doc["type"] = "smuggled";
  ExpectError(VerifySignature(signed_doc, key.public_key()), Code::kInvalidArgument, "type");
}

TEST(SignedBytes, BatchEventsMustBeAnArray) {
  for (const char* events : {"{}", "\"e\"", "null", "1"}) {
    SCOPED_TRACE(events);
    Json doc = SampleBatch();
    doc["events"] = Json::parse(events);
    ExpectError(SignedBytes(doc), Code::kInvalidArgument, "events");
  }
}

TEST(SignedBytes, BatchNeedsOrg) {
  Json doc = SampleBatch();
  doc.erase("org");
  ExpectError(SignedBytes(doc), Code::kInvalidArgument, "org");
}

TEST(SignedBytes, BatchErrorPathsPointIntoEvents) {
  Json doc = SampleBatch();
  doc["events"][1]["body"]["amount_fen"] = 1.5;
  ExpectError(SignedBytes(doc), Code::kInvalidArgument, "events[1].body.amount_fen");
}

}  // namespace
}  // namespace ledger
