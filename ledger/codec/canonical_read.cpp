// ReadCanonical: a reader for bytes that are already RFC 8785 canonical
// and integer-only, which is how the log stores every event. It accepts
// nothing else, so what it accepts needs no second canonicalisation: each
// value's raw bytes are its canonical form. It exists because the general
// parser (nlohmann's lexer) costs more than everything else an audit does
// with an event; its verdicts are checked against ParseStrict and
// Canonicalize in tests/json_doc_test.cpp.
#include "ledger/codec/json_detail.hpp"
#include "ledger/codec/json_doc.hpp"

namespace ledger {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }
int HexValue(char c) { return IsDigit(c) ? c - '0' : c - 'a' + 10; }

// The control characters canonical form writes with a short escape.
char ShortEscape(int c) {
  switch (c) {
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\f': return 'f';
    case '\r': return 'r';
    default: return 0;
  }
}

}  // namespace

class CanonicalReader {
 public:
  CanonicalReader(std::string_view bytes, JsonDoc& doc) : in_(bytes), doc_(doc) {
    doc_.Clear();
    doc_.input_ = bytes;
  }

  Status Read() {
    if (!Value(0, {}) || (pos_ != in_.size() && !Fail("bytes after the value"))) {
      doc_.Clear();
      return Error::Invalid("", "not canonical JSON at byte offset " + std::to_string(pos_) +
                                    ": " + why_);
    }
    return Status::Ok();
  }

 private:
  // Where a decoded key or string is: in the input, or in the doc's buffer
  // when it held escapes.
  struct Text {
    uint32_t offset = 0, size = 0;
    bool in_input = true;
  };

  bool Fail(const char* why) {
    if (why_.empty()) why_ = why;
    return false;
  }
  bool At(char c) const { return pos_ < in_.size() && in_[pos_] == c; }
  bool Take(char c) {
    if (!At(c)) return false;
    ++pos_;
    return true;
  }
  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return Fail("not a JSON value");
    pos_ += word.size();
    return true;
  }
  std::string_view View(Text t) const { return doc_.Text(t.offset, t.size, t.in_input); }

  bool Value(std::size_t depth, Text key);
  bool Object(std::size_t depth, uint32_t index);
  bool Array(std::size_t depth, uint32_t index);
  bool String(Text& out);
  bool Escape();
  bool Integer(int64_t& out);

  std::string_view in_;
  JsonDoc& doc_;
  std::size_t pos_ = 0;
  std::string why_;
};

bool CanonicalReader::Value(std::size_t depth, Text key) {
  if (pos_ >= in_.size()) return Fail("a value is missing");
  const auto index = static_cast<uint32_t>(doc_.nodes_.size());
  doc_.nodes_.emplace_back();
  doc_.nodes_[index].key_in_input = key.in_input;
  doc_.nodes_[index].key_offset = key.offset;
  doc_.nodes_[index].key_size = key.size;
  doc_.nodes_[index].raw_offset = static_cast<uint32_t>(pos_);
  JsonValue::Kind kind;
  int64_t integer = 0;
  Text str;
  bool ok;
  switch (in_[pos_]) {
    case '{': kind = JsonValue::Kind::kObject; ok = Object(depth + 1, index); break;
    case '[': kind = JsonValue::Kind::kArray; ok = Array(depth + 1, index); break;
    case '"': kind = JsonValue::Kind::kString; ok = String(str); break;
    case 't': kind = JsonValue::Kind::kBool; ok = Literal("true"); break;
    case 'f': kind = JsonValue::Kind::kBool; ok = Literal("false"); break;
    case 'n': kind = JsonValue::Kind::kNull; ok = Literal("null"); break;
    default: kind = JsonValue::Kind::kInteger; ok = Integer(integer); break;
  }
  if (!ok) return false;
  JsonNode& node = doc_.nodes_[index];  // the vector may have grown meanwhile
  node.kind = kind;
  node.raw_size = static_cast<uint32_t>(pos_) - node.raw_offset;
  node.end = static_cast<uint32_t>(doc_.nodes_.size());
  if (kind == JsonValue::Kind::kInteger) node.integer = integer;
  if (kind == JsonValue::Kind::kBool) node.boolean = in_[node.raw_offset] == 't';
  if (kind == JsonValue::Kind::kString) {
    node.str_in_input = str.in_input;
    node.str_offset = str.offset;
    node.str_size = str.size;
  }
  return true;
}

bool CanonicalReader::Object(std::size_t depth, uint32_t index) {
  if (depth > kMaxJsonDepth) return Fail("nested deeper than the limit");
  ++pos_;  // '{'
  if (Take('}')) return true;
  Text previous;
  do {
    Text key;
    if (!At('"')) return Fail("a member name must be a string");
    if (!String(key)) return false;
    if (doc_.nodes_[index].count > 0 && !Utf16Less(View(previous), View(key)))
      return Fail("member names out of order or repeated");
    if (!Take(':')) return Fail("':' expected");
    if (!Value(depth, key)) return false;
    ++doc_.nodes_[index].count;
    previous = key;
  } while (Take(','));
  if (!Take('}')) return Fail("',' or '}' expected");
  return true;
}

bool CanonicalReader::Array(std::size_t depth, uint32_t index) {
  if (depth > kMaxJsonDepth) return Fail("nested deeper than the limit");
  ++pos_;  // '['
  if (Take(']')) return true;
  do {
    if (!Value(depth, {})) return false;
    ++doc_.nodes_[index].count;
  } while (Take(','));
  if (!Take(']')) return Fail("',' or ']' expected");
  return true;
}

// A string in canonical form: raw bytes but '"', '\' and controls; the
// short escapes for \b \t \n \f \r, \u00xx (lower-case hex) for the other
// controls, and no other escape. Without escapes it stays in the input.
bool CanonicalReader::String(Text& out) {
  ++pos_;  // '"'
  const std::size_t start = pos_;
  while (pos_ < in_.size() && in_[pos_] != '"' && in_[pos_] != '\\') {
    if (static_cast<uint8_t>(in_[pos_]) < 0x20) return Fail("a raw control character in a string");
    ++pos_;
  }
  if (pos_ >= in_.size()) return Fail("a string is not closed");
  if (in_[pos_] == '"') {
    const std::string_view text = in_.substr(start, pos_ - start);
    if (!json_detail::IsValidUtf8(text)) return Fail("a string is not valid UTF-8");
    out = {static_cast<uint32_t>(start), static_cast<uint32_t>(text.size()), true};
    ++pos_;
    return true;
  }
  // Escapes: decode into the doc's buffer.
  const auto offset = static_cast<uint32_t>(doc_.strings_.size());
  doc_.strings_.append(in_.substr(start, pos_ - start));
  while (pos_ < in_.size() && in_[pos_] != '"') {
    if (in_[pos_] == '\\') {
      if (!Escape()) return false;
      continue;
    }
    if (static_cast<uint8_t>(in_[pos_]) < 0x20) return Fail("a raw control character in a string");
    doc_.strings_.push_back(in_[pos_++]);
  }
  if (!Take('"')) return Fail("a string is not closed");
  const std::string_view text = std::string_view(doc_.strings_).substr(offset);
  if (!json_detail::IsValidUtf8(text)) return Fail("a string is not valid UTF-8");
  out = {offset, static_cast<uint32_t>(text.size()), false};
  return true;
}

bool CanonicalReader::Escape() {
  if (pos_ + 1 >= in_.size()) return Fail("an escape is cut short");
  const char c = in_[pos_ + 1];
  pos_ += 2;
  switch (c) {
    case '"': doc_.strings_.push_back('"'); return true;
    case '\\': doc_.strings_.push_back('\\'); return true;
    case 'b': doc_.strings_.push_back('\b'); return true;
    case 't': doc_.strings_.push_back('\t'); return true;
    case 'n': doc_.strings_.push_back('\n'); return true;
    case 'f': doc_.strings_.push_back('\f'); return true;
    case 'r': doc_.strings_.push_back('\r'); return true;
    case 'u': {
      if (pos_ + 4 > in_.size() || in_[pos_] != '0' || in_[pos_ + 1] != '0' ||
          !IsLowerHex(in_[pos_ + 2]) || !IsLowerHex(in_[pos_ + 3]))
        return Fail("a \\u escape of something other than a control character");
      const int code = HexValue(in_[pos_ + 2]) * 16 + HexValue(in_[pos_ + 3]);
      if (code >= 0x20 || ShortEscape(code) != 0) return Fail("a \\u escape that has a shorter form");
      doc_.strings_.push_back(static_cast<char>(code));
      pos_ += 4;
      return true;
    }
    default:
      return Fail("an escape canonical form does not use");
  }
}

// -?(0|[1-9][0-9]*) within ±(2^53−1); "-0" is not canonical.
bool CanonicalReader::Integer(int64_t& out) {
  const bool negative = Take('-');
  if (pos_ >= in_.size() || !IsDigit(in_[pos_])) return Fail("not a JSON value");
  if (in_[pos_] == '0') {
    ++pos_;
    if (negative) return Fail("-0 is not canonical");
    if (pos_ < in_.size() && (IsDigit(in_[pos_]) || in_[pos_] == '.' || in_[pos_] == 'e' || in_[pos_] == 'E'))
      return Fail("not an integer in canonical form");
    out = 0;
    return true;
  }
  uint64_t value = 0;
  std::size_t digits = 0;
  while (pos_ < in_.size() && IsDigit(in_[pos_])) {
    if (++digits > 16) return Fail("an integer beyond 2^53-1");
    value = value * 10 + static_cast<uint64_t>(in_[pos_++] - '0');
  }
  if (pos_ < in_.size() && (in_[pos_] == '.' || in_[pos_] == 'e' || in_[pos_] == 'E'))
    return Fail("not an integer");
  if (value > static_cast<uint64_t>(kMaxSafeInteger)) return Fail("an integer beyond 2^53-1");
  out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

Status ReadCanonical(std::string_view bytes, JsonDoc& doc) {
  return CanonicalReader(bytes, doc).Read();
}

}  // namespace ledger
