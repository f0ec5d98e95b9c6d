// Fund accounting and tracing (DESIGN.md §6, §7): funds, lots, restrictions,
// the money events and their reversals, as a pure state machine. No I/O:
// the ledger runs it on its writer thread and stores what it changed; the
// audit tool replays the log through the very same code.
//
// The rules, in brief (docs/accounting.md tells them with an example):
// - Every inflow from a source (a lottery sales report's welfare share, a
//   donation, a trust contribution, trust income) is a lot tagged with the
//   source's seq and a restriction: none, {"purpose":P} or {"project":X}.
//   A donation's designation sets it; a lot arriving unrestricted in a
//   restricted fund takes the fund's purpose; a restriction is never loosened.
// - A fund holds its lots in arrival order. An outflow takes the oldest lots
//   its destination may receive (FIFO among compatible lots), splitting at
//   most one; a split lot's remainder keeps its place. Pieces keep their
//   source seq and restriction.
// - A lot may move into fund G if unrestricted, or its purpose is G's
//   purpose, or its project is G. It may be disbursed from fund F for
//   purpose Q if unrestricted, or its purpose is Q, or its project is F.
//   Management and fundraising expenses take unrestricted lots only;
//   program expenses follow the disbursement rule with F's purpose.
// - No fund goes below zero: an outflow without enough compatible money is
//   refused, naming what was short.
// - event.reversed undoes one money event: a source or a transfer only
//   while every piece it placed is still where it put it (they leave the
//   ledger, or go back to the back of `from`'s queue with the restriction
//   they left with); a disbursement or an expense always (its pieces come
//   back as new lots at the back of the fund's queue).
//
// Errors: kPermissionDenied naming the body field of a fund the poster does
// not own; kUnprocessable naming the field for everything the rules refuse.
// On error nothing changed.
//
// Not thread-safe; copyable (tests compare states, a rebuild compares with
// the live one).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/event_types.hpp"
#include "ledger/status.hpp"

namespace ledger {

struct Restriction {
  enum class Kind : uint8_t { kNone, kPurpose, kProject };
  Kind kind = Kind::kNone;
  std::string value;  // the purpose, or the project's fund id

  static Restriction None() { return {}; }
  static Restriction Purpose(std::string p) { return {Kind::kPurpose, std::move(p)}; }
  static Restriction Project(std::string x) { return {Kind::kProject, std::move(x)}; }
  bool none() const { return kind == Kind::kNone; }
  Json ToJson() const;  // null, {"purpose":P} or {"project":X}
  friend bool operator==(const Restriction&, const Restriction&) = default;
};

struct Lot {
  uint64_t source_seq = 0;  // the source event this money came from
  int64_t amount_fen = 0;
  Restriction restriction;
  uint64_t arrival_seq = 0;  // the event that placed it in this fund
  // For a lot a transfer placed: the restriction it had in the fund it
  // left, which a reversal of that transfer gives back.
  Restriction departed_with;
  // The lot's key in its fund's stored queue: ascending in arrival order,
  // kept by a split's remainder. Bookkeeping, not part of the lot's value.
  uint64_t order = 0;
  friend bool operator==(const Lot& a, const Lot& b) {
    return a.source_seq == b.source_seq && a.amount_fen == b.amount_fen &&
           a.restriction == b.restriction && a.arrival_seq == b.arrival_seq &&
           a.departed_with == b.departed_with;
  }
};

// A fund's gross flows in one month (see Accounts::Apply for which month).
struct FundMonth {
  int64_t inflow_fen = 0;
  int64_t outflow_fen = 0;
  friend bool operator==(const FundMonth&, const FundMonth&) = default;
};

struct Fund {
  std::string id;
  std::string owner;
  std::string kind;     // lottery_welfare, donations, project, trust
  std::string purpose;  // a DESIGN §6 purpose
  bool restricted = false;
  std::string name;
  std::optional<int64_t> budget_fen;
  uint64_t opened_seq = 0;
  int64_t balance_fen = 0;   // always the sum of the lots
  int64_t inflow_fen = 0;    // every credit, transfers and reversals included
  int64_t outflow_fen = 0;   // every debit, likewise
  std::deque<Lot> lots;      // arrival order
  uint64_t next_lot_order = 0;
  // "YYYY-MM" -> the flows filed under it: they add up to inflow_fen and
  // outflow_fen. Only months with a flow are present.
  std::map<std::string, FundMonth, std::less<>> months;
  friend bool operator==(const Fund&, const Fund&) = default;
};

// One movement of pieces of a source, as traces show it.
struct Hop {
  uint64_t seq = 0;  // the transfer, or the reversal that moved pieces back
  std::string from, to;
  int64_t amount_fen = 0;
  friend bool operator==(const Hop&, const Hop&) = default;
};
struct Spend {
  uint64_t seq = 0;  // the disbursement or expense
  std::string fund;
  int64_t amount_fen = 0;
  std::string what;  // purpose (disbursement) or category (expense)
  friend bool operator==(const Spend&, const Spend&) = default;
};

// Where every fen of one source went. held + spent + expensed = amount,
// unless the source was reversed (then nothing is held).
struct SourceTrace {
  uint64_t seq = 0;
  EventKind kind = EventKind::kDonationReceived;
  std::string receipt;  // donations and trust contributions
  std::string fund;     // where it arrived
  int64_t amount_fen = 0;
  bool reversed = false;
  std::map<std::string, int64_t> held;  // fund -> fen still there
  std::vector<Hop> hops;
  std::vector<Spend> spent;     // disbursements not reversed
  std::vector<Spend> expensed;  // expenses not reversed
  friend bool operator==(const SourceTrace&, const SourceTrace&) = default;
};

// A piece taken by an outflow.
struct Piece {
  uint64_t source_seq = 0;
  int64_t amount_fen = 0;
  Restriction restriction;
  friend bool operator==(const Piece&, const Piece&) = default;
};

// A disbursement or expense and the pieces that paid for it.
struct Outflow {
  uint64_t seq = 0;
  EventKind kind = EventKind::kDisbursementMade;
  std::string fund;
  int64_t amount_fen = 0;
  std::string what;  // purpose or category
  std::vector<Piece> pieces;  // in the order taken; they add up to amount_fen
  bool reversed = false;
  friend bool operator==(const Outflow&, const Outflow&) = default;
};

// A lot put (added or changed) or deleted in a fund's stored queue.
struct LotChange {
  std::string fund;
  uint64_t order = 0;
  std::optional<Lot> lot;  // nullopt: deleted
};

// What one applied event changed, for writing projections. Lists may
// repeat an entry; what counts is the state after the event.
struct AccountsChange {
  std::vector<std::string> funds;        // ids
  std::vector<uint64_t> sources;         // SourceTrace seqs
  std::vector<uint64_t> outflows;        // Outflow seqs
  std::vector<std::string> receipts_taken, receipts_freed;
  std::vector<LotChange> lots;           // in the order they happened
  std::vector<std::pair<std::string, std::string>> fund_months;  // (fund id, "YYYY-MM")
};

// Undo for a batch: Apply records in it how to undo each change it makes,
// so that a batch refused at its third event can take back its first two.
// The Accounts must stay where it is (not moved or destroyed) until Undo
// or Clear.
class AccountsJournal {
 public:
  void Record(std::function<void()> undo) { undo_.push_back(std::move(undo)); }
  // Undoes every recorded change, newest first, and empties the journal.
  void Undo();
  void Clear() { undo_.clear(); }
  bool empty() const { return undo_.empty(); }

 private:
  std::vector<std::function<void()>> undo_;
};

class Accounts {
 public:
  // Whether `type` is decided here: fund.opened, lottery.*, donation.*,
  // trust.*, funds.transferred, disbursement.made, expense.recorded,
  // event.reversed.
  static bool Handles(EventKind kind);

  // Decides and applies event `seq` of type `kind` with a schema-valid
  // `body`, posted by `poster` (roles already checked). For event.reversed,
  // `reversed_kind` is the kind of the event it names. On error nothing
  // changed. `change` (may be null) receives what changed. With `journal`,
  // every change is also recorded there, so that a later refusal in the
  // same batch can take this event back (journal->Undo()).
  //
  // The flows it makes are filed in each fund's `months` under FlowMonth.
  Status Apply(EventKind kind, const Json& body, const std::string& poster, uint64_t seq,
               std::string_view recorded_month,
               std::optional<EventKind> reversed_kind = std::nullopt,
               AccountsChange* change = nullptr, AccountsJournal* journal = nullptr);

  // The month an event's flows are filed under: the month the body states
  // (a sales report's period; a donation's, contribution's or income's
  // date), else `recorded_month`, the "YYYY-MM" of its ts in UTC+8
  // (MonthOfTimestamp): transfers, disbursements, expenses and reversals
  // state no date.
  static std::string FlowMonth(EventKind kind, const Json& body, std::string_view recorded_month);

  const Fund* FindFund(std::string_view id) const;
  const SourceTrace* FindSource(uint64_t seq) const;
  const Outflow* FindOutflow(uint64_t seq) const;
  // The seq of the live donation or contribution with this receipt.
  std::optional<uint64_t> FindReceipt(std::string_view receipt) const;
  // Funds owned by `org`, ids ascending.
  std::vector<std::string> FundsOf(std::string_view org) const;
  // Everything, for an audit's totals and invariants.
  const std::map<std::string, Fund, std::less<>>& funds() const { return funds_; }
  const std::map<uint64_t, SourceTrace>& sources() const { return sources_; }
  const std::map<uint64_t, Outflow>& outflows() const { return outflows_; }

  friend bool operator==(const Accounts&, const Accounts&) = default;

 private:
  Status CheckSales(const Json& body) const;
  Status ApplySource(EventKind kind, const Json& body, const std::string& poster, uint64_t seq,
                     AccountsChange& change);

 public:
  struct Impl;  // the helpers of ledger/accounts*.cpp (internal)

 private:
  // Members are plain values so that the state copies and compares.
  AccountsJournal* journal_ = nullptr;  // set only during Apply
  AccountsChange* change_ = nullptr;    // likewise
  std::string month_;                   // likewise (FlowMonth of the event), else empty
  std::map<std::string, Fund, std::less<>> funds_;
  std::map<uint64_t, SourceTrace> sources_;
  std::map<uint64_t, Outflow> outflows_;
  std::map<std::string, uint64_t, std::less<>> receipts_;
  // game -> effective_from period -> rate in basis points
  std::map<std::string, std::map<std::string, int64_t>, std::less<>> rates_;
  // "game/period" -> seq of the live sales report
  std::map<std::string, uint64_t, std::less<>> sales_reported_;
  // transfers, sources: event seq -> (fund, fen placed) for the "still held" test
  std::map<uint64_t, std::pair<std::string, int64_t>> placed_;
  // transfers: seq -> from fund
  std::map<uint64_t, std::string> transfer_from_;
  std::map<uint64_t, uint64_t> reversed_by_;  // reversed seq -> reversal seq
};

}  // namespace ledger
