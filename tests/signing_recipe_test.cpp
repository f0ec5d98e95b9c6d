// docs/signing.md's worked examples, byte for byte: an outside client that
// follows the recipe must get exactly these bytes and signatures, and the
// page must show the values the code computes.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/encoding.hpp"
#include "ledger/signing.hpp"
#include "ledger/submission.hpp"
#include "test_util.hpp"

namespace ledger {
namespace {

// RFC 8032 §7.1 TEST 1: a published test key, not a secret.
constexpr const char* kSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr const char* kPublicKey = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

constexpr const char* kSubmission = R"({"type":"donation.received","org":"sz-charity-federation","idem":"web-2026-000123",
 "body":{"receipt":"SZCF-2026-000123","fund":"szcf-elderly","amount_fen":50000,
         "donor":{"pseudonym":"3f0a7c1b9e2d4a6f8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d2f4a","kind":"individual"},
         "channel":"online","date":"2026-11-23"}})";
constexpr const char* kSubmissionBytes =
    "welfare-ledger/v1/submission\n"
    R"({"body":{"amount_fen":50000,"channel":"online","date":"2026-11-23","donor":{"kind":"individual","pseudonym":"3f0a7c1b9e2d4a6f8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d2f4a"},"fund":"szcf-elderly","receipt":"SZCF-2026-000123"},"idem":"web-2026-000123","org":"sz-charity-federation","type":"donation.received"})";
constexpr const char* kSubmissionBytesSha256 =
    "8c9507ec7fa7c0ac61a0eb4a329993487146efd955e64985b7f9e9fef13635d3";
constexpr const char* kSubmissionSig =
    "G/HKfyriNVFUtRb5O6PyZajvNvURn5+2rogKAC1FCJVVabYqAf9CPmZEpIeUSDFhvVHySwXicALMSUTHeg2ECA==";

constexpr const char* kBatch = R"({"org":"sz-charity-federation","events":[
  {"type":"donation.received","idem":"web-2026-000124","body":{"receipt":"SZCF-2026-000124","fund":"szcf-elderly","amount_fen":20000,
   "donor":{"pseudonym":"3f0a7c1b9e2d4a6f8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d2f4a","kind":"enterprise","display_name":"Pengcheng Logistics"},
   "channel":"bank","date":"2026-11-23"}},
  {"type":"expense.recorded","idem":"exp-2026-11-001","body":{"fund":"szcf-elderly","amount_fen":1500,"category":"fundraising","date":"2026-11-23"}}]})";
constexpr const char* kBatchBytes =
    "welfare-ledger/v1/batch\n"
    R"({"events":[{"body":{"amount_fen":20000,"channel":"bank","date":"2026-11-23","donor":{"display_name":"Pengcheng Logistics","kind":"enterprise","pseudonym":"3f0a7c1b9e2d4a6f8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d2f4a"},"fund":"szcf-elderly","receipt":"SZCF-2026-000124"},"idem":"web-2026-000124","type":"donation.received"},{"body":{"amount_fen":1500,"category":"fundraising","date":"2026-11-23","fund":"szcf-elderly"},"idem":"exp-2026-11-001","type":"expense.recorded"}],"org":"sz-charity-federation"})";
constexpr const char* kBatchSig =
    "NbBHzXG5KMdB9iDfYxgFeNDeTdtL8lK3C/KeLY5bnOdwOhfstRJrwE4NXqOev+zwRd6RcKMrTw0hTskIH0vFBQ==";

PrivateKey TestKey() {
  auto seed = HexDecode(kSeedHex);
  EXPECT_TRUE(seed.ok());
  auto key = PrivateKey::FromSeed(*seed);
  EXPECT_TRUE(key.ok());
  return std::move(*key);
}

Json Parsed(const char* text) {
  auto doc = ParseStrict(text);
  EXPECT_TRUE(doc.ok()) << doc.error().ToString();
  return doc.ok() ? std::move(*doc) : Json();
}

TEST(SigningRecipe, TestKeyIsTheRfc8032Key) {
  EXPECT_EQ(TestKey().public_key().Base64(), kPublicKey);
}

TEST(SigningRecipe, SubmissionBytesAndSignatureAreTheDocumented) {
  const Json doc = Parsed(kSubmission);
  auto bytes = SignedBytes(doc);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, kSubmissionBytes);
  EXPECT_EQ(bytes->size(), 339u);
  EXPECT_EQ(HexEncode(Sha256(*bytes)), kSubmissionBytesSha256);
  auto signed_doc = Sign(doc, TestKey());
  ASSERT_TRUE(signed_doc.ok());
  EXPECT_EQ((*signed_doc)["sig"], kSubmissionSig);
  // And the ledger accepts the document as posted.
  EXPECT_TRUE(ParseSubmission(*signed_doc).ok());
}

TEST(SigningRecipe, BatchBytesAndSignatureAreTheDocumented) {
  const Json doc = Parsed(kBatch);
  auto bytes = SignedBytes(doc);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, kBatchBytes);
  auto signed_doc = Sign(doc, TestKey());
  ASSERT_TRUE(signed_doc.ok());
  EXPECT_EQ((*signed_doc)["sig"], kBatchSig);
  EXPECT_TRUE(ParseSubmission(*signed_doc).ok());
}

TEST(SigningRecipe, AuditorRebuildsTheBytesFromStoredEvents) {
  Json batch = Parsed(kBatch);
  batch["sig"] = kBatchSig;
  auto submission = ParseSubmission(batch);
  ASSERT_TRUE(submission.ok());
  // As stored at seqs 3 and 4: the entry, the batch member, the stamps.
  std::vector<Json> stored;
  for (std::size_t i = 0; i < 2; ++i) {
    Json event = EntryFor(*submission, i);
    event["batch"] = Parsed(BatchMember(*submission, 3).c_str());
    event["seq"] = 3 + i;
    event["prev"] = std::string(64, '0');
    event["ts"] = "2026-11-23T04:55:34.123Z";
    stored.push_back(std::move(event));
  }
  auto bytes = BatchSignedBytes(stored);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes, kBatchBytes);

  Json single = Parsed(kSubmission);
  single["sig"] = kSubmissionSig;
  single["seq"] = 2;
  single["prev"] = std::string(64, '0');
  single["ts"] = "2026-11-23T04:55:34.123Z";
  single["leaf_hash"] = std::string(64, '1');  // as GET /v1/events/{seq} serves it
  auto single_bytes = SubmissionSignedBytes(single);
  ASSERT_TRUE(single_bytes.ok());
  EXPECT_EQ(*single_bytes, kSubmissionBytes);
}

TEST(SigningRecipe, StoredBatchEventWithoutOrgIsNamedNotSignedAsNull) {
  Json batch = Parsed(kBatch);
  batch["sig"] = kBatchSig;
  auto submission = ParseSubmission(batch);
  ASSERT_TRUE(submission.ok());
  Json event = EntryFor(*submission, 0);
  event.erase("org");
  event["batch"] = {{"sig", kBatchSig}, {"size", 1}, {"start", 3}};
  event["seq"] = 3;
  auto bytes = BatchSignedBytes(std::vector<Json>{event});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().field, "events[0].org");
}

TEST(SigningRecipe, ThePageShowsTheseValues) {
  const std::string page = testing::ReadText(testing::VectorsDir() + "/../../docs/signing.md");
  ASSERT_FALSE(page.empty());
  for (const char* value : {kPublicKey, kSubmissionBytesSha256, kSubmissionSig, kBatchSig, kSeedHex}) {
    EXPECT_NE(page.find(value), std::string::npos) << value;
  }
  // The canonical lines, after the prefix line.
  EXPECT_NE(page.find(std::string(kSubmissionBytes).substr(29)), std::string::npos);
  EXPECT_NE(page.find(std::string(kBatchBytes).substr(24)), std::string::npos);
}

}  // namespace
}  // namespace ledger
