#include "ledger/domain/campaigns.hpp"

#include "ledger/domain/calendar.hpp"
#include "ledger/domain/org_rules.hpp"
#include "ledger/timestamp.hpp"

namespace ledger::campaigns {
namespace {

Result<CampaignRecord> Own(const CampaignId& id, const OrgId& poster, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<CampaignRecord>(keys::Campaign(id)));
  if (!found) return Error::Refused("body.campaign", "no campaign " + id.str() + " was filed");
  if (found->org != poster)
    return Error{Code::kPermissionDenied, "body.campaign", "campaign " + id.str() + " was filed by " + found->org.str()};
  if (found->closed)
    return Error::Refused("body.campaign", "campaign " + id.str() + " closed on " + found->closed->text);
  return std::move(*found);
}

// The funds a campaign collects into: the poster's, and not trust funds.
Status CheckFunds(const std::vector<FundId>& funds, const OrgId& poster, State& state) {
  for (std::size_t i = 0; i < funds.size(); ++i) {
    const std::string field = "body.funds[" + std::to_string(i) + "]";
    LEDGER_ASSIGN_OR_RETURN(auto fund, state.Find<FundRecord>(keys::Fund(funds[i])));
    if (!fund) return Error::Refused(field, "no fund " + funds[i].str());
    if (fund->owner != poster)
      return Error{Code::kPermissionDenied, field, "fund " + funds[i].str() + " belongs to " + fund->owner.str()};
    if (fund->kind == FundKind::kTrust)
      return Error::Refused(field, "fund " + funds[i].str() + " is a trust fund; trusts take trust.contributed");
  }
  return Status::Ok();
}

Result<Org> Poster(const OrgId& poster, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto org, FindOrg(state, poster));
  LEDGER_CHECK_MSG(org.has_value(), "admission found the poster");
  return std::move(*org);
}

Status Qualified(const OrgId& poster, const char* field, State& state) {
  LEDGER_ASSIGN_OR_RETURN(Org org, Poster(poster, state));
  if (!org.qualified)
    return Error::Refused(field, "org " + org.id +
                                     " does not hold the public-fundraising qualification (公开募捐资格)");
  return Status::Ok();
}

int64_t DayNumber(const Date& date) {
  using calendar::DigitsAt;
  // Days since 0000-03-01 (a proleptic Gregorian day count).
  int y = DigitsAt(date.text, 0, 4), m = DigitsAt(date.text, 5, 2);
  const int d = DigitsAt(date.text, 8, 2);
  if (m <= 2) {
    y -= 1;
    m += 12;
  }
  return 365LL * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
}

void Add(DayTotals& t, Fen amount, int sign) {
  t.raised_fen = Fen(t.raised_fen.value + sign * amount.value);
  t.gifts = sign > 0 ? t.gifts + 1 : t.gifts - 1;
}

// Adds a gift to the totals under `key` (sign +1) or takes it back (-1);
// totals that come back to no gift are deleted.
Status CountUnder(const std::string& key, const Gift& gift, int sign, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<DayTotals>(key));
  DayTotals t = found.value_or(DayTotals{});
  Add(t, gift.amount_fen, sign);
  if (t.gifts == 0) state.Delete(key);
  else state.Put(key, t);
  return Status::Ok();
}

}  // namespace

int DaysBetween(const Date& from, const Date& to) { return static_cast<int>(DayNumber(to) - DayNumber(from)); }

const Date& LastDay(const CampaignRecord& c) { return c.closed ? *c.closed : c.terms.end; }

Status File(const CampaignFiled& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto existing, state.Find<CampaignRecord>(keys::Campaign(body.id)));
  if (existing) return Error::Refused("body.id", "campaign " + body.id.str() + " was already filed");
  if (body.is_public) LEDGER_RETURN_IF_ERROR(Qualified(at.poster, "body.public", state));
  LEDGER_RETURN_IF_ERROR(CheckFunds(body.funds, at.poster, state));
  auto day = DayOfTimestamp(at.ts);
  if (!day.ok()) return Error::Corruption("event " + std::to_string(at.seq.value) + ": " + day.error().ToString());
  state.Put(keys::Campaign(body.id), CampaignRecord{.org = at.poster, .filed_seq = at.seq,
                                                    .filed_day = Date{*day}, .terms = body});
  state.Put(keys::CampaignTotal(body.id), CampaignTotals{});
  state.PutRaw(keys::OrgCampaign(at.poster, body.id), "");
  return Status::Ok();
}

Status Amend(const CampaignAmended& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(CampaignRecord c, Own(body.campaign, at.poster, state));
  if (c.amendments.size() >= kMaxAmendments)
    return Error::Refused("body.campaign", "campaign " + body.campaign.str() + " has " +
                                               std::to_string(kMaxAmendments) + " amendments, the most one takes");
  if (body.end && *body.end < c.terms.start)
    return Error::Refused("body.end", "is before the campaign's start (" + c.terms.start.text + ")");
  if (body.funds) LEDGER_RETURN_IF_ERROR(CheckFunds(*body.funds, at.poster, state));
  if (body.end) c.terms.end = *body.end;
  if (body.target_fen) c.terms.target_fen = *body.target_fen;
  if (body.platforms) c.terms.platforms = *body.platforms;
  if (body.funds) c.terms.funds = *body.funds;
  c.amendments.push_back(at.seq);
  state.Put(keys::Campaign(body.campaign), c);
  return Status::Ok();
}

Status Close(const CampaignClosed& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(CampaignRecord c, Own(body.campaign, at.poster, state));
  if (body.date < c.terms.start)
    return Error::Refused("body.date", "is before the campaign's start (" + c.terms.start.text + ")");
  if (c.terms.end < body.date)
    return Error::Refused("body.date", "is after the campaign's end (" + c.terms.end.text +
                                           "); amend its end first to run it longer");
  c.closed = body.date;
  c.summary = body.summary;
  state.Put(keys::Campaign(body.campaign), c);
  return Status::Ok();
}

Status CheckGift(const Gift& gift, EventKind kind, const OrgId& poster, State& state) {
  if (!gift.campaign) return Status::Ok();
  const CampaignId& id = *gift.campaign;
  if (kind != EventKind::kDonationReceived)
    return Error::Refused("body.campaign", "only a donation.received may name a campaign");
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<CampaignRecord>(keys::Campaign(id)));
  if (!found) return Error::Refused("body.campaign", "no campaign " + id.str() + " was filed");
  const CampaignRecord& c = *found;
  if (c.org != poster)
    return Error{Code::kPermissionDenied, "body.campaign", "campaign " + id.str() + " collects for " + c.org.str()};
  if (gift.date < c.terms.start || LastDay(c) < gift.date)
    return Error::Refused("body.date", gift.date.text + " is outside campaign " + id.str() + " (" +
                                           c.terms.start.text + " to " + LastDay(c).text +
                                           (c.closed ? ", when it closed)" : ")"));
  if (std::find(c.terms.funds.begin(), c.terms.funds.end(), gift.fund) == c.terms.funds.end())
    return Error::Refused("body.fund", "campaign " + id.str() + " does not collect into fund " + gift.fund.str());
  if (gift.platform &&
      std::find(c.terms.platforms.begin(), c.terms.platforms.end(), *gift.platform) == c.terms.platforms.end())
    return Error::Refused("body.platform", "campaign " + id.str() + " raises through none called " + *gift.platform);
  if (c.terms.is_public) LEDGER_RETURN_IF_ERROR(Qualified(poster, "body.campaign", state));
  return Status::Ok();
}

Status Count(const Gift& gift, int sign, State& state) {
  if (!gift.campaign) return Status::Ok();
  const std::string total_key = keys::CampaignTotal(*gift.campaign);
  LEDGER_ASSIGN_OR_RETURN(CampaignTotals totals, state.Need<CampaignTotals>(total_key));
  Add(totals.all, gift.amount_fen, sign);
  Add(totals.by_channel[static_cast<std::size_t>(gift.channel)], gift.amount_fen, sign);
  state.Put(total_key, totals);
  if (gift.platform) LEDGER_RETURN_IF_ERROR(CountUnder(keys::CampaignPlatform(*gift.campaign, *gift.platform), gift, sign, state));
  return CountUnder(keys::CampaignDay(*gift.campaign, gift.date.text), gift, sign, state);
}

}  // namespace ledger::campaigns
