#include "demo_model.hpp"

#include "demo_city.hpp"
#include "ledger/event_types.hpp"

namespace ledger::demo {

Status CityModel::Apply(const ScenarioEvent& event) {
  const EventType* type = FindEventType(event.type);
  LEDGER_CHECK_MSG(type != nullptr, event.type);
  const uint64_t seq = next_seq_;
  if (Accounts::Handles(type->kind)) {
    Json body = event.body;
    std::optional<EventKind> reversed_kind;
    if (type->kind == EventKind::kEventReversed) {
      body["seq"] = SeqOf(event.org, event.reverses_idem);
      reversed_kind = FindEventType(kinds_.at(event.org + "/" + event.reverses_idem))->kind;
    }
    // The model decides as the ledger will; which month its flows are filed
    // under decides nothing, so any month does.
    const std::string month = std::string(kYear) + "-01";
    Status applied = accounts_.Apply(type->kind, body, event.org, seq, month, reversed_kind);
    if (!applied.ok())
      return Error::Refused(applied.error().field,
                            "the demo's model refused " + event.org + "/" + event.idem + " (" +
                                event.type + "): " + applied.error().message);
  }
  const std::string key = event.org + "/" + event.idem;
  seq_by_idem_[key] = seq;
  kinds_[key] = event.type;
  ++next_seq_;
  return Status::Ok();
}

uint64_t CityModel::SeqOf(const std::string& org, const std::string& idem) const {
  auto it = seq_by_idem_.find(org + "/" + idem);
  LEDGER_CHECK_MSG(it != seq_by_idem_.end(), org + "/" + idem);
  return it->second;
}

const Fund& CityModel::FundOf(const std::string& id) const {
  const Fund* fund = accounts_.FindFund(id);
  LEDGER_CHECK_MSG(fund != nullptr, id);
  return *fund;
}

int64_t CityModel::Sum(const std::string& fund,
                       const std::function<bool(const Restriction&)>& ok) const {
  int64_t sum = 0;
  for (const Lot& lot : FundOf(fund).lots)
    if (ok(lot.restriction)) sum += lot.amount_fen;
  return sum;
}

// The rules of docs/accounting.md: unrestricted money goes anywhere; a
// purpose follows its purpose; a project goes only to that project.
int64_t CityModel::UsableToward(const std::string& fund, const std::string& to) const {
  const Fund& target = FundOf(to);
  return Sum(fund, [&target](const Restriction& r) {
    switch (r.kind) {
      case Restriction::Kind::kNone: return true;
      case Restriction::Kind::kPurpose: return r.value == target.purpose;
      case Restriction::Kind::kProject: return r.value == target.id;
    }
    return false;
  });
}

int64_t CityModel::UsableFor(const std::string& fund, const std::string& purpose) const {
  return Sum(fund, [&fund, &purpose](const Restriction& r) {
    switch (r.kind) {
      case Restriction::Kind::kNone: return true;
      case Restriction::Kind::kPurpose: return r.value == purpose;
      case Restriction::Kind::kProject: return r.value == fund;
    }
    return false;
  });
}

int64_t CityModel::Unrestricted(const std::string& fund) const {
  return Sum(fund, [](const Restriction& r) { return r.none(); });
}

int64_t CityModel::HeldForProject(const std::string& fund, const std::string& project) const {
  return Sum(fund, [&project](const Restriction& r) {
    return r.kind == Restriction::Kind::kProject && r.value == project;
  });
}

}  // namespace ledger::demo
