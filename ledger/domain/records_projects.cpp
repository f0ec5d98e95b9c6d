// The binary form of a project's record (records.hpp, ProjectRecord).
#include "ledger/domain/record_codec.hpp"
#include "ledger/domain/records.hpp"

namespace ledger {

using namespace record_codec;

namespace {

void PutDate(BinaryWriter& w, const Date& d) { w.String(d.text); }
Date GetDate(BinaryReader& r) { return Date{std::string(r.String())}; }

void PutTerms(BinaryWriter& w, const ProjectApplied& t) {
  w.String(t.id.str()).String(t.programme).String(t.title).U8(static_cast<uint8_t>(t.purpose));
  Put(w, t.amount_fen);
  w.String(t.region);
  PutDate(w, t.start);
  PutDate(w, t.end);
}

void GetTerms(BinaryReader& r, ProjectApplied& t) {
  t.id = ProjectId(r.String());
  t.programme = r.String();
  t.title = r.String();
  t.purpose = GetEnum(r, Purpose::kGeneral);
  t.amount_fen = GetFen(r);
  t.region = r.String();
  t.start = GetDate(r);
  t.end = GetDate(r);
}

void PutTranches(BinaryWriter& w, const std::vector<TrancheState>& tranches) {
  w.Varint(tranches.size());
  for (const TrancheState& t : tranches) {
    w.Signed(t.plan.no);
    Put(w, t.plan.amount_fen);
    w.Bool(t.plan.needs_evaluation);
    Put(w, t.paid_fen);
    w.Bool(t.milestone).Bool(t.evaluated);
  }
}

void GetTranches(BinaryReader& r, std::vector<TrancheState>& tranches) {
  const uint64_t n = r.Varint();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    TrancheState t;
    t.plan.no = r.Signed();
    t.plan.amount_fen = GetFen(r);
    t.plan.needs_evaluation = r.Bool();
    t.paid_fen = GetFen(r);
    t.milestone = r.Bool();
    t.evaluated = r.Bool();
    tranches.push_back(t);
  }
}

void PutMilestone(BinaryWriter& w, const MilestoneEntry& m) {
  Put(w, m.seq);
  w.String(m.body.project.str()).Signed(m.body.tranche).String(m.body.sha256).Varint(m.body.indicators.size());
  for (const Indicator& i : m.body.indicators) w.String(i.name).String(i.value).String(i.unit);
}

void GetMilestone(BinaryReader& r, MilestoneEntry& m) {
  m.seq = GetSeq(r);
  m.body.project = ProjectId(r.String());
  m.body.tranche = r.Signed();
  m.body.sha256 = r.String();
  const uint64_t count = r.Varint();
  m.body.indicators.clear();
  for (uint64_t j = 0; j < count && r.ok(); ++j) {
    Indicator indicator;
    indicator.name = r.String();
    indicator.value = r.String();
    indicator.unit = r.String();
    m.body.indicators.push_back(std::move(indicator));
  }
}

void PutEvaluation(BinaryWriter& w, const EvaluationEntry& e) {
  Put(w, e.seq);
  w.String(e.by.str()).String(e.body.project.str()).Bool(e.body.tranche.has_value());
  if (e.body.tranche) w.Signed(*e.body.tranche);
  w.U8(static_cast<uint8_t>(e.body.grade)).Signed(e.body.score).String(e.body.sha256);
}

void GetEvaluation(BinaryReader& r, EvaluationEntry& e) {
  e.seq = GetSeq(r);
  e.by = OrgId(r.String());
  e.body.project = ProjectId(r.String());
  e.body.tranche.reset();
  if (r.Bool()) e.body.tranche = r.Signed();
  e.body.grade = GetEnum(r, Grade::kD);
  e.body.score = r.Signed();
  e.body.sha256 = r.String();
}

}  // namespace

void Encode(const ProjectRecord& p, std::string& out) {
  BinaryWriter w(out);
  w.String(p.applicant.str());
  PutTerms(w, p.terms);
  w.U8(static_cast<uint8_t>(p.stage)).String(p.approver.str()).String(p.document);
  w.Bool(p.rejected_reason.has_value());
  if (p.rejected_reason) w.String(*p.rejected_reason);
  Put(w, p.approved_fen);
  w.String(p.fund.str());
  Put(w, p.committed_fen);
  Put(w, p.paid_fen);
  Put(w, p.released_fen);
  PutTranches(w, p.tranches);
  w.Bool(p.closed.has_value());
  if (p.closed) PutDate(w, *p.closed);
  w.Bool(p.leftover.has_value());
  if (p.leftover) w.U8(static_cast<uint8_t>(*p.leftover));
}

Status Decode(std::string_view in, std::string_view key, ProjectRecord& p) {
  BinaryReader r(in);
  p = ProjectRecord{};
  p.applicant = OrgId(r.String());
  GetTerms(r, p.terms);
  p.stage = GetEnum(r, ProjectRecord::Stage::kClosed);
  p.approver = OrgId(r.String());
  p.document = r.String();
  if (r.Bool()) p.rejected_reason = std::string(r.String());
  p.approved_fen = GetFen(r);
  p.fund = FundId(r.String());
  p.committed_fen = GetFen(r);
  p.paid_fen = GetFen(r);
  p.released_fen = GetFen(r);
  GetTranches(r, p.tranches);
  if (r.Bool()) p.closed = GetDate(r);
  if (r.Bool()) p.leftover = GetEnum(r, Leftover::kReallocated);
  return r.Finish(key);
}

void Encode(const TimelineEntry& t, std::string& out) {
  BinaryWriter w(out);
  Put(w, t.seq);
  w.U8(static_cast<uint8_t>(t.kind));
  PutDate(w, t.date);
}

void Encode(const MilestoneEntry& m, std::string& out) {
  BinaryWriter w(out);
  PutMilestone(w, m);
}

Status Decode(std::string_view in, std::string_view key, MilestoneEntry& m) {
  BinaryReader r(in);
  GetMilestone(r, m);
  return r.Finish(key);
}

void Encode(const EvaluationEntry& e, std::string& out) {
  BinaryWriter w(out);
  PutEvaluation(w, e);
}

Status Decode(std::string_view in, std::string_view key, EvaluationEntry& e) {
  BinaryReader r(in);
  GetEvaluation(r, e);
  return r.Finish(key);
}

Status Decode(std::string_view in, std::string_view key, TimelineEntry& t) {
  BinaryReader r(in);
  t.seq = GetSeq(r);
  t.kind = GetEnum(r, EventKind::kProjectClosed);
  t.date = GetDate(r);
  return r.Finish(key);
}

}  // namespace ledger
