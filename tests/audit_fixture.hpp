// A real ledger for audit tests: orgs, funds and a random mix of money
// events posted through Ledger::Submit (singles and signed batches,
// transfers between orgs, disbursements, reversals, refusals left out),
// with checkpoints along the way. Tests audit it, or a copy they tamper with.
#pragma once

#include "test_dates.hpp"

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/ledger.hpp"
#include "ledger_fixture.hpp"
#include "submit_util.hpp"

namespace ledger::testing {

class AuditScenario : public LedgerFixture {
 public:
  static constexpr int kOrgs = 3;

  static std::string FundId(int org, int f) { return "fund-" + std::to_string(org) + "-" + std::to_string(f); }
  static std::string OrgId(int org) { return "org-" + std::to_string(org); }
  const PrivateKey& org_key(int org) const { return keys_[org]; }

  // Registers the orgs and their funds, then posts `count` random money
  // submissions (some as batches); refusals are simply not kept. Makes a
  // checkpoint every `checkpoint_every` accepted submissions and one at the end.
  void Build(int count, uint32_t seed, int checkpoint_every = 10) {
    ledger_ = OpenLedger();
    ASSERT_TRUE(ledger_);
    for (int o = 0; o < kOrgs; ++o) {
      keys_.push_back(*PrivateKey::Generate());
      Submit(SignedSubmission("org.registered", "civil-affairs", "reg-" + OrgId(o),
                              RegisterBody(OrgId(o), "charity", {"fundraise", "disburse"},
                                           keys_.back().public_key()),
                              regulator()));
      for (int f = 0; f < 2; ++f)
        Submit(As(o, "fund.opened", "open-" + std::to_string(f),
                  {{"id", FundId(o, f)}, {"owner", OrgId(o)}, {"kind", "donations"},
                   {"purpose", f == 0 ? "elderly" : "general"}, {"restricted", f == 0},
                   {"name", "Fund " + FundId(o, f)}}));
    }
    PostRandom(count, seed, checkpoint_every);
  }

  // Posts `count` more random money submissions on the open ledger.
  void PostRandom(int count, uint32_t seed, int checkpoint_every = 10) {
    std::mt19937 rng(seed);
    int accepted = 0;
    for (int i = 0; i < count; ++i) {
      if (Submit(RandomSubmission(rng, next_++)) && ++accepted % checkpoint_every == 0) Checkpoint();
    }
    Checkpoint();
  }

  Json As(int org, const std::string& type, const std::string& idem, Json body) const {
    return SignedSubmission(type, OrgId(org), idem, std::move(body), keys_[org]);
  }
  Json Donation(int org, int f, const std::string& receipt, int64_t fen) const {
    return {{"receipt", receipt}, {"fund", FundId(org, f)}, {"amount_fen", fen},
            {"donor", {{"pseudonym", std::string(64, 'a')}, {"kind", "individual"}}},
            {"channel", "online"}, {"date", "2026-10-01"}};
  }

  // True if accepted.
  bool Submit(const Json& doc) {
    auto r = ledger_->Submit(doc);
    return r.ok();
  }
  void Checkpoint() {
    auto cp = ledger_->log().MakeCheckpoint();
    ASSERT_TRUE(cp.ok()) << cp.error().ToString();
  }
  Ledger& ledger() { return *ledger_; }
  // Closes the ledger (RocksDB) so that its directory can be copied.
  void Close() { ledger_.reset(); }

  // A copy of the (closed) data directory, for tampering.
  std::string CopyData(const std::string& name) const {
    const std::string to = copies_.Sub(name);
    std::filesystem::copy(data_dir(), to, std::filesystem::copy_options::recursive);
    return to;
  }

 private:
  Json RandomSubmission(std::mt19937& rng, int i) {
    auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const int org = pick(kOrgs), f = pick(2), kind = pick(12);
    const std::string idem = "e-" + std::to_string(i);
    if (kind < 5) return As(org, "donation.received", idem, Donation(org, f, "R-" + std::to_string(i), 100 + pick(10000)));
    if (kind < 7) {
      int to_org = pick(kOrgs), to_f = pick(2);
      if (to_org == org && to_f == f) to_f = 1 - f;
      return As(org, "funds.transferred", idem,
                {{"from", FundId(org, f)}, {"to", FundId(to_org, to_f)}, {"amount_fen", 1 + pick(5000)},
                 {"reason", "grant"}, {"reference", "r"}, {"date", TodayInBeijing()}});
    }
    if (kind < 9)
      return As(org, "disbursement.made", idem,
                {{"fund", FundId(org, f)}, {"amount_fen", 1 + pick(4000)},
                 {"beneficiary", {{"pseudonym", std::string(64, 'b')}, {"kind", "individual"}}},
                 {"purpose", f == 0 ? "elderly" : "general"}, {"reference", "r"},
                 {"date", TodayInBeijing()}});
    if (kind < 11) {
      std::vector<Json> events;
      const int n = 2 + pick(4);
      for (int k = 0; k < n; ++k)
        events.push_back(BatchEvent("donation.received", idem + "-" + std::to_string(k),
                                    Donation(org, f, "B-" + std::to_string(i) + "-" + std::to_string(k),
                                             100 + pick(1000))));
      return Batch(OrgId(org), std::move(events), keys_[org]);
    }
    const uint64_t size = ledger_->log().size();
    return As(org, "event.reversed", idem,
              {{"seq", static_cast<int64_t>(size - 1 - pick(static_cast<int>(std::min<uint64_t>(size - 1, 20))))},
               {"reason", "correction"}});
  }

  std::unique_ptr<Ledger> ledger_;
  std::vector<PrivateKey> keys_;
  int next_ = 0;  // numbers idems and receipts across PostRandom calls
  TempDir copies_;
};

}  // namespace ledger::testing
