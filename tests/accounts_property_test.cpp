// Conservation properties of the accounting engine over long random event
// sequences: every fund's balance is the sum of its lots; every trace adds
// up to its source; every outflow's pieces add up to it and obey the rules
// it was taken under; a refused event changes nothing; and replaying the
// accepted events into a fresh engine gives the very same state.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/accounts.hpp"

namespace ledger {
namespace {

struct Posted {
  EventKind kind;
  Json body;
  std::string poster;
  uint64_t seq;
  std::optional<EventKind> reversed_kind;
};

// Events are recorded over several months, so that undoing a refused
// batch event must restore the right month of a fund's flows.
std::string MonthOf(uint64_t seq) {
  const auto month = static_cast<int>(seq / 40 % 12) + 1;
  return std::string("2026-") + (month < 10 ? "0" : "") + std::to_string(month);
}

const std::vector<std::string> kOrgs = {"org-a", "org-b", "org-c"};
const std::vector<std::string> kPurposes = {"elderly", "education", "general"};

class RandomLedger {
 public:
  explicit RandomLedger(uint32_t seed) : rng_(seed) {}

  // Opens 3 funds per org: one restricted per purpose pair, one unrestricted.
  void OpenFunds() {
    for (const std::string& org : kOrgs)
      for (int i = 0; i < 3; ++i) {
        const std::string id = org + "-f" + std::to_string(i);
        Post(EventKind::kFundOpened,
             {{"id", id}, {"owner", org}, {"kind", "donations"}, {"purpose", kPurposes[i]},
              {"restricted", i != 2}, {"name", "Fund " + id}},
             org);
        funds_.push_back({id, org});
      }
  }

  // One random event; returns whether the engine accepted it.
  bool Step() {
    const int pick = Uniform(0, 99);
    const auto& [fund, owner] = funds_[Uniform(0, static_cast<int>(funds_.size()) - 1)];
    if (pick < 35) return Post(EventKind::kDonationReceived, Donation(fund), owner);
    if (pick < 60) {
      const auto& [to, unused] = funds_[Uniform(0, static_cast<int>(funds_.size()) - 1)];
      if (to == fund) return false;
      return Post(EventKind::kFundsTransferred,
                  {{"from", fund}, {"to", to}, {"amount_fen", Uniform(1, 30'000)},
                   {"reason", "grant"}, {"reference", "r"}},
                  owner);
    }
    if (pick < 80)
      return Post(EventKind::kDisbursementMade,
                  {{"fund", fund}, {"amount_fen", Uniform(1, 20'000)},
                   {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                   {"purpose", kPurposes[Uniform(0, 2)]}, {"reference", "d"}},
                  owner);
    if (pick < 90) {
      static const char* kCategories[] = {"management", "fundraising", "program"};
      return Post(EventKind::kExpenseRecorded,
                  {{"fund", fund}, {"amount_fen", Uniform(1, 5'000)},
                   {"category", kCategories[Uniform(0, 2)]}},
                  owner);
    }
    return ReverseSomething();
  }

  bool Post(EventKind kind, Json body, const std::string& poster,
            std::optional<EventKind> reversed_kind = std::nullopt) {
    const uint64_t seq = next_seq_++;
    const Accounts before = accounts_;
    Status applied = accounts_.Apply(kind, body, poster, seq, MonthOf(seq), reversed_kind, nullptr, journal_);
    if (!applied.ok()) {
      EXPECT_TRUE(accounts_ == before) << "a refusal changed the state: " << applied.error().ToString();
      EXPECT_TRUE(applied.error().code == Code::kUnprocessable ||
                  applied.error().code == Code::kPermissionDenied);
      return false;
    }
    posted_.push_back({kind, std::move(body), poster, seq, reversed_kind});
    return true;
  }

  // Records every change from now on in `journal` (null: stop).
  void Journal(AccountsJournal* journal) { journal_ = journal; }
  // Forgets the events posted after the first `count`, as a batch undo does.
  void ForgetPostedAfter(std::size_t count) { posted_.resize(count); }

  const Accounts& accounts() const { return accounts_; }
  const std::vector<Posted>& posted() const { return posted_; }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Json Donation(const std::string& fund) {
    Json body = {{"receipt", "R-" + std::to_string(next_seq_)}, {"fund", fund},
                 {"amount_fen", Uniform(1, 50'000)},
                 {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
                 {"channel", "online"}, {"date", "2026-11-23"}};
    const int d = Uniform(0, 5);
    if (d == 0) body["designation"] = {{"purpose", kPurposes[Uniform(0, 2)]}};
    if (d == 1) body["designation"] = {{"project", funds_[Uniform(0, 8)].first}};
    return body;
  }

  // Reverses a random earlier money event, as its poster.
  bool ReverseSomething() {
    if (posted_.empty()) return false;
    const Posted& target = posted_[Uniform(0, static_cast<int>(posted_.size()) - 1)];
    return Post(EventKind::kEventReversed,
                {{"seq", target.seq}, {"reason", "correction"}}, target.poster, target.kind);
  }

  std::mt19937 rng_;
  Accounts accounts_;
  uint64_t next_seq_ = 1;
  std::vector<std::pair<std::string, std::string>> funds_;  // (fund, owner)
  std::vector<Posted> posted_;
  AccountsJournal* journal_ = nullptr;
};

int64_t SumLots(const Fund& fund, std::optional<uint64_t> source = std::nullopt) {
  int64_t sum = 0;
  for (const Lot& lot : fund.lots)
    if (!source || lot.source_seq == *source) sum += lot.amount_fen;
  return sum;
}

// The restriction a source's money took when it arrived. Once set, it is
// never loosened nor changed, wherever the money goes.
std::map<uint64_t, Restriction> FirstRestrictions(const RandomLedger& ledger) {
  std::map<uint64_t, Restriction> first;
  for (const Posted& p : ledger.posted()) {
    if (p.kind != EventKind::kDonationReceived) continue;
    const Fund* fund = ledger.accounts().FindFund(p.body["fund"].get<std::string>());
    Restriction r;
    if (p.body.contains("designation")) {
      const Json& d = p.body["designation"];
      r = d.contains("project") ? Restriction::Project(d["project"]) : Restriction::Purpose(d["purpose"]);
    } else if (fund->restricted) {
      r = Restriction::Purpose(fund->purpose);
    }
    first[p.seq] = r;
  }
  return first;
}

// A lot of a source first restricted to `first` may carry only that, or,
// when it started unrestricted, a purpose taken on entering a restricted fund.
bool MayCarry(const Restriction& first, const Restriction& now) {
  if (!first.none()) return now == first;
  return now.kind != Restriction::Kind::kProject;
}

void ExpectConserved(const RandomLedger& ledger) {
  const Accounts& a = ledger.accounts();
  const auto first = FirstRestrictions(ledger);
  int64_t balances = 0, live_sources = 0, live_outflows = 0;
  for (const Posted& p : ledger.posted()) {
    if (p.kind == EventKind::kFundOpened) {
      const Fund* fund = a.FindFund(p.body["id"].get<std::string>());
      ASSERT_NE(fund, nullptr);
      EXPECT_EQ(fund->balance_fen, SumLots(*fund)) << fund->id;
      EXPECT_EQ(fund->balance_fen, fund->inflow_fen - fund->outflow_fen) << fund->id;
      for (const Lot& lot : fund->lots) {
        EXPECT_GT(lot.amount_fen, 0);
        EXPECT_TRUE(MayCarry(first.at(lot.source_seq), lot.restriction))
            << "a lot of seq " << lot.source_seq << " in " << fund->id << " carries "
            << lot.restriction.ToJson().dump();
        if (fund->restricted) {
          EXPECT_FALSE(lot.restriction.none()) << fund->id;
        }
      }
      balances += fund->balance_fen;
    }
    if (const SourceTrace* trace = a.FindSource(p.seq)) {
      int64_t accounted = 0;
      for (const auto& [fund_id, held] : trace->held) {
        accounted += held;
        EXPECT_EQ(held, SumLots(*a.FindFund(fund_id), p.seq)) << "seq " << p.seq << " in " << fund_id;
      }
      for (const Spend& s : trace->spent) accounted += s.amount_fen;
      for (const Spend& s : trace->expensed) accounted += s.amount_fen;
      if (trace->reversed) {
        EXPECT_TRUE(trace->held.empty());
      } else {
        EXPECT_EQ(accounted, trace->amount_fen) << "trace of seq " << p.seq;
        live_sources += trace->amount_fen;
      }
    }
    if (const Outflow* outflow = a.FindOutflow(p.seq)) {
      int64_t pieces = 0;
      const Fund* fund = a.FindFund(outflow->fund);
      for (const Piece& piece : outflow->pieces) {
        pieces += piece.amount_fen;
        if (outflow->what == "management" || outflow->what == "fundraising") {
          EXPECT_TRUE(piece.restriction.none());
        } else {
          const std::string purpose =
              outflow->kind == EventKind::kDisbursementMade ? outflow->what : fund->purpose;
          const Restriction& r = piece.restriction;
          EXPECT_TRUE(r.none() || (r.kind == Restriction::Kind::kPurpose && r.value == purpose) ||
                      (r.kind == Restriction::Kind::kProject && r.value == fund->id));
        }
      }
      EXPECT_EQ(pieces, outflow->amount_fen) << "outflow " << p.seq;
      if (!outflow->reversed) live_outflows += outflow->amount_fen;
    }
  }
  // Money neither appears nor vanishes: what came in, less what went out.
  EXPECT_EQ(balances, live_sources - live_outflows);
}

class AccountsProperty : public ::testing::TestWithParam<uint32_t> {};

TEST_P(AccountsProperty, LongRandomSequencesConserveEveryFen) {
  RandomLedger ledger(GetParam());
  ledger.OpenFunds();
  int accepted = 0;
  for (int step = 0; step < 1500; ++step) {
    accepted += ledger.Step() ? 1 : 0;
    if (step % 100 == 99) ExpectConserved(ledger);
    if (::testing::Test::HasFailure()) return;
  }
  ExpectConserved(ledger);
  EXPECT_GT(accepted, 500);  // the sequence exercised the rules, not only refusals

  // A rebuild: the accepted events, replayed into a fresh engine.
  Accounts rebuilt;
  for (const Posted& p : ledger.posted()) {
    Status applied = rebuilt.Apply(p.kind, p.body, p.poster, p.seq, MonthOf(p.seq), p.reversed_kind);
    ASSERT_TRUE(applied.ok()) << "seq " << p.seq << ": " << applied.error().ToString();
  }
  EXPECT_TRUE(rebuilt == ledger.accounts());
}

TEST_P(AccountsProperty, UndoingABatchRestoresTheStateExactly) {
  RandomLedger ledger(GetParam());
  ledger.OpenFunds();
  for (int step = 0; step < 300; ++step) ledger.Step();
  int undone = 0;
  for (int batch = 0; batch < 200; ++batch) {
    const Accounts before = ledger.accounts();
    const std::size_t posted = ledger.posted().size();
    AccountsJournal journal;
    ledger.Journal(&journal);
    for (int i = 0; i < 1 + batch % 10; ++i) ledger.Step();
    ledger.Journal(nullptr);
    if (batch % 3 == 0) {  // keep this batch: the ledger moves on
      ExpectConserved(ledger);
      continue;
    }
    undone += journal.empty() ? 0 : 1;
    journal.Undo();
    ledger.ForgetPostedAfter(posted);
    ASSERT_TRUE(ledger.accounts() == before) << "batch " << batch << " was not undone exactly";
  }
  EXPECT_GT(undone, 50);
  ExpectConserved(ledger);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AccountsProperty, ::testing::Values(1u, 2u, 3u, 42u, 2026u, 11230u));

}  // namespace
}  // namespace ledger
