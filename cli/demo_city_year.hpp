// The generator behind MakeScenario (demo_scenario.hpp): one object that
// walks the city through 2025 month by month, emitting events in posting
// order and applying each to its CityModel. Internal to the demo seeder;
// split by flow: demo_scenario.cpp (setup, the year, highlights),
// demo_lottery.cpp (lottery and trust), demo_charity.cpp (donations and
// charities' spending), demo_public.cpp (campaigns, receipts, disclosure),
// demo_programmes.cpp (a call for proposals and its projects).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "demo_city.hpp"
#include "demo_model.hpp"
#include "demo_scenario.hpp"

namespace ledger::demo {

class CityYear {
 public:
  explicit CityYear(const ScenarioOptions& options) : options_(options), rng_(options.seed) {}
  Result<Scenario> Make();

 private:
  // demo_scenario.cpp
  Status Setup();
  Status Emit(std::string_view org, std::string type, std::string idem, Json body,
              std::string reverses_idem = {});
  void PickHighlights();

  // demo_lottery.cpp
  Status LotteryMonth(int month);
  Status LotteryProjects(int month);
  Status TrustMonth(int month);

  // demo_charity.cpp
  Status Donations(const DemoCharity& charity, int month, uint64_t count);
  Json Donation(const DemoCharity& charity, int month, int day);
  Status CharitySpending(const DemoCharity& charity, int month);
  Status Regrants(int month);
  Status Disburse(std::string_view org, const std::string& fund, const std::string& purpose,
                  int month, int count, double share_lo, double share_hi);
  Status Expenses(const DemoCharity& charity, int month, int64_t charitable_fen);

  // demo_public.cpp
  Status Qualify();
  Status FileCampaigns();
  // Names the campaign of `org` that `gift` (a donation body) falls in, if any.
  void NameCampaign(std::string_view org, Json& gift) const;
  Status IssueReceipt(std::string_view org, const Json& gift);
  Status VoidAndReplace(std::string_view org, const Json& gift, const std::string& idem);
  Status RedReverse(std::string_view org, const std::string& receipt, const std::string& date);
  Status Disclose();

  // demo_programmes.cpp
  Status Programmes();
  Status LocateOrgs();
  Status FundTheProgramme();
  Status CallForProposals();
  Status Decide();
  Status DaycareTranches();
  Status AssistiveDevicesToClosing();
  Status WinterReliefTranches();
  // Checks that the model refuses `event` naming `field`, and keeps it to
  // be posted after the last event emitted.
  Status Attempt(ScenarioEvent event, const std::string& field);

  // People: pseudonyms (hex SHA-256 of the org's salt and an ID number).
  std::string Pseudonym(std::string_view org, std::string_view who, uint64_t number) const;
  Json Donor(std::string_view org);
  Json Beneficiary(std::string_view org, const std::string& purpose, bool institution);

  // A share of `usable` in [lo, hi], whole yuan, or 0 when under `min_fen`.
  int64_t Share(int64_t usable, double lo, double hi, int64_t min_fen = 10'000);
  // Disbursements a fund makes in a month, growing with the donation count.
  int DisbursementsPerMonth() const;
  // "org/idem" counter for idems that have no natural name.
  std::string NextIdem(std::string_view org, std::string_view what);

  ScenarioOptions options_;
  Rng rng_;
  CityModel model_;
  Scenario scenario_;
  std::map<std::string, uint64_t, std::less<>> counters_;  // receipts and idems, by prefix
  std::map<std::string, int64_t, std::less<>> spent_this_month_;  // org -> charitable fen
  int month_ = 1;  // the month being made: outflows are dated in it (DatedOutflow)
  std::string refund_idem_;  // the donation that is refunded
};

}  // namespace ledger::demo
