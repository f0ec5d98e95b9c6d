// A parsed JSON document laid out flat, for the event path: one vector of
// nodes in document order and one buffer of decoded strings, so that
// reading an event costs no allocation per member (none at all when a doc
// is reused). Internal to the library.
//
// Two ways to fill one:
//   ParseDoc       any strict JSON, through nlohmann's SAX parser, with the
//                  very rules and messages of ParseStrict (canonical_json.hpp);
//   ReadCanonical  only bytes that are already RFC 8785 canonical and
//                  integer-only (stored events): fast, and it keeps each
//                  value's raw bytes, which are then its canonical form.
// Views (JsonValue) point into the doc, and after ReadCanonical into the
// bytes read as well: both must outlive them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/status.hpp"

namespace ledger {

class JsonDoc;

class JsonValue {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInteger, kDouble, kString, kArray, kObject };

  JsonValue() = default;
  // False for the "absent" view that find() returns for a missing member.
  bool valid() const { return doc_ != nullptr; }

  Kind kind() const;
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_integer() const { return kind() == Kind::kInteger; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }

  bool boolean() const;         // LEDGER_CHECKs the kind, as do the next three
  int64_t integer() const;      // an integer that fits int64 (not big_unsigned())
  // An integer above INT64_MAX (only a tree made by FromJson, or a kAny parse, holds one).
  bool big_unsigned() const;
  uint64_t unsigned_integer() const;
  double number() const;        // a kDouble (kAny parses only)
  std::string_view str() const;

  // Members of an object or elements of an array.
  std::size_t size() const;
  // The member named `name`, or an invalid view. Objects are small: a
  // linear search.
  JsonValue find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name).valid(); }
  // The member named `name`, which must exist (LEDGER_CHECK).
  JsonValue operator[](std::string_view name) const;
  // Element `i` < size() of an array, or member `i` of an object.
  JsonValue at(std::size_t i) const;
  // For a member of an object: its name.
  std::string_view key() const;
  // The value's bytes as read, after ReadCanonical (its canonical form);
  // empty after ParseDoc.
  std::string_view raw() const;

  // Children in document order (elements, or members with their key()).
  class Iterator {
   public:
    JsonValue operator*() const { return {doc_, index_}; }
    Iterator& operator++();
    bool operator!=(const Iterator& o) const { return index_ != o.index_; }

   private:
    friend class JsonValue;
    Iterator(const JsonDoc* doc, uint32_t index) : doc_(doc), index_(index) {}
    const JsonDoc* doc_;
    uint32_t index_;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  friend class JsonDoc;
  friend Json ToJson(JsonValue value);
  JsonValue(const JsonDoc* doc, uint32_t index) : doc_(doc), index_(index) {}
  const struct JsonNode& node() const;

  const JsonDoc* doc_ = nullptr;
  uint32_t index_ = 0;
};

// One value of the document. Public so that the builders can fill it.
struct JsonNode {
  JsonValue::Kind kind = JsonValue::Kind::kNull;
  bool key_in_input = false;  // else in the doc's string buffer
  bool str_in_input = false;
  bool big_unsigned = false;      // an integer above INT64_MAX (kAny parses only)
  uint32_t end = 0;    // one past the last node of this subtree
  uint32_t count = 0;  // members or elements
  uint32_t key_offset = 0, key_size = 0;
  uint32_t str_offset = 0, str_size = 0;
  uint32_t raw_offset = 0, raw_size = 0;
  union {
    int64_t integer = 0;
    uint64_t unsigned_integer;  // when big_unsigned
    double number;
    bool boolean;
  };
};

class JsonDoc {
 public:
  JsonValue root() const;
  bool empty() const { return nodes_.empty(); }
  void Clear();

 private:
  friend class JsonValue;
  friend class DocBuilder;
  friend class CanonicalReader;
  friend void FromJson(const Json& value, JsonDoc& doc);
  std::string_view Text(uint32_t offset, uint32_t size, bool in_input) const {
    return in_input ? input_.substr(offset, size) : std::string_view(strings_).substr(offset, size);
  }

  std::vector<JsonNode> nodes_;
  std::string strings_;      // decoded keys and strings
  std::string_view input_;   // the bytes ReadCanonical read
};

// Parses `text` strictly into `doc` (replacing what it held): the rules and
// errors of ParseStrict, field paths and messages alike. Never throws.
Status ParseDoc(std::string_view text, JsonDoc& doc, NumberMode mode = NumberMode::kIntegersOnly);

// Reads `bytes` into `doc` when they are exactly the RFC 8785 canonical form
// of an integer-only JSON value (sorted keys, no whitespace, minimal
// escapes, integers within ±(2^53−1), valid UTF-8, depth ≤ kMaxJsonDepth).
// Anything else is kInvalidArgument with a short reason; a caller that
// needs to say more (syntax error or merely not canonical) asks ParseStrict.
Status ReadCanonical(std::string_view bytes, JsonDoc& doc);

// The canonical form of `value` (RFC 8785), appended to `out`. Integer-only
// values; a kDouble is a LEDGER_CHECK (event docs never hold one).
void AppendCanonical(JsonValue value, std::string& out);

// The nlohmann tree of `value` (tools and tests).
Json ToJson(JsonValue value);
// `doc` made from an nlohmann tree (replacing what it held), for callers
// that hold one (tools and tests). Numbers keep their kind.
void FromJson(const Json& value, JsonDoc& doc);

}  // namespace ledger
