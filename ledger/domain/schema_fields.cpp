#include "ledger/domain/schema_fields.hpp"

#include <algorithm>
#include <optional>

#include "ledger/crypto.hpp"
#include "ledger/schema.hpp"

namespace ledger {
namespace {

std::string LimitMessage(std::size_t size, std::size_t limit) {
  return "is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limit);
}

bool IsLowerAlnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(unsigned char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsPunct(unsigned char c) { return c == '.' || c == '_' || c == '-'; }
bool IsIdChar(unsigned char c) { return IsLowerAlnum(c) || IsPunct(c); }
bool IsReceiptChar(unsigned char c) { return IsAlnum(c) || IsPunct(c); }
bool IsPrintableAscii(unsigned char c) { return c >= 0x21 && c <= 0x7e; }
bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// The shape shared by ids, receipt numbers and idem keys: they appear in
// URLs and logs, so they are short and need no escaping.
struct TokenRule {
  std::size_t max_bytes;
  bool (*allowed)(unsigned char);
  const char* allowed_text;
  bool starts_alnum;
};

constexpr TokenRule kIdRule{kMaxIdBytes, IsIdChar, "a-z, 0-9, '.', '_' and '-'", true};
constexpr TokenRule kReceiptRule{kMaxReceiptBytes, IsReceiptChar,
                                 "A-Z, a-z, 0-9, '.', '_' and '-'", true};
constexpr TokenRule kIdemRule{kMaxIdemBytes, IsPrintableAscii,
                              "printable ASCII (0x21 to 0x7e)", false};

Status CheckToken(std::string_view token, std::string_view field, const TokenRule& rule) {
  const std::string path(field);
  if (token.empty()) return Error::Invalid(path, "must not be empty");
  if (token.size() > rule.max_bytes)
    return Error::Invalid(path, LimitMessage(token.size(), rule.max_bytes));
  if (!std::all_of(token.begin(), token.end(), [&](char c) { return rule.allowed(c); }))
    return Error::Invalid(path, std::string("may hold only ") + rule.allowed_text);
  if (rule.starts_alnum && !IsAlnum(token.front()))
    return Error::Invalid(path, "must start with a letter or digit");
  return Status::Ok();
}

Status CheckTokenValue(JsonValue value, const std::string& path, const TokenRule& rule) {
  // The byte limit is the token's own, reported by CheckToken.
  auto text = schema::StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  return CheckToken(*text, path, rule);
}

}  // namespace

Status ValidateId(std::string_view id, std::string_view field) {
  return CheckToken(id, field, kIdRule);
}

Status ValidateIdem(std::string_view idem, std::string_view field) {
  return CheckToken(idem, field, kIdemRule);
}

namespace schema {

std::string MemberPath(const std::string& path, std::string_view name) {
  return path + "." + std::string(name);
}

std::string ElementPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

Status CheckObject(JsonValue value, const std::string& path, std::string_view owner,
                   std::span<const FieldSpec> fields) {
  if (!value.is_object()) return Error::Invalid(path, "must be an object");
  // The first unknown member in name order, as a sorted object lists them.
  std::optional<std::string_view> unknown;
  for (JsonValue member : value) {
    const auto known = [&](const FieldSpec& f) { return f.name == member.key(); };
    if (std::none_of(fields.begin(), fields.end(), known) && (!unknown || member.key() < *unknown))
      unknown = member.key();
  }
  if (unknown) return Error::Invalid(MemberPath(path, *unknown), "is not a member of " + std::string(owner));
  for (const FieldSpec& field : fields) {
    const JsonValue found = value.find(field.name);
    if (!found.valid()) {
      if (field.required) return Error::Invalid(MemberPath(path, field.name), "is required");
      continue;
    }
    LEDGER_RETURN_IF_ERROR(field.check(found, MemberPath(path, field.name)));
  }
  return Status::Ok();
}

Result<std::string_view> StringValue(JsonValue value, const std::string& path,
                                     std::size_t max_bytes) {
  if (!value.is_string()) return Error::Invalid(path, "must be a string");
  const std::string_view text = value.str();
  if (text.empty()) return Error::Invalid(path, "must not be empty");
  if (std::any_of(text.begin(), text.end(), [](char c) { return IsControl(c); }))
    return Error::Invalid(path, "must not contain control characters");
  if (text.size() > max_bytes) return Error::Invalid(path, LimitMessage(text.size(), max_bytes));
  return text;
}

Status CheckIntegerIn(JsonValue value, const std::string& path, int64_t min, int64_t max) {
  if (!value.is_integer()) return Error::Invalid(path, "must be an integer");
  const std::string range = "must be from " + std::to_string(min) + " to " + std::to_string(max);
  if (value.big_unsigned()) return Error::Invalid(path, "is " + std::to_string(value.unsigned_integer()) + "; " + range);
  const int64_t n = value.integer();
  if (n >= min && n <= max) return Status::Ok();
  return Error::Invalid(path, "is " + std::to_string(n) + "; " + range);
}

Status CheckNameIn(JsonValue value, const std::string& path,
                   std::span<const std::string_view> names) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  if (std::find(names.begin(), names.end(), *text) != names.end()) return Status::Ok();
  std::string allowed;
  for (std::string_view name : names) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  return Error::Invalid(path, "must be one of " + allowed);
}

Status CheckBool(JsonValue value, const std::string& path) {
  if (!value.is_bool()) return Error::Invalid(path, "must be a boolean");
  return Status::Ok();
}

Status CheckId(JsonValue value, const std::string& path) {
  return CheckTokenValue(value, path, kIdRule);
}

Status CheckReceipt(JsonValue value, const std::string& path) {
  return CheckTokenValue(value, path, kReceiptRule);
}

Status CheckPseudonym(JsonValue value, const std::string& path) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const auto lower_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (text->size() != 64 || !std::all_of(text->begin(), text->end(), lower_hex))
    return Error::Invalid(path, "must be 64 lower-case hex characters (a hex SHA-256)");
  return Status::Ok();
}

Status CheckSha256(JsonValue value, const std::string& path) { return CheckPseudonym(value, path); }

Status CheckRegion(JsonValue value, const std::string& path) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text->size() != 6 || !std::all_of(text->begin(), text->end(), digit) || text->substr(0, 2) == "00")
    return Error::Invalid(path, "must be a six-digit GB/T 2260 region code such as 440300");
  return Status::Ok();
}

Status CheckUrl(JsonValue value, const std::string& path) {
  auto text = StringValue(value, path, kMaxUrlBytes);
  if (!text.ok()) return text.error();
  const bool web = text->starts_with("https://") || text->starts_with("http://");
  const auto blank = [](char c) { return c == ' '; };
  if (!web || std::any_of(text->begin(), text->end(), blank) || text->ends_with("//"))
    return Error::Invalid(path, "must be an http:// or https:// URL without spaces");
  return Status::Ok();
}

Status CheckDigits(JsonValue value, const std::string& path, std::size_t max) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text->size() > max || !std::all_of(text->begin(), text->end(), digit))
    return Error::Invalid(path, "must be 1 to " + std::to_string(max) + " digits");
  return Status::Ok();
}

Status CheckAlnum(JsonValue value, const std::string& path, std::size_t max) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (text->size() > max || !std::all_of(text->begin(), text->end(), alnum))
    return Error::Invalid(path, "must be 1 to " + std::to_string(max) + " letters or digits");
  return Status::Ok();
}

Status CheckArray(JsonValue value, const std::string& path, std::size_t max, ValueCheck element) {
  if (!value.is_array()) return Error::Invalid(path, "must be an array");
  if (value.size() == 0) return Error::Invalid(path, "must have at least one entry");
  if (value.size() > max)
    return Error::Invalid(path, "has " + std::to_string(value.size()) + " entries; the limit is " +
                                    std::to_string(max));
  for (std::size_t i = 0; i < value.size(); ++i)
    LEDGER_RETURN_IF_ERROR(element(value.at(i), ElementPath(path, i)));
  return Status::Ok();
}

Status CheckList(JsonValue value, const std::string& path, std::size_t max, ValueCheck element) {
  LEDGER_RETURN_IF_ERROR(CheckArray(value, path, max, element));
  for (std::size_t i = 0; i < value.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (value.at(j).str() == value.at(i).str())
        return Error::Invalid(ElementPath(path, i), "is listed twice");
  }
  return Status::Ok();
}

Status CheckDecimal(JsonValue value, const std::string& path, std::size_t max) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const std::string_view t = *text;
  const std::size_t sign = !t.empty() && t[0] == '-' ? 1 : 0;
  const std::size_t point = t.find('.');
  const std::string_view whole = t.substr(sign, point == std::string_view::npos ? std::string_view::npos : point - sign);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view("0") : t.substr(point + 1);
  const auto digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (t.size() > max || !digits(whole) || !digits(fraction) || (whole.size() > 1 && whole[0] == '0'))
    return Error::Invalid(path, "must be a decimal number as text (\"120\", \"-3\", \"95.5\"), at most " +
                                    std::to_string(max) + " characters");
  return Status::Ok();
}

Status CheckPublicKey(JsonValue value, const std::string& path) {
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  auto key = PublicKey::FromBase64(*text);
  if (!key.ok())
    return Error::Invalid(path, "must be base64 of a 32-byte Ed25519 public key (" +
                                    key.error().message + ")");
  return Status::Ok();
}

}  // namespace schema
}  // namespace ledger
