// A ledger's rules over a state held in memory: for tools that plan events
// before posting them (the demo's generator, the benchmarks' mix) and for
// tests of the rules. It decides an event exactly as the ledger will (the
// very same code), without signatures, idems or a log, and answers what a
// planner asks: how much a fund may move or spend, where a gift went. Its
// memory grows with what it is fed: not for a long-running process. Not
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/events.hpp"
#include "ledger/status.hpp"

namespace ledger {

// A fund as the model holds it.
struct ModelFund {
  FundId id;
  OrgId owner;
  FundKind kind = FundKind::kDonations;
  Purpose purpose = Purpose::kGeneral;
  bool restricted = false;
  Fen balance_fen;
};

// Where a source's money went (a donation, contribution, sales report,
// income): held now, spent and expensed.
struct ModelSpend {
  Seq seq;
  FundId fund;
  Fen amount_fen;
};
struct ModelTrace {
  Seq seq;
  EventKind kind = EventKind::kDonationReceived;
  ReceiptNo receipt;
  FundId fund;
  Fen amount_fen;
  bool reversed = false;
  std::vector<std::pair<FundId, Fen>> held;
  std::vector<ModelSpend> spent;
  std::vector<ModelSpend> expensed;
};

class Model {
 public:
  // A model whose genesis names `regulator` (who holds `regulate`).
  explicit Model(const OrgId& regulator);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  // Applies `event`, posted by `poster`, at the next seq; its flows are
  // filed by `ts` where it states no date. The error is the ledger's
  // refusal (the body field named), and nothing changes then. Roles are not
  // checked: the planner keeps to them.
  Status Apply(const OrgId& poster, const Event& event, std::string_view ts = "2026-01-01T00:00:00.000Z");
  // The seq the next event takes (event 0 is genesis).
  Seq next_seq() const;

  Result<std::optional<ModelFund>> Fund(const FundId& id) const;
  // Fen in `fund` that may move into fund `to`; that may be disbursed (or
  // spent on a program) for `purpose`; with no restriction (management and
  // fundraising costs); held for project `project`.
  Result<Fen> UsableToward(const FundId& fund, const FundId& to) const;
  Result<Fen> UsableFor(const FundId& fund, Purpose purpose) const;
  Result<Fen> Unrestricted(const FundId& fund) const;
  Result<Fen> HeldForProject(const FundId& fund, const FundId& project) const;
  // Every source of money, in seq order.
  Result<std::vector<ModelTrace>> Sources() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger
