#include "demo_model.hpp"

#include "demo_city.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/event_types.hpp"

namespace ledger::demo {
namespace {

// A model answers from memory: a failed read is a bug.
template <class T>
T Sure(Result<T> result) {
  LEDGER_CHECK_MSG(result.ok(), result.ok() ? "" : result.error().ToString());
  return std::move(*result);
}

}  // namespace

// The demo's regulator is registered by id only: the model checks no roles.
CityModel::CityModel() : model_(OrgId("demo-regulator")) {}

Status CityModel::Apply(const ScenarioEvent& event) {
  const EventType* type = FindEventType(event.type);
  LEDGER_CHECK_MSG(type != nullptr, event.type);
  Json body = event.body;
  if (type->kind == EventKind::kEventReversed) body["seq"] = SeqOf(event.org, event.reverses_idem);
  auto decoded = DecodeBody(*type, body);
  LEDGER_CHECK_MSG(decoded.ok(), "the demo makes schema-valid events: " +
                                     (decoded.ok() ? std::string() : decoded.error().ToString()));
  const uint64_t seq = model_.next_seq().value;
  // The model decides as the ledger will, under today's rules (stamped after
  // kSecondWaveFrom); which month its flows are filed under decides
  // nothing here.
  const std::string ts = "2027-01-15T00:00:00.000Z";
  Status applied = model_.Apply(OrgId(event.org), MakeEvent(std::move(*decoded), event.idem), ts);
  if (!applied.ok())
    return Error::Refused(applied.error().field, "the demo's model refused " + event.org + "/" + event.idem + " (" +
                                                     event.type + "): " + applied.error().message);
  seq_by_idem_[event.org + "/" + event.idem] = seq;
  return Status::Ok();
}

uint64_t CityModel::SeqOf(const std::string& org, const std::string& idem) const {
  auto it = seq_by_idem_.find(org + "/" + idem);
  LEDGER_CHECK_MSG(it != seq_by_idem_.end(), org + "/" + idem);
  return it->second;
}

ModelledFund CityModel::FundOf(const std::string& id) const {
  auto fund = Sure(model_.Fund(FundId(id)));
  LEDGER_CHECK_MSG(fund.has_value(), id);
  return {fund->id.str(), fund->owner.str(), std::string(NameOf(fund->purpose)), fund->balance_fen.value};
}

int64_t CityModel::UsableToward(const std::string& fund, const std::string& to) const {
  return Sure(model_.UsableToward(FundId(fund), FundId(to))).value;
}

int64_t CityModel::UsableFor(const std::string& fund, const std::string& purpose) const {
  auto parsed = ParsePurpose(purpose);
  LEDGER_CHECK_MSG(parsed.has_value(), purpose);
  return Sure(model_.UsableFor(FundId(fund), *parsed)).value;
}

int64_t CityModel::Unrestricted(const std::string& fund) const {
  return Sure(model_.Unrestricted(FundId(fund))).value;
}

int64_t CityModel::HeldForProject(const std::string& fund, const std::string& project) const {
  return Sure(model_.HeldForProject(FundId(fund), FundId(project))).value;
}

std::vector<ModelTrace> CityModel::Sources() const { return Sure(model_.Sources()); }

}  // namespace ledger::demo
