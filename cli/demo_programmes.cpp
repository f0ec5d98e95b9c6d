// Programmes and budgets in the demo's year (DESIGN.md §6b): the orgs
// located by region and level, the province passing lottery money down to
// the city and the city's budget money beside it, one call for proposals
// with five applications, and what became of them: three approved and paid
// in tranches (by transfer to the grantee and by disbursement), one
// tranche refused until its milestone was evaluated, part of one
// commitment released and the rest still committed, one project closed
// with its leftover returned (and its final report published), one
// rejected and one still awaiting a decision. Every amount is fixed, so the
// projects answer the same whatever the seed.
#include "demo_city_year.hpp"
#include "ledger/crypto.hpp"
#include "ledger/encoding.hpp"

namespace ledger::demo {
namespace {

struct DemoLocation {
  std::string_view org, region, level;
};

// Where the demo's orgs sit (GB/T 2260 codes): the provincial holder in
// Guangdong, the lottery centre and the city-wide orgs in Shenzhen, the
// charities in its districts. The regulator, registered at genesis (which
// the generator's model does not see), is not located.
constexpr std::string_view kCityRegion = "440300";
constexpr DemoLocation kLocations[] = {
    {kProvincialHolder, "440000", "province"},    {kLotteryCentre, kCityRegion, "city"},
    {kFederation, kCityRegion, "city"},           {kElderlyFoundation, "440304", "district"},
    {kDisabledCharity, "440305", "district"},     {kChildrensHome, "440303", "district"},
    {kPovertyRelief, "440306", "district"},       {kTrustee, kCityRegion, "city"},
    {kAuditor, kCityRegion, "city"},
};

// The fund the city pays the programme from, and the grantees' funds that
// tranches paid by transfer go into (each of its project's purpose).
constexpr std::string_view kGrantsFund = "city-lottery-grants";
constexpr std::string_view kDaycareFund = "eld-daycare";
constexpr std::string_view kWinterFund = "pov-winter";
constexpr DemoFund kProgrammeFunds[] = {
    {kGrantsFund, kLotteryCentre, "lottery_welfare", "general", false, "市级福彩公益金·公益项目资助资金"},
    {kDaycareFund, kElderlyFoundation, "project", "elderly", true, "社区长者日间照料项目"},
    {kWinterFund, kPovertyRelief, "project", "poverty", true, "困难家庭冬季救助项目"},
};

constexpr int64_t kProvinceAllocationFen = 150'000'000;  // 1,500,000.00 yuan of lottery money
constexpr int64_t kCityBudgetFen = 50'000'000;           // 500,000.00 yuan of budget money

constexpr std::string_view kProgramme = "city-welfare-grants-2025";

struct DemoProject {
  std::string_view id, applicant, title, purpose, region;
  int64_t requested_fen;
};

constexpr DemoProject kDaycare = {"eld-daycare-2025", kElderlyFoundation, "社区长者日间照料中心", "elderly", "440304",
                                  80'000'000};
constexpr DemoProject kAssistiveDevices = {"dis-aids-2025", kDisabledCharity, "残疾人辅助器具适配", "disabled",
                                           "440305", 30'000'000};
constexpr DemoProject kWinterRelief = {"pov-winter-2025", kPovertyRelief, "困难家庭冬季救助", "poverty", "440306",
                                       25'000'000};
constexpr DemoProject kTutoring = {"kids-tutoring-2025", kChildrensHome, "孤残儿童课业辅导", "orphans", "440303",
                                   12'000'000};
constexpr DemoProject kRuralElderly = {"fed-rural-elderly-2025", kFederation, "乡村独居老人探访", "elderly", "440307",
                                       15'000'000};
constexpr const DemoProject* kApplications[] = {&kDaycare, &kAssistiveDevices, &kWinterRelief, &kTutoring,
                                                &kRuralElderly};

Json Tranche(int64_t no, int64_t amount_fen, bool needs_evaluation) {
  return {{"no", no}, {"amount_fen", amount_fen}, {"needs_evaluation", needs_evaluation}};
}

Json Approval(const DemoProject& p, std::string_view document, int64_t amount_fen, Json tranches) {
  return {{"project", p.id}, {"document", document}, {"amount_fen", amount_fen}, {"fund", kGrantsFund},
          {"tranches", std::move(tranches)}};
}

// A tranche paid by transfer into the grantee's fund.
Json TransferTranche(const DemoProject& p, int64_t no, std::string_view to, int64_t amount_fen,
                     std::string_view date) {
  return {{"from", kGrantsFund}, {"to", to}, {"amount_fen", amount_fen}, {"reason", "grant"},
          {"reference", std::string(p.title) + " 第" + std::to_string(no) + "期资助款"}, {"date", date},
          {"project", p.id}, {"tranche", no}};
}

std::string Sha256Hex(std::string_view what) { return HexEncode(Sha256("demo-programme/" + std::string(what))); }

Json Indicator(std::string_view name, std::string_view value, std::string_view unit) {
  return {{"name", name}, {"value", value}, {"unit", unit}};
}

std::string Idem(std::string_view what, const DemoProject& p) {
  return "demo-" + std::string(what) + "-" + std::string(p.id);
}

std::string TrancheIdem(const DemoProject& p, int64_t no) { return Idem("tranche", p) + "-" + std::to_string(no); }

}  // namespace

Status CityYear::Programmes() {
  LEDGER_RETURN_IF_ERROR(LocateOrgs());
  LEDGER_RETURN_IF_ERROR(FundTheProgramme());
  LEDGER_RETURN_IF_ERROR(CallForProposals());
  LEDGER_RETURN_IF_ERROR(Decide());
  LEDGER_RETURN_IF_ERROR(DaycareTranches());
  LEDGER_RETURN_IF_ERROR(AssistiveDevicesToClosing());
  LEDGER_RETURN_IF_ERROR(WinterReliefTranches());
  scenario_.projects = {
      {std::string(kDaycare.id), "tranche 2 refused (body.tranche) until its milestone was evaluated, then paid"},
      {std::string(kAssistiveDevices.id), "paid by disbursement, closed with its leftover returned, final report published"},
      {std::string(kWinterRelief.id), "first tranche paid by transfer, part of the second released, the rest committed"},
      {std::string(kTutoring.id), "rejected"},
      {std::string(kRuralElderly.id), "awaiting a decision"},
  };
  return Status::Ok();
}

Status CityYear::LocateOrgs() {
  for (const DemoLocation& l : kLocations)
    LEDGER_RETURN_IF_ERROR(Emit(options_.regulator_id, "org.located", "demo-locate-" + std::string(l.org),
                                {{"org", l.org}, {"region", l.region}, {"level", l.level}}));
  return Status::Ok();
}

// The province passes part of the central lottery money it holds down to
// the city's grants fund; the city's budget adds its own money beside it.
Status CityYear::FundTheProgramme() {
  for (const DemoFund& fund : kProgrammeFunds) {
    scenario_.funds.emplace_back(fund.id);
    LEDGER_RETURN_IF_ERROR(Emit(fund.owner, "fund.opened", "demo-open-" + std::string(fund.id),
                                {{"id", fund.id}, {"owner", fund.owner}, {"kind", fund.kind},
                                 {"purpose", fund.purpose}, {"restricted", fund.restricted}, {"name", fund.name}}));
  }
  LEDGER_RETURN_IF_ERROR(Emit(kProvincialHolder, "funds.transferred", "demo-province-allocation-2025",
                              {{"from", kCentralShareFund}, {"to", kGrantsFund}, {"amount_fen", kProvinceAllocationFen},
                               {"reason", "allocation"},
                               {"reference", "粤民函〔2025〕88号 中央专项彩票公益金支持市级社会福利项目"},
                               {"date", "2025-06-20"}}));
  return Emit(kLotteryCentre, "appropriation.received", "demo-appropriation-2025",
              {{"fund", kGrantsFund}, {"amount_fen", kCityBudgetFen}, {"document", "深财社〔2025〕126号"},
               {"level", "city"}, {"fiscal_year", 2025}, {"date", "2025-06-25"}});
}

Status CityYear::CallForProposals() {
  for (const DemoProject* p : kApplications)
    LEDGER_RETURN_IF_ERROR(Emit(p->applicant, "project.applied", Idem("apply", *p),
                                {{"id", p->id}, {"programme", kProgramme}, {"title", p->title},
                                 {"purpose", p->purpose}, {"amount_fen", p->requested_fen}, {"region", p->region},
                                 {"start", "2025-07-01"}, {"end", "2025-12-31"}}));
  return Status::Ok();
}

// The city's lottery centre decides: three approved from its grants fund
// (one for less than asked), one rejected, one left for later.
Status CityYear::Decide() {
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "project.approved", Idem("approve", kDaycare),
                              Approval(kDaycare, "深民福〔2025〕41号", 60'000'000,
                                       Json::array({Tranche(1, 36'000'000, false), Tranche(2, 24'000'000, true)}))));
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "project.approved", Idem("approve", kAssistiveDevices),
                              Approval(kAssistiveDevices, "深民福〔2025〕42号", 30'000'000,
                                       Json::array({Tranche(1, 18'000'000, false), Tranche(2, 12'000'000, false)}))));
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "project.approved", Idem("approve", kWinterRelief),
                              Approval(kWinterRelief, "深民福〔2025〕43号", 20'000'000,
                                       Json::array({Tranche(1, 12'000'000, false), Tranche(2, 8'000'000, false)}))));
  return Emit(kLotteryCentre, "project.rejected", Idem("reject", kTutoring),
              {{"project", kTutoring.id}, {"reason", "申报材料不全：缺少服务对象名册和项目预算明细"}});
}

// Tranche 2 waits for its milestone and an evaluation of grade A to C: paid
// too early, it is refused; the same payment succeeds once evaluated.
Status CityYear::DaycareTranches() {
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "funds.transferred", TrancheIdem(kDaycare, 1),
                              TransferTranche(kDaycare, 1, kDaycareFund, 36'000'000, "2025-07-10")));
  const ScenarioEvent second{std::string(kLotteryCentre), "funds.transferred", TrancheIdem(kDaycare, 2),
                             TransferTranche(kDaycare, 2, kDaycareFund, 24'000'000, "2025-11-20")};
  LEDGER_RETURN_IF_ERROR(Attempt(second, "body.tranche"));
  LEDGER_RETURN_IF_ERROR(Emit(kElderlyFoundation, "project.milestone_reported", Idem("milestone", kDaycare) + "-2",
                              {{"project", kDaycare.id}, {"tranche", 2}, {"sha256", Sha256Hex("daycare-milestone-2")},
                               {"indicators", Json::array({Indicator("日间照料床位", "40", "张"),
                                                           Indicator("服务长者", "1260", "人次"),
                                                           Indicator("服务满意度", "96.5", "%")})}}));
  LEDGER_RETURN_IF_ERROR(Emit(kAuditor, "project.evaluated", Idem("evaluate", kDaycare) + "-2",
                              {{"project", kDaycare.id}, {"tranche", 2}, {"grade", "A"}, {"score", 92},
                               {"sha256", Sha256Hex("daycare-evaluation-2")}}));
  LEDGER_RETURN_IF_ERROR(Emit(second.org, second.type, second.idem, second.body));
  // The grantee spends from what it received.
  return Emit(kElderlyFoundation, "disbursement.made", "demo-daycare-operation-2025-12",
              {{"fund", kDaycareFund}, {"amount_fen", 20'000'000}, {"purpose", "elderly"},
               {"beneficiary", {{"pseudonym", Pseudonym(kElderlyFoundation, "daycare-centre", 1)}, {"kind", "institution"}}},
               {"reference", "福田区长者日间照料中心运营补助"}, {"date", "2025-12-15"}});
}

// Paid straight to the supplier by disbursement; the second tranche came
// in under budget, and closing the project returns the rest. The approver
// then owes the project's final report within three months, and
// publishes it on time.
Status CityYear::AssistiveDevicesToClosing() {
  auto pay = [&](int64_t no, int64_t amount_fen, std::string_view date) {
    return Emit(kLotteryCentre, "disbursement.made", TrancheIdem(kAssistiveDevices, no),
                {{"fund", kGrantsFund}, {"amount_fen", amount_fen}, {"purpose", kAssistiveDevices.purpose},
                 {"beneficiary", {{"pseudonym", Pseudonym(kLotteryCentre, "assistive-devices-supplier", 1)},
                                  {"kind", "institution"}}},
                 {"reference", "辅助器具采购合同 SZ-FZ-2025-0" + std::to_string(no)}, {"date", date},
                 {"project", kAssistiveDevices.id}, {"tranche", no}});
  };
  LEDGER_RETURN_IF_ERROR(pay(1, 18'000'000, "2025-08-15"));
  scenario_.disbursements.push_back(std::string(kLotteryCentre) + "/" + TrancheIdem(kAssistiveDevices, 1));
  LEDGER_RETURN_IF_ERROR(pay(2, 9'000'000, "2025-12-10"));
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "project.closed", Idem("close", kAssistiveDevices),
                              {{"project", kAssistiveDevices.id}, {"date", "2025-12-30"}, {"leftover", "returned"},
                               {"note", "第二期实际适配 150 人，少于计划的 200 人，结余 30,000.00 元退回资助资金"}}));
  const std::string report = std::string(kAssistiveDevices.id) + "-final";
  return Emit(kLotteryCentre, "disclosure.published", "demo-disclose-" + report,
              {{"kind", "project_final"}, {"subject", kAssistiveDevices.id}, {"period", "2025-12"},
               {"date", "2026-01-20"}, {"sha256", Sha256Hex(report)},
               {"url", "https://demo.welfare-ledger.example/disclosure/" + report + ".pdf"}});
}

// The second tranche is cut down before it is paid: part of the
// commitment is released, the rest stays committed in the grants fund.
Status CityYear::WinterReliefTranches() {
  LEDGER_RETURN_IF_ERROR(Emit(kLotteryCentre, "funds.transferred", TrancheIdem(kWinterRelief, 1),
                              TransferTranche(kWinterRelief, 1, kWinterFund, 12'000'000, "2025-12-01")));
  return Emit(kLotteryCentre, "commitment.released", Idem("release", kWinterRelief),
              {{"project", kWinterRelief.id}, {"amount_fen", 3'000'000},
               {"reason", "第二期救助对象由 400 户核减为 250 户，释放相应承诺资金"}});
}

Status CityYear::Attempt(ScenarioEvent event, const std::string& field) {
  const Status refused = model_.Apply(event);
  if (refused.ok() || refused.error().field != field)
    return Error::Refused(field, "the demo's model should refuse " + event.org + "/" + event.idem + " naming " +
                                     field + ": " + (refused.ok() ? "it accepted it" : refused.error().ToString()));
  const ScenarioEvent& last = scenario_.events.back();
  scenario_.refusals.push_back({std::move(event), field, last.org + "/" + last.idem});
  return Status::Ok();
}

}  // namespace ledger::demo
