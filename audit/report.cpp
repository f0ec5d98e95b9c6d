#include "report.hpp"

#include <cstdio>
#include <sstream>

#include "ledger/types.hpp"

namespace ledger::audit {
namespace {

Json FailureJson(const Failure& f) {
  return {{"check", f.check},
          {"seq", f.seq ? Json(*f.seq) : Json(nullptr)},
          {"checkpoint", f.checkpoint ? Json(*f.checkpoint) : Json(nullptr)},
          {"type", f.type},
          {"org", f.org},
          {"reason", f.reason}};
}

Json WarningJson(const RatioWarning& w) {
  return {{"check", w.check},
          {"org", w.org},
          {"year", w.year},
          {"numerator_fen", w.numerator_fen},
          {"denominator_fen", w.denominator_fen},
          {"message", w.message}};
}

void PrintFailure(const Failure& f, std::ostream& out) {
  out << "FAILED  " << f.check;
  if (f.seq) out << " at seq " << *f.seq;
  if (f.checkpoint) out << (f.seq ? " (checkpoint " : " at checkpoint ") << *f.checkpoint << (f.seq ? ")" : "");
  if (!f.type.empty()) out << "  " << f.type;
  if (!f.org.empty()) out << " by " << f.org;
  out << "\n        " << f.reason << "\n";
}

}  // namespace

std::string SummaryText(const AuditReport& r) {
  std::ostringstream out;
  out << "ledger-audit " << r.mode << " audit of " << r.source << "\n";
  if (r.failure) PrintFailure(*r.failure, out);
  out << (r.ok() ? "OK      " : "        ") << r.events << " events verified";
  if (r.trusted > 0) out << " (" << r.trusted << " of them by an earlier run, re-hashed)";
  out << ", " << r.checkpoints << " checkpoints";
  if (r.checkpoint_size) out << " (latest: size " << *r.checkpoint_size << ", root " << r.checkpoint_root << ")";
  out << "\n";
  if (!r.origin.empty()) out << "        origin " << r.origin << "\n";
  if (!r.log_key.empty()) out << "        log key " << r.log_key << (r.log_key_pinned ? " (pinned)" : " (not pinned)") << "\n";
  if (r.mode == "full" && r.ok()) {
    out << "        " << r.orgs << " orgs, " << r.funds << " funds, " << r.batches << " batches\n";
    for (const auto& [name, fen] : r.totals_fen) out << "        " << name << ": " << FormatYuan(Fen(fen)) << " yuan\n";
  }
  if (r.projection_keys)
    out << "        " << *r.projection_keys << " projection keys compared, " << r.projection_differences
        << " differ\n";
  if (r.served_funds)
    out << "        " << *r.served_funds << " funds as the server serves them agree with the replay\n";
  for (const ProjectionDiff& d : r.first_differences)
    out << "          " << d.what << " " << d.column << " " << d.key << "\n";
  for (const RatioWarning& w : r.warnings) out << "WARNING " << w.message << "\n";
  for (const std::string& note : r.notes) out << "NOTE    " << note << "\n";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", r.seconds);
  out << (r.ok() ? "PASSED" : "FAILED") << " in " << seconds << " s\n";
  return out.str();
}

Json ReportJson(const AuditReport& r) {
  Json warnings = Json::array();
  for (const RatioWarning& w : r.warnings) warnings.push_back(WarningJson(w));
  Json diffs = Json::array();
  for (const ProjectionDiff& d : r.first_differences)
    diffs.push_back({{"column", d.column}, {"key", d.key}, {"what", d.what}});
  Json by_type = Json::object();
  for (const auto& [type, n] : r.by_type) by_type[type] = n;
  Json totals = Json::object();
  for (const auto& [name, fen] : r.totals_fen) totals[name] = fen;
  return {{"format", "welfare-ledger-audit-report/1"},
          {"ok", r.ok()},
          {"source", r.source},
          {"mode", r.mode},
          {"origin", r.origin},
          {"log_key", r.log_key},
          {"log_key_pinned", r.log_key_pinned},
          {"events", r.events},
          {"trusted", r.trusted},
          {"batches", r.batches},
          {"checkpoints", r.checkpoints},
          {"checkpoint", r.checkpoint_size ? Json{{"size", *r.checkpoint_size}, {"root", r.checkpoint_root}}
                                           : Json(nullptr)},
          {"by_type", by_type},
          {"totals_fen", totals},
          {"orgs", r.orgs},
          {"funds", r.funds},
          {"projections", r.projection_keys ? Json{{"keys", *r.projection_keys},
                                                   {"differences", r.projection_differences},
                                                   {"first", diffs}}
                                            : Json(nullptr)},
          {"served_funds", r.served_funds ? Json(*r.served_funds) : Json(nullptr)},
          {"failure", r.failure ? FailureJson(*r.failure) : Json(nullptr)},
          {"warnings", warnings},
          {"notes", r.notes},
          {"milliseconds", static_cast<int64_t>(r.seconds * 1000)}};
}

}  // namespace ledger::audit
