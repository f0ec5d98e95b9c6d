#include "ledger/canonical_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "test_util.hpp"

namespace ledger {
namespace {

using ledger::testing::ReadText;
using ledger::testing::VectorsDir;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string VectorInput(const std::string& name) {
  return ReadText(VectorsDir() + "/rfc8785/input/" + name);
}
std::string VectorOutput(const std::string& name) {
  return ReadText(VectorsDir() + "/rfc8785/output/" + name);
}

// Parses and canonicalises in one mode; the error of either step.
Result<std::string> ParseAndCanonicalize(std::string_view text, NumberMode mode) {
  Result<Json> parsed = ParseStrict(text, mode);
  if (!parsed.ok()) return parsed.error();
  return Canonicalize(*parsed, mode);
}

// Expects kInvalidArgument at `field`, with `phrase` in the message.
template <class T>
void ExpectInvalid(const Result<T>& result, std::string_view field,
                   std::string_view phrase) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kInvalidArgument);
  EXPECT_EQ(result.error().field, field);
  EXPECT_TRUE(Contains(result.error().message, phrase)) << result.error().message;
}

std::string CanonicalOrDie(const Json& value, NumberMode mode = NumberMode::kAny) {
  Result<std::string> out = Canonicalize(value, mode);
  EXPECT_TRUE(out.ok()) << out.error().ToString();
  return out.ok() ? *out : std::string();
}

// `depth` arrays nested in one another around `inner`.
std::string NestedArrays(std::size_t depth, std::string_view inner = "") {
  return std::string(depth, '[') + std::string(inner) + std::string(depth, ']');
}

// ------------------------------------------------------ RFC 8785 vectors

constexpr const char* kAllVectors[] = {"arrays.json",  "french.json", "structures.json",
                                       "unicode.json", "values.json", "weird.json"};
// Those whose numbers are all integers (structures.json has 56.0, which is
// a floating-point token; values.json has fractions and exponents).
constexpr const char* kIntegerVectors[] = {"arrays.json", "french.json", "unicode.json",
                                           "weird.json"};

TEST(Rfc8785Vectors, AnyModeMatchesExpectedBytes) {
  for (const char* name : kAllVectors) {
    Result<std::string> out = ParseAndCanonicalize(VectorInput(name), NumberMode::kAny);
    ASSERT_TRUE(out.ok()) << name << ": " << out.error().ToString();
    EXPECT_EQ(*out, VectorOutput(name)) << name;
  }
}

TEST(Rfc8785Vectors, IntegersOnlyModeMatchesExpectedBytesWithoutFloats) {
  for (const char* name : kIntegerVectors) {
    Result<std::string> out =
        ParseAndCanonicalize(VectorInput(name), NumberMode::kIntegersOnly);
    ASSERT_TRUE(out.ok()) << name << ": " << out.error().ToString();
    EXPECT_EQ(*out, VectorOutput(name)) << name;
  }
}

TEST(Rfc8785Vectors, CanonicalOutputIsAFixedPoint) {
  for (const char* name : kAllVectors) {
    Result<std::string> again = ParseAndCanonicalize(VectorOutput(name), NumberMode::kAny);
    ASSERT_TRUE(again.ok()) << name << ": " << again.error().ToString();
    EXPECT_EQ(*again, VectorOutput(name)) << name;
  }
}

TEST(Rfc8785Vectors, IntegersOnlyParseRefusesStructuresFloatAtItsPath) {
  ExpectInvalid(ParseStrict(VectorInput("structures.json"), NumberMode::kIntegersOnly),
                "1.\n", "number 56.0");
}

TEST(Rfc8785Vectors, IntegersOnlyParseRefusesFirstFractionInValues) {
  ExpectInvalid(ParseStrict(VectorInput("values.json"), NumberMode::kIntegersOnly),
                "numbers[0]", "number 333333333.33333329");
}

TEST(Rfc8785Vectors, IntegersOnlyCanonicalizeRefusesStructuresFloatAtItsPath) {
  Result<Json> parsed = ParseStrict(VectorInput("structures.json"), NumberMode::kAny);
  ASSERT_TRUE(parsed.ok());
  ExpectInvalid(Canonicalize(*parsed, NumberMode::kIntegersOnly), "1.\n",
                "floating-point number 56");
}

TEST(Rfc8785Vectors, IntegersOnlyCanonicalizeRefusesFirstFractionInValues) {
  Result<Json> parsed = ParseStrict(VectorInput("values.json"), NumberMode::kAny);
  ASSERT_TRUE(parsed.ok());
  ExpectInvalid(Canonicalize(*parsed, NumberMode::kIntegersOnly), "numbers[0]",
                "floating-point number 333333333.3333333");
}

// ------------------------------------------------------- ParseStrict

TEST(ParseStrict, RefusesDuplicateTopLevelKeyNamingIt) {
  ExpectInvalid(ParseStrict(R"({"a":1,"b":2,"a":3})"), "", R"(duplicate key "a")");
}

TEST(ParseStrict, RefusesDuplicateKeyAtPathOfItsObject) {
  ExpectInvalid(ParseStrict(R"({"events":[{"body":{}},{"body":{"x":1,"x":1}}]})"),
                "events[1].body", R"(duplicate key "x")");
}

TEST(ParseStrict, EscapesControlCharactersInDuplicateKeyMessage) {
  ExpectInvalid(ParseStrict(R"({"\n":1,"\n":2})"), "", R"(duplicate key "\n")");
}

TEST(ParseStrict, RefusesKeysThatDifferOnlyInEscaping) {
  ExpectInvalid(ParseStrict(R"({"a":1,"\u0061":2})"), "", R"(duplicate key "a")");
}

TEST(ParseStrict, AllowsArraysNestedToMaxDepth) {
  EXPECT_TRUE(ParseStrict(NestedArrays(kMaxJsonDepth)).ok());
}

TEST(ParseStrict, RefusesArraysNestedOneDeeperThanMax) {
  std::string path;
  for (std::size_t i = 0; i < kMaxJsonDepth; ++i) path += "[0]";
  ExpectInvalid(ParseStrict(NestedArrays(kMaxJsonDepth + 1)), path, "nested deeper than 32");
}

TEST(ParseStrict, CountsObjectsAndArraysTogetherForDepth) {
  // 16 objects, each holding an array: depth 32 with the innermost array.
  std::string ok_text, ok_close;
  for (int i = 0; i < 16; ++i) {
    ok_text += R"({"a":[)";
    ok_close = "]}" + ok_close;
  }
  EXPECT_TRUE(ParseStrict(ok_text + ok_close).ok());
  ExpectInvalid(ParseStrict(ok_text + "{}" + ok_close),
                "a[0].a[0].a[0].a[0].a[0].a[0].a[0].a[0]."
                "a[0].a[0].a[0].a[0].a[0].a[0].a[0].a[0]",
                "nested deeper");
}

TEST(ParseStrict, RefusesFloatNamingMemberPath) {
  ExpectInvalid(ParseStrict(R"({"body":{"amount_fen":12.5}})"), "body.amount_fen",
                "number 12.5 is not an integer in [-9007199254740991, 9007199254740991]");
}

TEST(ParseStrict, RefusesFloatNamingArrayElementPath) {
  ExpectInvalid(ParseStrict(R"({"events":[{},{},{"body":1e2}]})"), "events[2].body",
                "number 1e2");
}

TEST(ParseStrict, RefusesFloatAsTopLevelArrayElement) {
  ExpectInvalid(ParseStrict("[1,2,3.0]"), "[2]", "number 3.0");
}

TEST(ParseStrict, RefusesNegativeZeroFloatInIntegersOnlyMode) {
  ExpectInvalid(ParseStrict(R"({"n":-0.0})"), "n", "number -0.0");
}

TEST(ParseStrict, AcceptsLargestSafeIntegers) {
  Result<Json> parsed = ParseStrict("[9007199254740991,-9007199254740991]");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ((*parsed)[0].get<int64_t>(), kMaxSafeInteger);
  EXPECT_EQ((*parsed)[1].get<int64_t>(), -kMaxSafeInteger);
}

TEST(ParseStrict, RefusesTwoToThe53) {
  ExpectInvalid(ParseStrict(R"({"amount_fen":9007199254740992})"), "amount_fen",
                "number 9007199254740992");
}

TEST(ParseStrict, RefusesMinusTwoToThe53) {
  ExpectInvalid(ParseStrict(R"({"amount_fen":-9007199254740992})"), "amount_fen",
                "number -9007199254740992");
}

TEST(ParseStrict, RefusesLargeUnsignedInteger) {
  ExpectInvalid(ParseStrict("[18446744073709551615]"), "[0]", "number 18446744073709551615");
}

TEST(ParseStrict, RefusesIntegerBeyondSixtyFourBits) {
  ExpectInvalid(ParseStrict("[123456789012345678901234567890]"), "[0]",
                "number 123456789012345678901234567890");
}

TEST(ParseStrict, RefusesDoubleOverflowInIntegersOnlyMode) {
  ExpectInvalid(ParseStrict(R"({"x":[1e400]})"), "x[0]", "number 1e400");
}

TEST(ParseStrict, RefusesDoubleOverflowInAnyMode) {
  ExpectInvalid(ParseStrict(R"({"x":[1e400]})", NumberMode::kAny), "x[0]",
                "beyond the range of a double");
}

TEST(ParseStrict, AcceptsFloatsAndLargeIntegersInAnyMode) {
  Result<Json> parsed = ParseStrict("[1.5,1e2,18446744073709551615]", NumberMode::kAny);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ((*parsed)[0].get<double>(), 1.5);
  EXPECT_EQ((*parsed)[2].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
}

TEST(ParseStrict, RefusesInvalidUtf8WithByteOffset) {
  Result<Json> parsed = ParseStrict("{\"a\":\"x\xff\"}");
  ExpectInvalid(parsed, "", "invalid JSON at byte offset 7");
  EXPECT_TRUE(Contains(parsed.error().message, "ill-formed UTF-8"));
}

TEST(ParseStrict, KeepsErrorMessagesPrintableAscii) {
  Result<Json> parsed = ParseStrict("\"\xff\xfe\"");
  ASSERT_FALSE(parsed.ok());
  for (char c : parsed.error().message) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "byte " << static_cast<int>(c);
  }
}

TEST(ParseStrict, RefusesEncodedSurrogateBytes) {
  // U+D800 written directly in (CESU-style) UTF-8 bytes.
  ExpectInvalid(ParseStrict("\"\xed\xa0\x80\""), "", "ill-formed UTF-8");
}

TEST(ParseStrict, RefusesLoneHighSurrogateEscape) {
  Result<Json> parsed = ParseStrict(R"(["\ud800"])");
  ExpectInvalid(parsed, "", "invalid JSON at byte offset 8");
  EXPECT_TRUE(Contains(parsed.error().message, "surrogate U+D800..U+DBFF"));
}

TEST(ParseStrict, RefusesLoneLowSurrogateEscape) {
  ExpectInvalid(ParseStrict(R"(["\udc00"])"), "", "surrogate U+DC00..U+DFFF");
}

TEST(ParseStrict, AcceptsSurrogatePairEscape) {
  Result<Json> parsed = ParseStrict(R"("\ud83d\ude02")");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->get<std::string>(), "\xf0\x9f\x98\x82");
}

TEST(ParseStrict, RefusesSyntaxErrorWithByteOffsetAndNoField) {
  ExpectInvalid(ParseStrict(R"({"a":})"), "", "invalid JSON at byte offset 5");
}

TEST(ParseStrict, RefusesTruncatedInputAtItsEnd) {
  ExpectInvalid(ParseStrict(R"({"a":1)"), "", "byte offset 6");
}

TEST(ParseStrict, RefusesEmptyInput) {
  ExpectInvalid(ParseStrict(""), "", "byte offset 0");
}

TEST(ParseStrict, RefusesTrailingGarbage) {
  ExpectInvalid(ParseStrict("{} x"), "", "byte offset 3");
}

TEST(ParseStrict, RefusesSecondValue) {
  ExpectInvalid(ParseStrict("{}{}"), "", "expected end of input");
}

TEST(ParseStrict, AllowsSurroundingWhitespace) {
  EXPECT_TRUE(ParseStrict(" \t\r\n{} \n").ok());
}

TEST(ParseStrict, RefusesComments) {
  ExpectInvalid(ParseStrict("{} // note"), "", "byte offset 3");
}

TEST(ParseStrict, RefusesRawControlCharacterInString) {
  ExpectInvalid(ParseStrict("\"a\tb\""), "", "byte offset 2");
}

TEST(ParseStrict, RefusesNulByteAfterValue) {
  // nlohmann alone would stop at the NUL and accept "[1]".
  ExpectInvalid(ParseStrict(std::string_view("[1]\0[2]", 7)), "", "byte offset 3: NUL byte");
}

TEST(ParseStrict, RefusesNulByteInString) {
  ExpectInvalid(ParseStrict(std::string_view("\"a\0\"", 4)), "", "byte offset 2");
}

// ------------------------------------------------------- Canonicalize

TEST(Canonicalize, SortsAstralBeforeUpperBmpAsUtf16Does) {
  // U+E000 is above U+1F602 as a code point, below its surrogates D83D DE02.
  Json value = {{"\xee\x80\x80", 1}, {"\xf0\x9f\x98\x82", 2}, {"z", 3}};
  EXPECT_EQ(CanonicalOrDie(value),
            "{\"z\":3,\"\xf0\x9f\x98\x82\":2,\"\xee\x80\x80\":1}");
}

TEST(Canonicalize, SortsNestedObjectsNeedingResortIndependently) {
  Json value = {{"\xef\xbf\xbd", {{"\xee\x80\x80", 1}, {"\xf4\x8f\xbf\xbf", 2}}},
                {"\xf0\x90\x80\x80", {{"b", 3}, {"a", 4}}}};
  EXPECT_EQ(CanonicalOrDie(value),
            "{\"\xf0\x90\x80\x80\":{\"a\":4,\"b\":3},"
            "\"\xef\xbf\xbd\":{\"\xf4\x8f\xbf\xbf\":2,\"\xee\x80\x80\":1}}");
}

TEST(Utf16Less, OrdersAsciiBytewise) {
  EXPECT_TRUE(Utf16Less("A", "a"));
  EXPECT_FALSE(Utf16Less("a", "A"));
  EXPECT_TRUE(Utf16Less("1", "10"));
  EXPECT_FALSE(Utf16Less("10", "1"));
  EXPECT_FALSE(Utf16Less("same", "same"));
  EXPECT_TRUE(Utf16Less("", "a"));
}

TEST(Utf16Less, PutsAstralBetweenSurrogateNeighbours) {
  const std::string_view below = "\xed\x9f\xbf";          // U+D7FF
  const std::string_view astral = "\xf0\x9f\x98\x82";     // U+1F602: D83D DE02
  const std::string_view above = "\xee\x80\x80";          // U+E000
  const std::string_view top = "\xef\xbf\xbf";            // U+FFFF
  EXPECT_TRUE(Utf16Less(below, astral));
  EXPECT_TRUE(Utf16Less(astral, above));
  EXPECT_FALSE(Utf16Less(above, astral));
  EXPECT_TRUE(Utf16Less(astral, top));
  EXPECT_FALSE(Utf16Less(top, astral));
}

TEST(Utf16Less, ComparesAfterSharedPrefix) {
  EXPECT_TRUE(Utf16Less("key\xf0\x9f\x98\x82", "key\xee\x80\x80"));
  EXPECT_TRUE(Utf16Less("\xc3\xa9", "\xc3\xaa"));  // é < ê
}

TEST(Canonicalize, EscapesEveryControlCharacter) {
  const char* expected[0x20] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006",
      "\\u0007", "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",
      "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014",
      "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b",
      "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  for (int c = 0; c < 0x20; ++c) {
    std::string out;
    AppendCanonicalString(std::string(1, static_cast<char>(c)), out);
    EXPECT_EQ(out, std::string("\"") + expected[c] + "\"") << "char " << c;
  }
}

TEST(Canonicalize, EscapesQuoteAndBackslashOnly) {
  std::string out;
  AppendCanonicalString("a\"b\\c/d", out);
  EXPECT_EQ(out, R"("a\"b\\c/d")");
}

TEST(Canonicalize, WritesDeleteAndLineSeparatorLiterally) {
  std::string out;
  AppendCanonicalString("\x7f\xe2\x80\xa8\xc3\xa9", out);
  EXPECT_EQ(out, "\"\x7f\xe2\x80\xa8\xc3\xa9\"");
}

TEST(Canonicalize, RemovesWhitespaceAndKeepsArrayOrder) {
  Result<std::string> out =
      ParseAndCanonicalize(R"( { "b" : [ 3 , 1 , 2 ] , "a" : { } } )", NumberMode::kIntegersOnly);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, R"({"a":{},"b":[3,1,2]})");
}

TEST(Canonicalize, WritesSafeIntegersAsPlainDecimal) {
  Json value = {kMaxSafeInteger, -kMaxSafeInteger, 0, -1,
                static_cast<uint64_t>(kMaxSafeInteger)};
  EXPECT_EQ(CanonicalOrDie(value, NumberMode::kIntegersOnly),
            "[9007199254740991,-9007199254740991,0,-1,9007199254740991]");
}

TEST(Canonicalize, IntegersOnlyRefusesFloatAtItsPath) {
  Json value = {{"events", {Json::object(), {{"body", {{"amount_fen", 1.0}}}}}}};
  ExpectInvalid(Canonicalize(value), "events[1].body.amount_fen",
                "floating-point number 1 ");
}

TEST(Canonicalize, IntegersOnlyRefusesTwoToThe53) {
  Json value = {{"amount_fen", kMaxSafeInteger + 1}};
  ExpectInvalid(Canonicalize(value), "amount_fen", "integer 9007199254740992 is outside");
}

TEST(Canonicalize, IntegersOnlyRefusesMinusTwoToThe53) {
  Json value = Json::array({-kMaxSafeInteger - 1});
  ExpectInvalid(Canonicalize(value), "[0]", "integer -9007199254740992 is outside");
}

TEST(Canonicalize, IntegersOnlyRefusesLargeUnsigned) {
  Json value = {{"n", std::numeric_limits<uint64_t>::max()}};
  ExpectInvalid(Canonicalize(value), "n", "integer 18446744073709551615 is outside");
}

TEST(Canonicalize, AnyModeWritesLargeIntegersAsNearestDouble) {
  Json value = {uint64_t{12345678901234567890u}, int64_t{9007199254740993},
                std::numeric_limits<int64_t>::min()};
  EXPECT_EQ(CanonicalOrDie(value),
            "[12345678901234567000,9007199254740992,-9223372036854776000]");
}

TEST(Canonicalize, AnyModeWritesNegativeZeroAsZero) {
  EXPECT_EQ(CanonicalOrDie(Json(-0.0)), "0");
  Result<std::string> out = ParseAndCanonicalize("[-0.0,-0]", NumberMode::kAny);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "[0,0]");
}

TEST(Canonicalize, AnyModeUsesEcmaScriptNumberForms) {
  struct Case {
    double value;
    const char* text;
  };
  const Case cases[] = {
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"},
      {1e-7, "1e-7"},
      {1.5e-7, "1.5e-7"},
      {0.000001, "0.000001"},
      {0.0000012345, "0.0000012345"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {-1.7976931348623157e308, "-1.7976931348623157e+308"},
      {333333333.33333329, "333333333.3333333"},
      {4.5, "4.5"},
      {-0.002, "-0.002"},
      {56.0, "56"},
      {1e30, "1e+30"},
      {123.456, "123.456"},
      {2.5e22, "2.5e+22"},
      {9007199254740992.0, "9007199254740992"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CanonicalOrDie(Json(c.value)), c.text) << c.text;
  }
}

TEST(Canonicalize, AnyModeRefusesNonFiniteNumbers) {
  Json value = {{"x", std::numeric_limits<double>::infinity()},
                {"y", std::nan("")}};
  ExpectInvalid(Canonicalize(value, NumberMode::kAny), "x", "Infinity is not a JSON number");
  ExpectInvalid(Canonicalize(Json::array({std::nan("")}), NumberMode::kAny), "[0]",
                "NaN is not a JSON number");
}

TEST(Canonicalize, RefusesInvalidUtf8StringAtItsPath) {
  Json value = {{"body", {{"name", "bad\xff"}}}};
  ExpectInvalid(Canonicalize(value), "body.name", "not valid UTF-8");
}

TEST(Canonicalize, RefusesEncodedSurrogateInString) {
  Json value = Json::array({"\xed\xa0\x80"});
  ExpectInvalid(Canonicalize(value), "[0]", "not valid UTF-8");
}

TEST(Canonicalize, RefusesOverlongUtf8InString) {
  Json value = Json::array({"\xc0\xaf"});
  ExpectInvalid(Canonicalize(value), "[0]", "not valid UTF-8");
}

TEST(Canonicalize, RefusesInvalidUtf8KeyNamingItsObject) {
  Json value = {{"body", {{"bad\xfe", 1}}}};
  ExpectInvalid(Canonicalize(value), "body", "a key is not valid UTF-8");
}

TEST(Canonicalize, RefusesBinaryValue) {
  Json value = {{"blob", Json::binary({1, 2, 3})}};
  ExpectInvalid(Canonicalize(value), "blob", "binary");
}

TEST(Canonicalize, AllowsMaxDepth) {
  Result<Json> parsed = ParseStrict(NestedArrays(kMaxJsonDepth));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(CanonicalOrDie(*parsed), NestedArrays(kMaxJsonDepth));
}

TEST(Canonicalize, RefusesOneLevelDeeperThanMax) {
  Json value = Json::array();
  for (std::size_t i = 0; i < kMaxJsonDepth; ++i) value = Json::array({std::move(value)});
  std::string path;
  for (std::size_t i = 0; i < kMaxJsonDepth; ++i) path += "[0]";
  ExpectInvalid(Canonicalize(value), path, "nested deeper than 32");
}

TEST(AppendCanonical, AppendsAfterPrefix) {
  std::string out = "welfare-ledger/v1/submission\n";
  Status status = AppendCanonical(Json{{"b", 1}, {"a", "x"}}, out);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(out, "welfare-ledger/v1/submission\n{\"a\":\"x\",\"b\":1}");
}

TEST(AppendCanonical, LeavesOutputUnchangedOnError) {
  std::string out = "prefix";
  Status status = AppendCanonical(Json{{"a", 1}, {"b", 2.5}}, out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "b");
  EXPECT_EQ(out, "prefix");
}

}  // namespace
}  // namespace ledger
