// JsonDoc's views, its canonical writer and its conversion to nlohmann.
// The builders are in json_parse.cpp (ParseDoc) and canonical_read.cpp
// (ReadCanonical).
#include "ledger/codec/json_doc.hpp"

#include <algorithm>
#include <charconv>

namespace ledger {

const JsonNode& JsonValue::node() const {
  LEDGER_CHECK(doc_ != nullptr && index_ < doc_->nodes_.size());
  return doc_->nodes_[index_];
}

JsonValue::Kind JsonValue::kind() const { return node().kind; }

bool JsonValue::boolean() const {
  LEDGER_CHECK(is_bool());
  return node().boolean;
}

int64_t JsonValue::integer() const {
  LEDGER_CHECK(is_integer() && !node().big_unsigned);
  return node().integer;
}

bool JsonValue::big_unsigned() const { return is_integer() && node().big_unsigned; }

uint64_t JsonValue::unsigned_integer() const {
  LEDGER_CHECK(big_unsigned());
  return node().unsigned_integer;
}

double JsonValue::number() const {
  LEDGER_CHECK(kind() == Kind::kDouble);
  return node().number;
}

std::string_view JsonValue::str() const {
  const JsonNode& n = node();
  LEDGER_CHECK(n.kind == Kind::kString);
  return doc_->Text(n.str_offset, n.str_size, n.str_in_input);
}

std::size_t JsonValue::size() const {
  const JsonNode& n = node();
  LEDGER_CHECK(n.kind == Kind::kArray || n.kind == Kind::kObject);
  return n.count;
}

std::string_view JsonValue::key() const {
  const JsonNode& n = node();
  return doc_->Text(n.key_offset, n.key_size, n.key_in_input);
}

std::string_view JsonValue::raw() const {
  const JsonNode& n = node();
  return doc_->input_.substr(n.raw_offset, n.raw_size);
}

JsonValue JsonValue::find(std::string_view name) const {
  if (!is_object()) return {};
  for (JsonValue member : *this)
    if (member.key() == name) return member;
  return {};
}

JsonValue JsonValue::operator[](std::string_view name) const {
  JsonValue member = find(name);
  LEDGER_CHECK_MSG(member.valid(), "no member " + std::string(name));
  return member;
}

JsonValue JsonValue::at(std::size_t i) const {
  LEDGER_CHECK(i < size());
  auto it = begin();
  for (std::size_t k = 0; k < i; ++k) ++it;
  return *it;
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
  index_ = doc_->nodes_[index_].end;
  return *this;
}

JsonValue::Iterator JsonValue::begin() const {
  LEDGER_CHECK(is_array() || is_object());
  return {doc_, index_ + 1};
}

JsonValue::Iterator JsonValue::end() const { return {doc_, node().end}; }

JsonValue JsonDoc::root() const {
  LEDGER_CHECK(!nodes_.empty());
  return {this, 0};
}

void JsonDoc::Clear() {
  nodes_.clear();
  strings_.clear();
  input_ = {};
}

namespace {

void WriteCanonical(JsonValue value, std::string& out, std::vector<JsonValue>& sort_stack) {
  using Kind = JsonValue::Kind;
  if (!value.raw().empty()) {  // read canonical: its bytes are its form
    out.append(value.raw());
    return;
  }
  switch (value.kind()) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBool: out += value.boolean() ? "true" : "false"; return;
    case Kind::kInteger: {
      char text[24];
      auto [end, ec] = std::to_chars(text, text + sizeof text, value.integer());
      LEDGER_CHECK(ec == std::errc());
      out.append(text, end);
      return;
    }
    case Kind::kDouble: LEDGER_CHECK_MSG(false, "event documents hold integers only"); return;
    case Kind::kString: AppendCanonicalString(value.str(), out); return;
    case Kind::kArray: {
      out += '[';
      bool first = true;
      for (JsonValue element : value) {
        if (!first) out += ',';
        first = false;
        WriteCanonical(element, out, sort_stack);
      }
      out += ']';
      return;
    }
    case Kind::kObject: {
      // One stack shared by all levels: no allocation per object.
      const std::size_t begin = sort_stack.size();
      for (JsonValue member : value) sort_stack.push_back(member);
      std::sort(sort_stack.begin() + begin, sort_stack.end(),
                [](JsonValue a, JsonValue b) { return Utf16Less(a.key(), b.key()); });
      out += '{';
      for (std::size_t i = begin; i < begin + value.size(); ++i) {
        if (i != begin) out += ',';
        AppendCanonicalString(sort_stack[i].key(), out);
        out += ':';
        WriteCanonical(sort_stack[i], out, sort_stack);
      }
      out += '}';
      sort_stack.resize(begin);
      return;
    }
  }
}

}  // namespace

void AppendCanonical(JsonValue value, std::string& out) {
  std::vector<JsonValue> sort_stack;
  WriteCanonical(value, out, sort_stack);
}

Json ToJson(JsonValue value) {
  using Kind = JsonValue::Kind;
  switch (value.kind()) {
    case Kind::kNull: return nullptr;
    case Kind::kBool: return value.boolean();
    // As nlohmann's own parser does: non-negative integers are unsigned.
    case Kind::kInteger:
      if (value.node().big_unsigned) return value.node().unsigned_integer;
      if (value.integer() >= 0) return static_cast<uint64_t>(value.integer());
      return value.integer();
    case Kind::kDouble: return value.number();
    case Kind::kString: return std::string(value.str());
    case Kind::kArray: {
      Json array = Json::array();
      for (JsonValue element : value) array.push_back(ToJson(element));
      return array;
    }
    case Kind::kObject: {
      Json object = Json::object();
      for (JsonValue member : value) object[std::string(member.key())] = ToJson(member);
      return object;
    }
  }
  return nullptr;
}

namespace {

void AddFromJson(const Json& value, std::string_view key, JsonDoc& doc,
                 std::vector<JsonNode>& nodes, std::string& strings) {
  const auto index = static_cast<uint32_t>(nodes.size());
  nodes.emplace_back();
  auto store = [&strings](std::string_view text) {
    const auto offset = static_cast<uint32_t>(strings.size());
    strings.append(text);
    return offset;
  };
  nodes[index].key_offset = store(key);
  nodes[index].key_size = static_cast<uint32_t>(key.size());
  using Kind = JsonValue::Kind;
  using T = Json::value_t;
  switch (value.type()) {
    case T::null: nodes[index].kind = Kind::kNull; break;
    case T::boolean:
      nodes[index].kind = Kind::kBool;
      nodes[index].boolean = value.get<bool>();
      break;
    case T::number_integer:
      nodes[index].kind = Kind::kInteger;
      nodes[index].integer = value.get<int64_t>();
      break;
    case T::number_unsigned:
      nodes[index].kind = Kind::kInteger;
      if (value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        nodes[index].big_unsigned = true;
        nodes[index].unsigned_integer = value.get<uint64_t>();
      } else {
        nodes[index].integer = value.get<int64_t>();
      }
      break;
    case T::number_float:
      nodes[index].kind = Kind::kDouble;
      nodes[index].number = value.get<double>();
      break;
    case T::string: {
      const std::string& text = value.get_ref<const std::string&>();
      const uint32_t offset = store(text);
      nodes[index].kind = Kind::kString;
      nodes[index].str_offset = offset;
      nodes[index].str_size = static_cast<uint32_t>(text.size());
      break;
    }
    case T::array:
      nodes[index].kind = Kind::kArray;
      for (const Json& element : value) AddFromJson(element, {}, doc, nodes, strings);
      nodes[index].count = static_cast<uint32_t>(value.size());
      break;
    case T::object:
      nodes[index].kind = Kind::kObject;
      for (const auto& [name, member] : value.items()) AddFromJson(member, name, doc, nodes, strings);
      nodes[index].count = static_cast<uint32_t>(value.size());
      break;
    default:  // binary, discarded: no JSON form; shown as null
      nodes[index].kind = Kind::kNull;
  }
  nodes[index].end = static_cast<uint32_t>(nodes.size());
}

}  // namespace

void FromJson(const Json& value, JsonDoc& doc) {
  doc.Clear();
  AddFromJson(value, {}, doc, doc.nodes_, doc.strings_);
}

}  // namespace ledger
