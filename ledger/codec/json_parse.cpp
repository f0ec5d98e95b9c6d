// The strict JSON parser: nlohmann's SAX interface fills a JsonDoc, so that
// duplicates, depth and numbers are checked while reading and no tree is
// built on the way. ParseStrict turns the doc into an nlohmann tree for the
// callers that want one.
#include <cstring>
#include <optional>
#include <unordered_set>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/codec/json_detail.hpp"
#include "ledger/codec/json_doc.hpp"

namespace ledger {
namespace {

using json_detail::IsSafe;
using json_detail::kLowerHex;
using json_detail::kSafeRange;

// An object with more members than this checks duplicates with a hash set
// instead of comparing with each earlier member.
constexpr uint32_t kLinearDuplicateCheckMax = 16;

// Copies `text`, escaping every byte that is not printable ASCII as \xNN.
void AppendPrintable(std::string_view text, std::string& out) {
  for (char c : text) {
    auto byte = static_cast<uint8_t>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kLowerHex[byte >> 4];
      out += kLowerHex[byte & 0xf];
    }
  }
}

// "at byte offset N: <what the lexer says>". nlohmann's message quotes the
// raw input it last read, which may be invalid UTF-8 or megabytes long, so
// only its description is kept, and any byte that is not printable ASCII is
// escaped: the message ends up in a JSON problem document.
std::string SyntaxMessage(std::size_t position, const std::string& what) {
  // `position` counts bytes read, including the offending one (or one for
  // the end of input), so the 0-based offset of that byte is one less.
  const std::size_t offset = position == 0 ? 0 : position - 1;
  constexpr std::string_view kDescriptionStart = "syntax error";
  constexpr std::string_view kQuoteStart = "; last read:";
  std::string_view description = what;
  std::size_t begin = description.find(kDescriptionStart);
  if (begin != std::string_view::npos) description.remove_prefix(begin);
  description = description.substr(0, description.find(kQuoteStart));
  std::string message = "invalid JSON at byte offset " + std::to_string(offset) + ": ";
  AppendPrintable(description, message);
  return message;
}

}  // namespace

// Fills a JsonDoc while nlohmann's parser reads, refusing what RFC 8785 and
// the ledger forbid as soon as it is seen. Returning false stops the parse.
class DocBuilder final : public nlohmann::json_sax<Json> {
 public:
  DocBuilder(NumberMode mode, JsonDoc& doc) : mode_(mode), doc_(doc) { doc_.Clear(); }

  bool null() override { return Scalar(JsonValue::Kind::kNull); }
  bool boolean(bool value) override {
    Scalar(JsonValue::Kind::kBool);
    doc_.nodes_.back().boolean = value;
    return true;
  }
  bool string(std::string& value) override;
  bool number_integer(number_integer_t value) override;
  bool number_unsigned(number_unsigned_t value) override;
  bool number_float(number_float_t value, const std::string& token) override;
  bool binary(binary_t&) override { return Fail(ValuePath(), "binary values are not JSON"); }
  bool start_object(std::size_t) override { return Start(JsonValue::Kind::kObject); }
  bool start_array(std::size_t) override { return Start(JsonValue::Kind::kArray); }
  bool key(std::string& key) override;
  bool end_object() override { return End(); }
  bool end_array() override { return End(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override;

  Status Finish(bool parsed);

 private:
  // An open array or object.
  struct Frame {
    uint32_t node;
    uint32_t key_offset = 0, key_size = 0;  // the member being read
    std::unique_ptr<std::unordered_set<std::string>> keys;  // large objects only
  };

  std::string_view Stored(uint32_t offset, uint32_t size) const {
    return std::string_view(doc_.strings_).substr(offset, size);
  }
  uint32_t Store(std::string_view text) {
    const auto offset = static_cast<uint32_t>(doc_.strings_.size());
    doc_.strings_.append(text);
    return offset;
  }
  // Adds a node for the next value: an array's element or the pending member.
  JsonNode& Add(JsonValue::Kind kind);
  bool Scalar(JsonValue::Kind kind) {
    Add(kind);
    return true;
  }
  bool Start(JsonValue::Kind kind);
  bool End() {
    doc_.nodes_[frames_.back().node].end = static_cast<uint32_t>(doc_.nodes_.size());
    frames_.pop_back();
    return true;
  }
  bool IsDuplicate(Frame& frame, std::string_view key);
  bool Fail(std::string field, std::string message) {
    if (!error_) error_ = Error::Invalid(std::move(field), std::move(message));
    return false;
  }
  bool RefuseNumber(std::string_view token) {
    return Fail(ValuePath(),
                "number " + std::string(token) + " is not an integer in " + kSafeRange);
  }
  // The path of the value about to be added, or of the innermost container.
  std::string ValuePath() const { return Path(frames_.size(), true); }
  std::string ContainerPath() const { return Path(frames_.size() - 1, false); }
  std::string Path(std::size_t frame_count, bool value_pending) const;

  NumberMode mode_;
  JsonDoc& doc_;
  std::vector<Frame> frames_;
  std::optional<Error> error_;
};

JsonNode& DocBuilder::Add(JsonValue::Kind kind) {
  JsonNode node;
  node.kind = kind;
  node.end = static_cast<uint32_t>(doc_.nodes_.size()) + 1;
  if (!frames_.empty()) {
    Frame& parent = frames_.back();
    ++doc_.nodes_[parent.node].count;
    node.key_offset = parent.key_offset;
    node.key_size = parent.key_size;
  }
  doc_.nodes_.push_back(node);
  return doc_.nodes_.back();
}

bool DocBuilder::string(std::string& value) {
  const uint32_t offset = Store(value);
  JsonNode& node = Add(JsonValue::Kind::kString);
  node.str_offset = offset;
  node.str_size = static_cast<uint32_t>(value.size());
  return true;
}

bool DocBuilder::number_integer(number_integer_t value) {
  if (mode_ == NumberMode::kIntegersOnly && !IsSafe(value)) {
    return RefuseNumber(std::to_string(value));
  }
  Add(JsonValue::Kind::kInteger).integer = value;
  return true;
}

bool DocBuilder::number_unsigned(number_unsigned_t value) {
  if (mode_ == NumberMode::kIntegersOnly && !IsSafe(value)) {
    return RefuseNumber(std::to_string(value));
  }
  JsonNode& node = Add(JsonValue::Kind::kInteger);
  if (value > static_cast<uint64_t>(INT64_MAX)) {
    node.big_unsigned = true;
    node.unsigned_integer = value;
  } else {
    node.integer = static_cast<int64_t>(value);
  }
  return true;
}

bool DocBuilder::number_float(number_float_t value, const std::string& token) {
  // Also reached by integers too long for 64 bits: the token shows which.
  if (mode_ == NumberMode::kIntegersOnly) return RefuseNumber(token);
  Add(JsonValue::Kind::kDouble).number = value;
  return true;
}

bool DocBuilder::IsDuplicate(Frame& frame, std::string_view key) {
  const JsonNode& object = doc_.nodes_[frame.node];
  if (frame.keys) return !frame.keys->emplace(key).second;
  for (uint32_t i = frame.node + 1; i < doc_.nodes_.size(); i = doc_.nodes_[i].end)
    if (Stored(doc_.nodes_[i].key_offset, doc_.nodes_[i].key_size) == key) return true;
  if (object.count + 1 > kLinearDuplicateCheckMax) {
    frame.keys = std::make_unique<std::unordered_set<std::string>>();
    for (uint32_t i = frame.node + 1; i < doc_.nodes_.size(); i = doc_.nodes_[i].end)
      frame.keys->emplace(Stored(doc_.nodes_[i].key_offset, doc_.nodes_[i].key_size));
    frame.keys->emplace(key);
  }
  return false;
}

bool DocBuilder::key(std::string& key) {
  Frame& frame = frames_.back();
  if (IsDuplicate(frame, key)) {
    std::string quoted;
    AppendCanonicalString(key, quoted);
    return Fail(ContainerPath(), "duplicate key " + quoted);
  }
  frame.key_offset = Store(key);
  frame.key_size = static_cast<uint32_t>(key.size());
  return true;
}

bool DocBuilder::Start(JsonValue::Kind kind) {
  if (frames_.size() + 1 > kMaxJsonDepth) {
    return Fail(ValuePath(), "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  Add(kind);
  frames_.push_back({static_cast<uint32_t>(doc_.nodes_.size() - 1)});
  return true;
}

std::string DocBuilder::Path(std::size_t frame_count, bool value_pending) const {
  std::string path;
  for (std::size_t i = 0; i < frame_count; ++i) {
    const Frame& frame = frames_[i];
    const JsonNode& container = doc_.nodes_[frame.node];
    if (container.kind == JsonValue::Kind::kArray) {
      // Enclosing arrays already hold the element being read; the innermost
      // one does not yet when a value is pending.
      const bool pending_here = value_pending && i + 1 == frame_count;
      path += '[' + std::to_string(pending_here ? container.count : container.count - 1) + ']';
    } else {
      if (!path.empty()) path += '.';
      path += Stored(frame.key_offset, frame.key_size);
    }
  }
  return path;
}

bool DocBuilder::parse_error(std::size_t position, const std::string& last_token,
                             const nlohmann::detail::exception& ex) {
  constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406
  if (ex.id == kNumberOverflow) {
    if (mode_ == NumberMode::kIntegersOnly) return RefuseNumber(last_token);
    return Fail(ValuePath(), "number " + last_token + " is beyond the range of a double");
  }
  return Fail("", SyntaxMessage(position, ex.what()));
}

Status DocBuilder::Finish(bool parsed) {
  if (error_) {
    doc_.Clear();
    return *std::move(error_);
  }
  LEDGER_CHECK(parsed && frames_.empty() && !doc_.nodes_.empty());
  return Status::Ok();
}

Status ParseDoc(std::string_view text, JsonDoc& doc, NumberMode mode) {
  // nlohmann's lexer takes a NUL byte for the end of input and would ignore
  // whatever follows it. JSON allows NUL nowhere (inside a string it must be
  // escaped), so refuse it before the lexer sees it.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    doc.Clear();
    return Error::Invalid("", "invalid JSON at byte offset " + std::to_string(nul) +
                                  ": NUL byte");
  }
  DocBuilder builder(mode, doc);
  try {
    bool parsed = Json::sax_parse(text.begin(), text.end(), &builder,
                                  Json::input_format_t::json, /*strict=*/true,
                                  /*ignore_comments=*/false);
    return builder.Finish(parsed);
  } catch (const nlohmann::json::exception& ex) {
    // The parser reports errors through the handler; this is a safety net.
    doc.Clear();
    std::string message = "invalid JSON: ";
    AppendPrintable(ex.what(), message);
    return Error::Invalid("", std::move(message));
  }
}

Result<Json> ParseStrict(std::string_view text, NumberMode mode) {
  JsonDoc doc;
  LEDGER_RETURN_IF_ERROR(ParseDoc(text, doc, mode));
  return ToJson(doc.root());
}

}  // namespace ledger
