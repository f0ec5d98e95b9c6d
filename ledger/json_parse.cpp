// The strict JSON parser: nlohmann's SAX interface, so that duplicates,
// depth and numbers are checked while reading and nothing is re-parsed.
#include <cstring>
#include <optional>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/json_detail.hpp"

namespace ledger {
namespace {

using json_detail::DescribeDouble;
using json_detail::IsSafe;
using json_detail::kLowerHex;
using json_detail::kSafeRange;

// ---------------------------------------------------------------- parser

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

// Builds the Json while nlohmann's parser reads, refusing what RFC 8785 and
// the ledger forbid as soon as it is seen. Returning false stops the parse.
class StrictBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictBuilder(NumberMode mode) : mode_(mode) {}

  bool null() override { return AddScalar(Json(nullptr)); }
  bool boolean(bool value) override { return AddScalar(Json(value)); }
  bool string(std::string& value) override { return AddScalar(Json(std::move(value))); }
  bool number_integer(number_integer_t value) override;
  bool number_unsigned(number_unsigned_t value) override;
  bool number_float(number_float_t value, const std::string& token) override;
  bool binary(binary_t&) override { return Fail(ValuePath(), "binary values are not JSON"); }
  bool start_object(std::size_t) override { return Start(Json::value_t::object); }
  bool start_array(std::size_t) override { return Start(Json::value_t::array); }
  bool key(std::string& key) override;
  bool end_object() override { return End(); }
  bool end_array() override { return End(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override;

  Result<Json> Finish(bool parsed);

 private:
  // An open array or object, and where its next value goes.
  struct Frame {
    Json* container;
    const std::string* key = nullptr;  // the member being read, in the map
  };

  Json* Add(Json value);
  bool AddScalar(Json value) {
    Add(std::move(value));
    return true;
  }
  bool Start(Json::value_t type);
  bool End() {
    frames_.pop_back();
    return true;
  }
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
  Json root_;
  std::vector<Frame> frames_;
  Json* pending_member_ = nullptr;  // where an object's next value goes
  std::optional<Error> error_;
};

bool StrictBuilder::number_integer(number_integer_t value) {
  if (mode_ == NumberMode::kIntegersOnly && !IsSafe(value)) {
    return RefuseNumber(std::to_string(value));
  }
  return AddScalar(Json(value));
}

bool StrictBuilder::number_unsigned(number_unsigned_t value) {
  if (mode_ == NumberMode::kIntegersOnly && !IsSafe(value)) {
    return RefuseNumber(std::to_string(value));
  }
  return AddScalar(Json(value));
}

bool StrictBuilder::number_float(number_float_t value, const std::string& token) {
  // Also reached by integers too long for 64 bits: the token shows which.
  if (mode_ == NumberMode::kIntegersOnly) return RefuseNumber(token);
  return AddScalar(Json(value));
}

bool StrictBuilder::key(std::string& key) {
  auto& members = frames_.back().container->get_ref<Json::object_t&>();
  auto [it, inserted] = members.try_emplace(std::move(key));  // moves only if new
  if (!inserted) {
    std::string quoted;
    AppendCanonicalString(key, quoted);
    return Fail(ContainerPath(), "duplicate key " + quoted);
  }
  frames_.back().key = &it->first;  // std::map nodes never move
  pending_member_ = &it->second;
  return true;
}

Json* StrictBuilder::Add(Json value) {
  if (frames_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  Json& container = *frames_.back().container;
  if (container.is_array()) {
    auto& elements = container.get_ref<Json::array_t&>();
    elements.push_back(std::move(value));
    return &elements.back();
  }
  *pending_member_ = std::move(value);
  return pending_member_;
}

bool StrictBuilder::Start(Json::value_t type) {
  if (frames_.size() + 1 > kMaxJsonDepth) {
    return Fail(ValuePath(), "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  // The container's address is stable: a parent array only grows once this
  // container is closed, and the parser never revisits a closed one.
  frames_.push_back({Add(Json(type))});
  return true;
}

std::string StrictBuilder::Path(std::size_t frame_count, bool value_pending) const {
  std::string path;
  for (std::size_t i = 0; i < frame_count; ++i) {
    const Frame& frame = frames_[i];
    if (frame.container->is_array()) {
      // Enclosing arrays already hold the element being read; the innermost
      // one does not yet when a value is pending.
      std::size_t size = frame.container->size();
      bool pending_here = value_pending && i + 1 == frame_count;
      path += '[' + std::to_string(pending_here ? size : size - 1) + ']';
    } else {
      if (!path.empty()) path += '.';
      path += *frame.key;
    }
  }
  return path;
}

bool StrictBuilder::parse_error(std::size_t position, const std::string& last_token,
                                const nlohmann::detail::exception& ex) {
  constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406
  if (ex.id == kNumberOverflow) {
    if (mode_ == NumberMode::kIntegersOnly) return RefuseNumber(last_token);
    return Fail(ValuePath(), "number " + last_token + " is beyond the range of a double");
  }
  return Fail("", SyntaxMessage(position, ex.what()));
}

Result<Json> StrictBuilder::Finish(bool parsed) {
  if (error_) return *std::move(error_);
  LEDGER_CHECK(parsed && frames_.empty());
  return std::move(root_);
}

}  // namespace

Result<Json> ParseStrict(std::string_view text, NumberMode mode) {
  // nlohmann's lexer takes a NUL byte for the end of input and would ignore
  // whatever follows it. JSON allows NUL nowhere (inside a string it must be
  // escaped), so refuse it before the lexer sees it.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Error::Invalid("", "invalid JSON at byte offset " + std::to_string(nul) +
                                  ": NUL byte");
  }
  StrictBuilder builder(mode);
  try {
    bool parsed = Json::sax_parse(text.begin(), text.end(), &builder,
                                  Json::input_format_t::json, /*strict=*/true,
                                  /*ignore_comments=*/false);
    return builder.Finish(parsed);
  } catch (const nlohmann::json::exception& ex) {
    // The parser reports errors through the handler; this is a safety net.
    std::string message = "invalid JSON: ";
    AppendPrintable(ex.what(), message);
    return Error::Invalid("", std::move(message));
  }
}

}  // namespace ledger
