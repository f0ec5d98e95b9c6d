// Dates (YYYY-MM-DD) and periods (YYYY-MM) in event bodies: fixed width,
// ASCII digits, a real day of the Gregorian calendar.
#include <string>

#include "ledger/schema.hpp"
#include "ledger/domain/calendar.hpp"
#include "ledger/domain/schema_fields.hpp"

namespace ledger::schema {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 9999;

using calendar::DaysInMonth;
using calendar::DigitsAt;
using calendar::IsLeapYear;

struct YearMonth {
  int year;
  int month;
};

// The "YYYY-MM" that starts `text`, whose whole form is `form` (for the
// message); a text of another length is the caller's to refuse.
Result<YearMonth> ParseYearMonth(std::string_view text, const std::string& path,
                                 std::string_view form) {
  const int year = DigitsAt(text, 0, 4);
  const int month = DigitsAt(text, 5, 2);
  if (year < 0 || month < 0 || text[4] != '-')
    return Error::Invalid(path, "must be " + std::string(form));
  if (year < kMinYear)
    return Error::Invalid(path, "has year " + std::to_string(year) + "; years " +
                                    std::to_string(kMinYear) + " to " +
                                    std::to_string(kMaxYear) + " are accepted");
  if (month < 1 || month > 12)
    return Error::Invalid(path, "has month " + std::string(text.substr(5, 2)) +
                                    "; months are 01 to 12");
  return YearMonth{year, month};
}

}  // namespace

Status CheckDate(JsonValue value, const std::string& path) {
  constexpr std::string_view kForm = "a date YYYY-MM-DD";
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  if (text->size() != 10 || (*text)[7] != '-' || DigitsAt(*text, 8, 2) < 0)
    return Error::Invalid(path, "must be " + std::string(kForm));
  auto ym = ParseYearMonth(*text, path, kForm);
  if (!ym.ok()) return ym.error();
  const int day = DigitsAt(*text, 8, 2);
  const int days = DaysInMonth(ym->year, ym->month);
  if (day < 1 || day > days)
    return Error::Invalid(path, std::string(*text) + " is not a calendar date (" +
                                    std::string(text->substr(0, 7)) + " has " +
                                    std::to_string(days) + " days)");
  return Status::Ok();
}

Status CheckPeriod(JsonValue value, const std::string& path) {
  constexpr std::string_view kForm = "a period YYYY-MM";
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  if (text->size() != 7) return Error::Invalid(path, "must be " + std::string(kForm));
  auto ym = ParseYearMonth(*text, path, kForm);
  if (!ym.ok()) return ym.error();
  return Status::Ok();
}

Status CheckReportPeriod(JsonValue value, const std::string& path) {
  constexpr std::string_view kForm = "a period YYYY, YYYY-MM or YYYY-Qn";
  auto text = StringValue(value, path, kMaxTextBytes);
  if (!text.ok()) return text.error();
  const int year = DigitsAt(*text, 0, 4);
  if (year < 0) return Error::Invalid(path, "must be " + std::string(kForm));
  if (year < kMinYear)
    return Error::Invalid(path, "has year " + std::to_string(year) + "; years " + std::to_string(kMinYear) +
                                    " to " + std::to_string(kMaxYear) + " are accepted");
  if (text->size() == 4) return Status::Ok();
  if (text->size() == 7 && (*text)[4] == '-' && (*text)[5] == 'Q') {
    const int quarter = DigitsAt(*text, 6, 1);
    if (quarter >= 1 && quarter <= 4) return Status::Ok();
    return Error::Invalid(path, "has quarter " + std::string(text->substr(5)) + "; quarters are Q1 to Q4");
  }
  if (text->size() != 7) return Error::Invalid(path, "must be " + std::string(kForm));
  auto ym = ParseYearMonth(*text, path, kForm);
  if (!ym.ok()) return ym.error();
  return Status::Ok();
}

}  // namespace ledger::schema

namespace ledger {

Status ValidatePeriod(std::string_view period, std::string_view field) {
  JsonDoc doc;
  FromJson(Json(std::string(period)), doc);
  return schema::CheckPeriod(doc.root(), std::string(field));
}

}  // namespace ledger

namespace ledger {

Status ValidateDate(std::string_view date, std::string_view field) {
  JsonDoc doc;
  FromJson(Json(std::string(date)), doc);
  return schema::CheckDate(doc.root(), std::string(field));
}

}  // namespace ledger
