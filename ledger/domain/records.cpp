// The state's keys and the binary form of its records.
#include "ledger/domain/records.hpp"
#include "ledger/domain/record_codec.hpp"

#include <cstring>

#include "ledger/codec/binary.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/encoding.hpp"

namespace ledger {

Json Restriction::ToJson() const {
  switch (kind) {
    case Kind::kNone: return nullptr;
    case Kind::kPurpose: return {{"purpose", value}};
    case Kind::kProject: return {{"project", value}};
  }
  return nullptr;
}

namespace keys {
namespace {

std::string Join(std::string_view prefix, std::string_view a, std::string_view b = {}) {
  std::string key;
  key.reserve(prefix.size() + a.size() + b.size() + 1);
  key += prefix;
  key += a;
  if (!b.empty()) {
    key += '/';
    key += b;
  }
  return key;
}

}  // namespace

std::string Org(const OrgId& id) { return Join("org/", id.str()); }
std::string Fund(const FundId& id) { return Join("fund/", id.str()); }
std::string Fiscal(std::string_view code, std::string_view number) { return Join("fiscal/", code, number); }
std::string Campaign(const CampaignId& id) { return Join("campaign/", id.str()); }
std::string Project(const ProjectId& id) { return Join("project/", id.str()); }
std::string OrgProjectPrefix(const OrgId& org) { return Join("orgproject/", org.str()) + '/'; }
std::string OrgProject(const OrgId& org, const ProjectId& id) { return OrgProjectPrefix(org) + id.str(); }
std::string ProgrammeProjectPrefix(std::string_view programme) { return Join("progproject/", programme) + '/'; }
std::string ProgrammeProject(std::string_view programme, const ProjectId& id) {
  return ProgrammeProjectPrefix(programme) + id.str();
}
std::string RegionProjectPrefix(std::string_view region) { return Join("regionproject/", region) + '/'; }
std::string RegionProject(std::string_view region, const ProjectId& id) { return RegionProjectPrefix(region) + id.str(); }
std::string OrgRegion(std::string_view region, const OrgId& org) {
  return std::string(kOrgRegionPrefix) + std::string(region) + '/' + org.str();
}
std::string ProjectTimelinePrefix(const ProjectId& id) { return Join("projtimeline/", id.str()) + '/'; }
std::string ProjectTimeline(const ProjectId& id, Seq seq) { return ProjectTimelinePrefix(id) + SeqKey(seq.value); }
std::string ProjectMilestonePrefix(const ProjectId& id) { return Join("projmilestone/", id.str()) + '/'; }
std::string ProjectMilestone(const ProjectId& id, Seq seq) { return ProjectMilestonePrefix(id) + SeqKey(seq.value); }
std::string ProjectEvaluationPrefix(const ProjectId& id) { return Join("projeval/", id.str()) + '/'; }
std::string ProjectEvaluation(const ProjectId& id, Seq seq) { return ProjectEvaluationPrefix(id) + SeqKey(seq.value); }
std::string Share(std::string_view from_level, std::string_view region) {
  return Join("share/", from_level, region.empty() ? std::string_view("all") : region);
}
std::string CampaignTotal(const CampaignId& id) { return Join("camptotal/", id.str()); }
std::string CampaignDayPrefix(const CampaignId& id) { return Join("campday/", id.str()) + '/'; }
std::string CampaignDay(const CampaignId& id, std::string_view date) { return CampaignDayPrefix(id) + std::string(date); }
std::string CampaignPlatformPrefix(const CampaignId& id) { return Join("campplat/", id.str()) + '/'; }
std::string CampaignPlatform(const CampaignId& id, std::string_view platform) {
  return CampaignPlatformPrefix(id) + std::string(platform);
}
std::string OrgCampaignPrefix(const OrgId& org) { return Join("orgcampaign/", org.str()) + '/'; }
std::string OrgCampaign(const OrgId& org, const CampaignId& id) { return OrgCampaignPrefix(org) + id.str(); }
std::string Disclosed(const OrgId& org, DisclosureKind kind, std::string_view subject, std::string_view period) {
  return Join("disclosed/", org.str(), NameOf(kind)) + '/' + std::string(subject) + '/' + std::string(period);
}
std::string OrgDisclosurePrefix(const OrgId& org) { return Join("orgdisclosure/", org.str()) + '/'; }
std::string OrgDisclosure(const OrgId& org, Seq seq) { return OrgDisclosurePrefix(org) + SeqKey(seq.value); }
std::string Since(Seq seq) { return "since/" + SeqKey(seq.value); }
std::string LotPrefix(const FundId& fund) { return Join("lot/", fund.str()) + '/'; }
std::string Lot(const FundId& fund, uint64_t order) { return LotPrefix(fund) + SeqKey(order); }
std::string FundMonthPrefix(const FundId& fund) { return Join("fundmonth/", fund.str()) + '/'; }
std::string FundMonth(const FundId& fund, std::string_view month) {
  return FundMonthPrefix(fund) + std::string(month);
}
std::string Source(Seq seq) { return "source/" + SeqKey(seq.value); }
std::string HopPrefix(Seq source) { return "hop/" + SeqKey(source.value); }
std::string Hop(Seq source, Seq seq) { return HopPrefix(source) + SeqKey(seq.value); }
std::string SpendPrefix(Seq source) { return "spend/" + SeqKey(source.value); }
std::string Spend(Seq source, Seq seq) { return SpendPrefix(source) + SeqKey(seq.value); }
std::string Outflow(Seq seq) { return "outflow/" + SeqKey(seq.value); }
std::string Transfer(Seq seq) { return "transfer/" + SeqKey(seq.value); }
std::string Receipt(const ReceiptNo& receipt) { return Join("receipt/", receipt.str()); }
std::string Reversed(Seq seq) { return "reversed/" + SeqKey(seq.value); }
std::string Rate(const GameId& game) { return Join("rate/", game.str()); }
std::string Sales(const GameId& game, std::string_view period) { return Join("sales/", game.str(), period); }
std::string OrgFundPrefix(const OrgId& org) { return Join("orgfund/", org.str()) + '/'; }
std::string OrgFund(const OrgId& org, const FundId& fund) { return OrgFundPrefix(org) + fund.str(); }
std::string OrgFlowPrefix(const OrgId& org) { return Join("orgflow/", org.str()) + '/'; }
// Inverted, so that a forward scan meets the newest first.
std::string OrgFlow(const OrgId& org, Seq seq) { return OrgFlowPrefix(org) + SeqKey(~seq.value); }
std::string Stats(std::string_view path) { return Join(kStatsPrefix, path); }
std::string Honour(Seq seq) { return std::string(kHonourPrefix) + SeqKey(seq.value); }
std::string OrgYearPrefix(const OrgId& org) { return Join(kOrgYearPrefix, org.str()) + '/'; }
std::string OrgYear(const OrgId& org, int year) { return OrgYearPrefix(org) + std::to_string(year); }
std::optional<int> YearOfOrgYear(std::string_view key) {
  if (key.size() < 5 || key[key.size() - 5] != '/') return std::nullopt;
  int year = 0;
  for (char c : key.substr(key.size() - 4)) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}
std::string Idem(const OrgId& org, std::string_view idem) {
  // Org ids never hold '/', so the key splits unambiguously.
  return org.str() + '/' + std::string(idem);
}
std::string End(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

}  // namespace keys

// ---- codecs ----

using namespace record_codec;


void Encode(const Org& o, std::string& out) {
  BinaryWriter w(out);
  w.String(o.id).String(o.name).U8(static_cast<uint8_t>(o.kind)).U8(o.roles.bits());
  w.Varint(o.registered_seq).Varint(o.keys.size());
  for (const OrgKey& k : o.keys)
    w.Varint(k.valid_from_seq).Fixed({reinterpret_cast<const char*>(k.key.raw().data()), k.key.raw().size()});
  w.Bool(o.suspended_seq.has_value());
  if (o.suspended_seq) w.Varint(*o.suspended_seq).String(o.suspended_reason);
  w.Bool(o.qualified).Bool(o.qualified_seq.has_value());
  if (o.qualified_seq) w.Varint(*o.qualified_seq).String(o.certificate).String(o.qualified_date);
  w.String(o.region).String(o.level);
}

Status Decode(std::string_view in, std::string_view key, Org& o) {
  BinaryReader r(in);
  o.id = r.String();
  o.name = r.String();
  o.kind = GetEnum(r, OrgKind::kAuditor);
  const uint8_t roles = r.U8();
  o.roles = RoleSet{};
  for (std::size_t i = 0; i < kRoleCount; ++i)
    if (roles & (1u << i)) o.roles.Add(static_cast<Role>(i));
  o.registered_seq = r.Varint();
  const uint64_t n = r.Varint();
  o.keys.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const uint64_t from = r.Varint();
    const std::string_view raw = r.Fixed(32);
    if (!r.ok()) break;
    auto pk = PublicKey::FromRaw(AsBytes(raw));
    if (!pk.ok()) return Error::Corruption("state record " + std::string(key) + " holds a bad key");
    o.keys.push_back({from, std::move(*pk)});
  }
  o.suspended_seq.reset();
  o.suspended_reason.clear();
  if (r.Bool()) {
    o.suspended_seq = r.Varint();
    o.suspended_reason = r.String();
  }
  o.qualified = r.Bool();
  o.qualified_seq.reset();
  o.certificate.clear();
  o.qualified_date.clear();
  if (r.Bool()) {
    o.qualified_seq = r.Varint();
    o.certificate = r.String();
    o.qualified_date = r.String();
  }
  o.region = r.String();
  o.level = r.String();
  return r.Finish(key);
}

void Encode(const FundRecord& f, std::string& out) {
  BinaryWriter w(out);
  w.String(f.id.str()).String(f.owner.str()).U8(static_cast<uint8_t>(f.kind)).U8(static_cast<uint8_t>(f.purpose));
  w.Bool(f.restricted).String(f.name).Bool(f.budget_fen.has_value());
  if (f.budget_fen) Put(w, *f.budget_fen);
  Put(w, f.opened_seq);
  Put(w, f.balance_fen);
  Put(w, f.inflow_fen);
  Put(w, f.outflow_fen);
  w.Varint(f.lot_count).Varint(f.first_lot_order).Varint(f.next_lot_order).Varint(f.by_restriction.size());
  for (const auto& [restriction, fen] : f.by_restriction) {
    Put(w, restriction);
    Put(w, fen);
  }
  w.Varint(f.committed.size());
  for (const auto& [purpose, fen] : f.committed) {
    w.U8(static_cast<uint8_t>(purpose));
    Put(w, fen);
  }
}

Status Decode(std::string_view in, std::string_view key, FundRecord& f) {
  BinaryReader r(in);
  f.id = FundId(r.String());
  f.owner = OrgId(r.String());
  f.kind = GetEnum(r, FundKind::kTrust);
  f.purpose = GetEnum(r, Purpose::kGeneral);
  f.restricted = r.Bool();
  f.name = r.String();
  f.budget_fen.reset();
  if (r.Bool()) f.budget_fen = GetFen(r);
  f.opened_seq = GetSeq(r);
  f.balance_fen = GetFen(r);
  f.inflow_fen = GetFen(r);
  f.outflow_fen = GetFen(r);
  f.lot_count = r.Varint();
  f.first_lot_order = r.Varint();
  f.next_lot_order = r.Varint();
  const uint64_t n = r.Varint();
  f.by_restriction.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Restriction restriction;
    Get(r, restriction);
    f.by_restriction.emplace_back(std::move(restriction), GetFen(r));
  }
  const uint64_t m = r.Varint();
  f.committed.clear();
  for (uint64_t i = 0; i < m && r.ok(); ++i) {
    const Purpose purpose = GetEnum(r, Purpose::kGeneral);
    f.committed.emplace_back(purpose, GetFen(r));
  }
  return r.Finish(key);
}

void Encode(const LotRecord& l, std::string& out) {
  BinaryWriter w(out);
  Put(w, l.source_seq);
  Put(w, l.amount_fen);
  Put(w, l.restriction);
  Put(w, l.arrival_seq);
  Put(w, l.departed_with);
}

Status Decode(std::string_view in, std::string_view key, LotRecord& l) {
  BinaryReader r(in);
  l.source_seq = GetSeq(r);
  l.amount_fen = GetFen(r);
  Get(r, l.restriction);
  l.arrival_seq = GetSeq(r);
  Get(r, l.departed_with);
  return r.Finish(key);
}

void Encode(const FundMonthRecord& m, std::string& out) {
  BinaryWriter w(out);
  Put(w, m.inflow_fen);
  Put(w, m.outflow_fen);
}

Status Decode(std::string_view in, std::string_view key, FundMonthRecord& m) {
  BinaryReader r(in);
  m.inflow_fen = GetFen(r);
  m.outflow_fen = GetFen(r);
  return r.Finish(key);
}

void Encode(const SourceRecord& s, std::string& out) {
  BinaryWriter w(out);
  Put(w, s.seq);
  w.U8(static_cast<uint8_t>(s.kind)).String(s.receipt.str()).String(s.fund.str());
  Put(w, s.amount_fen);
  w.Bool(s.reversed).Bool(s.lot_order.has_value());
  if (s.lot_order) w.Varint(*s.lot_order);
  w.Varint(s.held.size());
  for (const auto& [fund, fen] : s.held) {
    w.String(fund.str());
    Put(w, fen);
  }
}

Status Decode(std::string_view in, std::string_view key, SourceRecord& s) {
  BinaryReader r(in);
  s.seq = GetSeq(r);
  s.kind = GetEnum(r, EventKind::kProjectClosed);
  s.receipt = ReceiptNo(r.String());
  s.fund = FundId(r.String());
  s.amount_fen = GetFen(r);
  s.reversed = r.Bool();
  s.lot_order.reset();
  if (r.Bool()) s.lot_order = r.Varint();
  const uint64_t n = r.Varint();
  s.held.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    FundId fund(r.String());
    s.held.emplace_back(std::move(fund), GetFen(r));
  }
  return r.Finish(key);
}

void Encode(const HopRecord& h, std::string& out) {
  BinaryWriter w(out);
  w.String(h.from.str()).String(h.to.str());
  Put(w, h.amount_fen);
}

Status Decode(std::string_view in, std::string_view key, HopRecord& h) {
  BinaryReader r(in);
  h.from = FundId(r.String());
  h.to = FundId(r.String());
  h.amount_fen = GetFen(r);
  return r.Finish(key);
}

void Encode(const SpendRecord& s, std::string& out) {
  BinaryWriter w(out);
  w.Bool(s.expense).String(s.fund.str());
  Put(w, s.amount_fen);
  w.String(s.what);
}

Status Decode(std::string_view in, std::string_view key, SpendRecord& s) {
  BinaryReader r(in);
  s.expense = r.Bool();
  s.fund = FundId(r.String());
  s.amount_fen = GetFen(r);
  s.what = r.String();
  return r.Finish(key);
}

void Encode(const OutflowRecord& o, std::string& out) {
  BinaryWriter w(out);
  Put(w, o.seq);
  w.U8(static_cast<uint8_t>(o.kind)).String(o.fund.str());
  Put(w, o.amount_fen);
  w.String(o.what).Bool(o.reversed).Varint(o.pieces.size());
  for (const Piece& p : o.pieces) {
    Put(w, p.source_seq);
    Put(w, p.amount_fen);
    Put(w, p.restriction);
  }
}

Status Decode(std::string_view in, std::string_view key, OutflowRecord& o) {
  BinaryReader r(in);
  o.seq = GetSeq(r);
  o.kind = GetEnum(r, EventKind::kProjectClosed);
  o.fund = FundId(r.String());
  o.amount_fen = GetFen(r);
  o.what = r.String();
  o.reversed = r.Bool();
  const uint64_t n = r.Varint();
  o.pieces.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    Piece p;
    p.source_seq = GetSeq(r);
    p.amount_fen = GetFen(r);
    Get(r, p.restriction);
    o.pieces.push_back(std::move(p));
  }
  return r.Finish(key);
}

void Encode(const TransferRecord& t, std::string& out) {
  BinaryWriter w(out);
  w.String(t.from.str()).String(t.to.str());
  Put(w, t.amount_fen);
  w.Varint(t.first_order).Varint(t.count);
}

Status Decode(std::string_view in, std::string_view key, TransferRecord& t) {
  BinaryReader r(in);
  t.from = FundId(r.String());
  t.to = FundId(r.String());
  t.amount_fen = GetFen(r);
  t.first_order = r.Varint();
  t.count = r.Varint();
  return r.Finish(key);
}


void Encode(const RateTable& t, std::string& out) {
  BinaryWriter w(out);
  w.Varint(t.rates.size());
  for (const auto& [period, bp] : t.rates) w.String(period).Signed(bp);
}

Status Decode(std::string_view in, std::string_view key, RateTable& t) {
  BinaryReader r(in);
  const uint64_t n = r.Varint();
  t.rates.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string period = r.String();
    t.rates.emplace_back(std::move(period), r.Signed());
  }
  return r.Finish(key);
}

void Encode(const OrgFlowRecord& f, std::string& out) {
  BinaryWriter w(out);
  Put(w, f.seq);
  w.String(f.type).String(f.by.str());
}

Status Decode(std::string_view in, std::string_view key, OrgFlowRecord& f) {
  BinaryReader r(in);
  f.seq = GetSeq(r);
  f.type = r.String();
  f.by = OrgId(r.String());
  return r.Finish(key);
}

void Encode(const StatsBucket& b, std::string& out) {
  BinaryWriter w(out);
  w.Signed(b.amount_fen).Signed(b.count).Signed(b.welfare_fen);
}

Status Decode(std::string_view in, std::string_view key, StatsBucket& b) {
  BinaryReader r(in);
  b.amount_fen = r.Signed();
  b.count = r.Signed();
  b.welfare_fen = r.Signed();
  return r.Finish(key);
}

void Encode(const HonourEntry& h, std::string& out) {
  BinaryWriter w(out);
  w.Varint(h.seq).String(h.display_name).Signed(h.amount_fen).String(h.org).String(h.date);
}

Status Decode(std::string_view in, std::string_view key, HonourEntry& h) {
  BinaryReader r(in);
  h.seq = r.Varint();
  h.display_name = r.String();
  h.amount_fen = r.Signed();
  h.org = r.String();
  h.date = r.String();
  return r.Finish(key);
}

void Encode(const YearTotals& t, std::string& out) {
  BinaryWriter w(out);
  w.Int128(t.income_fen).Int128(t.charitable_fen).Int128(t.management_fen);
  w.Int128(t.fundraising_fen).Int128(t.welfare_fen).Int128(t.remitted_fen);
  w.Int128(t.lottery_received_fen).Int128(t.lottery_passed_fen).Int128(t.lottery_used_fen);
  w.Int128(t.lottery_elderly_fen);
}

Status Decode(std::string_view in, std::string_view key, YearTotals& t) {
  BinaryReader r(in);
  t.income_fen = r.Int128();
  t.charitable_fen = r.Int128();
  t.management_fen = r.Int128();
  t.fundraising_fen = r.Int128();
  t.welfare_fen = r.Int128();
  t.remitted_fen = r.Int128();
  t.lottery_received_fen = r.Int128();
  t.lottery_passed_fen = r.Int128();
  t.lottery_used_fen = r.Int128();
  t.lottery_elderly_fen = r.Int128();
  return r.Finish(key);
}

void Encode(const IdemRecord& i, std::string& out) {
  out.append(reinterpret_cast<const char*>(i.content_hash.data()), i.content_hash.size());
  out += SeqKey(i.seq.value);
}

Status Decode(std::string_view in, std::string_view key, IdemRecord& i) {
  if (in.size() != 40) return Error::Corruption("idem record of " + std::string(key) + " is malformed");
  std::memcpy(i.content_hash.data(), in.data(), 32);
  LEDGER_ASSIGN_OR_RETURN(const uint64_t seq, DecodeSeqKey(in.substr(32)));
  i.seq = Seq(seq);
  return Status::Ok();
}

void Encode(const Seq& s, std::string& out) { out += SeqKey(s.value); }

Status Decode(std::string_view in, std::string_view key, Seq& s) {
  auto seq = DecodeSeqKey(in);
  if (!seq.ok()) return Error::Corruption("state record " + std::string(key) + " is malformed");
  s = Seq(*seq);
  return Status::Ok();
}

std::string State::Printable(std::string_view key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace ledger
