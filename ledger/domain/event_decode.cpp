// Decoding event bodies into their structs, once the schema has passed
// (schema.cpp): from then on nothing can be missing or of the wrong kind,
// so a surprise here is our bug.
#include <array>
#include <cstddef>

#include "ledger/codec/json_doc.hpp"
#include "ledger/domain/event_decode.hpp"
#include "ledger/domain/schema_fields.hpp"
#include "ledger/domain/vocabulary.hpp"
#include "ledger/event_codec.hpp"

namespace ledger {
namespace {

namespace v = vocabulary;

template <class Enum, std::size_t N>
Enum Parse(const std::array<std::string_view, N>& names, JsonValue value) {
  const std::string_view name = value.str();
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  LEDGER_CHECK_MSG(false, "a schema-checked name is in its vocabulary: " + std::string(name));
  return Enum{};
}

std::string Text(JsonValue value) { return std::string(value.str()); }
std::optional<std::string> OptionalText(JsonValue body, std::string_view name) {
  JsonValue value = body.find(name);
  if (!value.valid()) return std::nullopt;
  return Text(value);
}
Fen Money(JsonValue value) { return Fen(value.integer()); }
Purpose PurposeOf(JsonValue value) { return Parse<Purpose>(v::kPurposes, value); }

Person DecodePerson(JsonValue p) {
  return {Text(p["pseudonym"]), Parse<DonorKind>(v::kDonorKinds, p["kind"]),
          OptionalText(p, "display_name")};
}

Gift DecodeGift(JsonValue b) {
  Gift g;
  g.receipt = ReceiptNo(b["receipt"].str());
  g.fund = FundId(b["fund"].str());
  g.amount_fen = Money(b["amount_fen"]);
  g.donor = DecodePerson(b["donor"]);
  g.channel = Parse<Channel>(v::kChannels, b["channel"]);
  g.date = Date{Text(b["date"])};
  if (JsonValue d = b.find("designation"); d.valid()) {
    Designation designation;
    if (JsonValue project = d.find("project"); project.valid()) designation.project = FundId(project.str());
    if (JsonValue purpose = d.find("purpose"); purpose.valid()) designation.purpose = PurposeOf(purpose);
    g.designation = std::move(designation);
  }
  if (JsonValue k = b.find("in_kind"); k.valid())
    g.in_kind = InKind{Text(k["description"]), Parse<ValuationBasis>(v::kValuationBases, k["valuation_basis"])};
  if (JsonValue c = b.find("campaign"); c.valid()) g.campaign = CampaignId(c.str());
  g.platform = OptionalText(b, "platform");
  if (JsonValue r = b.find("replaces"); r.valid()) g.replaces = ReceiptNo(r.str());
  return g;
}

std::optional<Date> OptionalDate(JsonValue body) {
  JsonValue value = body.find("date");
  if (!value.valid()) return std::nullopt;
  return Date{Text(value)};
}

std::vector<std::string> Texts(JsonValue list) {
  std::vector<std::string> out;
  for (JsonValue item : list) out.push_back(Text(item));
  return out;
}

std::vector<FundId> FundIds(JsonValue list) {
  std::vector<FundId> out;
  for (JsonValue item : list) out.emplace_back(item.str());
  return out;
}

FiscalNo DecodeFiscal(JsonValue f) { return {Text(f["code"]), Text(f["number"]), Text(f["check_code"])}; }

CampaignFiled DecodeCampaignFiled(JsonValue b) {
  return CampaignFiled{CampaignId(b["id"].str()), Text(b["filing_no"]), Text(b["title"]),
                       PurposeOf(b["purpose"]), Money(b["target_fen"]), Date{Text(b["start"])},
                       Date{Text(b["end"])}, Text(b["region"]), Texts(b["platforms"]), FundIds(b["funds"]),
                       b["public"].boolean()};
}

CampaignAmended DecodeCampaignAmended(JsonValue b) {
  CampaignAmended e{CampaignId(b["campaign"].str()), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                    Text(b["reason"])};
  if (JsonValue end = b.find("end"); end.valid()) e.end = Date{Text(end)};
  if (JsonValue target = b.find("target_fen"); target.valid()) e.target_fen = Money(target);
  if (JsonValue platforms = b.find("platforms"); platforms.valid()) e.platforms = Texts(platforms);
  if (JsonValue funds = b.find("funds"); funds.valid()) e.funds = FundIds(funds);
  return e;
}

DisclosurePublished DecodeDisclosure(JsonValue b) {
  return DisclosurePublished{Parse<DisclosureKind>(v::kDisclosureKinds, b["kind"]), Text(b["subject"]),
                             Text(b["period"]), Date{Text(b["date"])}, Text(b["sha256"]), Text(b["url"])};
}

Level LevelOf(JsonValue value) { return Parse<Level>(v::kLevels, value); }

OrgRegistered DecodeOrgRegistered(JsonValue b) {
  OrgRegistered e{OrgId(b["id"].str()), Text(b["name"]), *ParseOrgKind(b["kind"].str()),
                  Text(b["public_key"]), {}, OptionalText(b, "region"), std::nullopt};
  for (JsonValue role : b["roles"]) e.roles.push_back(*ParseRole(role.str()));
  if (JsonValue level = b.find("level"); level.valid()) e.level = LevelOf(level);
  return e;
}

std::optional<int64_t> OptionalInteger(JsonValue body, std::string_view name) {
  JsonValue value = body.find(name);
  if (!value.valid()) return std::nullopt;
  return value.integer();
}

std::optional<ProjectId> OptionalProject(JsonValue body) {
  JsonValue value = body.find("project");
  if (!value.valid()) return std::nullopt;
  return ProjectId(value.str());
}

ProjectApproved DecodeProjectApproved(JsonValue b) {
  ProjectApproved e{ProjectId(b["project"].str()), Text(b["document"]), Money(b["amount_fen"]),
                    FundId(b["fund"].str()), {}};
  for (JsonValue t : b["tranches"])
    e.tranches.push_back(Tranche{t["no"].integer(), Money(t["amount_fen"]), t["needs_evaluation"].boolean()});
  return e;
}

ProjectMilestoneReported DecodeMilestone(JsonValue b) {
  ProjectMilestoneReported e{ProjectId(b["project"].str()), b["tranche"].integer(), Text(b["sha256"]), {}};
  for (JsonValue i : b["indicators"]) e.indicators.push_back(Indicator{Text(i["name"]), Text(i["value"]), Text(i["unit"])});
  return e;
}

// The second wave's programme events (DESIGN.md §6b).
EventBody DecodeProgramme(EventKind kind, JsonValue b) {
  switch (kind) {
    case EventKind::kOrgLocated: return OrgLocated{OrgId(b["org"].str()), Text(b["region"]), LevelOf(b["level"])};
    case EventKind::kAppropriationReceived:
      return AppropriationReceived{FundId(b["fund"].str()), Money(b["amount_fen"]), Text(b["document"]),
                                   LevelOf(b["level"]), b["fiscal_year"].integer(), Date{Text(b["date"])}};
    case EventKind::kLotteryShareSet:
      return LotteryShareSet{LevelOf(b["from_level"]), LevelOf(b["to_level"]), b["share_bp"].integer(),
                             Period{Text(b["effective_from"])}, OptionalText(b, "region")};
    case EventKind::kProjectApplied:
      return ProjectApplied{ProjectId(b["id"].str()), Text(b["programme"]), Text(b["title"]),
                            PurposeOf(b["purpose"]), Money(b["amount_fen"]), Text(b["region"]),
                            Date{Text(b["start"])}, Date{Text(b["end"])}};
    case EventKind::kProjectApproved: return DecodeProjectApproved(b);
    case EventKind::kProjectRejected: return ProjectRejected{ProjectId(b["project"].str()), Text(b["reason"])};
    case EventKind::kCommitmentReleased:
      return CommitmentReleased{ProjectId(b["project"].str()), Money(b["amount_fen"]), Text(b["reason"])};
    case EventKind::kProjectMilestoneReported: return DecodeMilestone(b);
    case EventKind::kProjectEvaluated:
      return ProjectEvaluated{ProjectId(b["project"].str()), OptionalInteger(b, "tranche"),
                              Parse<Grade>(v::kGrades, b["grade"]), b["score"].integer(), Text(b["sha256"])};
    case EventKind::kProjectClosed:
      return ProjectClosed{ProjectId(b["project"].str()), Date{Text(b["date"])},
                           Parse<Leftover>(v::kLeftovers, b["leftover"]), OptionalText(b, "note")};
    default: LEDGER_CHECK_MSG(false, "DecodeProgramme takes the programme events only");
  }
  return Genesis{};
}

FundOpened DecodeFundOpened(JsonValue b) {
  FundOpened e{FundId(b["id"].str()), OrgId(b["owner"].str()), Parse<FundKind>(v::kFundKinds, b["kind"]),
               PurposeOf(b["purpose"]), b["restricted"].boolean(), Text(b["name"]), std::nullopt};
  if (JsonValue budget = b.find("budget_fen"); budget.valid()) e.budget_fen = Money(budget);
  return e;
}

}  // namespace

EventBody DecodeValidBody(EventKind kind, JsonValue b) {
  switch (kind) {
    case EventKind::kGenesis: {
      JsonValue r = b["regulator"];
      return Genesis{Text(b["origin"]), Text(b["log_key"]), OrgId(r["id"].str()), Text(r["name"]),
                     Text(r["public_key"])};
    }
    case EventKind::kOrgRegistered: return DecodeOrgRegistered(b);
    case EventKind::kOrgKeyRotated: return OrgKeyRotated{OrgId(b["org"].str()), Text(b["public_key"])};
    case EventKind::kOrgSuspended: return OrgSuspended{OrgId(b["org"].str()), Text(b["reason"])};
    case EventKind::kFundOpened: return DecodeFundOpened(b);
    case EventKind::kLotteryRateSet:
      return LotteryRateSet{GameId(b["game"].str()), b["welfare_rate_bp"].integer(),
                            Period{Text(b["effective_from"])}};
    case EventKind::kLotterySalesReported:
      return LotterySalesReported{Period{Text(b["period"])}, GameId(b["game"].str()), Money(b["sales_fen"]),
                                  b["welfare_rate_bp"].integer(), Money(b["welfare_fen"]),
                                  FundId(b["fund"].str())};
    case EventKind::kDonationReceived: return DonationReceived{DecodeGift(b)};
    case EventKind::kTrustEstablished:
      return TrustEstablished{FundId(b["fund"].str()), Text(b["name"]), DecodePerson(b["settlor"]),
                              PurposeOf(b["purpose"]), Text(b["filing_ref"])};
    case EventKind::kTrustContributed: return TrustContributed{DecodeGift(b)};
    case EventKind::kTrustIncomeRecorded:
      return TrustIncomeRecorded{FundId(b["fund"].str()), Money(b["amount_fen"]), Date{Text(b["date"])},
                                 Text(b["reference"])};
    case EventKind::kFundsTransferred:
      return FundsTransferred{FundId(b["from"].str()), FundId(b["to"].str()), Money(b["amount_fen"]),
                              Parse<TransferReason>(v::kTransferReasons, b["reason"]),
                              Text(b["reference"]), OptionalDate(b), OptionalProject(b),
                              OptionalInteger(b, "tranche")};
    case EventKind::kDisbursementMade: {
      JsonValue p = b["beneficiary"];
      return DisbursementMade{FundId(b["fund"].str()), Money(b["amount_fen"]),
                              Beneficiary{Text(p["pseudonym"]),
                                          Parse<BeneficiaryKind>(v::kBeneficiaryKinds, p["kind"])},
                              PurposeOf(b["purpose"]), Text(b["reference"]), OptionalDate(b),
                              OptionalProject(b), OptionalInteger(b, "tranche")};
    }
    case EventKind::kExpenseRecorded:
      return ExpenseRecorded{FundId(b["fund"].str()), Money(b["amount_fen"]),
                             Parse<ExpenseCategory>(v::kExpenseCategories, b["category"]),
                             OptionalText(b, "reference"), OptionalDate(b), OptionalProject(b),
                             OptionalInteger(b, "tranche")};
    case EventKind::kEventReversed:
      return EventReversed{Seq(static_cast<uint64_t>(b["seq"].integer())), Text(b["reason"])};
    case EventKind::kOrgQualified:
      return OrgQualified{OrgId(b["org"].str()), Text(b["certificate"]), Date{Text(b["date"])},
                          b["qualified"].boolean()};
    case EventKind::kCampaignFiled: return DecodeCampaignFiled(b);
    case EventKind::kCampaignAmended: return DecodeCampaignAmended(b);
    case EventKind::kCampaignClosed:
      return CampaignClosed{CampaignId(b["campaign"].str()), Date{Text(b["date"])}, OptionalText(b, "summary")};
    case EventKind::kReceiptIssued:
      return ReceiptIssued{ReceiptNo(b["receipt"].str()), DecodeFiscal(b["fiscal"]), Date{Text(b["date"])},
                           Money(b["amount_fen"])};
    case EventKind::kReceiptVoided:
      return ReceiptVoided{ReceiptNo(b["receipt"].str()), Date{Text(b["date"])}, Text(b["reason"])};
    case EventKind::kReceiptRedReversed:
      return ReceiptRedReversed{ReceiptNo(b["receipt"].str()), DecodeFiscal(b["red"]), Date{Text(b["date"])},
                                Text(b["reason"])};
    case EventKind::kDisclosurePublished: return DecodeDisclosure(b);
    case EventKind::kOrgLocated:
    case EventKind::kAppropriationReceived:
    case EventKind::kLotteryShareSet:
    case EventKind::kProjectApplied:
    case EventKind::kProjectApproved:
    case EventKind::kProjectRejected:
    case EventKind::kCommitmentReleased:
    case EventKind::kProjectMilestoneReported:
    case EventKind::kProjectEvaluated:
    case EventKind::kProjectClosed:
      return DecodeProgramme(kind, b);
  }
  LEDGER_CHECK_MSG(false, "every event kind decodes");
  return Genesis{};
}

Result<EventBody> DecodeBody(const EventType& type, JsonValue body) {
  LEDGER_RETURN_IF_ERROR(ValidateBody(type, body, BodyOrigin::kSubmitted));
  return DecodeValidBody(type.kind, body);
}

Result<EventBody> DecodeBody(const EventType& type, const Json& body) {
  JsonDoc doc;
  FromJson(body, doc);
  return DecodeBody(type, doc.root());
}

}  // namespace ledger
