// Properties of commitments and of the lottery purpose rule over long
// random sequences of programme and money events (DESIGN.md §6b): no fund
// is ever over-committed (every commitment can still be paid from money
// that may serve its purpose); a fund's commitments are exactly what its
// approved projects still hold; each project's approved amount is its
// committed + paid + released; usable = balance − committed; and lottery
// money never reaches a purpose outside the four, however many transfers
// it passed through. From fixed seeds, against the rules in memory.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "accounts_util.hpp"
#include "ledger/domain/accounts.hpp"

namespace ledger {
namespace {

using testing::Books;

const std::vector<std::string> kPurposes = {"elderly", "poverty", "education", "medical"};
// The payer's funds: lottery money, and a medical fund with budget money.
const std::vector<std::string> kPayerFunds = {"prov-lottery", "prov-medical"};
// The grantee's funds, one per purpose, and an unrestricted one.
std::string GranteeFund(const std::string& purpose) { return "ngo-" + purpose; }

class RandomProgramme {
 public:
  explicit RandomProgramme(uint32_t seed) : rng_(seed) {
    b_.RecordIn("2027-01");  // stamped under the second wave's rules
    b_.Post(EventKind::kLotteryRateSet, Books::kRegulator, testing::RateBody("ssq", 3600, "2000-01"));
    b_.Open("prov", "prov-lottery", "general", false, "lottery_welfare");
    b_.Open("prov", "prov-medical", "medical", true);
    for (const std::string& p : kPurposes) b_.Open("ngo", GranteeFund(p), p, true, "project");
    b_.Open("ngo", "ngo-general", "general", false);
  }

  // One random event; the rules may refuse it.
  void Step() {
    const int pick = Uniform(0, 99);
    if (pick < 10) return Money();
    if (pick < 20) return Apply();
    if (pick < 32) return Approve();
    if (pick < 36) return Report();
    if (pick < 56) return PayTranche();
    if (pick < 59) return Release();
    if (pick < 61) return Close();
    if (pick < 80) return Spend();
    if (pick < 88) return Move();
    Reverse();
  }

  Books& books() { return b_; }
  const std::vector<std::string>& projects() const { return projects_; }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  const std::string& Pick(const std::vector<std::string>& from) {
    return from[static_cast<std::size_t>(Uniform(0, static_cast<int64_t>(from.size()) - 1))];
  }
  void Try(EventKind kind, const std::string& poster, const Json& body) {
    const uint64_t seq = b_.next_seq();
    const bool ok = b_.Apply(kind, poster, body).ok();
    if (ok && EventTypeOf(kind).moves_money) money_.push_back(seq);
    if (ok && kind == EventKind::kProjectApproved) approved_.push_back(body["project"]);
  }

  // Lottery sales, budget money, or a donation into a payer's fund.
  void Money() {
    const int64_t fen = Uniform(1, 400) * 100;
    const int kind = static_cast<int>(Uniform(0, 2));
    if (kind == 0) {
      const std::string period = std::to_string(2001 + periods_ / 12) + "-" +
                                 (periods_ % 12 < 9 ? "0" : "") + std::to_string(periods_ % 12 + 1);
      ++periods_;
      return Try(EventKind::kLotterySalesReported, "prov",
                 testing::SalesBody(period, "ssq", fen * 100, 3600, fen * 36, "prov-lottery"));
    }
    if (kind == 1)
      return Try(EventKind::kAppropriationReceived, "prov",
                 {{"fund", Pick(kPayerFunds)}, {"amount_fen", fen}, {"document", "D"}, {"level", "province"},
                  {"fiscal_year", 2027}, {"date", "2027-01-02"}});
    Try(EventKind::kDonationReceived, "prov",
        testing::DonationBody("R-" + std::to_string(b_.next_seq()), Pick(kPayerFunds), fen));
  }

  void Apply() {
    const std::string id = "p" + std::to_string(projects_.size());
    projects_.push_back(id);
    purpose_[id] = Pick(kPurposes);
    Try(EventKind::kProjectApplied, "ngo",
        {{"id", id}, {"programme", "call-2027"}, {"title", "T"}, {"purpose", purpose_[id]},
         {"amount_fen", Uniform(100, 500) * 100}, {"region", "440304"}, {"start", "2027-01-01"}, {"end", "2027-12-31"}});
  }

  // Mostly a project approved before, so that its events are decided on.
  const std::string& SomeProject() {
    return !approved_.empty() && Uniform(0, 4) > 0 ? Pick(approved_) : Pick(projects_);
  }

  void Approve() {
    if (projects_.empty()) return;
    const int64_t amount = Uniform(1, 120) * 100;
    const int64_t first = amount / 2;
    Try(EventKind::kProjectApproved, "prov",
        {{"project", Pick(projects_)}, {"document", "A"}, {"amount_fen", amount}, {"fund", Pick(kPayerFunds)},
         {"tranches", Json::array({{{"no", 1}, {"amount_fen", first}, {"needs_evaluation", false}},
                                   {{"no", 2}, {"amount_fen", amount - first}, {"needs_evaluation", Uniform(0, 1) == 1}}})}});
  }

  void Report() {
    if (projects_.empty()) return;
    const std::string id = SomeProject();
    const int64_t tranche = Uniform(1, 2);
    Try(EventKind::kProjectMilestoneReported, "ngo",
        {{"project", id}, {"tranche", tranche}, {"sha256", std::string(64, 'a')},
         {"indicators", Json::array({{{"name", "n"}, {"value", "1"}, {"unit", "u"}}})}});
    Try(EventKind::kProjectEvaluated, "aud",
        {{"project", id}, {"tranche", tranche}, {"grade", Uniform(0, 3) == 0 ? "D" : "B"}, {"score", 70},
         {"sha256", std::string(64, 'e')}});
  }

  // A tranche paid by transfer to the grantee's fund of some purpose, or
  // by a disbursement for some purpose: often the wrong ones.
  void PayTranche() {
    if (projects_.empty()) return;
    const std::string id = SomeProject();
    Json body;
    const std::string purpose = Uniform(0, 3) > 0 ? purpose_[id] : Pick(kPurposes);
    // Each draw gets its own statement: the order in which a call's
    // arguments are evaluated is unspecified (g++ and clang++ differ), and
    // the sequence must be the seed's alone.
    if (Uniform(0, 1) == 0) {
      const int64_t fen = Uniform(1, 300) * 100;
      const std::string& from = Pick(kPayerFunds);
      body = testing::TransferBody(from, GranteeFund(purpose), fen, "grant");
    } else {
      const int64_t fen = Uniform(1, 300) * 100;
      const std::string& from = Pick(kPayerFunds);
      body = testing::DisbursementBody(from, fen, purpose);
    }
    body["project"] = id;
    body["tranche"] = Uniform(1, 2);
    Try(body.contains("to") ? EventKind::kFundsTransferred : EventKind::kDisbursementMade, "prov", body);
  }

  void Release() {
    if (projects_.empty()) return;
    Try(EventKind::kCommitmentReleased, "prov",
        {{"project", SomeProject()}, {"amount_fen", Uniform(1, 200) * 100}, {"reason", "r"}});
  }

  void Close() {
    if (projects_.empty()) return;
    Try(EventKind::kProjectClosed, "prov", {{"project", SomeProject()}, {"date", "2027-01-10"}, {"leftover", "returned"}});
  }

  // Spending outside any project: for any purpose, or a program expense.
  void Spend() {
    if (Uniform(0, 3) == 0) {
      const int64_t fen = Uniform(1, 200) * 100;
      Try(EventKind::kExpenseRecorded, "ngo", testing::ExpenseBody(GranteeFund(Pick(kPurposes)), fen, "program"));
      return;
    }
    const bool payer = Uniform(0, 1) == 0;
    const std::string purpose = Pick(kPurposes);
    const int64_t fen = Uniform(1, 300) * 100;
    const std::string from = payer ? Pick(kPayerFunds) : Uniform(0, 1) == 0 ? "ngo-general" : GranteeFund(purpose);
    Try(EventKind::kDisbursementMade, payer ? "prov" : "ngo", testing::DisbursementBody(from, fen, purpose));
  }

  // Money moved on without a project: lottery money passing through funds.
  void Move() {
    const bool down = Uniform(0, 1) == 0;
    const int64_t fen = Uniform(1, 300) * 100;
    if (!down) {
      Try(EventKind::kFundsTransferred, "ngo", testing::TransferBody("ngo-general", GranteeFund(Pick(kPurposes)), fen));
      return;
    }
    const std::string to = Uniform(0, 1) == 0 ? "ngo-general" : GranteeFund(Pick(kPurposes));
    Try(EventKind::kFundsTransferred, "prov", testing::TransferBody(Pick(kPayerFunds), to, fen));
  }

  void Reverse() {
    if (money_.empty()) return;
    const uint64_t target = money_[static_cast<std::size_t>(Uniform(0, static_cast<int64_t>(money_.size()) - 1))];
    for (const char* poster : {"prov", "ngo"})
      if (b_.Apply(EventKind::kEventReversed, poster, testing::ReversalBody(target)).ok()) return;
  }

  Books b_;
  std::mt19937 rng_;
  std::vector<std::string> projects_;
  std::vector<std::string> approved_;
  std::map<std::string, std::string> purpose_;
  std::vector<uint64_t> money_;
  int periods_ = 0;
};

std::vector<std::string> AllFunds() {
  std::vector<std::string> funds = kPayerFunds;
  for (const std::string& p : kPurposes) funds.push_back(GranteeFund(p));
  funds.push_back("ngo-general");
  return funds;
}

// Every fund can pay its commitments, holds what its projects hold, and
// its usable money is balance − committed, never below zero.
void ExpectFundsCovered(RandomProgramme& r, uint64_t step) {
  std::map<std::string, std::map<Purpose, Fen>> held_by_projects;
  for (const std::string& id : r.projects()) {
    auto p = r.books().Read<ProjectRecord>(keys::Project(ProjectId(id)));
    if (!p || p->committed_fen == Fen(0)) continue;
    held_by_projects[p->fund.str()][p->terms.purpose] += p->committed_fen;
  }
  for (const std::string& id : AllFunds()) {
    const FundRecord f = *r.books().Read<FundRecord>(keys::Fund(FundId(id)));
    std::map<Purpose, Fen> committed(f.committed.begin(), f.committed.end());
    EXPECT_EQ(committed, held_by_projects[id]) << id << " at step " << step;
    EXPECT_TRUE(accounts::CheckCovered(f, "x", "now").ok()) << id << " over-committed at step " << step;
    EXPECT_GE(accounts::Usable(f).value, 0) << id << " at step " << step;
    EXPECT_EQ((accounts::Usable(f) + f.committed_fen()).value, f.balance_fen.value);
  }
}

// approved = committed + paid + released; the tranches add up to paid.
void ExpectProjectsBalanced(RandomProgramme& r, uint64_t step) {
  for (const std::string& id : r.projects()) {
    auto p = r.books().Read<ProjectRecord>(keys::Project(ProjectId(id)));
    if (!p) continue;
    EXPECT_EQ(p->approved_fen.value, (p->committed_fen + p->paid_fen + p->released_fen).value) << id << " " << step;
    Fen tranches;
    for (const TrancheState& t : p->tranches) {
      EXPECT_LE(t.paid_fen.value, t.plan.amount_fen.value) << id << " " << step;
      tranches += t.paid_fen;
    }
    EXPECT_EQ(tranches, p->paid_fen) << id << " " << step;
  }
}

// Lottery money is spent only for the four purposes, and never sits in a
// fund restricted to another.
void ExpectLotteryOnlyForTheFour(RandomProgramme& r, uint64_t step) {
  r.books().ScanAll<OutflowRecord>(std::string(keys::kOutflowPrefix), [&](std::string_view, const OutflowRecord& o) {
    if (o.reversed) return;
    const FundRecord f = *r.books().Read<FundRecord>(keys::Fund(o.fund));
    const Purpose purpose = o.kind == EventKind::kDisbursementMade ? *ParsePurpose(o.what) : f.purpose;
    if (o.kind == EventKind::kExpenseRecorded && o.what != "program") return;
    for (const Piece& p : o.pieces)
      EXPECT_TRUE(!p.restriction.lottery || accounts::IsLotteryPurpose(purpose))
          << "lottery money spent for " << NameOf(purpose) << " at " << o.seq.value << ", step " << step;
  });
  for (const std::string& id : AllFunds()) {
    const FundRecord f = *r.books().Read<FundRecord>(keys::Fund(FundId(id)));
    if (!f.restricted || accounts::IsLotteryPurpose(f.purpose)) continue;
    for (const Piece& lot : r.books().Lots(id))
      EXPECT_FALSE(lot.restriction.lottery) << "lottery money in " << id << " at step " << step;
  }
}

// A tranche paid from a lot designated to the paying fund itself, which
// backs no commitment: reversing it would commit money nothing can pay.
TEST(Commitments, AReversalThatWouldLeaveACommitmentUnpaidIsRefused) {
  Books b;
  b.RecordIn("2027-01");
  b.Open("office", "office-elderly", "elderly", false, "project");
  b.Post(EventKind::kDonationReceived, "office",
         testing::ForProject(testing::DonationBody("R-1", "office-elderly", 10'000), "office-elderly"));
  b.Donate("office", "R-2", "office-elderly", 10'000);
  b.Post(EventKind::kProjectApplied, "ngo",
         {{"id", "meals"}, {"programme", "call"}, {"title", "T"}, {"purpose", "elderly"}, {"amount_fen", 10'000},
          {"region", "440304"}, {"start", "2027-01-01"}, {"end", "2027-12-31"}});
  b.Post(EventKind::kProjectApproved, "office",
         {{"project", "meals"}, {"document", "A"}, {"amount_fen", 10'000}, {"fund", "office-elderly"},
          {"tranches", Json::array({{{"no", 1}, {"amount_fen", 10'000}, {"needs_evaluation", false}}})}});
  Json tranche = testing::DisbursementBody("office-elderly", 10'000, "elderly");
  tranche["project"] = "meals";
  tranche["tranche"] = 1;
  const uint64_t paid = b.Post(EventKind::kDisbursementMade, "office", tranche);  // takes R-1's designated lot
  b.Disburse("office", "office-elderly", 10'000, "elderly");                   // R-2's, outside the project
  const Error refused = b.RefuseReversal("office", paid);
  EXPECT_TRUE(testing::Mentions(refused.message, "could no longer pay them")) << refused.message;
}

class CommitmentsProperty : public ::testing::TestWithParam<uint32_t> {};

TEST_P(CommitmentsProperty, NoFundIsOverCommittedAndLotteryMoneyServesOnlyTheFour) {
  RandomProgramme r(GetParam());
  for (uint64_t step = 0; step < 700; ++step) {
    r.Step();
    if (step % 7 != 6) continue;  // the checks read every record: not after every step
    ExpectFundsCovered(r, step);
    ExpectProjectsBalanced(r, step);
    ExpectLotteryOnlyForTheFour(r, step);
    if (HasFailure()) return;
  }
  // The sequence did exercise the rules: projects paid, lottery money spent.
  Fen paid;
  for (const std::string& id : r.projects())
    if (auto p = r.books().Read<ProjectRecord>(keys::Project(ProjectId(id)))) paid += p->paid_fen;
  EXPECT_GT(paid.value, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CommitmentsProperty, ::testing::Values(1u, 7u, 2027u, 55u));

}  // namespace
}  // namespace ledger
