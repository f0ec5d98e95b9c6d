// RFC 8785 canonical JSON: the writer, which lays the bytes out in one
// reserved string. The strict parser is in json_parse.cpp.
#include "ledger/canonical_json.hpp"
#include "ledger/codec/json_detail.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <vector>

namespace ledger {
namespace json_detail {
namespace {

bool IsContinuation(uint8_t c) { return (c & 0xc0) == 0x80; }

}  // namespace

// RFC 3629 well-formed UTF-8: no overlong forms, no surrogates, at most
// U+10FFFF. Eight ASCII bytes are checked at a time, since keys and most
// values are ASCII.
bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    uint64_t word;
    if (end - p >= 8 && (std::memcpy(&word, p, 8), (word & 0x8080808080808080u) == 0)) {
      p += 8;
      continue;
    }
    uint8_t lead = *p;
    if (lead < 0x80) { ++p; continue; }
    int length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (lead < 0xc2 || lead > 0xf4 || end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if (!IsContinuation(p[i])) return false;
    }
    uint8_t second = p[1];
    if (lead == 0xe0 && second < 0xa0) return false;   // overlong
    if (lead == 0xed && second >= 0xa0) return false;  // surrogate
    if (lead == 0xf0 && second < 0x90) return false;   // overlong
    if (lead == 0xf4 && second >= 0x90) return false;  // above U+10FFFF
    p += length;
  }
  return true;
}

}  // namespace json_detail

namespace {

using json_detail::IsValidUtf8;

using json_detail::IsSafe;
using json_detail::kLowerHex;
using json_detail::kSafeRange;
using json_detail::DescribeDouble;

// Events are ~400 bytes, with the envelope well under this: one allocation.
constexpr std::size_t kCanonicalReserveBytes = 1024;
// Longest text std::to_chars writes for a double in scientific form
// ("-2.2250738585072014e-308" is 24 characters).
constexpr std::size_t kDoubleCharsMax = 32;

// ---------------------------------------------------------------- strings

void AppendEscape(uint8_t c, std::string& out) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\f': out += "\\f"; return;
    case '\r': out += "\\r"; return;
    default:
      out += "\\u00";
      out += kLowerHex[c >> 4];
      out += kLowerHex[c & 0xf];
  }
}

// ---------------------------------------------------------------- numbers

// ECMA-262 Number::toString(x) for finite x, the form RFC 8785 §3.2.2.3
// requires. std::to_chars gives the shortest digits that round-trip (what
// the spec asks for); only the layout is ECMAScript's.
void AppendEcmaNumber(double value, std::string& out) {
  if (value == 0) {  // both +0 and -0
    out += '0';
    return;
  }
  if (value < 0) {
    out += '-';
    value = -value;
  }
  char text[kDoubleCharsMax];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value,
                                 std::chars_format::scientific);
  LEDGER_CHECK(ec == std::errc());
  // text is "d[.ddd]e±xx": collect the digits and the decimal exponent.
  char digits[kDoubleCharsMax];
  int k = 0;
  const char* p = text;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  ++p;  // 'e'
  bool negative_exponent = *p == '-';
  int exponent = 0;
  std::from_chars(p + 1, end, exponent);
  if (negative_exponent) exponent = -exponent;
  const int n = exponent + 1;  // digits * 10^(n-k), in ECMA-262's terms

  if (k <= n && n <= 21) {  // integer: digits then zeros
    out.append(digits, k);
    out.append(n - k, '0');
  } else if (0 < n && n <= 21) {  // point inside the digits
    out.append(digits, n);
    out += '.';
    out.append(digits + n, k - n);
  } else if (-6 < n && n <= 0) {  // 0.000ddd
    out += "0.";
    out.append(-n, '0');
    out.append(digits, k);
  } else {  // d[.ddd]e±x
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits + 1, k - 1);
    }
    out += n - 1 < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(n - 1));
  }
}

template <class Int>
void AppendInteger(Int value, std::string& out) {
  char text[24];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  LEDGER_CHECK(ec == std::errc());
  out.append(text, end);
}


// ---------------------------------------------------------------- writer

// Writes one value tree. Errors are rare, so the path is built only then,
// one segment per level while the recursion unwinds.
class CanonicalWriter {
 public:
  CanonicalWriter(NumberMode mode, std::string& out) : mode_(mode), out_(out) {}

  // `depth` counts the arrays and objects around `value`.
  bool Write(const Json& value, std::size_t depth);
  Error TakeError();

 private:
  using Member = Json::object_t::value_type;

  bool WriteObject(const Json::object_t& members, std::size_t depth);
  bool WriteArray(const Json::array_t& elements, std::size_t depth);
  bool WriteMember(const Member& member, bool first, std::size_t depth);
  bool WriteString(const std::string& text);
  template <class Int>
  bool WriteInteger(Int value);
  bool WriteDouble(double value);
  bool Fail(std::string message) {
    message_ = std::move(message);
    return false;
  }

  struct PathSegment {
    const std::string* key;  // null for an array element
    std::size_t index;
  };

  NumberMode mode_;
  std::string& out_;
  // Members of the objects being written that need re-sorting, as one stack
  // shared by all levels, so sorting costs no allocation per object.
  std::vector<const Member*> sorted_;
  std::string message_;
  std::vector<PathSegment> path_from_leaf_;
};

bool CanonicalWriter::Write(const Json& value, std::size_t depth) {
  using T = Json::value_t;
  switch (value.type()) {
    case T::null: out_ += "null"; return true;
    case T::boolean: out_ += value.get_ref<const bool&>() ? "true" : "false"; return true;
    case T::string: return WriteString(value.get_ref<const std::string&>());
    case T::number_integer: return WriteInteger(value.get<int64_t>());
    case T::number_unsigned: return WriteInteger(value.get<uint64_t>());
    case T::number_float: return WriteDouble(value.get<double>());
    case T::object:
    case T::array:
      if (depth + 1 > kMaxJsonDepth) {
        return Fail("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      }
      return value.is_object()
                 ? WriteObject(value.get_ref<const Json::object_t&>(), depth + 1)
                 : WriteArray(value.get_ref<const Json::array_t&>(), depth + 1);
    case T::binary: return Fail("a binary value has no JSON form");
    case T::discarded: return Fail("a discarded value has no JSON form");
  }
  return Fail("unknown value type");
}

bool CanonicalWriter::WriteObject(const Json::object_t& members, std::size_t depth) {
  out_ += '{';
  // std::map keeps keys in byte order, which is code point order. That is
  // UTF-16 order too unless astral and U+E000..U+FFFF characters meet at the
  // first difference of two keys: check neighbours, sort only then.
  bool in_utf16_order = true;
  for (auto it = members.begin(); in_utf16_order && it != members.end(); ++it) {
    auto next = std::next(it);
    if (next != members.end()) in_utf16_order = Utf16Less(it->first, next->first);
  }
  if (in_utf16_order) {
    bool first = true;
    for (const Member& member : members) {
      if (!WriteMember(member, first, depth)) return false;
      first = false;
    }
  } else {
    const std::size_t begin = sorted_.size();
    for (const Member& member : members) sorted_.push_back(&member);
    std::sort(sorted_.begin() + begin, sorted_.end(),
              [](const Member* a, const Member* b) { return Utf16Less(a->first, b->first); });
    // Index, not iterator: writing a member may grow `sorted_`.
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (!WriteMember(*sorted_[begin + i], i == 0, depth)) return false;
    }
    sorted_.resize(begin);
  }
  out_ += '}';
  return true;
}

bool CanonicalWriter::WriteMember(const Member& member, bool first, std::size_t depth) {
  if (!first) out_ += ',';
  if (!IsValidUtf8(member.first)) {
    // The key itself is bad: name the object, and the key only by position.
    return Fail("a key is not valid UTF-8");
  }
  AppendCanonicalString(member.first, out_);
  out_ += ':';
  if (Write(member.second, depth)) return true;
  path_from_leaf_.push_back({&member.first, 0});
  return false;
}

bool CanonicalWriter::WriteArray(const Json::array_t& elements, std::size_t depth) {
  out_ += '[';
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out_ += ',';
    if (!Write(elements[i], depth)) {
      path_from_leaf_.push_back({nullptr, i});
      return false;
    }
  }
  out_ += ']';
  return true;
}

bool CanonicalWriter::WriteString(const std::string& text) {
  if (!IsValidUtf8(text)) return Fail("string is not valid UTF-8");
  AppendCanonicalString(text, out_);
  return true;
}

template <class Int>
bool CanonicalWriter::WriteInteger(Int value) {
  if (IsSafe(value)) {
    AppendInteger(value, out_);
    return true;
  }
  if (mode_ == NumberMode::kIntegersOnly) {
    return Fail("integer " + std::to_string(value) + " is outside " + kSafeRange);
  }
  // ECMAScript holds every number as a double; so does RFC 8785.
  AppendEcmaNumber(static_cast<double>(value), out_);
  return true;
}

bool CanonicalWriter::WriteDouble(double value) {
  if (mode_ == NumberMode::kIntegersOnly) {
    return Fail("floating-point number " + DescribeDouble(value) +
                " where only integers in " + kSafeRange + " are allowed");
  }
  if (!std::isfinite(value)) return Fail(DescribeDouble(value) + " is not a JSON number");
  AppendEcmaNumber(value, out_);
  return true;
}

Error CanonicalWriter::TakeError() {
  std::string field;
  for (auto it = path_from_leaf_.rbegin(); it != path_from_leaf_.rend(); ++it) {
    if (it->key == nullptr) {
      field += '[' + std::to_string(it->index) + ']';
    } else {
      if (!field.empty()) field += '.';
      field += *it->key;
    }
  }
  return Error::Invalid(std::move(field), std::move(message_));
}

}  // namespace

namespace json_detail {

std::string DescribeDouble(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : "Infinity";
  std::string text;
  AppendEcmaNumber(value, text);
  return text;
}

}  // namespace json_detail

void AppendCanonicalString(std::string_view utf8, std::string& out) {
  out += '"';
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<uint8_t>(utf8[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(utf8.data() + run_start, i - run_start);
    AppendEscape(c, out);
    run_start = i + 1;
  }
  out.append(utf8.data() + run_start, utf8.size() - run_start);
  out += '"';
}

// UTF-8 byte order is code point order, and code point order is UTF-16 order
// except in one place: astral characters (UTF-8 lead bytes F0..F4, UTF-16
// surrogates D800..DFFF) sort after U+E000..U+FFFF (lead bytes EE, EF) by
// code point but before them by code unit. Bytes before the first difference
// are equal, so only that difference decides: no decoding at all, and an
// ASCII key costs a plain byte comparison.
bool Utf16Less(std::string_view a, std::string_view b) {
  auto [pa, pb] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (pb == b.end()) return false;  // b is a prefix of a, or equal
  if (pa == a.end()) return true;   // a is a proper prefix of b
  auto ca = static_cast<uint8_t>(*pa);
  auto cb = static_cast<uint8_t>(*pb);
  auto is_astral = [](uint8_t lead) { return lead >= 0xf0; };
  auto is_high_bmp = [](uint8_t lead) { return lead == 0xee || lead == 0xef; };
  if (is_astral(ca) && is_high_bmp(cb)) return true;
  if (is_high_bmp(ca) && is_astral(cb)) return false;
  return ca < cb;
}

Status AppendCanonical(const Json& value, std::string& out, NumberMode mode) {
  const std::size_t original_size = out.size();
  CanonicalWriter writer(mode, out);
  if (writer.Write(value, 0)) return Status::Ok();
  out.resize(original_size);
  return writer.TakeError();
}

Result<std::string> Canonicalize(const Json& value, NumberMode mode) {
  std::string out;
  out.reserve(kCanonicalReserveBytes);
  Status status = AppendCanonical(value, out, mode);
  if (!status.ok()) return status.error();
  return out;
}

}  // namespace ledger
