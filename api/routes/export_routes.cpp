#include "routes/export_routes.hpp"

#include <chrono>
#include <memory>

#include "counted_slots.hpp"
#include "export/export_columns.hpp"
#include "export/export_csv.hpp"
#include "export/export_grants.hpp"
#include "export/export_xlsx.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/encoding.hpp"
#include "ledger/schema.hpp"
#include "problem.hpp"

namespace ledger::api {
namespace {

constexpr std::string_view kCsvType = "text/csv; charset=utf-8";
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// Every answer, a file or a problem, is made for its request from the log
// as it was then: no shared cache may keep or serve it.
constexpr std::string_view kExportCacheControl = "private, no-store";

enum class Format : uint8_t { kCsv, kXlsx, kJson };

struct ExportRequest {
  ExportQuery query;
  Format format = Format::kCsv;
};

Result<std::string> Required(const QueryParams& params, const char* name, const char* choices) {
  auto value = params.Text(name);
  if (!value) return value.error();
  if (!*value) return Error::Invalid(name, std::string("is required: one of ") + choices);
  return std::move(**value);
}

Result<std::optional<Date>> DateParam(const QueryParams& params, const char* name) {
  auto value = params.Text(name);
  if (!value) return value.error();
  if (!*value) return std::optional<Date>();
  LEDGER_RETURN_IF_ERROR(ValidateDate(**value, name));
  return std::optional<Date>(Date{**value});
}

// Days since 1970-01-01 of a valid "YYYY-MM-DD".
int64_t DayNumber(const Date& d) {
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(d.text.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(d.text.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(d.text.substr(8, 2)))}};
  return sys_days{ymd}.time_since_epoch().count();
}

Result<ExportWhat> WhatOf(std::string_view what) {
  if (what == "donations") return ExportWhat::kDonations;
  if (what == "flows") return ExportWhat::kFlows;
  if (what == "disbursements") return ExportWhat::kDisbursements;
  if (what == "grants") return ExportWhat::kGrants;
  return Error::Invalid("what", "must be one of donations, flows, disbursements, grants");
}

Result<Format> FormatOf(std::string_view format, ExportWhat what) {
  if (format == "csv") return Format::kCsv;
  if (format == "xlsx") return Format::kXlsx;
  if (format != "json") return Error::Invalid("format", "must be one of csv, xlsx, json");
  if (what != ExportWhat::kGrants) return Error::Invalid("format", "json is served for what=grants only");
  return Format::kJson;
}

Result<ExportRequest> ParseRequest(const RouteCall& call) {
  LEDGER_RETURN_IF_ERROR(call.query.Check({"format", "what", "from", "to", "fund"}));
  ExportRequest request;
  const std::string& id = call.path.Get("id");
  LEDGER_RETURN_IF_ERROR(ValidateId(id, "id"));
  request.query.org = OrgId(id);
  LEDGER_ASSIGN_OR_RETURN(std::string format, Required(call.query, "format", "csv, xlsx, json"));
  LEDGER_ASSIGN_OR_RETURN(std::string what, Required(call.query, "what", "donations, flows, disbursements, grants"));
  LEDGER_ASSIGN_OR_RETURN(request.query.what, WhatOf(what));
  LEDGER_ASSIGN_OR_RETURN(request.format, FormatOf(format, request.query.what));
  LEDGER_ASSIGN_OR_RETURN(request.query.from, DateParam(call.query, "from"));
  LEDGER_ASSIGN_OR_RETURN(request.query.to, DateParam(call.query, "to"));
  const auto& [from, to] = std::tie(request.query.from, request.query.to);
  if (from && to && *to < *from) return Error::Invalid("to", "is before from (" + from->text + ")");
  // At most kMaxExportRangeDays days, from and to included.
  if (from && to && DayNumber(*to) - DayNumber(*from) >= kMaxExportRangeDays)
    return Error::Invalid("to", "the range " + from->text + ".." + to->text + " covers " +
                                    std::to_string(DayNumber(*to) - DayNumber(*from) + 1) + " days, more than " +
                                    std::to_string(kMaxExportRangeDays) + " (from and to included)");
  auto fund = call.query.Text("fund");
  if (!fund) return fund.error();
  if (*fund) {
    LEDGER_RETURN_IF_ERROR(ValidateId(**fund, "fund"));
    request.query.fund = FundId(**fund);
  }
  return request;
}

// The latest checkpoint is read before the log's size: a checkpoint signs
// durable events only, so its size is at most the size read after it.
ExportStamp StampOf(const Log& log) {
  ExportStamp stamp;
  stamp.origin = log.origin();
  stamp.generated = FormatTimestamp(log.clock()());
  if (auto note = log.LatestCheckpoint(); note.ok())
    if (auto signed_note = ParseSignedNote(*note); signed_note.ok())
      if (auto body = ParseCheckpointBody(signed_note->text); body.ok()) {
        stamp.checkpoint_size = body->size;
        stamp.checkpoint_root = Base64Encode(body->root);
      }
  stamp.log_size = log.size();
  return stamp;
}

std::string FileName(const ExportRequest& request, std::string_view extension) {
  const ExportQuery& q = request.query;
  std::string name = q.org.str() + "-" + std::string(ExportWhatName(q.what));
  if (q.fund) name += "-" + q.fund->str();
  name += "-" + (q.from ? q.from->text : std::string("all")) + "-" + (q.to ? q.to->text : std::string("all"));
  return name + "." + std::string(extension);
}

// 64 MiB, 48 KiB or 1000 bytes: the largest unit that states the limit exactly.
std::string SizeText(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = kKiB * kKiB;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Error TooLarge(std::size_t max_bytes) {
  return Error::Refused("to", "the export is larger than " + SizeText(max_bytes) + ": narrow the range");
}

// `request.query.log_size` is `stamp.log_size`: the rows and the stamp
// speak of the same log.
Result<std::string> Body(const Log& log, const ExportRequest& request, const ExportStamp& stamp,
                         std::size_t max_bytes) {
  std::string out;
  switch (request.format) {
    case Format::kCsv: {
      const auto columns = ExportColumns(request.query.what, stamp.origin);
      AppendCsvHeader(columns, out);
      auto done = ForEachExportRow(log, request.query, [&](const ExportRow& row) -> Status {
        AppendCsvRow(columns, row, out);
        if (out.size() > max_bytes) return TooLarge(max_bytes);
        return Status::Ok();
      });
      if (!done) return done.error();
      return out;
    }
    case Format::kXlsx: {
      auto book = ExportWorkbook(log, request.query, stamp, max_bytes);
      if (!book && book.error().code == Code::kUnprocessable && book.error().field == "bytes")
        return TooLarge(max_bytes);
      return book;
    }
    case Format::kJson: {
      LEDGER_ASSIGN_OR_RETURN(std::optional<Org> org, ReadOrg(log.store(), request.query.org.str()));
      if (!org) return Error{Code::kNotFound, "id", "org " + request.query.org.str() + " is not registered"};
      const GrantsSource source{stamp.origin, ExportOrg{request.query.org, org->name, org->region},
                                "https://" + stamp.origin};
      bool first = true;
      AppendGrantsStart(out);
      auto done = ForEachExportRow(log, request.query, [&](const ExportRow& row) -> Status {
        AppendGrant(source, row, first, out);
        if (out.size() > max_bytes) return TooLarge(max_bytes);
        return Status::Ok();
      });
      if (!done) return done.error();
      AppendGrantsEnd(out);
      return out;
    }
  }
  return out;
}

// The slot is held until the answer is made, whichever way this returns.
Result<Response> GetExport(const Ledger& ledger, const ExportLimits& limits, CountedSlots& slots,
                           const RouteCall& call) {
  LEDGER_ASSIGN_OR_RETURN(ExportRequest request, ParseRequest(call));
  const std::optional<CountedSlots::Slot> slot = slots.TryTake(limits.max_concurrent);
  if (!slot)
    return Error{Code::kUnavailable, "", std::to_string(limits.max_concurrent) + " exports are being made: retry"};
  const ExportStamp stamp = StampOf(ledger.log());
  request.query.log_size = stamp.log_size;
  LEDGER_ASSIGN_OR_RETURN(std::string body, Body(ledger.log(), request, stamp, limits.max_bytes));
  static constexpr std::string_view kExtensions[] = {"csv", "xlsx", "json"};
  static constexpr std::string_view kTypes[] = {kCsvType, kXlsxType, kJsonType};
  const auto format = static_cast<std::size_t>(request.format);
  Response response;
  response.status = 200;
  response.content_type = std::string(kTypes[format]);
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + FileName(request, kExtensions[format]) + "\"");
  return response;
}

}  // namespace

void AddExportRoutes(Router& router, const Ledger& ledger, ExportLimits limits) {
  auto slots = std::make_shared<CountedSlots>();
  router.Add("GET", "/v1/orgs/{id}/export", [&ledger, limits, slots](const RouteCall& call) -> Result<Response> {
    Result<Response> made = GetExport(ledger, limits, *slots, call);
    Response response = made.ok() ? std::move(*made) : ErrorResponse(made.error());
    response.headers.emplace_back("Cache-Control", std::string(kExportCacheControl));
    return response;
  });
}

}  // namespace ledger::api
