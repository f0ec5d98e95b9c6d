// Reading what an org posts (DESIGN.md §3): single submissions and signed
// batches, the entries they become, and the signed bytes an auditor
// rebuilds from the stored events.
#include "ledger/submission.hpp"

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"
#include "ledger/event_types.hpp"
#include "ledger/schema.hpp"
#include "ledger/signing.hpp"
#include "submit_util.hpp"

namespace ledger {
namespace {

using testing::Batch;
using testing::BatchEvent;
using testing::RateBody;
using testing::SignedSubmission;

Json DonationBody(int n) {
  return {{"receipt", "R-" + std::to_string(n)},
          {"fund", "f1"},
          {"amount_fen", 100 * n},
          {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
          {"channel", "online"},
          {"date", "2026-11-23"}};
}

std::vector<Json> Donations(int count) {
  std::vector<Json> events;
  for (int n = 1; n <= count; ++n)
    events.push_back(BatchEvent("donation.received", "d-" + std::to_string(n), DonationBody(n)));
  return events;
}

template <class T>
void ExpectInvalid(const Result<T>& result, std::string_view field) {
  ASSERT_FALSE(result.ok()) << "expected an error at \"" << field << "\"";
  EXPECT_EQ(result.error().code, Code::kInvalidArgument) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

// The parsed submission, or an empty one (no events) after a test failure.
Submission ParseOk(const Json& doc) {
  auto parsed = ParseSubmission(doc);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  return parsed.ok() ? std::move(*parsed) : Submission{};
}

Json ParseJson(std::string_view text) {
  auto json = ParseStrict(text);
  EXPECT_TRUE(json.ok()) << json.error().ToString();
  return json.ok() ? std::move(*json) : Json();
}

// Stamps an entry as the log stores it.
Json Stamped(Json entry, uint64_t seq) {
  entry["seq"] = seq;
  entry["prev"] = std::string(64, '0');
  entry["ts"] = "2026-11-23T04:55:34.123Z";
  return entry;
}

// A batch's events as stored from seq `start` on.
std::vector<Json> StoredBatch(const Submission& batch, uint64_t start) {
  Json member = ParseJson(BatchMember(batch, start));
  std::vector<Json> stored;
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    Json entry = EntryFor(batch, i);
    entry["batch"] = member;
    stored.push_back(Stamped(std::move(entry), start + i));
  }
  return stored;
}

class SubmissionTest : public ::testing::Test {
 protected:
  Json Rate(int n = 1) {
    return SignedSubmission("lottery.rate_set", "mca", "rate-" + std::to_string(n), RateBody(n),
                            key_);
  }
  Json DonationBatch(int count = 3) { return Batch("charity", Donations(count), key_); }

  PrivateKey key_ = PrivateKey::Generate().value();
};

// --- parsing what is accepted ---

TEST_F(SubmissionTest, SingleSubmissionParsesWithItsSignedBytesAndSignature) {
  Json doc = Rate();
  Submission s = ParseOk(doc);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.org.str(), "mca");
  EXPECT_FALSE(s.is_batch);
  EXPECT_EQ(s.events[0].type, FindEventType("lottery.rate_set"));
  EXPECT_EQ(s.events[0].idem, "rate-1");
  EXPECT_EQ(ParseJson(s.events[0].body_bytes), RateBody(1));
  EXPECT_EQ(s.signed_bytes, *SignedBytes(doc));
  EXPECT_EQ(s.sig_base64, doc["sig"].get<std::string>());
  Bytes sig = Base64Decode(s.sig_base64).value();
  EXPECT_EQ(Bytes(s.sig.begin(), s.sig.end()), sig);
  EXPECT_TRUE(key_.public_key().Verify(AsBytes(s.signed_bytes), s.sig));
}

TEST_F(SubmissionTest, BatchParsesEveryEventInOrder) {
  Json doc = DonationBatch(3);
  Submission s = ParseOk(doc);
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.org.str(), "charity");
  EXPECT_TRUE(s.is_batch);
  for (int n = 1; n <= 3; ++n) {
    EXPECT_EQ(s.events[n - 1].type, FindEventType("donation.received"));
    EXPECT_EQ(s.events[n - 1].idem, "d-" + std::to_string(n));
    EXPECT_EQ(ParseJson(s.events[n - 1].body_bytes), DonationBody(n));
  }
  EXPECT_EQ(s.signed_bytes, *SignedBytes(doc));
  EXPECT_EQ(s.signed_bytes.rfind(kBatchDomain, 0), 0u);
  EXPECT_EQ(s.sig_base64, doc["sig"].get<std::string>());
  EXPECT_TRUE(key_.public_key().Verify(AsBytes(s.signed_bytes), s.sig));
}

TEST_F(SubmissionTest, ContentHashIsSha256OfCanonicalTypeIdemAndBody) {
  Submission s = ParseOk(Rate());
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].content_hash,
            Sha256(R"({"body":{"effective_from":"2026-01","game":"game-1","welfare_rate_bp":3600},)"
                   R"("idem":"rate-1","type":"lottery.rate_set"})"));
}

TEST_F(SubmissionTest, ContentHashIsTheSameForAnEventAloneOrInABatch) {
  Submission single =
      ParseOk(SignedSubmission("donation.received", "charity", "d-2", DonationBody(2), key_));
  Submission batch = ParseOk(DonationBatch(3));
  ASSERT_EQ(single.events.size(), 1u);
  ASSERT_EQ(batch.events.size(), 3u);
  EXPECT_EQ(single.events[0].content_hash, batch.events[1].content_hash);
  EXPECT_NE(single.events[0].content_hash, batch.events[0].content_hash);
}

TEST_F(SubmissionTest, ContentHashChangesWithBodyIdemOrType) {
  auto hash = [&](const char* type, const char* idem, int n) {
    Submission s = ParseOk(SignedSubmission(type, "charity", idem, DonationBody(n), key_));
    return s.events.empty() ? Hash{} : s.events[0].content_hash;
  };
  const Hash base = hash("donation.received", "d-1", 1);
  EXPECT_NE(base, hash("donation.received", "d-1", 2));
  EXPECT_NE(base, hash("donation.received", "d-9", 1));
  EXPECT_NE(base, hash("trust.contributed", "d-1", 1));  // same body schema
  EXPECT_EQ(base, hash("donation.received", "d-1", 1));
}

TEST_F(SubmissionTest, MemberOrderAndWhitespaceChangeNothing) {
  const std::string sig = Rate()["sig"].get<std::string>();
  Submission tight = ParseOk(ParseJson(
      R"({"type":"lottery.rate_set","org":"mca","idem":"rate-1","body":{"game":"game-1",)"
      R"("welfare_rate_bp":3600,"effective_from":"2026-01"},"sig":")" + sig + "\"}"));
  Submission loose = ParseOk(ParseJson(
      " {\n \"sig\" : \"" + sig + R"(", "body": { "effective_from": "2026-01",
        "welfare_rate_bp": 3600, "game": "game-1" }, "idem": "rate-1",
        "org": "mca", "type": "lottery.rate_set" } )"));
  ASSERT_EQ(tight.events.size(), 1u);
  ASSERT_EQ(loose.events.size(), 1u);
  EXPECT_EQ(tight.events[0].content_hash, loose.events[0].content_hash);
  EXPECT_EQ(tight.signed_bytes, loose.signed_bytes);
  EXPECT_TRUE(key_.public_key().Verify(AsBytes(loose.signed_bytes), loose.sig));
}

TEST_F(SubmissionTest, IdemOfTheLimitLengthIsAccepted) {
  const std::string idem(kMaxIdemBytes, '~');
  Submission s = ParseOk(SignedSubmission("lottery.rate_set", "mca", idem, RateBody(1), key_));
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].idem, idem);
}

TEST_F(SubmissionTest, BatchOfTheLimitIsAcceptedAndOneMoreIsRefused) {
  Submission full = ParseOk(DonationBatch(static_cast<int>(kMaxBatchEvents)));
  EXPECT_EQ(full.events.size(), kMaxBatchEvents);
  ExpectInvalid(ParseSubmission(DonationBatch(static_cast<int>(kMaxBatchEvents) + 1)), "events");
}

// --- refusals: one defect each, named by its field ---

struct Refusal {
  const char* name;
  bool batch;              // the defect is made in DonationBatch(3), else in Rate()
  void (*spoil)(Json& doc);
  const char* field;
};

const Refusal kRefusals[] = {
    {"NotAnObject", false, [](Json& d) { d = Json::array({d}); }, ""},
    {"AString", false, [](Json& d) { d = "lottery.rate_set"; }, ""},
    {"ExtraMember", false, [](Json& d) { d["note"] = "x"; }, "note"},
    {"MissingSig", false, [](Json& d) { d.erase("sig"); }, "sig"},
    {"MissingIdem", false, [](Json& d) { d.erase("idem"); }, "idem"},
    {"MissingBody", false, [](Json& d) { d.erase("body"); }, "body"},
    {"SigNotAString", false, [](Json& d) { d["sig"] = 64; }, "sig"},
    {"SigNotBase64", false, [](Json& d) { d["sig"] = "not base64!"; }, "sig"},
    {"SigOf63Bytes", false, [](Json& d) { d["sig"] = Base64Encode(Bytes(63, 1)); }, "sig"},
    {"SigOf65Bytes", false, [](Json& d) { d["sig"] = Base64Encode(Bytes(65, 1)); }, "sig"},
    {"OrgNotAnId", false, [](Json& d) { d["org"] = "Civil Affairs"; }, "org"},
    {"OrgEmpty", false, [](Json& d) { d["org"] = ""; }, "org"},
    {"OrgNotAString", false, [](Json& d) { d["org"] = 7; }, "org"},
    {"UnknownType", false, [](Json& d) { d["type"] = "lottery.rate_changed"; }, "type"},
    {"TypeNotAString", false, [](Json& d) { d["type"] = Json::array(); }, "type"},
    {"GenesisSubmitted", false, [](Json& d) { d["type"] = "ledger.genesis"; }, "type"},
    {"IdemEmpty", false, [](Json& d) { d["idem"] = ""; }, "idem"},
    {"IdemWithASpace", false, [](Json& d) { d["idem"] = "rate 1"; }, "idem"},
    {"IdemOverTheLimit", false,
     [](Json& d) { d["idem"] = std::string(kMaxIdemBytes + 1, 'a'); }, "idem"},
    {"IdemNotAString", false, [](Json& d) { d["idem"] = 1; }, "idem"},
    {"BodyNotAnObject", false, [](Json& d) { d["body"] = "game-1"; }, "body"},
    {"BodyOutOfRange", false, [](Json& d) { d["body"]["welfare_rate_bp"] = kMaxRateBp + 1; },
     "body.welfare_rate_bp"},
    {"BodyUnknownMember", false, [](Json& d) { d["body"]["note"] = "x"; }, "body.note"},
    {"BatchExtraMember", true, [](Json& d) { d["note"] = "x"; }, "note"},
    {"BatchWithType", true, [](Json& d) { d["type"] = "donation.received"; }, "type"},
    {"BatchMissingOrg", true, [](Json& d) { d.erase("org"); }, "org"},
    {"BatchMissingSig", true, [](Json& d) { d.erase("sig"); }, "sig"},
    {"BatchSigOf63Bytes", true, [](Json& d) { d["sig"] = Base64Encode(Bytes(63, 1)); }, "sig"},
    {"BatchOrgNotAnId", true, [](Json& d) { d["org"] = "-charity"; }, "org"},
    {"EventsNotAnArray", true, [](Json& d) { d["events"] = d["events"][0]; }, "events"},
    {"EmptyBatch", true, [](Json& d) { d["events"] = Json::array(); }, "events"},
    {"EventNotAnObject", true, [](Json& d) { d["events"][1] = "d-2"; }, "events[1]"},
    {"EventExtraMember", true, [](Json& d) { d["events"][0]["note"] = "x"; }, "events[0].note"},
    {"EventWithOrg", true, [](Json& d) { d["events"][1]["org"] = "charity"; }, "events[1].org"},
    {"EventWithSig", true, [](Json& d) { d["events"][2]["sig"] = d["sig"]; }, "events[2].sig"},
    {"EventMissingBody", true, [](Json& d) { d["events"][0].erase("body"); }, "events[0].body"},
    {"EventUnknownType", true, [](Json& d) { d["events"][1]["type"] = "donation.made"; },
     "events[1].type"},
    {"EventGenesis", true, [](Json& d) { d["events"][0]["type"] = "ledger.genesis"; },
     "events[0].type"},
    {"EventIdemInvalid", true, [](Json& d) { d["events"][1]["idem"] = "d\t2"; }, "events[1].idem"},
    {"EventBodySchema", true, [](Json& d) { d["events"][1]["body"]["amount_fen"] = 0; },
     "events[1].body.amount_fen"},
    {"EventNestedSchema", true,
     [](Json& d) { d["events"][2]["body"]["donor"]["pseudonym"] = "AB"; },
     "events[2].body.donor.pseudonym"},
    {"EventBodyNotAnObject", true, [](Json& d) { d["events"][1]["body"] = 3; }, "events[1].body"},
    {"DuplicateIdem", true, [](Json& d) { d["events"][2]["idem"] = "d-1"; }, "events[2].idem"},
};

void PrintTo(const Refusal& refusal, std::ostream* os) { *os << refusal.name; }

class SubmissionRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(SubmissionRefusal, NamesTheField) {
  PrivateKey key = PrivateKey::Generate().value();
  Json doc = GetParam().batch
                 ? Batch("charity", Donations(3), key)
                 : SignedSubmission("lottery.rate_set", "mca", "rate-1", RateBody(1), key);
  ASSERT_TRUE(ParseSubmission(doc).ok());  // the defect alone is refused
  GetParam().spoil(doc);
  ExpectInvalid(ParseSubmission(doc), GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(OneDefect, SubmissionRefusal, ::testing::ValuesIn(kRefusals),
                         [](const auto& info) { return std::string(info.param.name); });

// --- entries, batch members and signed bytes ---

TEST_F(SubmissionTest, EntryOfASingleSubmissionKeepsItsSig) {
  Json doc = Rate();
  Submission s = ParseOk(doc);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(EntryFor(s, 0), doc);  // exactly type, org, idem, body and sig
}

TEST_F(SubmissionTest, EntryOfABatchEventHasNeitherSigNorBatch) {
  Submission s = ParseOk(DonationBatch(3));
  ASSERT_EQ(s.events.size(), 3u);
  for (int n = 1; n <= 3; ++n)
    EXPECT_EQ(EntryFor(s, n - 1), Json({{"type", "donation.received"},
                                        {"org", "charity"},
                                        {"idem", "d-" + std::to_string(n)},
                                        {"body", DonationBody(n)}}));
}

TEST_F(SubmissionTest, BatchMemberIsCanonicalJsonOfSigSizeAndStart) {
  Json doc = DonationBatch(3);
  Submission s = ParseOk(doc);
  const std::string member = BatchMember(s, 42);
  EXPECT_EQ(member, "{\"sig\":\"" + doc["sig"].get<std::string>() + "\",\"size\":3,\"start\":42}");
  Json parsed = ParseJson(member);
  EXPECT_EQ(parsed, Json({{"sig", doc["sig"]}, {"size", 3}, {"start", 42}}));
  EXPECT_EQ(*Canonicalize(parsed), member);
}

TEST_F(SubmissionTest, StoredSingleEventGivesBackTheSignedBytes) {
  Json doc = Rate();
  Submission s = ParseOk(doc);
  ASSERT_EQ(s.events.size(), 1u);
  Json stored = Stamped(EntryFor(s, 0), 17);
  auto bytes = SubmissionSignedBytes(stored);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes, s.signed_bytes);
  Bytes sig = Base64Decode(stored["sig"].get<std::string>()).value();
  EXPECT_TRUE(key_.public_key().Verify(AsBytes(*bytes), sig));
}

TEST_F(SubmissionTest, StoredSingleEventNeedsItsSignedMembers) {
  ExpectInvalid(SubmissionSignedBytes(Json::array()), "");
  Json stored = Stamped(EntryFor(ParseOk(Rate()), 0), 17);
  stored.erase("idem");
  ExpectInvalid(SubmissionSignedBytes(stored), "idem");
}

TEST_F(SubmissionTest, StoredBatchGivesBackTheSignedBytes) {
  Submission s = ParseOk(DonationBatch(3));
  std::vector<Json> stored = StoredBatch(s, 5);
  auto bytes = BatchSignedBytes(stored);
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(*bytes, s.signed_bytes);
  EXPECT_TRUE(key_.public_key().Verify(AsBytes(*bytes), s.sig));
}

TEST_F(SubmissionTest, StoredBatchRefusesAMissingEvent) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  ExpectInvalid(BatchSignedBytes(std::span(stored).first(2)), "events");
  std::vector<Json> extra = stored;  // a fourth event claiming the batch
  extra.push_back(Stamped(stored[2], 8));
  ExpectInvalid(BatchSignedBytes(extra), "events");
  stored.erase(stored.begin() + 1);
  ExpectInvalid(BatchSignedBytes(stored), "events[1].batch");
  ExpectInvalid(BatchSignedBytes({}), "events");
}

TEST_F(SubmissionTest, StoredBatchRefusesEventsOutOfOrder) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  std::swap(stored[1], stored[2]);
  ExpectInvalid(BatchSignedBytes(stored), "events[1].batch");
  std::swap(stored[0], stored[2]);  // seqs 6, 7, 5: not from the start
  ExpectInvalid(BatchSignedBytes(stored), "events[0].batch");
}

TEST_F(SubmissionTest, StoredBatchRefusesNonConsecutiveSeqs) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  stored[2]["seq"] = 8;
  ExpectInvalid(BatchSignedBytes(stored), "events[2].batch");
}

TEST_F(SubmissionTest, StoredBatchRefusesAnEventOfAnotherBatch) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  // Another batch of the same org, same size, stored at the same seqs.
  PrivateKey other_key = PrivateKey::Generate().value();
  std::vector<Json> other = StoredBatch(ParseOk(Batch("charity", Donations(3), other_key)), 5);
  stored[1] = other[1];
  ExpectInvalid(BatchSignedBytes(stored), "events[1].batch");
  std::vector<Json> single = {Stamped(EntryFor(ParseOk(Rate()), 0), 5)};
  ExpectInvalid(BatchSignedBytes(single), "events[0].batch");
}

TEST_F(SubmissionTest, StoredBatchRefusesAnotherOrg) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  stored[2]["org"] = "other-charity";
  ExpectInvalid(BatchSignedBytes(stored), "events[2].org");
}

TEST_F(SubmissionTest, StoredBatchEventNeedsItsSignedMembers) {
  std::vector<Json> stored = StoredBatch(ParseOk(DonationBatch(3)), 5);
  stored[1].erase("body");
  ExpectInvalid(BatchSignedBytes(stored), "events[1].body");
}

// --- stored events read back ---

TEST_F(SubmissionTest, StoredEventReadsBackAsTheSubmission) {
  Json doc = Rate();
  Submission s = ParseOk(doc);
  ASSERT_EQ(s.events.size(), 1u);
  auto back = ParseStoredEvent(Stamped(EntryFor(s, 0), 3));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  ASSERT_EQ(back->events.size(), 1u);
  EXPECT_EQ(back->org.str(), "mca");
  EXPECT_EQ(back->events[0].type, s.events[0].type);
  EXPECT_EQ(back->events[0].idem, "rate-1");
  EXPECT_EQ(ParseJson(back->events[0].body_bytes), RateBody(1));
  EXPECT_EQ(back->events[0].content_hash, s.events[0].content_hash);
  EXPECT_EQ(back->sig_base64, doc["sig"].get<std::string>());
}

TEST_F(SubmissionTest, StoredBatchEventReadsBackWithoutASig) {
  Submission s = ParseOk(DonationBatch(3));
  std::vector<Json> stored = StoredBatch(s, 5);
  auto back = ParseStoredEvent(stored[2]);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  ASSERT_EQ(back->events.size(), 1u);
  EXPECT_EQ(back->org.str(), "charity");
  EXPECT_EQ(back->events[0].idem, "d-3");
  EXPECT_EQ(ParseJson(back->events[0].body_bytes), DonationBody(3));
  EXPECT_EQ(back->events[0].content_hash, s.events[2].content_hash);
  EXPECT_TRUE(back->sig_base64.empty());
}

TEST_F(SubmissionTest, StoredEventRefusalsNameTheField) {
  Json stored = Stamped(EntryFor(ParseOk(Rate()), 0), 3);
  ExpectInvalid(ParseStoredEvent(Json("event")), "");
  Json no_org = stored;
  no_org.erase("org");
  ExpectInvalid(ParseStoredEvent(no_org), "org");
  Json bad_body = stored;
  bad_body["body"]["game"] = "";
  ExpectInvalid(ParseStoredEvent(bad_body), "body.game");
}

}  // namespace
}  // namespace ledger
