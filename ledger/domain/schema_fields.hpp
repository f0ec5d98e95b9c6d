// The field checks the body schemas are built from (schema.hpp). Each check
// takes a JSON value (a JsonDoc view) and its path ("body.donor.pseudonym") and answers
// Status: kInvalidArgument naming that path, or Ok. An object is described
// by a table of FieldSpec and checked by CheckObject, so that a schema reads
// as the table in docs/events.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ledger/canonical_json.hpp"
#include "ledger/codec/json_doc.hpp"
#include "ledger/event_types.hpp"
#include "ledger/status.hpp"

namespace ledger::schema {

using ValueCheck = Status (*)(JsonValue value, const std::string& path);

struct FieldSpec {
  std::string_view name;
  ValueCheck check;
  bool required = true;
};

// `value` must be an object holding only the members in `fields`, each
// passing its check, the required ones present. Unknown members are
// reported first (in name order, naming `owner`: "is not a member of
// donation.received"), then the fields in table order.
Status CheckObject(JsonValue value, const std::string& path, std::string_view owner,
                   std::span<const FieldSpec> fields);

// "body" + "." + "donor"; "body.roles" + "[2]".
std::string MemberPath(const std::string& path, std::string_view name);
std::string ElementPath(const std::string& path, std::size_t index);

// A non-empty string of at most `max_bytes`, without control characters
// (U+0000..U+001F, U+007F). The view points into `value`.
Result<std::string_view> StringValue(JsonValue value, const std::string& path,
                                     std::size_t max_bytes);
// An integer (not a boolean, not a float) within [min, max].
Status CheckIntegerIn(JsonValue value, const std::string& path, int64_t min, int64_t max);
// A string that is one of `names`; the message lists them.
Status CheckNameIn(JsonValue value, const std::string& path,
                   std::span<const std::string_view> names);

template <std::size_t kMaxBytes>
Status CheckString(JsonValue value, const std::string& path) {
  auto text = StringValue(value, path, kMaxBytes);
  return text.ok() ? Status::Ok() : Status(text.error());
}

template <int64_t kMin, int64_t kMax>
Status CheckInteger(JsonValue value, const std::string& path) {
  return CheckIntegerIn(value, path, kMin, kMax);
}

template <const auto& kNames>
Status CheckEnum(JsonValue value, const std::string& path) {
  return CheckNameIn(value, path, kNames);
}

Status CheckBool(JsonValue value, const std::string& path);
Status CheckId(JsonValue value, const std::string& path);       // schema.hpp ValidateId
Status CheckReceipt(JsonValue value, const std::string& path);  // [A-Za-z0-9._-], ≤ 64
Status CheckDate(JsonValue value, const std::string& path);     // YYYY-MM-DD, a real day
Status CheckPeriod(JsonValue value, const std::string& path);   // YYYY-MM
Status CheckPseudonym(JsonValue value, const std::string& path);  // 64 lower-case hex
Status CheckPublicKey(JsonValue value, const std::string& path);  // base64, 32 bytes
Status CheckSha256(JsonValue value, const std::string& path);     // 64 lower-case hex
Status CheckRegion(JsonValue value, const std::string& path);     // six digits, GB/T 2260
Status CheckUrl(JsonValue value, const std::string& path);        // http(s)://, ≤ kMaxUrlBytes
// YYYY, YYYY-MM or YYYY-Qn (n 1..4): a disclosure's period.
Status CheckReportPeriod(JsonValue value, const std::string& path);
// 1..max ASCII digits; 1..max ASCII letters and digits.
Status CheckDigits(JsonValue value, const std::string& path, std::size_t max);
Status CheckAlnum(JsonValue value, const std::string& path, std::size_t max);
// An array of 1..max distinct strings, each passing `element`.
Status CheckList(JsonValue value, const std::string& path, std::size_t max, ValueCheck element);
// An array of 1..max values (objects, say), each passing `element`.
Status CheckArray(JsonValue value, const std::string& path, std::size_t max, ValueCheck element);
// A decimal number as text: an optional '-', digits without a leading zero,
// an optional '.' and digits; at most `max` characters.
Status CheckDecimal(JsonValue value, const std::string& path, std::size_t max);

// The index of `name` in `names` (a vocabulary), if it is there.
template <std::size_t N>
std::optional<std::size_t> IndexIn(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

}  // namespace ledger::schema

namespace ledger {

// Where a body comes from: a submission must follow today's schema; a
// stored event may predate a member that became required (outflows'
// `date`), and is read as docs/events.md says.
enum class BodyOrigin { kSubmitted, kStored };

// ValidateBody (schema.hpp) on a document's value: the decoder's first step.
Status ValidateBody(const EventType& type, JsonValue body, BodyOrigin origin);

}  // namespace ledger
