// The read models of programmes: a project's page and the lists of
// projects by org, programme and region (DESIGN.md §6b; docs/api.md).
#include "ledger/domain/records.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

std::string_view StageName(ProjectRecord::Stage stage) {
  switch (stage) {
    case ProjectRecord::Stage::kApplied: return "applied";
    case ProjectRecord::Stage::kApproved: return "approved";
    case ProjectRecord::Stage::kRejected: return "rejected";
    case ProjectRecord::Stage::kClosed: return "closed";
  }
  return "";
}

Json OrNull(const std::optional<std::string>& text) { return text ? Json(*text) : Json(nullptr); }

Json ProjectHeader(const ProjectRecord& p) {
  const ProjectApplied& t = p.terms;
  const bool decided = p.stage != ProjectRecord::Stage::kApplied;
  return {{"id", t.id.str()},
          {"applicant", p.applicant.str()},
          {"programme", t.programme},
          {"title", t.title},
          {"purpose", NameOf(t.purpose)},
          {"region", t.region},
          {"start", t.start.text},
          {"end", t.end.text},
          {"status", StageName(p.stage)},
          {"requested_fen", t.amount_fen.value},
          {"approved_fen", p.approved_fen.value},
          {"committed_fen", p.committed_fen.value},
          {"paid_fen", p.paid_fen.value},
          {"released_fen", p.released_fen.value},
          {"approver", decided ? Json(p.approver.str()) : Json(nullptr)},
          {"fund", p.fund.empty() ? Json(nullptr) : Json(p.fund.str())}};
}

Json Tranches(const ProjectRecord& p) {
  Json out = Json::array();
  for (const TrancheState& t : p.tranches)
    out.push_back({{"no", t.plan.no},
                   {"amount_fen", t.plan.amount_fen.value},
                   {"paid_fen", t.paid_fen.value},
                   {"needs_evaluation", t.plan.needs_evaluation},
                   {"milestone_reported", t.milestone},
                   {"evaluated", t.evaluated}});
  return out;
}

Json MilestoneJson(const MilestoneEntry& m) {
  Json indicators = Json::array();
  for (const Indicator& i : m.body.indicators) indicators.push_back({{"name", i.name}, {"value", i.value}, {"unit", i.unit}});
  return {{"seq", m.seq.value}, {"tranche", m.body.tranche}, {"sha256", m.body.sha256},
          {"indicators", std::move(indicators)}};
}

Json EvaluationJson(const EvaluationEntry& e) {
  return {{"seq", e.seq.value},
          {"by", e.by.str()},
          {"tranche", e.body.tranche ? Json(*e.body.tranche) : Json(nullptr)},
          {"grade", NameOf(e.body.grade)},
          {"score", e.body.score},
          {"sha256", e.body.sha256}};
}

Json TimelineJson(const TimelineEntry& t) {
  return {{"seq", t.seq.value}, {"type", EventTypeOf(t.kind).name}, {"date", t.date.text}};
}

// The entries under `prefix` from seq `from`, at most kMaxListedTimeline,
// as `json[name]`, and the seq of the next one as `json[name + "_next"]`
// (or null).
template <class Entry>
Status Entries(State& state, const std::string& prefix, uint64_t from, Json (*to_json)(const Entry&),
               const std::string& name, Json& json) {
  Json out = Json::array();
  Json next = nullptr;
  LEDGER_RETURN_IF_ERROR(state.Scan<Entry>(prefix, prefix + SeqKey(from), [&](std::string_view, const Entry& e) {
    if (out.size() >= kMaxListedTimeline) {
      next = e.seq.value;
      return false;
    }
    out.push_back(to_json(e));
    return true;
  }));
  json[name] = std::move(out);
  json[name + "_next"] = std::move(next);
  return Status::Ok();
}

std::string ListPrefix(ProjectList list, std::string_view value) {
  switch (list) {
    case ProjectList::kByOrg: return keys::OrgProjectPrefix(OrgId(value));
    case ProjectList::kByProgramme: return keys::ProgrammeProjectPrefix(value);
    case ProjectList::kByRegion: return keys::RegionProjectPrefix(value);
  }
  return {};
}

}  // namespace

Result<Json> ReadProject(const Store& store, std::string_view id, uint64_t timeline_from) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto p, view.state().Find<ProjectRecord>(keys::Project(ProjectId(id))));
  if (!p) return Error::NotFound("no project " + std::string(id) + " was applied for");
  Json json = ProjectHeader(*p);
  json["document"] = p->document.empty() ? Json(nullptr) : Json(p->document);
  json["rejected_reason"] = OrNull(p->rejected_reason);
  json["closed"] = p->closed ? Json(p->closed->text) : Json(nullptr);
  json["leftover"] = p->leftover ? Json(NameOf(*p->leftover)) : Json(nullptr);
  json["tranches"] = Tranches(*p);
  const ProjectId& pid = p->terms.id;
  State& state = view.state();
  LEDGER_RETURN_IF_ERROR(Entries<MilestoneEntry>(state, keys::ProjectMilestonePrefix(pid), 0, MilestoneJson,
                                                 "milestones", json));
  LEDGER_RETURN_IF_ERROR(Entries<EvaluationEntry>(state, keys::ProjectEvaluationPrefix(pid), 0, EvaluationJson,
                                                  "evaluations", json));
  LEDGER_RETURN_IF_ERROR(Entries<TimelineEntry>(state, keys::ProjectTimelinePrefix(pid), timeline_from, TimelineJson,
                                                "timeline", json));
  return json;
}

Result<Json> ReadProjects(const Store& store, ProjectList list, std::string_view value, std::string_view from,
                          std::size_t limit) {
  StoreStateView view(store);
  State& state = view.state();
  const std::string prefix = ListPrefix(list, value);
  std::vector<std::string> ids;
  Json next = nullptr;
  LEDGER_RETURN_IF_ERROR(state.kv().Scan(Space::kState, from.empty() ? prefix : prefix + std::string(from),
                                         keys::End(prefix), [&](std::string_view key, std::string_view) {
                                           if (ids.size() >= limit) {
                                             next = std::string(key.substr(prefix.size()));
                                             return false;
                                           }
                                           ids.emplace_back(key.substr(prefix.size()));
                                           return true;
                                         }));
  Json projects = Json::array();
  for (const std::string& id : ids) {
    LEDGER_ASSIGN_OR_RETURN(ProjectRecord p, state.Need<ProjectRecord>(keys::Project(ProjectId(id))));
    projects.push_back(ProjectHeader(p));
  }
  return Json{{"projects", std::move(projects)}, {"next", std::move(next)}};
}

}  // namespace ledger
