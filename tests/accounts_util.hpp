// Shared by the accounting tests: builders of schema-valid event bodies, and
// Books, which feeds events to an Accounts with the seqs the log would give
// them and checks that every refusal leaves the whole state as it was.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/accounts.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/event_types.hpp"
#include "ledger/schema.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Readable failure messages for the accounting values.
inline void PrintTo(const Restriction& r, std::ostream* os) {
  if (r.kind == Restriction::Kind::kNone) *os << "none";
  if (r.kind == Restriction::Kind::kPurpose) *os << "{purpose:" << r.value << "}";
  if (r.kind == Restriction::Kind::kProject) *os << "{project:" << r.value << "}";
}
inline void PrintTo(const Piece& p, std::ostream* os) {
  *os << "(source " << p.source_seq << ", " << p.amount_fen << " fen, ";
  PrintTo(p.restriction, os);
  *os << ")";
}
inline void PrintTo(const Hop& h, std::ostream* os) {
  *os << "(hop " << h.seq << " " << h.from << "->" << h.to << " " << h.amount_fen << " fen)";
}
inline void PrintTo(const Spend& s, std::ostream* os) {
  *os << "(" << s.seq << " " << s.fund << " " << s.amount_fen << " fen " << s.what << ")";
}

namespace testing {

inline constexpr char kDonor[] = "6a8f6058339af309ef6893d89a133123255059c30d7b1fa9a67864e18a14403d";
inline constexpr char kBeneficiary[] =
    "99ab4446c03bab0e89d58589135b9bf5427c08c71695f72d495c89487e53736d";

// The organisations of the scenarios.
inline constexpr char kFederation[] = "sz-charity-federation";
inline constexpr char kCharity[] = "sz-charity";
inline constexpr char kNanshan[] = "nanshan-care";
inline constexpr char kLotteryCenter[] = "gd-lottery-center";
inline constexpr char kTrustee[] = "sz-trust-co";

inline Json FundBody(const std::string& id, const std::string& owner, const std::string& purpose,
                     bool restricted, const std::string& kind = "donations") {
  return {{"id", id},           {"owner", owner},           {"kind", kind},
          {"purpose", purpose}, {"restricted", restricted}, {"name", "Fund " + id}};
}

inline Json RateBody(const std::string& game, int64_t rate_bp, const std::string& from) {
  return {{"game", game}, {"welfare_rate_bp", rate_bp}, {"effective_from", from}};
}

inline Json SalesBody(const std::string& period, const std::string& game, int64_t sales_fen,
                      int64_t rate_bp, int64_t welfare_fen, const std::string& fund) {
  return {{"period", period},           {"game", game},
          {"sales_fen", sales_fen},     {"welfare_rate_bp", rate_bp},
          {"welfare_fen", welfare_fen}, {"fund", fund}};
}

inline Json DonationBody(const std::string& receipt, const std::string& fund, int64_t amount_fen) {
  return {{"receipt", receipt},       {"fund", fund},
          {"amount_fen", amount_fen}, {"donor", {{"pseudonym", kDonor}, {"kind", "individual"}}},
          {"channel", "online"},      {"date", "2026-03-14"}};
}

inline Json ForPurpose(Json body, const std::string& purpose) {
  body["designation"] = {{"purpose", purpose}};
  return body;
}

inline Json ForProject(Json body, const std::string& project) {
  body["designation"] = {{"project", project}};
  return body;
}

inline Json TrustBody(const std::string& fund, const std::string& purpose) {
  return {{"fund", fund},
          {"name", "Charity trust " + fund},
          {"settlor", {{"pseudonym", kDonor}, {"kind", "enterprise"}}},
          {"purpose", purpose},
          {"filing_ref", "SZ-MZ-2026-017"}};
}

inline Json IncomeBody(const std::string& fund, int64_t amount_fen) {
  return {{"fund", fund},
          {"amount_fen", amount_fen},
          {"date", "2026-03-31"},
          {"reference", "treasury bond coupon, Q1"}};
}

inline Json TransferBody(const std::string& from, const std::string& to, int64_t amount_fen,
                         const std::string& reason = "allocation") {
  return {{"from", from},
          {"to", to},
          {"amount_fen", amount_fen},
          {"reason", reason},
          {"reference", "SZCF-2026-044"}};
}

inline Json DisbursementBody(const std::string& fund, int64_t amount_fen,
                             const std::string& purpose) {
  return {{"fund", fund},
          {"amount_fen", amount_fen},
          {"beneficiary", {{"pseudonym", kBeneficiary}, {"kind", "institution"}}},
          {"purpose", purpose},
          {"reference", "grant agreement 2026-07"}};
}

inline Json ExpenseBody(const std::string& fund, int64_t amount_fen, const std::string& category) {
  return {{"fund", fund}, {"amount_fen", amount_fen}, {"category", category}};
}

inline Json ReversalBody(uint64_t seq) { return {{"seq", seq}, {"reason", "entered in error"}}; }

// A lot as the tests state it: source, amount, restriction (order is the
// vector's order).
inline Piece L(uint64_t source_seq, int64_t amount_fen, Restriction r = Restriction::None()) {
  return Piece{source_seq, amount_fen, std::move(r)};
}
inline Restriction Purpose(const std::string& p) { return Restriction::Purpose(p); }
inline Restriction Project(const std::string& x) { return Restriction::Project(x); }

// held + spent + expensed: what a trace accounts for (its amount, unless
// reversed).
inline int64_t Accounted(const SourceTrace& trace) {
  int64_t sum = 0;
  for (const auto& [fund, fen] : trace.held) sum += fen;
  for (const Spend& s : trace.spent) sum += s.amount_fen;
  for (const Spend& s : trace.expensed) sum += s.amount_fen;
  return sum;
}

// AccountsChange with order and repetition ignored.
struct ChangeSets {
  std::set<std::string> funds;
  std::set<uint64_t> sources;
  std::set<uint64_t> outflows;
  std::set<std::string> receipts_taken;
  std::set<std::string> receipts_freed;
  friend bool operator==(const ChangeSets&, const ChangeSets&) = default;
};

inline ChangeSets Sets(const AccountsChange& c) {
  return {{c.funds.begin(), c.funds.end()},
          {c.sources.begin(), c.sources.end()},
          {c.outflows.begin(), c.outflows.end()},
          {c.receipts_taken.begin(), c.receipts_taken.end()},
          {c.receipts_freed.begin(), c.receipts_freed.end()}};
}

inline void PrintTo(const ChangeSets& c, std::ostream* os) {
  *os << "funds " << ::testing::PrintToString(c.funds) << " sources "
      << ::testing::PrintToString(c.sources) << " outflows " << ::testing::PrintToString(c.outflows)
      << " taken " << ::testing::PrintToString(c.receipts_taken) << " freed "
      << ::testing::PrintToString(c.receipts_freed);
}

inline ::testing::AssertionResult Mentions(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not mention \"" << part << "\"";
}

// An Accounts fed in seq order. Seqs start at 1 (0 is genesis); a refused
// event takes no seq, as in the log.
class Books {
 public:
  // Events without a date of their own are filed under `month` from now on.
  void RecordIn(std::string month) { recorded_month_ = std::move(month); }

  // Applies `body` as the next seq, expects success, returns the seq.
  uint64_t Post(EventKind kind, const std::string& poster, Json body,
                AccountsChange* change = nullptr) {
    CheckSchema(kind, body);
    uint64_t seq = next_seq_;
    Status status = accounts_.Apply(kind, body, poster, seq, recorded_month_, std::nullopt, change,
                                    journal_);
    EXPECT_TRUE(status.ok()) << EventTypeOf(kind).name << " at seq " << seq << ": "
                             << status.error().ToString();
    if (status.ok()) kinds_[next_seq_++] = kind;
    return seq;
  }

  // Reverses `seq` as `poster`; expects success, returns the reversal's seq.
  uint64_t Reverse(const std::string& poster, uint64_t seq, AccountsChange* change = nullptr) {
    uint64_t reversal = next_seq_;
    Status status = accounts_.Apply(EventKind::kEventReversed, ReversalBody(seq), poster, reversal,
                                    recorded_month_, KindOf(seq), change, journal_);
    EXPECT_TRUE(status.ok()) << "reversal of " << seq << ": " << status.error().ToString();
    if (status.ok()) kinds_[next_seq_++] = EventKind::kEventReversed;
    return reversal;
  }

  // Expects `body` refused with `code` at `field`, the whole state as it
  // was; returns the error for checks of its message.
  Error Refuse(EventKind kind, const std::string& poster, const Json& body, Code code,
               const std::string& field) {
    CheckSchema(kind, body);
    return ExpectRefused(kind, body, poster, std::nullopt, code, field);
  }

  // Expects the reversal of `seq` refused with 422 at body.seq.
  Error RefuseReversal(const std::string& poster, uint64_t seq,
                       std::optional<EventKind> kind = std::nullopt) {
    return ExpectRefused(EventKind::kEventReversed, ReversalBody(seq), poster,
                         kind ? kind : KindOf(seq), Code::kUnprocessable, "body.seq");
  }

  // Shorthands for the common events.
  uint64_t Open(const std::string& owner, const std::string& id, const std::string& purpose,
                bool restricted, const std::string& kind = "donations") {
    return Post(EventKind::kFundOpened, owner, FundBody(id, owner, purpose, restricted, kind));
  }
  uint64_t Donate(const std::string& org, const std::string& receipt, const std::string& fund,
                  int64_t amount_fen) {
    return Post(EventKind::kDonationReceived, org, DonationBody(receipt, fund, amount_fen));
  }
  uint64_t Transfer(const std::string& org, const std::string& from, const std::string& to,
                    int64_t amount_fen, AccountsChange* change = nullptr) {
    return Post(EventKind::kFundsTransferred, org, TransferBody(from, to, amount_fen), change);
  }
  uint64_t Disburse(const std::string& org, const std::string& fund, int64_t amount_fen,
                    const std::string& purpose, AccountsChange* change = nullptr) {
    return Post(EventKind::kDisbursementMade, org, DisbursementBody(fund, amount_fen, purpose),
                change);
  }
  uint64_t Expense(const std::string& org, const std::string& fund, int64_t amount_fen,
                   const std::string& category) {
    return Post(EventKind::kExpenseRecorded, org, ExpenseBody(fund, amount_fen, category));
  }

  // An event Accounts does not handle (org.*) takes seq; returns it.
  uint64_t Foreign(EventKind kind) {
    kinds_[next_seq_] = kind;
    return next_seq_++;
  }

  // Events posted from now on record their undo in `journal` (null: none).
  void UseJournal(AccountsJournal* journal) { journal_ = journal; }

  const Accounts& accounts() const { return accounts_; }
  uint64_t next_seq() const { return next_seq_; }

  // The fund, which must exist (an empty one otherwise, after a failure).
  const Fund& FundAt(std::string_view id) const {
    const Fund* fund = accounts_.FindFund(id);
    EXPECT_NE(fund, nullptr) << "no fund " << id;
    return fund != nullptr ? *fund : missing_fund_;
  }
  const SourceTrace& Trace(uint64_t seq) const {
    const SourceTrace* trace = accounts_.FindSource(seq);
    EXPECT_NE(trace, nullptr) << "no source " << seq;
    return trace != nullptr ? *trace : missing_trace_;
  }
  const Outflow& OutflowAt(uint64_t seq) const {
    const Outflow* outflow = accounts_.FindOutflow(seq);
    EXPECT_NE(outflow, nullptr) << "no outflow " << seq;
    return outflow != nullptr ? *outflow : missing_outflow_;
  }

  // The fund's lots as (source, amount, restriction), in queue order.
  std::vector<Piece> Lots(std::string_view id) const {
    std::vector<Piece> lots;
    for (const Lot& lot : FundAt(id).lots)
      lots.push_back(L(lot.source_seq, lot.amount_fen, lot.restriction));
    return lots;
  }
  // The seq that placed each lot, in queue order.
  std::vector<uint64_t> Arrivals(std::string_view id) const {
    std::vector<uint64_t> arrivals;
    for (const Lot& lot : FundAt(id).lots) arrivals.push_back(lot.arrival_seq);
    return arrivals;
  }

 private:
  static void CheckSchema(EventKind kind, const Json& body) {
    Status status = ValidateBody(EventTypeOf(kind), body);
    EXPECT_TRUE(status.ok()) << "test body of " << EventTypeOf(kind).name
                             << " fails its schema: " << status.error().ToString();
  }

  std::optional<EventKind> KindOf(uint64_t seq) const {
    auto it = kinds_.find(seq);
    if (it == kinds_.end()) return std::nullopt;
    return it->second;
  }

  Error ExpectRefused(EventKind kind, const Json& body, const std::string& poster,
                      std::optional<EventKind> reversed_kind, Code code, const std::string& field) {
    const Accounts before = accounts_;
    AccountsChange change;
    Status status = accounts_.Apply(kind, body, poster, next_seq_, recorded_month_, reversed_kind,
                                    &change);
    EXPECT_FALSE(status.ok()) << EventTypeOf(kind).name << " accepted: " << body.dump();
    EXPECT_TRUE(accounts_ == before)
        << "a refused " << EventTypeOf(kind).name << " changed the state";
    if (status.ok()) return Error{Code::kInvalidArgument, "", "accepted"};
    EXPECT_EQ(status.error().code, code) << status.error().ToString() << " for " << body.dump();
    EXPECT_EQ(status.error().field, field) << status.error().ToString() << " for " << body.dump();
    return status.error();
  }

  Accounts accounts_;
  uint64_t next_seq_ = 1;
  std::string recorded_month_ = "2026-11";
  std::map<uint64_t, EventKind> kinds_;  // what each applied seq was
  AccountsJournal* journal_ = nullptr;
  Fund missing_fund_;
  SourceTrace missing_trace_;
  Outflow missing_outflow_;
};

}  // namespace testing
}  // namespace ledger
