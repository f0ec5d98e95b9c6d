// Fund accounting and tracing (DESIGN.md §6, §7) against the state:
// funds, lots, restrictions, the money events and their reversals.
// docs/accounting.md tells the rules with an example; in brief:
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
//   while every piece it placed is still where it put it; a disbursement
//   or an expense always (its pieces come back as new lots at the back).
//
// Errors: kPermissionDenied naming the body field of a fund the poster does
// not own; kUnprocessable naming the field for everything the rules refuse.
// After an error the overlay may hold part of the event: the caller drops
// it. Internal to the library.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/domain/state.hpp"
#include "ledger/orgs.hpp"

namespace ledger::accounts {

// The event being applied: where it sits and the month its flows are
// filed under (FlowMonth).
struct Applying {
  Seq seq;
  const OrgId& poster;
  std::string month;
  std::string_view ts;  // the rules changed at kSecondWaveFrom (orgs.hpp)
};

// The month an event's flows are filed under: the month the body states
// (a sales report's period; the date of a gift, income, transfer,
// disbursement or expense), else `recorded_month`, the "YYYY-MM" of its ts
// in UTC+8: reversals, and outflows stored before they stated a date.
std::string FlowMonth(const EventBody& body, std::string_view recorded_month);
// The `date` member of a transfer, disbursement or expense (empty when a
// stored one predates it); nullptr for every other body.
const std::optional<Date>* OutflowDate(const EventBody& body);

// Whether events of `kind` are decided here: fund.opened, lottery.*,
// donations, trust.*, transfers, disbursements, expenses, reversals.
bool Handles(EventKind kind);

// Decides and applies a money event (not a reversal).
Status Apply(const EventBody& body, const Applying& at, State& state);
// Decides and applies the reversal of `reversed` (an event before it).
Status Reverse(const EventReversed& body, const PostedEvent& reversed, const Applying& at, State& state);

// ---- the pieces the files of the engine share ----

using Compatible = std::function<bool(const Restriction&)>;

// The fund `field` of the body names: it must exist (else 422) and, when
// `owner` is set, belong to it (else 403).
Result<FundRecord> KnownFund(State& state, const FundId& id, const char* field);
Result<FundRecord> OwnedFund(State& state, const FundId& id, const char* field, const OrgId& owner);

Restriction OnEntry(const FundRecord& fund, Restriction r);
// Elderly, disabled, orphans, poverty (扶老、助残、救孤、济困): what lottery
// welfare money serves.
bool IsLotteryPurpose(Purpose p);
// Whether a lot may serve `purpose`: any lot but lottery money outside the four.
bool LotteryMayServe(const Restriction& r, Purpose purpose);
// With `lottery_rule` (events from the second wave on: LotteryRuleAt),
// lottery money serves only the four purposes and does not enter a fund
// restricted to another.
bool MayMoveInto(const Restriction& r, const FundRecord& to, bool lottery_rule);
bool MayDisburse(const Restriction& r, const FundRecord& from, Purpose purpose, bool lottery_rule);
inline bool LotteryRuleAt(std::string_view ts) { return !UnderFirstRules(ts); }

// ---- commitments (commitments.cpp) ----

// Adds `delta` (negative: takes back) to what `fund` holds committed for
// projects of `purpose`.
void Commit(FundRecord& fund, Purpose purpose, Fen delta);
// Whether the fund's lots can still pay every commitment it holds, each
// from lots that may serve its purpose (FIFO aside): refused naming
// `field` with `doing` ("this disbursement") when not.
Status CheckCovered(const FundRecord& fund, const char* field, const std::string& doing);
// What the fund holds beyond its commitments.
Fen Usable(const FundRecord& fund);

// Appends a lot (entry rule applied) at the back of `fund` as a credit;
// returns its order. The caller writes `fund` back.
Result<uint64_t> Credit(State& state, FundRecord& fund, LotRecord lot, const std::string& month);
// Takes `amount` from the oldest lots of `fund` that `ok` accepts, splitting
// at most one; refuses (422, field body.amount_fen) when they hold less,
// naming `usable_for`. The caller writes `fund` back.
Result<std::vector<Piece>> Take(State& state, FundRecord& fund, Fen amount, const Compatible& ok,
                                const std::string& usable_for, const std::string& month);
// Adds a flow to `fund`'s month.
Status FileFlow(State& state, const FundRecord& fund, const std::string& month, Fen inflow, Fen outflow);
// Keeps fund.by_restriction: `delta` more (or less) of restriction `r`.
void AddToRestriction(FundRecord& fund, const Restriction& r, Fen delta);

// Trace bookkeeping for `amount` fen of source `source` moved by event `seq`.
Status TraceHop(State& state, Seq source, Seq seq, const FundId& from, const FundId& to, Fen amount);
Status TraceSpend(State& state, Seq source, Seq seq, bool expense, const FundId& fund, Fen amount,
                  const std::string& what);
void Held(SourceRecord& source, const FundId& fund, Fen delta);

Status Transfer(const FundsTransferred& body, const Applying& at, State& state);
Status Spend(const FundId& fund_id, Fen amount, const EventBody& body, const Applying& at, State& state);

}  // namespace ledger::accounts
