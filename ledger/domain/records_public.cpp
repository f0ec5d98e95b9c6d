// The binary form of the records of the public side of fundraising:
// receipts' lives, campaigns and their totals, disclosures.
#include "ledger/domain/record_codec.hpp"
#include "ledger/domain/records.hpp"

namespace ledger {

using namespace record_codec;

namespace {

using record_codec::Put;

void Put(BinaryWriter& w, const FiscalNo& f) { w.String(f.code).String(f.number).String(f.check_code); }
FiscalNo GetFiscal(BinaryReader& r) {
  FiscalNo f;
  f.code = r.String();
  f.number = r.String();
  f.check_code = r.String();
  return f;
}

template <class T, class PutOne>
void PutOptional(BinaryWriter& w, const std::optional<T>& v, PutOne put) {
  w.Bool(v.has_value());
  if (v) put(*v);
}

void PutTexts(BinaryWriter& w, const std::vector<std::string>& texts) {
  w.Varint(texts.size());
  for (const std::string& t : texts) w.String(t);
}
std::vector<std::string> GetTexts(BinaryReader& r) {
  std::vector<std::string> out;
  const uint64_t n = r.Varint();
  for (uint64_t i = 0; i < n && r.ok(); ++i) out.push_back(r.String());
  return out;
}

void Put(BinaryWriter& w, const DayTotals& t) {
  Put(w, t.raised_fen);
  w.Varint(t.gifts);
}
DayTotals GetDay(BinaryReader& r) {
  DayTotals t;
  t.raised_fen = GetFen(r);
  t.gifts = r.Varint();
  return t;
}

}  // namespace

void Encode(const ReceiptRecord& rec, std::string& out) {
  BinaryWriter w(out);
  Put(w, rec.seq);
  w.Bool(rec.live).String(rec.poster.str());
  Put(w, rec.amount_fen);
  w.String(rec.date.text).U8(static_cast<uint8_t>(rec.fiscal_status));
  PutOptional(w, rec.fiscal, [&w](const FiscalNo& f) { Put(w, f); });
  PutOptional(w, rec.fiscal_date, [&w](const Date& d) { w.String(d.text); });
  PutOptional(w, rec.red, [&w](const FiscalNo& f) { Put(w, f); });
  PutOptional(w, rec.replaces, [&w](const ReceiptNo& n) { w.String(n.str()); });
  PutOptional(w, rec.replaced_by, [&w](const ReceiptNo& n) { w.String(n.str()); });
  w.Varint(rec.history.size());
  for (const auto& [seq, kind] : rec.history) {
    Put(w, seq);
    w.U8(static_cast<uint8_t>(kind));
  }
}

Status Decode(std::string_view in, std::string_view key, ReceiptRecord& rec) {
  BinaryReader r(in);
  rec = ReceiptRecord{};
  rec.seq = GetSeq(r);
  rec.live = r.Bool();
  rec.poster = OrgId(r.String());
  rec.amount_fen = GetFen(r);
  rec.date = Date{std::string(r.String())};
  rec.fiscal_status = GetEnum(r, ReceiptRecord::Fiscal::kRedReversed);
  if (r.Bool()) rec.fiscal = GetFiscal(r);
  if (r.Bool()) rec.fiscal_date = Date{std::string(r.String())};
  if (r.Bool()) rec.red = GetFiscal(r);
  if (r.Bool()) rec.replaces = ReceiptNo(r.String());
  if (r.Bool()) rec.replaced_by = ReceiptNo(r.String());
  const uint64_t n = r.Varint();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const Seq seq = GetSeq(r);
    rec.history.emplace_back(seq, GetEnum(r, EventKind::kDisclosurePublished));
  }
  return r.Finish(key);
}

void Encode(const CampaignRecord& c, std::string& out) {
  BinaryWriter w(out);
  w.String(c.org.str());
  Put(w, c.filed_seq);
  w.String(c.filed_day.text);
  const CampaignFiled& t = c.terms;
  w.String(t.id.str()).String(t.filing_no).String(t.title).U8(static_cast<uint8_t>(t.purpose));
  Put(w, t.target_fen);
  w.String(t.start.text).String(t.end.text).String(t.region);
  PutTexts(w, t.platforms);
  w.Varint(t.funds.size());
  for (const FundId& f : t.funds) w.String(f.str());
  w.Bool(t.is_public);
  PutOptional(w, c.closed, [&w](const Date& d) { w.String(d.text); });
  PutOptional(w, c.summary, [&w](const std::string& s) { w.String(s); });
  w.Varint(c.amendments.size());
  for (Seq s : c.amendments) Put(w, s);
}

Status Decode(std::string_view in, std::string_view key, CampaignRecord& c) {
  BinaryReader r(in);
  c = CampaignRecord{};
  c.org = OrgId(r.String());
  c.filed_seq = GetSeq(r);
  c.filed_day = Date{std::string(r.String())};
  CampaignFiled& t = c.terms;
  t.id = CampaignId(r.String());
  t.filing_no = r.String();
  t.title = r.String();
  t.purpose = GetEnum(r, Purpose::kGeneral);
  t.target_fen = GetFen(r);
  t.start = Date{std::string(r.String())};
  t.end = Date{std::string(r.String())};
  t.region = r.String();
  t.platforms = GetTexts(r);
  const uint64_t funds = r.Varint();
  for (uint64_t i = 0; i < funds && r.ok(); ++i) t.funds.emplace_back(r.String());
  t.is_public = r.Bool();
  if (r.Bool()) c.closed = Date{std::string(r.String())};
  if (r.Bool()) c.summary = std::string(r.String());
  const uint64_t n = r.Varint();
  for (uint64_t i = 0; i < n && r.ok(); ++i) c.amendments.push_back(GetSeq(r));
  return r.Finish(key);
}

void Encode(const DayTotals& t, std::string& out) {
  BinaryWriter w(out);
  Put(w, t);
}

Status Decode(std::string_view in, std::string_view key, DayTotals& t) {
  BinaryReader r(in);
  t = GetDay(r);
  return r.Finish(key);
}

void Encode(const CampaignTotals& t, std::string& out) {
  BinaryWriter w(out);
  Put(w, t.all);
  for (const DayTotals& c : t.by_channel) Put(w, c);
}

Status Decode(std::string_view in, std::string_view key, CampaignTotals& t) {
  BinaryReader r(in);
  t.all = GetDay(r);
  for (DayTotals& c : t.by_channel) c = GetDay(r);
  return r.Finish(key);
}

void Encode(const DisclosureRecord& d, std::string& out) {
  BinaryWriter w(out);
  Put(w, d.seq);
  w.String(d.org.str()).String(d.recorded.text);
  const DisclosurePublished& b = d.body;
  w.U8(static_cast<uint8_t>(b.kind)).String(b.subject).String(b.period).String(b.date.text);
  w.String(b.sha256).String(b.url);
}

Status Decode(std::string_view in, std::string_view key, DisclosureRecord& d) {
  BinaryReader r(in);
  d.seq = GetSeq(r);
  d.org = OrgId(r.String());
  d.recorded = Date{std::string(r.String())};
  DisclosurePublished& b = d.body;
  b.kind = GetEnum(r, DisclosureKind::kProjectFinal);
  b.subject = r.String();
  b.period = r.String();
  b.date = Date{std::string(r.String())};
  b.sha256 = r.String();
  b.url = r.String();
  return r.Finish(key);
}

}  // namespace ledger
