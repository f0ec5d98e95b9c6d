// A charity's month: the donations it takes (with the one refund of the
// year), its allocations to its own projects, the federation's regrants,
// disbursements and expenses.
#include <algorithm>
#include <cstdio>

#include "demo_city_year.hpp"

namespace ledger::demo {

namespace {

constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                          "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
constexpr std::string_view kGivenNames[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳",
                                            "勇", "军", "杰", "娟", "涛", "明", "超", "霞"};
constexpr std::string_view kCompanyWords[] = {"鹏城", "前海", "南山", "华强", "蛇口", "福田"};
constexpr std::string_view kCompanyTrades[] = {"科技", "电子", "物流", "建设", "食品", "医药"};
// Whole yuan, as people give them online and at the counter.
constexpr int kPersonalYuan[] = {20, 50, 66, 88, 100, 100, 200, 200, 300, 500, 500, 666, 1000, 2000, 5000};

struct InKind {
  std::string_view purpose, description;
};
constexpr InKind kInKind[] = {
    {"elderly", "老年护理床20张"}, {"elderly", "冬季棉被300床"},
    {"disabled", "轮椅30台"},      {"disabled", "康复训练器材一批"},
    {"orphans", "儿童图书1000册"}, {"orphans", "学习用品200套"},
    {"poverty", "大米500袋"},      {"poverty", "冬衣400件"},
};
constexpr std::string_view kValuationBases[] = {"invoice", "market_price", "appraisal"};

std::string SpendingReference(const std::string& purpose, int month) {
  static const std::map<std::string, std::vector<std::string>> kByPurpose = {
      {"elderly", {"居家养老上门服务补贴", "长者食堂运营补助", "失能老人护理补贴", "养老院适老化改造"}},
      {"disabled", {"残疾儿童康复训练", "辅助器具适配", "残疾人职业技能培训"}},
      {"orphans", {"孤儿基本生活费", "孤儿助学金", "儿童医疗康复"}},
      {"poverty", {"困难家庭临时救助金", "大病医疗救助", "冬季送温暖慰问金"}},
  };
  auto it = kByPurpose.find(purpose);
  const std::string what = it == kByPurpose.end() ? "慈善项目支出" : it->second[month % it->second.size()];
  return what + " " + Period(month);
}

}  // namespace

Json CityYear::Donor(std::string_view org) {
  const double kind = rng_.Real(0, 1);
  // Regular donors give again: a pool about a third the size of the year's gifts.
  const uint64_t pool = std::max<uint64_t>(20, options_.donations / 3);
  if (kind < 0.05)
    return {{"pseudonym", Pseudonym(org, "anonymous", rng_.Uniform(1, pool))}, {"kind", "anonymous"}};
  if (kind < 0.15) {
    const uint64_t n = rng_.Uniform(1, 60);
    Json donor = {{"pseudonym", Pseudonym(org, "enterprise", n)}, {"kind", "enterprise"}};
    if (rng_.Chance(0.7))
      donor["display_name"] = std::string(kCompanyWords[n % 6]) + std::string(kCompanyTrades[n / 6 % 6]) +
                              "有限公司";
    return donor;
  }
  const uint64_t n = rng_.Uniform(1, pool);
  Json donor = {{"pseudonym", Pseudonym(org, "individual", n)}, {"kind", "individual"}};
  if (rng_.Chance(0.25))
    donor["display_name"] = std::string(kSurnames[n % 16]) +
                            (n % 3 == 0 ? std::string(kGivenNames[n / 16 % 16]) : (n % 2 ? "先生" : "女士"));
  return donor;
}

Json CityYear::Beneficiary(std::string_view org, const std::string& purpose, bool institution) {
  return {{"pseudonym", Pseudonym(org, "beneficiary-" + purpose, rng_.Uniform(1, institution ? 20 : 400))},
          {"kind", institution ? "institution" : "individual"}};
}

Json CityYear::Donation(const DemoCharity& charity, int month, int day) {
  char receipt[32];
  std::snprintf(receipt, sizeof receipt, "%s-%s-%06llu", std::string(charity.receipt_prefix).c_str(),
                std::string(kYear).c_str(),
                static_cast<unsigned long long>(++counters_["receipt/" + std::string(charity.org)]));
  const bool to_project = rng_.Chance(0.25);
  const std::string fund(to_project ? rng_.Pick(charity.projects) : charity.general_fund);
  Json donor = Donor(charity.org);
  int64_t amount_fen = int64_t{rng_.Pick(kPersonalYuan)} * 100;
  if (donor["kind"] == "enterprise") amount_fen = rng_.Uniform(10, 500) * 100'000;
  Json body = {{"receipt", receipt}, {"fund", fund}, {"amount_fen", amount_fen}, {"donor", donor},
               {"date", Date(month, day)}};
  const double channel = rng_.Real(0, 1);
  if (channel < (donor["kind"] == "enterprise" ? 0.3 : 0.03)) {
    body["channel"] = "in_kind";
    std::vector<std::string_view> fitting;
    for (const InKind& gift : kInKind)
      if (gift.purpose == model_.FundOf(fund).purpose || gift.purpose == charity.purpose)
        fitting.push_back(gift.description);
    body["in_kind"] = {{"description", rng_.Pick(fitting)}, {"valuation_basis", rng_.Pick(kValuationBases)}};
  } else {
    body["channel"] = channel < 0.62 ? "online" : channel < 0.9 ? "bank" : "cash";
  }
  if (!to_project && rng_.Chance(0.15)) {
    if (rng_.Chance(0.6)) {
      body["designation"] = {{"purpose", charity.purpose}};
    } else if (charity.org == kFederation) {  // a federation collects for others' projects
      static constexpr std::string_view kOthers[] = {"eld-meals", "dis-rehab", "kids-orphans"};
      body["designation"] = {{"project", rng_.Pick(kOthers)}};
    } else {
      body["designation"] = {{"project", rng_.Pick(charity.projects)}};
    }
  }
  return body;
}

Status CityYear::Donations(const DemoCharity& charity, int month, uint64_t count) {
  std::vector<int> days;
  for (uint64_t i = 0; i < count; ++i) days.push_back(static_cast<int>(rng_.Uniform(1, DaysIn(month))));
  std::sort(days.begin(), days.end());
  std::string last_idem;
  Json last;
  for (std::size_t i = 0; i < days.size(); ++i) {
    Json body = Donation(charity, month, days[i]);
    NameCampaign(charity.org, body);
    last_idem = "demo-don-" + body["receipt"].get<std::string>();
    LEDGER_RETURN_IF_ERROR(Emit(charity.org, "donation.received", last_idem, body));
    // The first gift of a month gets its fiscal e-receipt; in November the
    // federation's is made out wrongly, voided and replaced.
    const bool wrong = charity.org == kFederation && month == 11 && i == 0;
    if (wrong) LEDGER_RETURN_IF_ERROR(VoidAndReplace(charity.org, body, last_idem));
    else if (i == 0 || i + 1 == days.size()) LEDGER_RETURN_IF_ERROR(IssueReceipt(charity.org, body));
    last = std::move(body);
  }
  // The year's one refund: a gift sent twice by mistake, returned before any
  // of it was used (a reversal needs the money still where it arrived); its
  // fiscal receipt is red-reversed (红冲).
  if (charity.org == kElderlyFoundation && month >= 5 && refund_idem_.empty() && !last_idem.empty()) {
    refund_idem_ = last_idem;
    LEDGER_RETURN_IF_ERROR(Emit(charity.org, "event.reversed", "demo-refund-" + last_idem.substr(9),
                                {{"reason", "捐赠人重复转账，应其申请退回"}}, last_idem));
    return RedReverse(charity.org, last["receipt"], last["date"]);
  }
  return Status::Ok();
}

Status CityYear::CharitySpending(const DemoCharity& charity, int month) {
  const std::string general(charity.general_fund);
  for (std::string_view p : charity.projects) {
    const std::string project(p);
    const int64_t usable = model_.UsableToward(general, project);
    const int64_t amount = std::min(usable, std::max(model_.HeldForProject(general, project),
                                                     Share(usable, 0.2, 0.4)));
    if (amount > 0)
      LEDGER_RETURN_IF_ERROR(Emit(charity.org, "funds.transferred", NextIdem(charity.org, "alloc"),
                                  {{"from", general}, {"to", project}, {"amount_fen", amount},
                                   {"reason", "allocation"},
                                   {"reference", "理事会决议拨付项目资金 " + Period(month)}}));
  }
  if (charity.org == kFederation) LEDGER_RETURN_IF_ERROR(Regrants(month));
  for (std::string_view p : charity.projects) {
    const std::string project(p);
    LEDGER_RETURN_IF_ERROR(Disburse(charity.org, project, model_.FundOf(project).purpose, month,
                                    DisbursementsPerMonth(), 0.15, 0.35));
  }
  LEDGER_RETURN_IF_ERROR(Disburse(charity.org, general, std::string(charity.purpose), month, 1, 0.05, 0.15));
  return Expenses(charity, month, spent_this_month_[std::string(charity.org)]);
}

Status CityYear::Regrants(int month) {
  struct Regrant {
    std::string_view from, to;
    double lo, hi;
  };
  static constexpr Regrant kRegrants[] = {{"fed-general", "eld-meals", 0.04, 0.08},
                                          {"fed-general", "dis-rehab", 0.04, 0.08},
                                          {"fed-general", "kids-orphans", 0.04, 0.08},
                                          {"fed-poverty", "pov-relief", 0.3, 0.5}};
  for (const Regrant& r : kRegrants) {
    const std::string from(r.from), to(r.to);
    const int64_t usable = model_.UsableToward(from, to);
    const int64_t amount = std::min(usable, std::max(model_.HeldForProject(from, to), Share(usable, r.lo, r.hi)));
    if (amount <= 0) continue;
    LEDGER_RETURN_IF_ERROR(Emit(kFederation, "funds.transferred", NextIdem(kFederation, "regrant"),
                                {{"from", from}, {"to", to}, {"amount_fen", amount}, {"reason", "regrant"},
                                 {"reference", "慈善总会定向资助 " + Period(month)}}));
    spent_this_month_[std::string(kFederation)] += amount;
  }
  return Status::Ok();
}

Status CityYear::Disburse(std::string_view org, const std::string& fund, const std::string& purpose,
                          int month, int count, double share_lo, double share_hi) {
  for (int i = 0; i < count; ++i) {
    const int64_t amount = Share(model_.UsableFor(fund, purpose), share_lo, share_hi);
    if (amount == 0) break;
    const bool institution = rng_.Chance(org == kLotteryCentre ? 0.6 : 0.2);
    const std::string idem = NextIdem(org, "disb");
    LEDGER_RETURN_IF_ERROR(Emit(org, "disbursement.made", idem,
                                {{"fund", fund}, {"amount_fen", amount},
                                 {"beneficiary", Beneficiary(org, purpose, institution)},
                                 {"purpose", purpose}, {"reference", SpendingReference(purpose, month)}}));
    if (i == 0 && month == 6) scenario_.disbursements.push_back(std::string(org) + "/" + idem);
  }
  return Status::Ok();
}

Status CityYear::Expenses(const DemoCharity& charity, int month, int64_t charitable_fen) {
  const std::string general(charity.general_fund);
  auto expense = [&](const std::string& fund, int64_t amount, const char* category, std::string reference) {
    amount = amount / 100 * 100;
    if (amount <= 0) return Status::Ok();
    return Emit(charity.org, "expense.recorded", NextIdem(charity.org, "exp"),
                {{"fund", fund}, {"amount_fen", amount}, {"category", category},
                 {"reference", reference + " " + Period(month)}});
  };
  // Management well under the 10% a public-fundraising foundation may spend.
  const int64_t management = static_cast<int64_t>(charitable_fen * rng_.Real(0.04, 0.07));
  LEDGER_RETURN_IF_ERROR(expense(general, std::min(management, model_.Unrestricted(general)),
                                 "management", "行政人员薪酬及办公费用"));
  const int64_t fundraising = static_cast<int64_t>(charitable_fen * rng_.Real(0.01, 0.02));
  LEDGER_RETURN_IF_ERROR(expense(general, std::min(fundraising, model_.Unrestricted(general)),
                                 "fundraising", "网络募捐平台服务费"));
  const std::string project(charity.projects.front());
  const std::string purpose = model_.FundOf(project).purpose;
  const int64_t program = static_cast<int64_t>(model_.UsableFor(project, purpose) * rng_.Real(0.01, 0.02));
  return expense(project, program, "program", "项目执行：社工服务及物资配送");
}

}  // namespace ledger::demo
