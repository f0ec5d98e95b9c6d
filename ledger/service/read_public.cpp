// The read models of the public side of fundraising: campaigns, receipts
// and their fiscal e-receipts, and an org's disclosure obligations
// (DESIGN.md §6b; docs/api.md gives the shapes).
#include "ledger/domain/campaigns.hpp"
#include "ledger/domain/receipts.hpp"
#include "ledger/domain/records.hpp"
#include "ledger/domain/vocabulary.hpp"
#include "ledger/obligations.hpp"
#include "ledger/read_models.hpp"
#include "ledger/service/store_kv.hpp"

namespace ledger {
namespace {

Json Totals(const DayTotals& t) { return {{"raised_fen", t.raised_fen.value}, {"gifts", t.gifts}}; }

Json Texts(const std::vector<std::string>& texts) { return Json(texts); }

Json FundIds(const std::vector<FundId>& funds) {
  Json out = Json::array();
  for (const FundId& f : funds) out.push_back(f.str());
  return out;
}

std::string_view CampaignStatus(const CampaignRecord& c, const Date& today) {
  if (c.closed || c.terms.end < today) return "closed";
  return c.terms.start <= today ? "open" : "filed";
}

Json CampaignHeader(const CampaignRecord& c, const CampaignTotals& totals, const Date& today) {
  const CampaignFiled& t = c.terms;
  const int before = campaigns::DaysBetween(c.filed_day, t.start);
  return {{"id", t.id.str()},
          {"org", c.org.str()},
          {"filing_no", t.filing_no},
          {"title", t.title},
          {"purpose", NameOf(t.purpose)},
          {"target_fen", t.target_fen.value},
          {"start", t.start.text},
          {"end", t.end.text},
          {"region", t.region},
          {"platforms", Texts(t.platforms)},
          {"funds", FundIds(t.funds)},
          {"public", t.is_public},
          {"status", CampaignStatus(c, today)},
          {"raised_fen", totals.all.raised_fen.value},
          {"gifts", totals.all.gifts},
          {"filed_seq", c.filed_seq.value},
          {"filed_on", c.filed_day.text},
          {"filed_days_before_start", before},
          {"late_filing", before < campaigns::kMinFilingDaysBeforeStart},
          {"closed", c.closed ? Json(c.closed->text) : Json(nullptr)}};
}

Result<CampaignRecord> CampaignOr404(State& state, std::string_view id) {
  LEDGER_ASSIGN_OR_RETURN(auto c, state.Find<CampaignRecord>(keys::Campaign(CampaignId(id))));
  if (!c) return Error::NotFound("no campaign " + std::string(id));
  return std::move(*c);
}

Result<Json> ByDay(State& state, const CampaignId& id, std::string_view from, std::size_t limit, Json& next) {
  Json days = Json::array();
  const std::string prefix = keys::CampaignDayPrefix(id);
  const std::string start = from.empty() ? std::string() : prefix + std::string(from);
  next = nullptr;
  LEDGER_RETURN_IF_ERROR(state.Scan<DayTotals>(prefix, start, [&](std::string_view key, const DayTotals& t) {
    const std::string_view date = key.substr(prefix.size());
    if (days.size() >= limit) {
      next = std::string(date);
      return false;
    }
    Json day = Totals(t);
    day["date"] = std::string(date);
    days.push_back(std::move(day));
    return true;
  }));
  return days;
}

// Whether, and when, the disclosure an obligation asks for was published.
Result<std::optional<DisclosureRecord>> MetBy(State& state, const OrgId& org, const Obligation& o) {
  return state.Find<DisclosureRecord>(keys::Disclosed(org, o.kind, o.subject, DisclosureKey(o.kind, o.period)));
}

Result<Json> ObligationJson(State& state, const OrgId& org, const Obligation& o, const Date& today) {
  LEDGER_ASSIGN_OR_RETURN(auto met, MetBy(state, org, o));
  const std::optional<Date> met_on = met ? std::optional<Date>(met->body.date) : std::nullopt;
  return Json{{"kind", NameOf(o.kind)},
              {"subject", o.subject},
              {"period", o.period},
              {"due", o.due.text},
              {"status", NameOf(StatusOf(o.due, met_on, today))},
              {"met_by", met ? Json(met->seq.value) : Json(nullptr)},
              {"met_on", met_on ? Json(met_on->text) : Json(nullptr)}};
}

Json FiscalJson(const std::optional<FiscalNo>& f) {
  if (!f) return nullptr;
  return {{"code", f->code}, {"number", f->number}, {"check_code", f->check_code}};
}

template <class Visit>
Status ScanIds(State& state, const std::string& prefix, std::size_t limit, Visit visit) {
  std::vector<std::string> ids;
  LEDGER_RETURN_IF_ERROR(state.kv().Scan(Space::kState, prefix, keys::End(prefix),
                                         [&](std::string_view key, std::string_view) {
                                           ids.emplace_back(key.substr(prefix.size()));
                                           return ids.size() < limit;
                                         }));
  for (const std::string& id : ids) LEDGER_RETURN_IF_ERROR(visit(id));
  return Status::Ok();
}

int YearOf(const Date& d) { return std::stoi(d.text.substr(0, 4)); }

// The headers of an org's campaigns, ids ascending, at most kMaxListedCampaigns.
Result<Json> CampaignHeaders(State& state, const OrgId& org, const Date& today) {
  Json list = Json::array();
  LEDGER_RETURN_IF_ERROR(ScanIds(state, keys::OrgCampaignPrefix(org), kMaxListedCampaigns,
                                 [&](const std::string& id) -> Status {
                                   LEDGER_ASSIGN_OR_RETURN(CampaignRecord c, CampaignOr404(state, id));
                                   LEDGER_ASSIGN_OR_RETURN(CampaignTotals t,
                                                           state.Need<CampaignTotals>(keys::CampaignTotal(c.terms.id)));
                                   list.push_back(CampaignHeader(c, t, today));
                                   return Status::Ok();
                                 }));
  return list;
}

}  // namespace

Result<Json> ReadCampaign(const Store& store, std::string_view id, const Date& today, std::string_view days_from,
                          std::size_t days_limit) {
  StoreStateView view(store);
  State& state = view.state();
  LEDGER_ASSIGN_OR_RETURN(CampaignRecord c, CampaignOr404(state, id));
  LEDGER_ASSIGN_OR_RETURN(CampaignTotals totals, state.Need<CampaignTotals>(keys::CampaignTotal(c.terms.id)));
  Json json = CampaignHeader(c, totals, today);
  Json by_channel = Json::object();
  for (std::size_t i = 0; i < totals.by_channel.size(); ++i)
    if (totals.by_channel[i].gifts > 0) by_channel[std::string(vocabulary::kChannels[i])] = Totals(totals.by_channel[i]);
  json["by_channel"] = std::move(by_channel);
  Json by_platform = Json::object();
  const std::string platforms = keys::CampaignPlatformPrefix(c.terms.id);
  LEDGER_RETURN_IF_ERROR(state.Scan<DayTotals>(platforms, {}, [&](std::string_view key, const DayTotals& t) {
    by_platform[std::string(key.substr(platforms.size()))] = Totals(t);
    return true;  // at most kMaxCampaignPlatforms, and those of amendments
  }));
  json["by_platform"] = std::move(by_platform);
  Json next;
  LEDGER_ASSIGN_OR_RETURN(json["by_day"], ByDay(state, c.terms.id, days_from, days_limit, next));
  json["by_day_next"] = std::move(next);
  json["summary"] = c.summary ? Json(*c.summary) : Json(nullptr);
  Json amendments = Json::array();
  for (Seq s : c.amendments) amendments.push_back(s.value);
  json["amendments"] = std::move(amendments);
  Json obligations = Json::array();
  for (const Obligation& o : CampaignObligations(c.terms.id.str(), c.terms.start, c.terms.end, campaigns::LastDay(c))) {
    LEDGER_ASSIGN_OR_RETURN(Json entry, ObligationJson(state, c.org, o, today));
    obligations.push_back(std::move(entry));
  }
  json["disclosures"] = std::move(obligations);
  return json;
}

Result<Json> ReadOrgCampaigns(const Store& store, std::string_view org, const Date& today) {
  StoreStateView view(store);
  State& state = view.state();
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<Org>(keys::Org(OrgId(org))));
  if (!found) return Error::NotFound("org " + std::string(org) + " is not registered");
  LEDGER_ASSIGN_OR_RETURN(Json list, CampaignHeaders(state, OrgId(org), today));
  return Json{{"org", std::string(org)}, {"campaigns", std::move(list)}};
}

Result<Json> ReadOrgDirectory(const Store& store, std::string_view from, std::size_t limit, const Date& today) {
  StoreStateView view(store);
  State& state = view.state();
  std::vector<Org> orgs;
  Json next = nullptr;
  const std::string start = from.empty() ? std::string() : keys::Org(OrgId(from));
  LEDGER_RETURN_IF_ERROR(state.Scan<Org>(keys::kOrgPrefix, start, [&](std::string_view, const Org& org) {
    if (orgs.size() >= limit) {
      next = org.id;
      return false;
    }
    orgs.push_back(org);
    return true;
  }));
  Json list = Json::array();
  for (const Org& org : orgs) {
    const OrgId id(org.id);
    Json funds = Json::array();
    LEDGER_RETURN_IF_ERROR(ScanIds(state, keys::OrgFundPrefix(id), kMaxListedFunds, [&](const std::string& f) -> Status {
      LEDGER_ASSIGN_OR_RETURN(FundRecord fund, state.Need<FundRecord>(keys::Fund(FundId(f))));
      funds.push_back({{"id", f}, {"name", fund.name}, {"balance_fen", fund.balance_fen.value}});
      return Status::Ok();
    }));
    LEDGER_ASSIGN_OR_RETURN(Json campaigns, CampaignHeaders(state, id, today));
    Json roles = OrgToJson(org)["roles"];
    list.push_back({{"id", org.id}, {"name", org.name}, {"kind", OrgKindName(org.kind)}, {"roles", std::move(roles)},
                    {"funds", std::move(funds)}, {"campaigns", std::move(campaigns)}});
  }
  return Json{{"orgs", std::move(list)}, {"next", std::move(next)}};
}

Result<Json> ReadReceiptJson(const Store& store, std::string_view receipt) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto r, view.state().Find<ReceiptRecord>(keys::Receipt(ReceiptNo(receipt))));
  if (!r) return Error::NotFound("no gift has receipt " + std::string(receipt));
  Json history = Json::array();
  for (const auto& [seq, kind] : r->history)
    history.push_back({{"seq", seq.value}, {"type", EventTypeOf(kind).name}});
  Json json = {{"receipt", std::string(receipt)},
               {"seq", r->seq.value},
               {"org", r->poster.str()},
               {"amount_fen", r->amount_fen.value},
               {"date", r->date.text},
               {"status", receipts::StatusName(*r)},
               {"fiscal", FiscalJson(r->fiscal)},
               {"issued_on", r->fiscal_date ? Json(r->fiscal_date->text) : Json(nullptr)},
               {"red", FiscalJson(r->red)},
               {"history", std::move(history)}};
  if (r->replaces) json["replaces"] = r->replaces->str();
  if (r->replaced_by) json["replaced_by"] = r->replaced_by->str();
  return json;
}

Result<std::string> ReadReceiptOfFiscal(const Store& store, std::string_view code, std::string_view number) {
  LEDGER_ASSIGN_OR_RETURN(auto receipt, store.Get(Column::kState, keys::Fiscal(code, number)));
  if (!receipt) return Error::NotFound("no receipt has fiscal number " + std::string(code) + "/" + std::string(number));
  return std::move(*receipt);
}

Result<std::vector<Obligation>> OrgObligations(const Store& store, const Org& org, const Date& today) {
  StoreStateView view(store);
  State& state = view.state();
  const auto year_of_seq = [&state](uint64_t seq) -> Result<int> {
    LEDGER_ASSIGN_OR_RETURN(auto day, state.kv().Get(Space::kState, keys::Since(Seq(seq))));
    if (!day || day->size() != 10) return Error::Corruption("the day of event " + std::to_string(seq) + " is not kept");
    return YearOf(Date{*day});
  };
  const OrgId id(org.id);
  std::vector<Obligation> out;
  LEDGER_RETURN_IF_ERROR(ScanIds(state, keys::OrgCampaignPrefix(id), kMaxListedCampaigns,
                                 [&](const std::string& campaign) -> Status {
                                   LEDGER_ASSIGN_OR_RETURN(CampaignRecord c, CampaignOr404(state, campaign));
                                   for (Obligation& o : CampaignObligations(campaign, c.terms.start, c.terms.end,
                                                                            campaigns::LastDay(c)))
                                     out.push_back(std::move(o));
                                   return Status::Ok();
                                 }));
  LEDGER_RETURN_IF_ERROR(ScanIds(state, keys::OrgProjectPrefix(id), kMaxListedProjects,
                                 [&](const std::string& project) -> Status {
                                   LEDGER_ASSIGN_OR_RETURN(auto p, state.Find<ProjectRecord>(keys::Project(ProjectId(project))));
                                   if (p && p->closed && p->approver == id)
                                     out.push_back(ProjectFinalObligation(project, *p->closed));
                                   return Status::Ok();
                                 }));
  const int this_year = YearOf(today);
  if (org.kind == OrgKind::kCharity || org.kind == OrgKind::kFoundation) {
    LEDGER_ASSIGN_OR_RETURN(const int from, year_of_seq(org.registered_seq));
    for (int year = from; year < this_year; ++year) out.push_back(AnnualReportObligation(org.id, year));
  }
  LEDGER_RETURN_IF_ERROR(ScanIds(state, keys::OrgFundPrefix(id), kMaxListedFunds,
                                 [&](const std::string& fund) -> Status {
                                   LEDGER_ASSIGN_OR_RETURN(auto f, state.Find<FundRecord>(keys::Fund(FundId(fund))));
                                   if (!f || f->kind != FundKind::kTrust) return Status::Ok();
                                   LEDGER_ASSIGN_OR_RETURN(const int from, year_of_seq(f->opened_seq.value));
                                   for (int year = from; year < this_year; ++year)
                                     out.push_back(TrustReportObligation(fund, year));
                                   return Status::Ok();
                                 }));
  return out;
}

Result<ObligationStatus> ObligationStatusOf(const Store& store, const Org& org, const Obligation& o,
                                            const Date& today) {
  StoreStateView view(store);
  LEDGER_ASSIGN_OR_RETURN(auto met, MetBy(view.state(), OrgId(org.id), o));
  return StatusOf(o.due, met ? std::optional<Date>(met->body.date) : std::nullopt, today);
}

Result<Json> ReadObligations(const Store& store, const Org& org, const Date& today) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<Obligation> all, OrgObligations(store, org, today));
  StoreStateView view(store);
  State& state = view.state();
  const OrgId id(org.id);
  Json obligations = Json::array();
  for (const Obligation& o : all) {
    LEDGER_ASSIGN_OR_RETURN(Json entry, ObligationJson(state, id, o, today));
    obligations.push_back(std::move(entry));
  }
  Json published = Json::array();
  LEDGER_RETURN_IF_ERROR(state.Scan<DisclosureRecord>(keys::OrgDisclosurePrefix(id), {},
                                                      [&](std::string_view, const DisclosureRecord& d) {
    published.push_back({{"seq", d.seq.value}, {"kind", NameOf(d.body.kind)}, {"subject", d.body.subject},
                         {"period", d.body.period}, {"date", d.body.date.text}, {"recorded", d.recorded.text},
                         {"sha256", d.body.sha256}, {"url", d.body.url}});
    return published.size() < kMaxListedDisclosures;
  }));
  return Json{{"org", org.id},
              {"as_of", today.text},
              {"obligations", std::move(obligations)},
              {"disclosures", std::move(published)}};
}

}  // namespace ledger
