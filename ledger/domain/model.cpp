#include "ledger/model.hpp"

#include "ledger/domain/accounts.hpp"
#include "ledger/domain/apply.hpp"
#include "ledger/domain/memory_kv.hpp"

namespace ledger {

struct Model::Impl {
  explicit Impl(OrgId regulator) : regulator(std::move(regulator)) {}
  MemoryKv kv;
  OrgId regulator;
  uint64_t next_seq = 1;  // 0 is genesis

  // What `fund` holds under the restrictions `ok` accepts.
  Result<Fen> Sum(const FundId& fund, const accounts::Compatible& ok) const {
    Overlay overlay(&kv);
    State state(overlay);
    LEDGER_ASSIGN_OR_RETURN(FundRecord record, state.Need<FundRecord>(keys::Fund(fund)));
    Fen sum;
    for (const auto& [restriction, fen] : record.by_restriction)
      if (ok(restriction)) sum += fen;
    return sum;
  }
};

Model::Model(const OrgId& regulator) : impl_(std::make_unique<Impl>(regulator)) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Status Model::Apply(const OrgId& poster, const Event& event, std::string_view ts) {
  Overlay overlay(&impl_->kv);
  State state(overlay);
  LEDGER_RETURN_IF_ERROR(ApplyEvent(event, Placement{Seq(impl_->next_seq), poster, ts}, impl_->regulator, state));
  impl_->kv.Commit(overlay);
  ++impl_->next_seq;
  return Status::Ok();
}

Seq Model::next_seq() const { return Seq(impl_->next_seq); }

Result<std::optional<ModelFund>> Model::Fund(const FundId& id) const {
  Overlay overlay(&impl_->kv);
  State state(overlay);
  LEDGER_ASSIGN_OR_RETURN(auto record, state.Find<FundRecord>(keys::Fund(id)));
  if (!record) return std::optional<ModelFund>();
  return std::optional<ModelFund>(
      ModelFund{record->id, record->owner, record->kind, record->purpose, record->restricted, record->balance_fen});
}

Result<Fen> Model::UsableToward(const FundId& fund, const FundId& to) const {
  Overlay overlay(&impl_->kv);
  State state(overlay);
  LEDGER_ASSIGN_OR_RETURN(FundRecord target, state.Need<FundRecord>(keys::Fund(to)));
  // The model's events are stamped under today's rules.
  return impl_->Sum(fund, [&target](const Restriction& r) { return accounts::MayMoveInto(r, target, true); });
}

Result<Fen> Model::UsableFor(const FundId& fund, Purpose purpose) const {
  Overlay overlay(&impl_->kv);
  State state(overlay);
  LEDGER_ASSIGN_OR_RETURN(FundRecord from, state.Need<FundRecord>(keys::Fund(fund)));
  return impl_->Sum(fund, [&from, purpose](const Restriction& r) {
    return accounts::MayDisburse(r, from, purpose, true);
  });
}

Result<Fen> Model::Unrestricted(const FundId& fund) const {
  return impl_->Sum(fund, [](const Restriction& r) { return r.none(); });
}

Result<Fen> Model::HeldForProject(const FundId& fund, const FundId& project) const {
  return impl_->Sum(fund, [&project](const Restriction& r) {
    return r.kind == Restriction::Kind::kProject && r.value == project.str();
  });
}

Result<std::vector<ModelTrace>> Model::Sources() const {
  Overlay overlay(&impl_->kv);
  State state(overlay);
  std::vector<ModelTrace> traces;
  Status failed = Status::Ok();
  LEDGER_RETURN_IF_ERROR(state.Scan<SourceRecord>(keys::kSourcePrefix, {}, [&](std::string_view, const SourceRecord& s) {
    ModelTrace trace{s.seq, s.kind, s.receipt, s.fund, s.amount_fen, s.reversed, s.held, {}, {}};
    const std::string prefix = keys::SpendPrefix(s.seq);
    failed = state.Scan<SpendRecord>(prefix, {}, [&](std::string_view key, const SpendRecord& spend) {
      const ModelSpend entry{Seq(DecodeSeqKey(key.substr(prefix.size())).value()), spend.fund, spend.amount_fen};
      (spend.expense ? trace.expensed : trace.spent).push_back(entry);
      return true;
    });
    traces.push_back(std::move(trace));
    return failed.ok();
  }));
  LEDGER_RETURN_IF_ERROR(failed);
  return traces;
}

}  // namespace ledger
