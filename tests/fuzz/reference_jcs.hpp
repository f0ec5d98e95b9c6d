// An independent RFC 8785 serialiser, for the differential fuzz target
// only: written from the RFC's text with nothing shared with
// ledger/codec/canonical_json.cpp — its own UTF-16 ordering, its own
// ECMAScript number form found with printf and strtod rather than
// std::to_chars. Slow and simple on purpose. Input: any nlohmann tree whose
// strings are valid UTF-8 and whose numbers are finite.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledger::fuzz {

// UTF-8 (valid) to UTF-16 code units.
inline std::u16string ReferenceUtf16(const std::string& utf8) {
  std::u16string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t code = length == 1 ? lead : length == 2 ? lead & 0x1f : length == 3 ? lead & 0x0f : lead & 0x07;
    for (int k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
    i += length;
    if (code < 0x10000) {
      out.push_back(static_cast<char16_t>(code));
    } else {
      code -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (code >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (code & 0x3ff)));
    }
  }
  return out;
}

inline void ReferenceString(const std::string& text, std::string& out) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// ECMA-262 Number::toString for a finite double.
inline std::string ReferenceNumber(double value) {
  if (value == 0) return "0";
  if (value < 0) return "-" + ReferenceNumber(-value);
  // The fewest significant digits that read back as `value`; printf rounds
  // correctly, so among strings of that length it is the nearest one.
  std::string digits;
  int exponent = 0;  // value = 0.d1d2… × 10^exponent
  for (int precision = 1; precision <= 17; ++precision) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*e", precision - 1, value);
    if (std::strtod(text, nullptr) != value) continue;
    const std::string scientific = text;
    const std::size_t e = scientific.find('e');
    for (std::size_t i = 0; i < e; ++i)
      if (scientific[i] != '.') digits += scientific[i];
    exponent = std::atoi(scientific.c_str() + e + 1) + 1;
    break;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = static_cast<int>(digits.size());
  const int n = exponent;
  if (k <= n && n <= 21) return digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return "0." + std::string(-n, '0') + digits;
  const int shown = n - 1;
  std::string out = digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  out += shown < 0 ? "e-" : "e+";
  out += std::to_string(std::abs(shown));
  return out;
}

inline void ReferenceCanonical(const nlohmann::json& value, std::string& out) {
  using T = nlohmann::json::value_t;
  switch (value.type()) {
    case T::null: out += "null"; return;
    case T::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case T::number_integer: out += ReferenceNumber(static_cast<double>(value.get<int64_t>())); return;
    case T::number_unsigned: out += ReferenceNumber(static_cast<double>(value.get<uint64_t>())); return;
    case T::number_float: out += ReferenceNumber(value.get<double>()); return;
    case T::string: ReferenceString(value.get<std::string>(), out); return;
    case T::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        if (!first) out += ',';
        first = false;
        ReferenceCanonical(element, out);
      }
      out += ']';
      return;
    }
    case T::object: {
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      for (auto it = value.begin(); it != value.end(); ++it)
        keys.emplace_back(ReferenceUtf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      bool first = true;
      for (const auto& [utf16, key] : keys) {
        if (!first) out += ',';
        first = false;
        ReferenceString(*key, out);
        out += ':';
        ReferenceCanonical(value.at(*key), out);
      }
      out += '}';
      return;
    }
    case T::binary:
    case T::discarded: out += "?"; return;  // never parsed from JSON text
  }
}

}  // namespace ledger::fuzz
