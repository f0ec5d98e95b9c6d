#include "ledger/obligations.hpp"

#include <cstdio>

#include "ledger/domain/calendar.hpp"

namespace ledger {
namespace {

using calendar::DaysInMonth;
using calendar::DigitsAt;

Date DateOf(int year, int month, int day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return Date{text};
}

int Year(const Date& d) { return DigitsAt(d.text, 0, 4); }
int Month(const Date& d) { return DigitsAt(d.text, 5, 2); }

Date LastDayOfMonth(int year, int month) { return DateOf(year, month, DaysInMonth(year, month)); }

}  // namespace

std::string_view NameOf(ObligationStatus status) {
  switch (status) {
    case ObligationStatus::kOpen: return "open";
    case ObligationStatus::kMet: return "met";
    case ObligationStatus::kLate: return "late";
    case ObligationStatus::kOverdue: return "overdue";
  }
  return "open";
}

Date AddMonths(const Date& date, int months) {
  const int index = Year(date) * 12 + (Month(date) - 1) + months;
  const int year = index / 12, month = index % 12 + 1;
  const int day = std::min(DigitsAt(date.text, 8, 2), DaysInMonth(year, month));
  return DateOf(year, month, day);
}

std::vector<Obligation> CampaignObligations(std::string_view campaign, const Date& start, const Date& end,
                                            const Date& last_day) {
  std::vector<Obligation> out;
  if (AddMonths(start, kLongCampaignMonths) < end) {
    int year = Year(start), quarter = (Month(start) - 1) / 3 + 1;
    for (;;) {
      const Date quarter_end = LastDayOfMonth(year, quarter * 3);
      if (!(quarter_end < last_day)) break;
      const int due_month = quarter * 3 + 1;  // the month after the quarter
      const Date due = due_month > 12 ? LastDayOfMonth(year + 1, 1) : LastDayOfMonth(year, due_month);
      out.push_back({DisclosureKind::kCampaignProgress, std::string(campaign),
                     std::to_string(year) + "-Q" + std::to_string(quarter), due});
      if (++quarter > 4) {
        quarter = 1;
        ++year;
      }
    }
  }
  out.push_back({DisclosureKind::kCampaignFinal, std::string(campaign), last_day.text.substr(0, 7),
                 AddMonths(last_day, kFinalDisclosureMonths)});
  return out;
}

Obligation AnnualReportObligation(std::string_view org, int year) {
  return {DisclosureKind::kAnnualReport, std::string(org), std::to_string(year),
          Date{std::to_string(year + 1) + "-" + std::string(kAnnualReportDue)}};
}

Obligation TrustReportObligation(std::string_view fund, int year) {
  return {DisclosureKind::kTrustReport, std::string(fund), std::to_string(year),
          Date{std::to_string(year + 1) + "-" + std::string(kTrustReportDue)}};
}

Obligation ProjectFinalObligation(std::string_view project, const Date& closed) {
  return {DisclosureKind::kProjectFinal, std::string(project), closed.text.substr(0, 7),
          AddMonths(closed, kFinalDisclosureMonths)};
}

std::string_view DisclosureKey(DisclosureKind kind, std::string_view period) {
  const bool final = kind == DisclosureKind::kCampaignFinal || kind == DisclosureKind::kProjectFinal;
  return final ? kFinalPeriod : period;
}

ObligationStatus StatusOf(const Date& due, const std::optional<Date>& met_on, const Date& today) {
  if (met_on) return *met_on <= due ? ObligationStatus::kMet : ObligationStatus::kLate;
  return due < today ? ObligationStatus::kOverdue : ObligationStatus::kOpen;
}

}  // namespace ledger
