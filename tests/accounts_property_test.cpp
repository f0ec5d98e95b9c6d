// Conservation properties of the accounting rules over long random event
// sequences: every fund's balance is the sum of its lots; every trace adds
// up to its source; every outflow's pieces add up to it and obey the rules
// it was taken under; a refused event changes nothing; and replaying the
// accepted events into a fresh state gives the very same state, byte for
// byte — also when they were decided batch by batch in overlays, some of
// them dropped, as the ledger decides a group of submissions.
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "accounts_util.hpp"
#include "ledger/domain/apply.hpp"
#include "ledger/domain/memory_kv.hpp"
#include "ledger/event_codec.hpp"

namespace ledger {
namespace {

struct Posted {
  EventKind kind;
  Json body;
  std::string poster;
  uint64_t seq = 0;  // set when it is applied
};

// Events are recorded over several months, so that a replay must file
// every fund's flows under the very months they were first filed under.
std::string MonthOf(uint64_t seq) {
  const auto month = static_cast<int>(seq / 40 % 12) + 1;
  return std::string("2026-") + (month < 10 ? "0" : "") + std::to_string(month);
}

const std::vector<std::string> kOrgs = {"org-a", "org-b", "org-c"};
const std::vector<std::string> kPurposes = {"elderly", "education", "general"};

// Random money events between 9 funds of 3 orgs, from a fixed seed.
class RandomEvents {
 public:
  explicit RandomEvents(uint32_t seed) : rng_(seed) {
    for (const std::string& org : kOrgs)
      for (int i = 0; i < 3; ++i) funds_.push_back({org + "-f" + std::to_string(i), org});
  }

  // 3 funds per org: one restricted to each of two purposes, one unrestricted.
  std::vector<Posted> FundOpenings() const {
    std::vector<Posted> openings;
    for (std::size_t f = 0; f < funds_.size(); ++f) {
      const auto& [id, org] = funds_[f];
      const std::size_t i = f % 3;
      openings.push_back({EventKind::kFundOpened,
                          {{"id", id}, {"owner", org}, {"kind", "donations"}, {"purpose", kPurposes[i]},
                           {"restricted", i != 2}, {"name", "Fund " + id}},
                          org});
    }
    return openings;
  }

  // One random event, to be applied as `seq`; nullopt when the pick makes
  // none (a transfer to its own fund, a reversal with nothing posted).
  std::optional<Posted> Next(const std::vector<Posted>& posted, uint64_t seq) {
    const int pick = Uniform(0, 99);
    const auto& [fund, owner] = funds_[Uniform(0, static_cast<int>(funds_.size()) - 1)];
    if (pick < 35) return Posted{EventKind::kDonationReceived, Donation(fund, seq), owner};
    if (pick < 60) {
      const auto& [to, unused] = funds_[Uniform(0, static_cast<int>(funds_.size()) - 1)];
      if (to == fund) return std::nullopt;
      return Posted{EventKind::kFundsTransferred,
                    {{"from", fund}, {"to", to}, {"amount_fen", Uniform(1, 30'000)},
                     {"reason", "grant"}, {"reference", "r"}, {"date", "2026-11-15"}},
                    owner};
    }
    if (pick < 80)
      return Posted{EventKind::kDisbursementMade,
                    {{"fund", fund}, {"amount_fen", Uniform(1, 20'000)},
                     {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                     {"purpose", kPurposes[Uniform(0, 2)]}, {"reference", "d"}, {"date", "2026-11-15"}},
                    owner};
    if (pick < 90) {
      static const char* kCategories[] = {"management", "fundraising", "program"};
      return Posted{EventKind::kExpenseRecorded,
                    {{"fund", fund}, {"amount_fen", Uniform(1, 5'000)}, {"category", kCategories[Uniform(0, 2)]},
                     {"date", "2026-11-15"}},
                    owner};
    }
    // Reverses a random earlier money event, as its poster.
    if (posted.empty()) return std::nullopt;
    const Posted& target = posted[Uniform(0, static_cast<int>(posted.size()) - 1)];
    return Posted{EventKind::kEventReversed, {{"seq", target.seq}, {"reason", "correction"}}, target.poster};
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Json Donation(const std::string& fund, uint64_t seq) {
    Json body = {{"receipt", "R-" + std::to_string(seq)}, {"fund", fund},
                 {"amount_fen", Uniform(1, 50'000)},
                 {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
                 {"channel", "online"}, {"date", "2026-11-23"}};
    const int d = Uniform(0, 5);
    if (d == 0) body["designation"] = {{"purpose", kPurposes[Uniform(0, 2)]}};
    if (d == 1) body["designation"] = {{"project", funds_[Uniform(0, 8)].first}};
    return body;
  }

  std::mt19937 rng_;
  std::vector<std::pair<std::string, std::string>> funds_;  // (fund, owner)
};

// Applies `p` as the next seq of `books`, in its month; the rules' answer.
Status ApplyTo(testing::Books& books, const Posted& p) {
  books.RecordIn(MonthOf(p.seq));
  return books.Apply(p.kind, p.poster, p.body);
}

// The events fed one by one to the ledger's rules (Books).
class RandomLedger {
 public:
  explicit RandomLedger(uint32_t seed) : events_(seed) {}

  void OpenFunds() {
    for (const Posted& opening : events_.FundOpenings()) EXPECT_TRUE(Post(opening));
  }

  // One random event; returns whether the rules accepted it.
  bool Step() {
    std::optional<Posted> next = events_.Next(posted_, books_.next_seq());
    return next && Post(std::move(*next));
  }

  const testing::Books& books() const { return books_; }
  const std::vector<Posted>& posted() const { return posted_; }

 private:
  bool Post(Posted p) {
    p.seq = books_.next_seq();
    const auto before = books_.kv().data();
    Status applied = ApplyTo(books_, p);
    if (!applied.ok()) {
      EXPECT_TRUE(books_.kv().data() == before) << "a refusal changed the state: " << applied.error().ToString();
      EXPECT_TRUE(applied.error().code == Code::kUnprocessable || applied.error().code == Code::kPermissionDenied)
          << applied.error().ToString();
      return false;
    }
    posted_.push_back(std::move(p));
    return true;
  }

  RandomEvents events_;
  testing::Books books_;
  std::vector<Posted> posted_;
};

// The accepted events applied one by one to a fresh state.
testing::Books Replayed(const std::vector<Posted>& posted) {
  testing::Books rebuilt;
  for (const Posted& p : posted) {
    EXPECT_EQ(rebuilt.next_seq(), p.seq);
    Status applied = ApplyTo(rebuilt, p);
    EXPECT_TRUE(applied.ok()) << "seq " << p.seq << ": " << applied.error().ToString();
    if (!applied.ok()) break;
  }
  return rebuilt;
}

int64_t SumLots(const Fund& fund, std::optional<uint64_t> source = std::nullopt) {
  int64_t sum = 0;
  for (const Lot& lot : fund.lots)
    if (!source || lot.source_seq == *source) sum += lot.amount_fen;
  return sum;
}

// The restriction a source's money took when it arrived. Once set, it is
// never loosened nor changed, wherever the money goes.
std::map<uint64_t, Restriction> FirstRestrictions(const std::vector<Posted>& posted,
                                                  const std::map<std::string, Fund>& funds) {
  std::map<uint64_t, Restriction> first;
  for (const Posted& p : posted) {
    if (p.kind != EventKind::kDonationReceived) continue;
    const Fund& fund = funds.at(p.body["fund"].get<std::string>());
    Restriction r;
    if (p.body.contains("designation")) {
      const Json& d = p.body["designation"];
      r = d.contains("project") ? Restriction::Project(d["project"].get<std::string>())
                                : Restriction::Purpose(d["purpose"].get<std::string>());
    } else if (fund.restricted) {
      r = Restriction::Purpose(fund.purpose);
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

void ExpectConserved(const testing::Books& books, const std::vector<Posted>& posted) {
  std::map<std::string, Fund> funds;
  for (const Posted& p : posted)
    if (p.kind == EventKind::kFundOpened) {
      const std::string id = p.body["id"].get<std::string>();
      std::optional<Fund> fund = books.FindFund(id);
      ASSERT_TRUE(fund.has_value()) << id;
      funds.emplace(id, std::move(*fund));
    }
  const auto first = FirstRestrictions(posted, funds);
  int64_t balances = 0, live_sources = 0, live_outflows = 0;
  for (const auto& [id, fund] : funds) {
    EXPECT_EQ(fund.balance_fen, SumLots(fund)) << id;
    EXPECT_EQ(fund.balance_fen, fund.inflow_fen - fund.outflow_fen) << id;
    int64_t month_inflows = 0, month_outflows = 0;
    for (const auto& [month, flows] : fund.months) {
      month_inflows += flows.inflow_fen;
      month_outflows += flows.outflow_fen;
    }
    EXPECT_EQ(month_inflows, fund.inflow_fen) << id;
    EXPECT_EQ(month_outflows, fund.outflow_fen) << id;
    for (const Lot& lot : fund.lots) {
      EXPECT_GT(lot.amount_fen, 0);
      EXPECT_TRUE(MayCarry(first.at(lot.source_seq), lot.restriction))
          << "a lot of seq " << lot.source_seq << " in " << id << " carries " << lot.restriction.ToJson().dump();
      if (fund.restricted) {
        EXPECT_FALSE(lot.restriction.none()) << id;
      }
    }
    balances += fund.balance_fen;
  }
  for (const Posted& p : posted) {
    if (p.kind == EventKind::kDonationReceived) {
      const SourceTrace trace = books.Trace(p.seq);
      int64_t accounted = 0;
      for (const auto& [fund_id, held] : trace.held) {
        accounted += held;
        EXPECT_EQ(held, SumLots(funds.at(fund_id), p.seq)) << "seq " << p.seq << " in " << fund_id;
      }
      for (const Spend& s : trace.spent) accounted += s.amount_fen;
      for (const Spend& s : trace.expensed) accounted += s.amount_fen;
      if (trace.reversed) {
        EXPECT_TRUE(trace.held.empty());
      } else {
        EXPECT_EQ(accounted, trace.amount_fen) << "trace of seq " << p.seq;
        live_sources += trace.amount_fen;
      }
    }
    if (p.kind == EventKind::kDisbursementMade || p.kind == EventKind::kExpenseRecorded) {
      const Outflow outflow = books.OutflowAt(p.seq);
      int64_t pieces = 0;
      const Fund& fund = funds.at(outflow.fund);
      for (const Piece& piece : outflow.pieces) {
        pieces += piece.amount_fen.value;
        if (outflow.what == "management" || outflow.what == "fundraising") {
          EXPECT_TRUE(piece.restriction.none());
        } else {
          const std::string purpose = outflow.kind == EventKind::kDisbursementMade ? outflow.what : fund.purpose;
          const Restriction& r = piece.restriction;
          EXPECT_TRUE(r.none() || (r.kind == Restriction::Kind::kPurpose && r.value == purpose) ||
                      (r.kind == Restriction::Kind::kProject && r.value == fund.id));
        }
      }
      EXPECT_EQ(pieces, outflow.amount_fen) << "outflow " << p.seq;
      if (!outflow.reversed) live_outflows += outflow.amount_fen;
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
    if (step % 100 == 99) ExpectConserved(ledger.books(), ledger.posted());
    if (::testing::Test::HasFailure()) return;
  }
  ExpectConserved(ledger.books(), ledger.posted());
  EXPECT_GT(accepted, 500);  // the sequence exercised the rules, not only refusals

  // A rebuild: the accepted events, replayed into a fresh state.
  const testing::Books rebuilt = Replayed(ledger.posted());
  EXPECT_TRUE(rebuilt.kv().data() == ledger.books().kv().data()) << "the rebuilt state differs";
}

// As the ledger decides a group of submissions: the group in one overlay
// over the state, each batch in an overlay over the group's (each event
// here in one over its batch's, so that a refused event drops only
// itself), a batch kept by merging it into the group, the group committed
// at once. A dropped batch — a third of them, as if refused — leaves
// nothing behind: the state is the very state of the kept events applied
// one by one, though later events of a batch and group were decided
// through the overlays, reversals of them included.
TEST_P(AccountsProperty, BatchesDecidedInOverlaysGiveTheStateOfTheKeptEventsOneByOne) {
  RandomEvents events(GetParam());
  MemoryKv kv;
  std::vector<Posted> kept;
  // Decides `p` as the next seq over `below`, into which it merges if accepted.
  auto decide = [&kept](Posted p, Overlay& below) {
    p.seq = kept.empty() ? 1 : kept.back().seq + 1;
    if (p.kind == EventKind::kFundsTransferred || p.kind == EventKind::kDisbursementMade ||
        p.kind == EventKind::kExpenseRecorded)
      p.body["date"] = MonthOf(p.seq) + "-15";  // as Books dates them (accounts_util.hpp)
    auto body = DecodeBody(EventTypeOf(p.kind), p.body);
    EXPECT_TRUE(body.ok()) << body.error().ToString();
    if (!body.ok()) return false;
    const Event event = MakeEvent(std::move(*body), "e-" + std::to_string(p.seq));
    const OrgId poster(p.poster);
    const std::string ts = MonthOf(p.seq) + "-15T00:00:00.000Z";
    Overlay decided(&below);
    State state(decided);
    if (!ApplyEvent(event, Placement{Seq(p.seq), poster, ts}, OrgId(testing::Books::kRegulator), state).ok())
      return false;
    std::move(decided).MergeInto(below);
    kept.push_back(std::move(p));
    return true;
  };
  {
    Overlay openings(&kv);
    for (const Posted& opening : events.FundOpenings()) ASSERT_TRUE(decide(opening, openings));
    kv.Commit(openings);
  }
  int dropped = 0;
  for (int group = 0; group < 60; ++group) {
    Overlay group_state(&kv);
    for (int b = 0; b < 4; ++b) {
      const int number = group * 4 + b;
      const std::size_t kept_before = kept.size();
      Overlay batch(&group_state);
      for (int i = 0; i < 1 + number % 10; ++i)
        if (std::optional<Posted> next = events.Next(kept, kept.back().seq + 1)) decide(std::move(*next), batch);
      if (number % 3 == 1) {  // refused: its overlay goes, and its seqs are given again
        dropped += kept.size() > kept_before ? 1 : 0;
        kept.resize(kept_before);
        continue;
      }
      std::move(batch).MergeInto(group_state);
    }
    kv.Commit(group_state);
  }
  EXPECT_GT(dropped, 50);
  EXPECT_GT(kept.size(), 400u);

  const testing::Books rebuilt = Replayed(kept);
  EXPECT_TRUE(rebuilt.kv().data() == kv.data()) << "the state decided in overlays differs";
  ExpectConserved(rebuilt, kept);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AccountsProperty, ::testing::Values(1u, 2u, 3u, 42u, 2026u, 11230u));

}  // namespace
}  // namespace ledger
