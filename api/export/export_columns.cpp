#include "export/export_columns.hpp"

namespace ledger::api {
namespace {

XlsxCell Text(std::string text) { return XlsxCell::Text(std::move(text)); }
XlsxCell OptionalSeq(const std::optional<uint64_t>& seq) {
  return seq ? XlsxCell::Integer(static_cast<int64_t>(*seq)) : XlsxCell::Empty();
}
XlsxCell OptionalInt(const std::optional<int64_t>& n) { return n ? XlsxCell::Integer(*n) : XlsxCell::Empty(); }

ExportColumn Date() { return {"日期 / Date", 12, [](const ExportRow& r) { return Text(r.date.text); }}; }
ExportColumn SeqColumn() {
  return {"序号 / Seq", 10, [](const ExportRow& r) { return XlsxCell::Integer(static_cast<int64_t>(r.seq)); }};
}
ExportColumn Amount() {
  return {"金额(元) / Amount (yuan)", 16, [](const ExportRow& r) { return XlsxCell::Money(r.amount_fen); }};
}
ExportColumn ReversedBy() {
  return {"冲正序号 / Reversed by (seq)", 14, [](const ExportRow& r) { return OptionalSeq(r.reversed_by); }};
}
ExportColumn Reference() { return {"参考号 / Reference", 20, [](const ExportRow& r) { return Text(r.reference); }}; }
ExportColumn Project() { return {"项目 / Project", 18, [](const ExportRow& r) { return Text(r.project); }}; }
ExportColumn Tranche() { return {"批次 / Tranche", 8, [](const ExportRow& r) { return OptionalInt(r.tranche); }}; }
ExportColumn Fund(std::string header) {
  return {std::move(header), 18, [](const ExportRow& r) { return Text(r.fund.str()); }};
}

std::vector<ExportColumn> Donations() {
  return {Date(), SeqColumn(),
          {"收据号 / Receipt", 16, [](const ExportRow& r) { return Text(r.receipt); }},
          Fund("基金 / Fund"),
          {"捐赠人化名 / Donor pseudonym", 24, [](const ExportRow& r) { return Text(r.party_pseudonym); }},
          {"捐赠人类型 / Donor kind", 12, [](const ExportRow& r) { return Text(r.party_kind); }},
          {"公开名称 / Display name", 20,
           [](const ExportRow& r) { return Text(r.party_display_name.value_or("")); }},
          Amount(),
          {"渠道 / Channel", 10, [](const ExportRow& r) { return Text(r.channel); }},
          {"指定用途 / Designation", 20, [](const ExportRow& r) { return Text(r.designation); }},
          {"募捐活动 / Campaign", 18, [](const ExportRow& r) { return Text(r.campaign); }},
          {"实物 / In kind", 20, [](const ExportRow& r) { return Text(r.reference); }},
          ReversedBy()};
}

std::vector<ExportColumn> Flows() {
  return {Date(), SeqColumn(),
          {"方向 / Direction", 10, [](const ExportRow& r) { return Text(r.direction); }},
          Fund("转出基金 / From fund"),
          {"转入基金 / To fund", 18, [](const ExportRow& r) { return Text(r.to_fund.str()); }},
          {"对方机构 / Counterpart org", 18, [](const ExportRow& r) { return Text(r.counterpart.str()); }},
          {"对方名称 / Counterpart name", 24, [](const ExportRow& r) { return Text(r.counterpart_name); }},
          Amount(),
          {"原因 / Reason", 14, [](const ExportRow& r) { return Text(r.reason); }},
          Project(), Tranche(), Reference(), ReversedBy()};
}

std::vector<ExportColumn> Disbursements() {
  return {Date(), SeqColumn(), Fund("基金 / Fund"),
          {"受益人化名 / Beneficiary pseudonym", 24, [](const ExportRow& r) { return Text(r.party_pseudonym); }},
          {"受益人类型 / Beneficiary kind", 12, [](const ExportRow& r) { return Text(r.party_kind); }},
          Amount(),
          {"用途 / Purpose", 14, [](const ExportRow& r) { return Text(r.purpose); }},
          Project(), Tranche(), Reference(), ReversedBy()};
}

std::vector<ExportColumn> Grants(const std::string& origin) {
  return {Date(), SeqColumn(),
          {"资助编号 / Grant id", 24, [origin](const ExportRow& r) { return Text(origin + "-" + std::to_string(r.seq)); }},
          Fund("转出基金 / From fund"),
          {"接收机构 / Recipient org", 18, [](const ExportRow& r) { return Text(r.counterpart.str()); }},
          {"接收机构名称 / Recipient name", 24, [](const ExportRow& r) { return Text(r.counterpart_name); }},
          {"地区 / Region", 10, [](const ExportRow& r) { return Text(r.counterpart_region); }},
          Amount(),
          {"原因 / Reason", 14, [](const ExportRow& r) { return Text(r.reason); }},
          Project(), Tranche(), Reference(), ReversedBy()};
}

}  // namespace

std::vector<ExportColumn> ExportColumns(ExportWhat what, const std::string& origin) {
  switch (what) {
    case ExportWhat::kDonations: return Donations();
    case ExportWhat::kFlows: return Flows();
    case ExportWhat::kDisbursements: return Disbursements();
    case ExportWhat::kGrants: return Grants(origin);
  }
  return {};
}

std::string_view ExportWhatName(ExportWhat what) {
  switch (what) {
    case ExportWhat::kDonations: return "donations";
    case ExportWhat::kFlows: return "flows";
    case ExportWhat::kDisbursements: return "disbursements";
    case ExportWhat::kGrants: return "grants";
  }
  return "";
}

std::string YuanText(Fen fen) {
  const bool negative = fen.value < 0;
  // -(v + 1) + 1 in unsigned: INT64_MIN has no positive twin.
  const uint64_t abs = negative ? static_cast<uint64_t>(-(fen.value + 1)) + 1 : static_cast<uint64_t>(fen.value);
  const uint64_t cents = abs % 100;
  return (negative ? "-" : "") + std::to_string(abs / 100) + (cents < 10 ? ".0" : ".") + std::to_string(cents);
}

}  // namespace ledger::api
