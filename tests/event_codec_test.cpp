// The event structs and their codec (ledger/event_codec.hpp): decoding a
// body once and encoding it again gives its canonical bytes exactly, for
// every type, for the whole demo year and for a long random mix; a stored
// event decodes from its canonical bytes with its body's bytes and content
// hash; and each kind of damage is named by the audit check it fails.
#include "ledger/event_codec.hpp"

#include <gtest/gtest.h>

#include "bench/accounting_mix.hpp"
#include "demo_scenario.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"
#include "ledger/signing.hpp"
#include "ledger/submission.hpp"
#include "schema_cases.hpp"

namespace ledger {
namespace {

void ExpectRoundTrip(const std::string& type_name, const Json& body) {
  const EventType* type = FindEventType(type_name);
  ASSERT_NE(type, nullptr) << type_name;
  auto decoded = DecodeBody(*type, body);
  ASSERT_TRUE(decoded.ok()) << type_name << ": " << decoded.error().ToString();
  EXPECT_EQ(KindOf(*decoded), type->kind);
  EXPECT_EQ(EncodeBody(*decoded), *Canonicalize(body)) << type_name;
}

TEST(EventCodec, EveryTypesExampleEncodesToItsCanonicalBytes) {
  for (const auto& [type, text] : testing::kExamples) ExpectRoundTrip(type, *ParseStrict(text));
}

TEST(EventCodec, OptionalMembersComeBackOnlyWhenGiven) {
  Json fund = *ParseStrict(testing::kExamples.at("fund.opened"));
  fund.erase("budget_fen");
  ExpectRoundTrip("fund.opened", fund);
  Json expense = {{"fund", "f"}, {"amount_fen", 5}, {"category", "program"}, {"reference", "ref"}, {"date", "2026-12-01"}};
  ExpectRoundTrip("expense.recorded", expense);
  expense.erase("reference");
  ExpectRoundTrip("expense.recorded", expense);
}

TEST(EventCodec, EveryEventOfTheDemoYearRoundTrips) {
  demo::ScenarioOptions options{.regulator_id = "civil-affairs-bureau", .donations = 400};
  for (const demo::DemoOrg& org : demo::DemoOrgs())
    options.public_keys[org.id] = PrivateKey::Generate()->public_key().Base64();
  auto scenario = demo::MakeScenario(options);
  ASSERT_TRUE(scenario.ok()) << scenario.error().ToString();
  for (const demo::ScenarioEvent& e : scenario->events) {
    Json body = e.body;
    if (e.type == "event.reversed") body["seq"] = 7;  // set by the poster, from the answer
    ExpectRoundTrip(e.type, body);
  }
}

TEST(EventCodec, EveryEventOfARandomMixRoundTrips) {
  auto mix = bench::Mix::Make({.charities = 4, .groups = 2, .batch_size = 50, .seed = 3});
  ASSERT_TRUE(mix.ok());
  auto batches = (*mix)->Next(2000);
  ASSERT_TRUE(batches.ok());
  for (const bench::MixBatch& batch : *batches)
    for (const Json& e : batch.doc["events"]) ExpectRoundTrip(e["type"].get<std::string>(), e["body"]);
}

TEST(EventCodec, MadeEventsCarryTheirBytesAndContentHash) {
  auto body = DecodeBody(*FindEventType("lottery.rate_set"), *ParseStrict(testing::kExamples.at("lottery.rate_set")));
  ASSERT_TRUE(body.ok());
  const Event event = MakeEvent(*body, "rate-1");
  EXPECT_EQ(event.type->name, "lottery.rate_set");
  EXPECT_EQ(event.body_bytes, R"({"effective_from":"2026-01","game":"ssq","welfare_rate_bp":3600})");
  const Json content = {{"type", "lottery.rate_set"}, {"idem", "rate-1"}, {"body", *ParseStrict(event.body_bytes)}};
  EXPECT_EQ(event.content_hash, Sha256(*Canonicalize(content)));
}

// A stored event as the log keeps it.
std::string Stored(const std::string& type, const Json& body, const std::string& tail = "") {
  Json event = {{"seq", 12},  {"prev", std::string(64, 'a')}, {"ts", "2026-11-23T04:55:34.123Z"},
                {"type", type}, {"org", "sz-charity"},          {"idem", "i-1"},
                {"body", body}, {"sig", std::string(88, 'A')}};
  std::string bytes = *Canonicalize(event);
  return bytes + tail;
}

TEST(StoredEvent, DecodesEveryMemberAndKeepsTheBodysBytes) {
  const Json body = *ParseStrict(testing::kExamples.at("donation.received"));
  auto stored = DecodeStoredEvent(Stored("donation.received", body));
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->seq, Seq(12));
  EXPECT_EQ(HexEncode(stored->prev), std::string(64, 'a'));
  EXPECT_EQ(stored->ts, "2026-11-23T04:55:34.123Z");
  EXPECT_EQ(stored->org.str(), "sz-charity");
  EXPECT_EQ(stored->sig, std::optional<std::string>(std::string(88, 'A')));
  EXPECT_FALSE(stored->batch.has_value());
  EXPECT_EQ(stored->event.body_bytes, *Canonicalize(body));
  const auto& gift = std::get<DonationReceived>(stored->event.body);
  EXPECT_EQ(gift.amount_fen, Fen(50000));
  EXPECT_EQ(gift.designation->project, std::optional<FundId>(FundId("sz-meals")));
  EXPECT_EQ(stored->event.content_hash, MakeEvent(stored->event.body, "i-1").content_hash);
}

// Outflows stored before they stated their day stay valid and keep their
// bytes; a submission of the same body must state it.
TEST(StoredEvent, AnOutflowStoredWithoutADateIsReadWithoutOne) {
  for (const char* type : {"funds.transferred", "disbursement.made", "expense.recorded"}) {
    Json body = *ParseStrict(testing::kExamples.at(type));
    body.erase("date");
    auto stored = DecodeStoredEvent(Stored(type, body));
    ASSERT_TRUE(stored.ok()) << type << ": " << stored.error().ToString();
    EXPECT_EQ(stored->event.body_bytes, *Canonicalize(body)) << type;
    EXPECT_EQ(EncodeBody(stored->event.body), *Canonicalize(body)) << type;
    auto submitted = DecodeBody(*FindEventType(type), body);
    ASSERT_FALSE(submitted.ok()) << type;
    EXPECT_EQ(submitted.error().field, "body.date");
  }
  auto expense = DecodeStoredEvent(Stored("expense.recorded", {{"fund", "f"}, {"amount_fen", 5}, {"category", "program"}}));
  ASSERT_TRUE(expense.ok());
  EXPECT_FALSE(std::get<ExpenseRecorded>(expense->event.body).date.has_value());
}

TEST(StoredEvent, EachKindOfDamageIsNamedByItsCheck) {
  const Json body = *ParseStrict(testing::kExamples.at("lottery.rate_set"));
  auto fault_of = [](const std::string& bytes) {
    StoredFault fault = StoredFault::kSchema;
    auto stored = DecodeStoredEvent(bytes, &fault);
    EXPECT_FALSE(stored.ok()) << bytes;
    return fault;
  };
  EXPECT_EQ(fault_of(Stored("lottery.rate_set", body, " ")), StoredFault::kCanonical);
  Json extra = *ParseStrict(Stored("lottery.rate_set", body));
  extra["note"] = "x";
  EXPECT_EQ(fault_of(*Canonicalize(extra)), StoredFault::kEnvelope);
  Json batched = *ParseStrict(Stored("lottery.rate_set", body));
  batched.erase("sig");
  batched["batch"] = {{"start", 3}, {"size", 2}};
  EXPECT_EQ(fault_of(*Canonicalize(batched)), StoredFault::kBatch);
  Json bad = body;
  bad["welfare_rate_bp"] = 0;
  EXPECT_EQ(fault_of(Stored("lottery.rate_set", bad)), StoredFault::kSchema);
  EXPECT_EQ(fault_of(Stored("lottery.nothing", body)), StoredFault::kSchema);
}

TEST(Submission, TheTextAndTheTreeDecodeAlike) {
  const PrivateKey key = *PrivateKey::Generate();
  Json doc = {{"type", "lottery.rate_set"}, {"org", "mca"}, {"idem", "r"},
              {"body", *ParseStrict(testing::kExamples.at("lottery.rate_set"))}};
  doc["sig"] = Base64Encode(key.Sign(AsBytes(*SignedBytes(doc))));
  auto from_text = DecodeSubmission(doc.dump(2));
  auto from_tree = ParseSubmission(doc);
  ASSERT_TRUE(from_text.ok() && from_tree.ok());
  EXPECT_EQ(from_text->signed_bytes, from_tree->signed_bytes);
  EXPECT_EQ(from_text->signed_bytes, *SignedBytes(doc));
  EXPECT_EQ(from_text->events[0].body_bytes, from_tree->events[0].body_bytes);
  EXPECT_EQ(from_text->events[0].content_hash, from_tree->events[0].content_hash);
  EXPECT_TRUE(key.public_key().Verify(AsBytes(from_text->signed_bytes), from_text->sig));
}

}  // namespace
}  // namespace ledger
