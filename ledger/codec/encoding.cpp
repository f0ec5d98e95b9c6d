// Hex and base64 (RFC 4648). Written by hand: they are plain table lookups,
// and strictness (one spelling per value) matters more here than speed.
#include "ledger/encoding.hpp"
#include "ledger/types.hpp"

#include <array>
#include <string>

namespace ledger {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int8_t kNotInAlphabet = -1;

// Reverse lookup tables, built at compile time: -1 for bytes outside the set.
constexpr std::array<int8_t, 256> HexValues() {
  std::array<int8_t, 256> table{};
  table.fill(kNotInAlphabet);
  for (int i = 0; i < 16; ++i) table[static_cast<uint8_t>(kHexDigits[i])] = i;
  return table;
}
constexpr std::array<int8_t, 256> Base64Values() {
  std::array<int8_t, 256> table{};
  table.fill(kNotInAlphabet);
  for (int i = 0; i < 64; ++i) {
    table[static_cast<uint8_t>(kBase64Alphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kHexValue = HexValues();
constexpr std::array<int8_t, 256> kBase64Value = Base64Values();

// "'g'" for a printable byte, "0xff" otherwise: error messages must stay
// valid UTF-8, since they end up in JSON problem documents.
std::string DescribeByte(char c) {
  auto byte = static_cast<uint8_t>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string{'\'', c, '\''};
  return std::string{"0x"} + kHexDigits[byte >> 4] + kHexDigits[byte & 0xf];
}

std::string At(std::size_t offset) { return " at offset " + std::to_string(offset); }

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0xf];
  }
  return out;
}

Result<Bytes> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Error::Invalid("", "hex has odd length " + std::to_string(hex.size()));
  }
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    int8_t value = kHexValue[static_cast<uint8_t>(hex[i])];
    if (value == kNotInAlphabet) {
      return Error::Invalid("", "not a lower-case hex digit: " +
                                    DescribeByte(hex[i]) + At(i));
    }
    out[i / 2] = static_cast<uint8_t>((out[i / 2] << 4) | value);
  }
  return out;
}

std::string Base64Encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kBase64Alphabet[(group >> 18) & 0x3f];
    out += kBase64Alphabet[(group >> 12) & 0x3f];
    out += kBase64Alphabet[(group >> 6) & 0x3f];
    out += kBase64Alphabet[group & 0x3f];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  uint32_t group = bytes[i] << 16;
  if (rest == 2) group |= bytes[i + 1] << 8;
  out += kBase64Alphabet[(group >> 18) & 0x3f];
  out += kBase64Alphabet[(group >> 12) & 0x3f];
  out += rest == 2 ? kBase64Alphabet[(group >> 6) & 0x3f] : '=';
  out += '=';
  return out;
}

namespace {

// How many '=' end `text` (whose length is a positive multiple of 4), or an
// error if padding is malformed: more than two, or followed by data.
Result<std::size_t> CountPadding(std::string_view text) {
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 2) {
    return Error::Invalid("", "base64 has " + std::to_string(padding) +
                                  " padding characters; at most 2 are allowed");
  }
  std::size_t first_pad = text.find('=');
  if (first_pad < text.size() - padding) {
    return Error::Invalid("", "base64 padding '=' before the end" + At(first_pad));
  }
  return padding;
}

}  // namespace

Result<Bytes> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Error::Invalid("", "base64 length " + std::to_string(text.size()) +
                                  " is not a multiple of 4");
  }
  if (text.empty()) return Bytes{};
  Result<std::size_t> padding = CountPadding(text);
  if (!padding.ok()) return padding.error();
  const std::size_t data_chars = text.size() - *padding;

  Bytes out;
  out.reserve(text.size() / 4 * 3);
  uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < data_chars; ++i) {
    int8_t value = kBase64Value[static_cast<uint8_t>(text[i])];
    if (value == kNotInAlphabet) {
      return Error::Invalid("", "not a base64 character: " +
                                    DescribeByte(text[i]) + At(i));
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<uint8_t>(bits >> bit_count));
      bits &= (1u << bit_count) - 1;
    }
  }
  // The bits left over after the last whole byte must be zero, or two
  // strings ("Zg==", "Zh==") would decode to the same bytes.
  if (bits != 0) {
    return Error::Invalid("", "base64 has non-zero bits after the last byte" +
                                  At(data_chars - 1));
  }
  return out;
}

std::string SeqKey(uint64_t seq) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[static_cast<std::size_t>(i)] = static_cast<char>(seq & 0xff);
    seq >>= 8;
  }
  return key;
}

Result<uint64_t> DecodeSeqKey(std::string_view key) {
  if (key.size() != 8) return Error::Corruption("seq key of " + std::to_string(key.size()) + " bytes");
  uint64_t v = 0;
  for (unsigned char c : key) v = (v << 8) | c;
  return v;
}

std::string FormatYuan(Fen fen) {
  const bool negative = fen.value < 0;
  const uint64_t abs = negative ? static_cast<uint64_t>(-(fen.value + 1)) + 1 : static_cast<uint64_t>(fen.value);
  const std::string digits = std::to_string(abs / 100);
  std::string yuan;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) yuan.push_back(',');
    yuan.push_back(digits[i]);
  }
  const uint64_t cents = abs % 100;
  return (negative ? "-" : "") + yuan + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

}  // namespace ledger
