// MakeScenario: the setup (orgs, rates, funds, the trust), the year month
// by month, and the receipts worth showing. The monthly flows are in
// demo_lottery.cpp and demo_charity.cpp.
#include <algorithm>
#include <cmath>

#include "demo_city_year.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"

namespace ledger::demo {

const std::vector<DemoOrg>& DemoOrgs() {
  static const std::vector<DemoOrg> kOrgs = {
      {std::string(kLotteryCentre), "市福利彩票发行中心", "lottery_center", {"allocate", "disburse"}},
      {std::string(kProvincialHolder), "省福利彩票公益金管理中心", "lottery_center", {"allocate"}},
      {std::string(kFederation), "市慈善总会", "charity", {"fundraise", "disburse"}},
      {std::string(kElderlyFoundation), "市老年关爱基金会", "foundation", {"fundraise", "disburse"}},
      {std::string(kDisabledCharity), "市助残慈善会", "charity", {"fundraise", "disburse"}},
      {std::string(kChildrensHome), "市儿童福利院", "charity", {"fundraise", "disburse"}},
      {std::string(kPovertyRelief), "市扶贫济困慈善会", "charity", {"fundraise", "disburse"}},
      {std::string(kTrustee), "市民信托有限责任公司", "trustee", {"trustee", "disburse"}},
      {std::string(kAuditor), "明诚会计师事务所", "auditor", {"audit"}},
  };
  return kOrgs;
}

Result<Scenario> MakeScenario(const ScenarioOptions& options) {
  if (options.regulator_id.empty()) return Error::Invalid("regulator_id", "is required");
  if (options.donations == 0 || options.donations > kMaxDonations)
    return Error::Invalid("donations", "must be from 1 to " + std::to_string(kMaxDonations));
  for (const DemoOrg& org : DemoOrgs())
    if (!options.public_keys.contains(org.id))
      return Error::Invalid("public_keys", "has no key for " + org.id);
  return CityYear(options).Make();
}

Result<Scenario> CityYear::Make() {
  LEDGER_RETURN_IF_ERROR(Setup());
  LEDGER_RETURN_IF_ERROR(Qualify());
  LEDGER_RETURN_IF_ERROR(FileCampaigns());
  // Who takes each donation, and when: drawn once, so the counts add up.
  std::vector<int> shares;
  for (const DemoCharity& c : DemoCharities()) shares.push_back(c.donation_share_pct);
  std::vector<std::vector<uint64_t>> counts(12, std::vector<uint64_t>(shares.size()));
  for (uint64_t i = 0; i < options_.donations; ++i)
    ++counts[rng_.Weighted(kMonthWeights)][rng_.Weighted(shares)];

  for (int month = 1; month <= 12; ++month) {
    month_ = month;
    LEDGER_RETURN_IF_ERROR(LotteryMonth(month));
    LEDGER_RETURN_IF_ERROR(LotteryProjects(month));
    for (std::size_t c = 0; c < DemoCharities().size(); ++c) {
      const DemoCharity& charity = DemoCharities()[c];
      spent_this_month_[std::string(charity.org)] = 0;
      LEDGER_RETURN_IF_ERROR(Donations(charity, month, counts[month - 1][c]));
      LEDGER_RETURN_IF_ERROR(CharitySpending(charity, month));
    }
    LEDGER_RETURN_IF_ERROR(TrustMonth(month));
  }
  LEDGER_RETURN_IF_ERROR(Disclose());
  LEDGER_RETURN_IF_ERROR(Programmes());
  PickHighlights();
  return std::move(scenario_);
}

Status CityYear::Setup() {
  const std::string& regulator = options_.regulator_id;
  scenario_.orgs.push_back(regulator);
  for (const DemoOrg& org : DemoOrgs()) {
    scenario_.orgs.push_back(org.id);
    LEDGER_RETURN_IF_ERROR(Emit(regulator, "org.registered", "demo-register-" + org.id,
                                {{"id", org.id}, {"name", org.name}, {"kind", org.kind},
                                 {"public_key", options_.public_keys.at(org.id)},
                                 {"roles", org.roles}}));
  }
  for (const DemoGame& game : kDemoGames)
    LEDGER_RETURN_IF_ERROR(Emit(regulator, "lottery.rate_set",
                                "demo-rate-" + std::string(game.id) + "-" + Period(1),
                                {{"game", game.id}, {"welfare_rate_bp", game.welfare_rate_bp},
                                 {"effective_from", Period(1)}}));
  for (const DemoFund& fund : kDemoFunds) {
    scenario_.funds.emplace_back(fund.id);
    LEDGER_RETURN_IF_ERROR(Emit(fund.owner, "fund.opened", "demo-open-" + std::string(fund.id),
                                {{"id", fund.id}, {"owner", fund.owner}, {"kind", fund.kind},
                                 {"purpose", fund.purpose}, {"restricted", fund.restricted},
                                 {"name", fund.name}}));
  }
  scenario_.funds.emplace_back(kTrustFund);
  return Emit(kTrustee, "trust.established", "demo-trust-established",
              {{"fund", kTrustFund}, {"name", "孤儿助学慈善信托"},
               {"settlor", {{"pseudonym", Pseudonym(kTrustee, "settlor", 1)},
                            {"kind", "enterprise"}, {"display_name", "鹏城智造科技有限公司"}}},
               {"purpose", "orphans"}, {"filing_ref", "市民政局慈善信托备案 " + std::string(kYear) + "-007"}});
}

namespace {

// Transfers, disbursements and expenses state the day the money moved:
// allocations early in the month, payments in its middle, expenses at its
// end, so that the year shows spending month by month.
void DateOutflow(std::string_view type, int month, Json& body) {
  if (body.contains("date")) return;
  if (type == "funds.transferred") body["date"] = Date(month, 8);
  else if (type == "disbursement.made") body["date"] = Date(month, 18);
  else if (type == "expense.recorded") body["date"] = Date(month, DaysIn(month));
}

}  // namespace

Status CityYear::Emit(std::string_view org, std::string type, std::string idem, Json body,
                      std::string reverses_idem) {
  DateOutflow(type, month_, body);
  ScenarioEvent event{std::string(org), std::move(type), std::move(idem), std::move(body),
                      std::move(reverses_idem)};
  LEDGER_RETURN_IF_ERROR(model_.Apply(event));
  if (event.type == "disbursement.made") spent_this_month_[event.org] += event.body["amount_fen"].get<int64_t>();
  scenario_.events.push_back(std::move(event));
  return Status::Ok();
}

std::string CityYear::Pseudonym(std::string_view org, std::string_view who, uint64_t number) const {
  // A synthetic 18-digit resident ID number, never a real person's: the
  // region code of no real district and digits from the seed.
  const Hash digits = Sha256("demo-person/" + std::to_string(options_.seed) + "/" +
                             std::string(who) + "/" + std::to_string(number));
  std::string id_number = "999999";
  for (std::size_t i = 0; id_number.size() < 18; ++i) id_number += char('0' + digits[i] % 10);
  const std::string salt = "demo-salt/" + std::string(org) + "/" + std::to_string(options_.seed);
  return HexEncode(Sha256(salt + "\x1f" + id_number));
}

int64_t CityYear::Share(int64_t usable, double lo, double hi, int64_t min_fen) {
  const double share = rng_.Real(lo, hi);
  int64_t amount = static_cast<int64_t>(std::floor(static_cast<double>(usable) * share / 100.0)) * 100;
  amount = std::min(amount, usable);
  return amount < min_fen ? 0 : amount;
}

int CityYear::DisbursementsPerMonth() const {
  return static_cast<int>(std::clamp<uint64_t>(options_.donations / 1000 + 1, 1, 12));
}

std::string CityYear::NextIdem(std::string_view org, std::string_view what) {
  const std::string prefix = "demo-" + std::string(what) + "-";
  return prefix + std::to_string(++counters_[std::string(org) + "/" + prefix]);
}

}  // namespace ledger::demo
