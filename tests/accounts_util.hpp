// Shared by the tests of the rules of the money: builders of schema-valid
// event bodies, views of the state as plain values, and Books, which feeds
// events to the ledger's own rules (ApplyEvent) over a state in memory, with
// the seqs the log would give them, and checks that every refusal leaves
// the whole state as it was.
#pragma once

#include "test_dates.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/domain/apply.hpp"
#include "ledger/domain/memory_kv.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/domain/state.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/event_types.hpp"
#include "ledger/schema.hpp"
#include "ledger/status.hpp"

namespace ledger {

// Readable failure messages for the accounting values.
inline void PrintTo(const Restriction& r, std::ostream* os) {
  if (r.kind == Restriction::Kind::kNone) *os << "none";
  if (r.kind == Restriction::Kind::kPurpose) *os << "{purpose:" << r.value << "}";
  if (r.kind == Restriction::Kind::kProject) *os << "{project:" << r.value << "}";
  if (r.lottery) *os << " lottery";
}
inline void PrintTo(const Piece& p, std::ostream* os) {
  *os << "(source " << p.source_seq.value << ", " << p.amount_fen.value << " fen, ";
  PrintTo(p.restriction, os);
  *os << ")";
}

// The state as plain values, for comparing with what a test expects.
struct Lot {
  uint64_t source_seq = 0;
  int64_t amount_fen = 0;
  Restriction restriction;
  uint64_t arrival_seq = 0;
  Restriction departed_with;
  uint64_t order = 0;  // its key in the fund's queue; not part of its value
  friend bool operator==(const Lot& a, const Lot& b) {
    return a.source_seq == b.source_seq && a.amount_fen == b.amount_fen && a.restriction == b.restriction &&
           a.arrival_seq == b.arrival_seq && a.departed_with == b.departed_with;
  }
};

struct FundMonth {
  int64_t inflow_fen = 0;
  int64_t outflow_fen = 0;
  friend bool operator==(const FundMonth&, const FundMonth&) = default;
};

struct Fund {
  std::string id;
  std::string owner;
  std::string kind;
  std::string purpose;
  bool restricted = false;
  std::string name;
  std::optional<int64_t> budget_fen;
  uint64_t opened_seq = 0;
  int64_t balance_fen = 0;
  int64_t inflow_fen = 0;
  int64_t outflow_fen = 0;
  std::deque<Lot> lots;
  std::map<std::string, FundMonth> months;
  friend bool operator==(const Fund&, const Fund&) = default;
};

struct Hop {
  uint64_t seq = 0;
  std::string from, to;
  int64_t amount_fen = 0;
  friend bool operator==(const Hop&, const Hop&) = default;
};
struct Spend {
  uint64_t seq = 0;
  std::string fund;
  int64_t amount_fen = 0;
  std::string what;
  friend bool operator==(const Spend&, const Spend&) = default;
};
inline void PrintTo(const Hop& h, std::ostream* os) {
  *os << "(hop " << h.seq << " " << h.from << "->" << h.to << " " << h.amount_fen << " fen)";
}
inline void PrintTo(const Spend& s, std::ostream* os) {
  *os << "(" << s.seq << " " << s.fund << " " << s.amount_fen << " fen " << s.what << ")";
}

struct SourceTrace {
  uint64_t seq = 0;
  EventKind kind = EventKind::kDonationReceived;
  std::string receipt;
  std::string fund;
  int64_t amount_fen = 0;
  bool reversed = false;
  std::map<std::string, int64_t> held;
  std::vector<Hop> hops;
  std::vector<Spend> spent;
  std::vector<Spend> expensed;
  friend bool operator==(const SourceTrace&, const SourceTrace&) = default;
};

struct Outflow {
  uint64_t seq = 0;
  EventKind kind = EventKind::kDisbursementMade;
  std::string fund;
  int64_t amount_fen = 0;
  std::string what;
  std::vector<Piece> pieces;
  bool reversed = false;
  friend bool operator==(const Outflow&, const Outflow&) = default;
};

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
          {"reference", "SZCF-2026-044"},
          {"date", TodayInBeijing()}};
}

inline Json DisbursementBody(const std::string& fund, int64_t amount_fen,
                             const std::string& purpose) {
  return {{"fund", fund},
          {"amount_fen", amount_fen},
          {"beneficiary", {{"pseudonym", kBeneficiary}, {"kind", "institution"}}},
          {"purpose", purpose},
          {"reference", "grant agreement 2026-07"},
          {"date", TodayInBeijing()}};
}

inline Json ExpenseBody(const std::string& fund, int64_t amount_fen, const std::string& category) {
  return {{"fund", fund}, {"amount_fen", amount_fen}, {"category", category}, {"date", TodayInBeijing()}};
}

inline Json ReversalBody(uint64_t seq) { return {{"seq", seq}, {"reason", "entered in error"}}; }

// A lot as the tests state it: source, amount, restriction (order is the
// vector's order).
inline Piece L(uint64_t source_seq, int64_t amount_fen, Restriction r = Restriction::None()) {
  return Piece{Seq(source_seq), Fen(amount_fen), std::move(r)};
}
inline Restriction Purpose(const std::string& p) { return Restriction::Purpose(p); }
inline Restriction Project(const std::string& x) { return Restriction::Project(x); }
// Lottery welfare money under restriction `r`.
inline Restriction Lottery(Restriction r = Restriction::None()) {
  r.lottery = true;
  return r;
}

// held + spent + expensed: what a trace accounts for (its amount, unless
// reversed).
inline int64_t Accounted(const SourceTrace& trace) {
  int64_t sum = 0;
  for (const auto& [fund, fen] : trace.held) sum += fen;
  for (const Spend& s : trace.spent) sum += s.amount_fen;
  for (const Spend& s : trace.expensed) sum += s.amount_fen;
  return sum;
}

inline ::testing::AssertionResult Mentions(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not mention \"" << part << "\"";
}

// The rules fed in seq order over a state in memory. Seqs start at 1 (0 is
// genesis); a refused event takes no seq, as in the log.
class Books {
 public:
  static constexpr char kRegulator[] = "mca";

  // Events without a date of their own are filed under `month` from now on.
  void RecordIn(std::string month) { recorded_month_ = std::move(month); }

  // Applies `body` as the next seq, expects success, returns the seq.
  uint64_t Post(EventKind kind, const std::string& poster, const Json& body) {
    const uint64_t seq = next_seq_;
    Status status = Apply(kind, poster, body);
    EXPECT_TRUE(status.ok()) << EventTypeOf(kind).name << " at seq " << seq << ": " << status.error().ToString();
    return seq;
  }
  // Applies `body` as the next seq; the rules' answer. Transfers,
  // disbursements and expenses are dated on their recorded day (the 15th
  // of the recorded month), whatever date the builder gave them.
  Status Apply(EventKind kind, const std::string& poster, Json body) {
    if (kind == EventKind::kFundsTransferred || kind == EventKind::kDisbursementMade ||
        kind == EventKind::kExpenseRecorded)
      body["date"] = recorded_month_ + "-15";
    auto decoded = DecodeBody(EventTypeOf(kind), body);
    EXPECT_TRUE(decoded.ok()) << "test body of " << EventTypeOf(kind).name
                              << " fails its schema: " << decoded.error().ToString();
    if (!decoded.ok()) return decoded.error();
    const Event event = MakeEvent(std::move(*decoded), "e-" + std::to_string(next_seq_));
    Overlay overlay(&kv_);
    State state(overlay);
    const OrgId org(poster);
    const std::string ts = recorded_month_ + "-15T00:00:00.000Z";
    Status status = ApplyEvent(event, Placement{Seq(next_seq_), org, ts}, OrgId(kRegulator), state);
    if (!status.ok()) return status;
    kv_.Commit(overlay);
    ++next_seq_;
    return Status::Ok();
  }

  // Reverses `seq` as `poster`; expects success, returns the reversal's seq.
  uint64_t Reverse(const std::string& poster, uint64_t seq) {
    return Post(EventKind::kEventReversed, poster, ReversalBody(seq));
  }

  // Expects `body` refused with `code` at `field`, the whole state as it
  // was; returns the error for checks of its message.
  Error Refuse(EventKind kind, const std::string& poster, const Json& body, Code code, const std::string& field) {
    const auto before = kv_.data();
    Status status = Apply(kind, poster, body);
    EXPECT_FALSE(status.ok()) << EventTypeOf(kind).name << " accepted: " << body.dump();
    EXPECT_TRUE(kv_.data() == before) << "a refused " << EventTypeOf(kind).name << " changed the state";
    if (status.ok()) return Error{Code::kInvalidArgument, "", "accepted"};
    EXPECT_EQ(status.error().code, code) << status.error().ToString() << " for " << body.dump();
    EXPECT_EQ(status.error().field, field) << status.error().ToString() << " for " << body.dump();
    return status.error();
  }

  // Expects the reversal of `seq` refused with 422 at body.seq.
  Error RefuseReversal(const std::string& poster, uint64_t seq) {
    return Refuse(EventKind::kEventReversed, poster, ReversalBody(seq), Code::kUnprocessable, "body.seq");
  }

  // Shorthands for the common events.
  uint64_t Open(const std::string& owner, const std::string& id, const std::string& purpose, bool restricted,
                const std::string& kind = "donations") {
    return Post(EventKind::kFundOpened, owner, FundBody(id, owner, purpose, restricted, kind));
  }
  uint64_t Donate(const std::string& org, const std::string& receipt, const std::string& fund, int64_t amount_fen) {
    return Post(EventKind::kDonationReceived, org, DonationBody(receipt, fund, amount_fen));
  }
  uint64_t Transfer(const std::string& org, const std::string& from, const std::string& to, int64_t amount_fen) {
    return Post(EventKind::kFundsTransferred, org, TransferBody(from, to, amount_fen));
  }
  uint64_t Disburse(const std::string& org, const std::string& fund, int64_t amount_fen, const std::string& purpose) {
    return Post(EventKind::kDisbursementMade, org, DisbursementBody(fund, amount_fen, purpose));
  }
  uint64_t Expense(const std::string& org, const std::string& fund, int64_t amount_fen, const std::string& category) {
    return Post(EventKind::kExpenseRecorded, org, ExpenseBody(fund, amount_fen, category));
  }
  // An event that moves no money (an org's registration by the regulator).
  uint64_t RegisterOrg(const std::string& id) {
    return Post(EventKind::kOrgRegistered, kRegulator,
                {{"id", id}, {"name", "Org " + id}, {"kind", "charity"},
                 {"public_key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}, {"roles", {"fundraise"}}});
  }

  uint64_t next_seq() const { return next_seq_; }
  const MemoryKv& kv() const { return kv_; }

  std::optional<Fund> FindFund(std::string_view id) const {
    auto record = Read<FundRecord>(keys::Fund(FundId(id)));
    if (!record) return std::nullopt;
    return ToFund(*record);
  }
  // The fund, which must exist (an empty one otherwise, after a failure).
  Fund FundAt(std::string_view id) const {
    auto fund = FindFund(id);
    EXPECT_TRUE(fund.has_value()) << "no fund " << id;
    return fund.value_or(Fund{});
  }
  // Funds owned by `org`, ids ascending.
  std::vector<std::string> FundsOf(std::string_view org) const {
    std::vector<std::string> ids;
    const std::string prefix = keys::OrgFundPrefix(OrgId(org));
    (void)kv_.Scan(Space::kState, prefix, keys::End(prefix), [&](std::string_view key, std::string_view) {
      ids.emplace_back(key.substr(prefix.size()));
      return true;
    });
    return ids;
  }
  // The seq of the live donation or contribution with this receipt.
  std::optional<uint64_t> FindReceipt(std::string_view receipt) const {
    auto record = Read<ReceiptRecord>(keys::Receipt(ReceiptNo(receipt)));
    if (!record || !record->live) return std::nullopt;
    return record->seq.value;
  }
  SourceTrace Trace(uint64_t seq) const {
    auto record = Read<SourceRecord>(keys::Source(Seq(seq)));
    EXPECT_TRUE(record.has_value()) << "no source " << seq;
    return record ? ToTrace(*record) : SourceTrace{};
  }
  Outflow OutflowAt(uint64_t seq) const {
    auto record = Read<OutflowRecord>(keys::Outflow(Seq(seq)));
    EXPECT_TRUE(record.has_value()) << "no outflow " << seq;
    if (!record) return Outflow{};
    return Outflow{record->seq.value, record->kind, record->fund.str(), record->amount_fen.value,
                   record->what, record->pieces, record->reversed};
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

  // A record of the state, and every record under a prefix, for the
  // property tests' checks.
  template <class R>
  std::optional<R> Read(const std::string& key) const {
    Overlay overlay(&kv_);
    State state(overlay);
    auto found = state.Find<R>(key);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::nullopt;
  }
  template <class R>
  void ScanAll(const std::string& prefix, const std::function<void(std::string_view, const R&)>& each) const {
    Overlay overlay(&kv_);
    State state(overlay);
    Status s = state.Scan<R>(prefix, {}, [&](std::string_view key, const R& r) {
      each(key, r);
      return true;
    });
    EXPECT_TRUE(s.ok());
  }

 private:
  static uint64_t SeqAt(std::string_view key, std::size_t prefix) { return DecodeSeqKey(key.substr(prefix)).value(); }

  Fund ToFund(const FundRecord& r) const {
    Fund f{r.id.str(), r.owner.str(), std::string(NameOf(r.kind)), std::string(NameOf(r.purpose)), r.restricted,
           r.name, r.budget_fen ? std::optional<int64_t>(r.budget_fen->value) : std::nullopt, r.opened_seq.value,
           r.balance_fen.value, r.inflow_fen.value, r.outflow_fen.value, {}, {}};
    const std::string lots = keys::LotPrefix(r.id);
    ScanAll<LotRecord>(lots, [&](std::string_view key, const LotRecord& l) {
      f.lots.push_back({l.source_seq.value, l.amount_fen.value, l.restriction, l.arrival_seq.value, l.departed_with,
                        SeqAt(key, lots.size())});
    });
    const std::string months = keys::FundMonthPrefix(r.id);
    ScanAll<FundMonthRecord>(months, [&](std::string_view key, const FundMonthRecord& m) {
      f.months[std::string(key.substr(months.size()))] = {m.inflow_fen.value, m.outflow_fen.value};
    });
    return f;
  }

  SourceTrace ToTrace(const SourceRecord& r) const {
    SourceTrace t{r.seq.value, r.kind, r.receipt.str(), r.fund.str(), r.amount_fen.value, r.reversed, {}, {}, {}, {}};
    for (const auto& [fund, fen] : r.held) t.held[fund.str()] = fen.value;
    const std::string hops = keys::HopPrefix(r.seq);
    ScanAll<HopRecord>(hops, [&](std::string_view key, const HopRecord& h) {
      t.hops.push_back({SeqAt(key, hops.size()), h.from.str(), h.to.str(), h.amount_fen.value});
    });
    const std::string spends = keys::SpendPrefix(r.seq);
    ScanAll<SpendRecord>(spends, [&](std::string_view key, const SpendRecord& s) {
      (s.expense ? t.expensed : t.spent).push_back({SeqAt(key, spends.size()), s.fund.str(), s.amount_fen.value, s.what});
    });
    return t;
  }

  MemoryKv kv_;
  uint64_t next_seq_ = 1;
  std::string recorded_month_ = "2026-11";
};

}  // namespace testing
}  // namespace ledger
