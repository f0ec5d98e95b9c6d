// The flat JSON document of the event path (ledger/codec/json_doc.hpp):
// ReadCanonical accepts exactly the bytes that are their own canonical form,
// and reads them as the strict parser does; its raw spans are each value's
// canonical bytes; ParseDoc and the doc's canonical writer agree with
// ParseStrict and Canonicalize.
#include "ledger/codec/json_doc.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"
#include "schema_cases.hpp"

namespace ledger {
namespace {

namespace fs = std::filesystem;

// Whether `text` is its own canonical form, by the reference route.
bool IsCanonical(std::string_view text) {
  auto parsed = ParseStrict(text);
  if (!parsed.ok()) return false;
  auto canonical = Canonicalize(*parsed);
  return canonical.ok() && *canonical == text;
}

void ExpectReadAgrees(std::string_view text) {
  SCOPED_TRACE(std::string(text.substr(0, 200)));
  JsonDoc doc;
  const bool read = ReadCanonical(text, doc).ok();
  EXPECT_EQ(read, IsCanonical(text));
  if (!read) return;
  EXPECT_EQ(ToJson(doc.root()), *ParseStrict(text));
  EXPECT_EQ(doc.root().raw(), text);
  std::string again;
  AppendCanonical(doc.root(), again);
  EXPECT_EQ(again, text);
}

// Canonical JSON of every body the schema tests hold valid, and of the
// RFC 8785 vectors that are integer-only.
std::vector<std::string> CanonicalCorpus() {
  std::vector<std::string> corpus;
  for (const auto& [type, body] : testing::kExamples) corpus.push_back(*Canonicalize(*ParseStrict(body)));
  for (const auto& entry : fs::directory_iterator(std::string(LEDGER_TEST_VECTORS_DIR) + "/rfc8785/output")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (ParseStrict(bytes.str()).ok()) corpus.push_back(bytes.str());
  }
  corpus.push_back(R"({"a":[1,-2,0,{"b":null,"c":true,"d":false}],"e":"\u0000\u001f\b\t\n\f\r\"\\é😀"})");
  corpus.push_back("9007199254740991");
  corpus.push_back("-9007199254740991");
  corpus.push_back(R"("")");
  corpus.push_back("[]");
  corpus.push_back("{}");
  return corpus;
}

TEST(ReadCanonical, ReadsEveryCanonicalDocumentAsTheStrictParserDoes) {
  for (const std::string& text : CanonicalCorpus()) ExpectReadAgrees(text);
}

TEST(ReadCanonical, RefusesEveryNonCanonicalSpelling) {
  const char* kNotCanonical[] = {
      R"( {"a":1})", R"({"a":1} )", R"({"a" :1})", R"({"b":1,"a":2})", R"({"a":1,"a":1})",
      R"("\u0041")", R"("\/")", R"("\u001F")", R"("\u0008")", R"("\u00e9")", "-0", "01", "1.0", "1e2",
      "9007199254740992", "-9007199254740992", "\"\x01\"", "\"\xff\"", "\"\xed\xa0\x80\"", "tru", "nul",
      "[1,]", "{\"a\":}", "[", "\"abc", "", "{\"a\":1,}", "[1 2]",
  };
  for (const char* text : kNotCanonical) {
    ExpectReadAgrees(text);
    JsonDoc doc;
    EXPECT_FALSE(ReadCanonical(text, doc).ok()) << text;
  }
}

TEST(ReadCanonical, NestingAtTheLimitIsReadAndOneDeeperIsRefused) {
  const std::string limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  const std::string deeper = "[" + limit + "]";
  JsonDoc doc;
  EXPECT_TRUE(ReadCanonical(limit, doc).ok());
  EXPECT_FALSE(ReadCanonical(deeper, doc).ok());
  EXPECT_FALSE(ParseStrict(deeper).ok());
}

// Random mutations of canonical documents: whatever the reader accepts is
// canonical and reads the same as the strict parser.
TEST(ReadCanonical, AgreesWithTheReferenceOnMutatedDocuments) {
  std::mt19937 rng(7);
  const std::vector<std::string> corpus = CanonicalCorpus();
  const std::string alphabet = "{}[]\":,\\ 0123456789-.eEtrufalsn\x01\x7f\xc3\xa9\xff";
  for (int round = 0; round < 20000; ++round) {
    std::string text = corpus[rng() % corpus.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), alphabet[rng() % alphabet.size()]); break;
        default: text.erase(at, 1);
      }
    }
    JsonDoc doc;
    const bool read = ReadCanonical(text, doc).ok();
    ASSERT_EQ(read, IsCanonical(text)) << text;
    if (read) {
      ASSERT_EQ(ToJson(doc.root()), *ParseStrict(text)) << text;
    }
  }
}

TEST(ReadCanonical, RawSpansAreEachMembersCanonicalBytes) {
  const std::string text = *Canonicalize(*ParseStrict(testing::kExamples.at("donation.received")));
  JsonDoc doc;
  ASSERT_TRUE(ReadCanonical(text, doc).ok());
  for (JsonValue member : doc.root()) {
    EXPECT_EQ(member.raw(), *Canonicalize(ToJson(member))) << member.key();
  }
  EXPECT_EQ(doc.root()["donor"]["display_name"].str(), "李华");
}

TEST(ParseDoc, WritesTheCanonicalFormAsCanonicalizeDoes) {
  for (const auto& [type, body] : testing::kExamples) {
    JsonDoc doc;
    ASSERT_TRUE(ParseDoc(body, doc).ok()) << type;
    std::string written;
    AppendCanonical(doc.root(), written);
    EXPECT_EQ(written, *Canonicalize(*ParseStrict(body))) << type;
  }
}

TEST(ParseDoc, RefusesADuplicateKeyInALargeObjectNamingIt) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += "\"k7\":0}";
  JsonDoc doc;
  Status parsed = ParseDoc(text, doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "duplicate key \"k7\"");
  EXPECT_TRUE(doc.empty());
}

TEST(JsonValue, FindsMembersAndElementsAndReportsAbsence) {
  JsonDoc doc;
  ASSERT_TRUE(ParseDoc(R"({"a":[10,20,30],"b":{"c":"x"}})", doc).ok());
  JsonValue root = doc.root();
  EXPECT_EQ(root.size(), 2u);
  EXPECT_EQ(root["a"].at(2).integer(), 30);
  EXPECT_EQ(root["b"]["c"].str(), "x");
  EXPECT_FALSE(root.find("z").valid());
  EXPECT_FALSE(root["a"].find("x").valid());  // not an object: nothing found
}

}  // namespace
}  // namespace ledger
