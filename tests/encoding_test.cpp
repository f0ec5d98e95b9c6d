#include "ledger/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ledger {
namespace {

Bytes B(std::string_view text) { return Bytes(text.begin(), text.end()); }

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Expects `result` to be refused as invalid input, with a message naming
// the problem by `phrase`.
template <class T>
void ExpectInvalid(const Result<T>& result, std::string_view phrase) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(Contains(result.error().message, phrase)) << result.error().message;
}

// ------------------------------------------------------------------- hex

TEST(Hex, EncodesLowerCase) {
  EXPECT_EQ(HexEncode(Bytes{0x00, 0x01, 0xab, 0xcd, 0xef, 0xff}), "0001abcdefff");
}

TEST(Hex, EncodesEmptyAsEmpty) { EXPECT_EQ(HexEncode(Bytes{}), ""); }

TEST(Hex, RoundTripsEveryByteValue) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<uint8_t>(i));
  std::string hex = HexEncode(all);
  ASSERT_EQ(hex.size(), 512u);
  Result<Bytes> decoded = HexDecode(hex);
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, all);
}

TEST(Hex, DecodesEmptyToEmpty) {
  Result<Bytes> decoded = HexDecode("");
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(Hex, RefusesOddLength) { ExpectInvalid(HexDecode("abc"), "odd length 3"); }

TEST(Hex, RefusesUpperCase) {
  ExpectInvalid(HexDecode("00AB"), "'A' at offset 2");
}

TEST(Hex, RefusesNonHexCharacter) {
  ExpectInvalid(HexDecode("0g"), "'g' at offset 1");
}

TEST(Hex, RefusesWhitespace) { ExpectInvalid(HexDecode("00 1"), "' ' at offset 2"); }

TEST(Hex, NamesUnprintableBytesByValue) {
  Result<Bytes> decoded = HexDecode(std::string_view("0\xff", 2));
  ExpectInvalid(decoded, "0xff at offset 1");
}

TEST(Hex, LeavesFieldForCallerToSet) {
  Result<Bytes> decoded = HexDecode("0");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().field, "");
}

// ---------------------------------------------------------------- base64

struct Rfc4648Vector {
  const char* plain;
  const char* encoded;
};

// RFC 4648 §10.
constexpr Rfc4648Vector kRfc4648[] = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
    {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(Base64, EncodesRfc4648Vectors) {
  for (const auto& v : kRfc4648) {
    EXPECT_EQ(Base64Encode(B(v.plain)), v.encoded) << "plain: " << v.plain;
  }
}

TEST(Base64, DecodesRfc4648Vectors) {
  for (const auto& v : kRfc4648) {
    Result<Bytes> decoded = Base64Decode(v.encoded);
    ASSERT_TRUE(decoded.ok()) << v.encoded << ": " << decoded.error().ToString();
    EXPECT_EQ(*decoded, B(v.plain)) << v.encoded;
  }
}

TEST(Base64, RoundTripsEveryByteValueAtEveryLengthModThree) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<uint8_t>(i));
  for (std::size_t drop = 0; drop < 3; ++drop) {
    Bytes input(all.begin(), all.end() - drop);
    Result<Bytes> decoded = Base64Decode(Base64Encode(input));
    ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
    EXPECT_EQ(*decoded, input);
  }
}

TEST(Base64, UsesStandardAlphabetForHighValues) {
  EXPECT_EQ(Base64Encode(Bytes{0xfb, 0xff}), "+/8=");
}

TEST(Base64, RefusesLengthNotMultipleOfFour) {
  ExpectInvalid(Base64Decode("Zm9"), "length 3 is not a multiple of 4");
}

TEST(Base64, RefusesMissingPadding) {
  ExpectInvalid(Base64Decode("Zg"), "length 2 is not a multiple of 4");
}

TEST(Base64, RefusesTrailingNewline) {
  ExpectInvalid(Base64Decode("Zm9v\n"), "length 5 is not a multiple of 4");
}

TEST(Base64, RefusesEmbeddedSpace) {
  ExpectInvalid(Base64Decode("Zm 9"), "' ' at offset 2");
}

TEST(Base64, RefusesUrlSafeAlphabet) {
  ExpectInvalid(Base64Decode("-_8="), "'-' at offset 0");
}

TEST(Base64, RefusesPaddingBeforeTheEnd) {
  ExpectInvalid(Base64Decode("Zg==Zm9v"), "padding '=' before the end at offset 2");
}

TEST(Base64, RefusesDataAfterPadding) {
  ExpectInvalid(Base64Decode("Zg=v"), "padding '=' before the end at offset 2");
}

TEST(Base64, RefusesThreePaddingCharacters) {
  ExpectInvalid(Base64Decode("Z==="), "3 padding characters");
}

TEST(Base64, RefusesOnlyPadding) {
  ExpectInvalid(Base64Decode("===="), "4 padding characters");
}

TEST(Base64, RefusesNonZeroBitsAfterOneByte) {
  // "Zg==" is "f"; "Zh==" differs only in the four unused bits.
  ExpectInvalid(Base64Decode("Zh=="), "non-zero bits after the last byte");
}

TEST(Base64, RefusesNonZeroBitsAfterTwoBytes) {
  // "Zm8=" is "fo"; "Zm9=" differs only in the two unused bits.
  ExpectInvalid(Base64Decode("Zm9="), "non-zero bits after the last byte");
}

TEST(Base64, NamesUnprintableBytesByValue) {
  ExpectInvalid(Base64Decode(std::string_view("Zm9\x80", 4)), "0x80 at offset 3");
}

}  // namespace
}  // namespace ledger
