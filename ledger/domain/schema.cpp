// The v1 body schemas, one table per event type, in the order of
// docs/events.md; rules that join two fields follow their table.
#include "ledger/schema.hpp"

#include <span>
#include <string>

#include "ledger/domain/schema_fields.hpp"
#include "ledger/domain/vocabulary.hpp"

namespace ledger {
namespace {

namespace v = vocabulary;
using schema::CheckBool;
using schema::CheckDate;
using schema::CheckEnum;
using schema::CheckId;
using schema::CheckInteger;
using schema::CheckObject;
using schema::CheckPeriod;
using schema::CheckPseudonym;
using schema::CheckPublicKey;
using schema::CheckReceipt;
using schema::CheckString;
using schema::FieldSpec;
using schema::MemberPath;

constexpr bool kOptional = false;

// Value checks named for what they hold.
constexpr auto CheckName = CheckString<kMaxNameBytes>;
constexpr auto CheckDisplayName = CheckString<kMaxDisplayNameBytes>;
constexpr auto CheckText = CheckString<kMaxTextBytes>;
constexpr auto CheckAmount = CheckInteger<1, kMaxAmountFen>;        // amount_fen, sales_fen
constexpr auto CheckAmountOrZero = CheckInteger<0, kMaxAmountFen>;  // welfare_fen, budget_fen
constexpr auto CheckRate = CheckInteger<1, kMaxRateBp>;
constexpr auto CheckSeq = CheckInteger<1, kMaxSafeInteger>;  // seq 0 is genesis
constexpr auto CheckPurpose = CheckEnum<v::kPurposes>;
constexpr auto CheckTarget = CheckInteger<1, kMaxAmountFen>;
constexpr auto CheckTrancheNo = CheckInteger<1, static_cast<int64_t>(kMaxTranches)>;
constexpr auto CheckShare = CheckInteger<0, kMaxRateBp>;
constexpr auto CheckScore = CheckInteger<0, 100>;
constexpr auto CheckFiscalYear = CheckInteger<1949, 9999>;
constexpr auto CheckLevel = CheckEnum<v::kLevels>;

// ---- nested objects ----

// A donor or settlor; an anonymous one carries no display name.
constexpr FieldSpec kPersonFields[] = {
    {"pseudonym", CheckPseudonym},
    {"kind", CheckEnum<v::kDonorKinds>},
    {"display_name", CheckDisplayName, kOptional},
};

Status CheckPerson(JsonValue value, const std::string& path, std::string_view owner) {
  LEDGER_RETURN_IF_ERROR(CheckObject(value, path, owner, kPersonFields));
  const bool anonymous = value["kind"].str() == v::kAnonymousDonor;
  if (anonymous && value.contains("display_name"))
    return Error::Invalid(MemberPath(path, "display_name"),
                          "is not allowed for an anonymous " + std::string(owner));
  return Status::Ok();
}

Status CheckDonor(JsonValue value, const std::string& path) {
  return CheckPerson(value, path, "donor");
}

Status CheckSettlor(JsonValue value, const std::string& path) {
  return CheckPerson(value, path, "settlor");
}

constexpr FieldSpec kDesignationFields[] = {
    {"project", CheckId, kOptional},
    {"purpose", CheckPurpose, kOptional},
};

Status CheckDesignation(JsonValue value, const std::string& path) {
  LEDGER_RETURN_IF_ERROR(CheckObject(value, path, "designation", kDesignationFields));
  if (value.size() != 1)
    return Error::Invalid(path, value.size() == 0
                                    ? "must name a project or a purpose"
                                    : "must name a project or a purpose, not both");
  return Status::Ok();
}

constexpr FieldSpec kInKindFields[] = {
    {"description", CheckText},
    {"valuation_basis", CheckEnum<v::kValuationBases>},
};

Status CheckInKind(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "in_kind", kInKindFields);
}

constexpr FieldSpec kBeneficiaryFields[] = {
    {"pseudonym", CheckPseudonym},
    {"kind", CheckEnum<v::kBeneficiaryKinds>},
};

Status CheckBeneficiary(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "beneficiary", kBeneficiaryFields);
}

// 1..kRoleCount distinct role names.
Status CheckRoles(JsonValue value, const std::string& path) {
  if (!value.is_array()) return Error::Invalid(path, "must be an array");
  if (value.size() == 0) return Error::Invalid(path, "must list at least one role");
  if (value.size() > kRoleCount)
    return Error::Invalid(path, "has " + std::to_string(value.size()) +
                                    " entries; the limit is " + std::to_string(kRoleCount));
  RoleSet seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string element = schema::ElementPath(path, i);
    LEDGER_RETURN_IF_ERROR(CheckEnum<v::kRoles>(value.at(i), element));
    const Role role = *ParseRole(value.at(i).str());
    if (seen.Has(role)) return Error::Invalid(element, "is listed twice");
    seen.Add(role);
  }
  return Status::Ok();
}

// ---- event bodies, in EventKind order ----

constexpr FieldSpec kOrgRegistered[] = {
    {"id", CheckId},
    {"name", CheckName},
    {"kind", CheckEnum<v::kOrgKinds>},
    {"public_key", CheckPublicKey},
    {"roles", CheckRoles},
    {"region", schema::CheckRegion, kOptional},
    {"level", CheckEnum<v::kLevels>, kOptional},
};

// `a` and `b` come together or not at all.
Status BothOrNeither(JsonValue body, std::string_view a, std::string_view b) {
  if (body.contains(a) == body.contains(b)) return Status::Ok();
  const std::string_view missing = body.contains(a) ? b : a;
  const std::string_view present = body.contains(a) ? a : b;
  return Error::Invalid("body." + std::string(missing), "is required with body." + std::string(present));
}

Status CheckRegisteredWhere(JsonValue body) { return BothOrNeither(body, "region", "level"); }

constexpr FieldSpec kOrgKeyRotated[] = {
    {"org", CheckId},
    {"public_key", CheckPublicKey},
};

constexpr FieldSpec kOrgSuspended[] = {
    {"org", CheckId},
    {"reason", CheckText},
};

constexpr FieldSpec kFundOpened[] = {
    {"id", CheckId},
    {"owner", CheckId},
    {"kind", CheckEnum<v::kFundKinds>},
    {"purpose", CheckPurpose},
    {"restricted", CheckBool},
    {"name", CheckName},
    {"budget_fen", CheckAmountOrZero, kOptional},
};

constexpr FieldSpec kLotteryRateSet[] = {
    {"game", CheckId},
    {"welfare_rate_bp", CheckRate},
    {"effective_from", CheckPeriod},
};

constexpr FieldSpec kLotterySalesReported[] = {
    {"period", CheckPeriod},
    {"game", CheckId},
    {"sales_fen", CheckAmount},
    {"welfare_rate_bp", CheckRate},
    {"welfare_fen", CheckAmountOrZero},
    {"fund", CheckId},
};

// donation.received and trust.contributed.
constexpr FieldSpec kDonation[] = {
    {"receipt", CheckReceipt},
    {"fund", CheckId},
    {"amount_fen", CheckAmount},
    {"donor", CheckDonor},
    {"channel", CheckEnum<v::kChannels>},
    {"date", CheckDate},
    {"designation", CheckDesignation, kOptional},
    {"in_kind", CheckInKind, kOptional},
    {"campaign", CheckId, kOptional},
    {"platform", CheckName, kOptional},
    {"replaces", CheckReceipt, kOptional},
};

// A gift in kind, and only one, describes what was given; an entry does
// not correct itself.
Status CheckGift(JsonValue body) {
  if (JsonValue replaces = body.find("replaces"); replaces.valid() && replaces.str() == body["receipt"].str())
    return Error::Invalid("body.replaces", "names the entry's own receipt; it names the receipt this one corrects");
  if (body.contains("platform") && !body.contains("campaign"))
    return Error::Invalid("body.platform", "is the campaign platform a gift came through: it needs body.campaign");
  const std::string_view channel = body["channel"].str();
  const bool in_kind_channel = channel == v::kInKindChannel;
  if (in_kind_channel && !body.contains("in_kind"))
    return Error::Invalid("body.in_kind", "is required when channel is in_kind");
  if (!in_kind_channel && body.contains("in_kind"))
    return Error::Invalid("body.in_kind",
                          "is allowed only when channel is in_kind, not " + std::string(channel));
  return Status::Ok();
}

constexpr FieldSpec kTrustEstablished[] = {
    {"fund", CheckId},
    {"name", CheckName},
    {"settlor", CheckSettlor},
    {"purpose", CheckPurpose},
    {"filing_ref", CheckText},
};

constexpr FieldSpec kTrustIncomeRecorded[] = {
    {"fund", CheckId},
    {"amount_fen", CheckAmount},
    {"date", CheckDate},
    {"reference", CheckText},
};

constexpr FieldSpec kFundsTransferred[] = {
    {"from", CheckId},
    {"to", CheckId},
    {"amount_fen", CheckAmount},
    {"reason", CheckEnum<v::kTransferReasons>},
    {"reference", CheckText},
    {"date", CheckDate, kOptional},  // required in submissions (ValidateBody)
    {"project", CheckId, kOptional},
    {"tranche", CheckTrancheNo, kOptional},
};

// A tranche payment names both its project and its tranche.
Status CheckTranchePayment(JsonValue body) { return BothOrNeither(body, "project", "tranche"); }

Status CheckTransferMovesAway(JsonValue body) {
  if (body["from"].str() == body["to"].str())
    return Error::Invalid("body.to", "must differ from body.from");
  return CheckTranchePayment(body);
}

constexpr FieldSpec kDisbursementMade[] = {
    {"fund", CheckId},
    {"amount_fen", CheckAmount},
    {"beneficiary", CheckBeneficiary},
    {"purpose", CheckPurpose},
    {"reference", CheckText},
    {"date", CheckDate, kOptional},  // required in submissions
    {"project", CheckId, kOptional},
    {"tranche", CheckTrancheNo, kOptional},
};

constexpr FieldSpec kExpenseRecorded[] = {
    {"fund", CheckId},
    {"amount_fen", CheckAmount},
    {"category", CheckEnum<v::kExpenseCategories>},
    {"reference", CheckText, kOptional},
    {"date", CheckDate, kOptional},  // required in submissions
    {"project", CheckId, kOptional},
    {"tranche", CheckTrancheNo, kOptional},
};

constexpr FieldSpec kEventReversed[] = {
    {"seq", CheckSeq},
    {"reason", CheckText},
};

// ---- the second wave (DESIGN.md §6b) ----

constexpr FieldSpec kOrgQualified[] = {
    {"org", CheckId},
    {"certificate", CheckName},
    {"date", CheckDate},
    {"qualified", CheckBool},
};

Status CheckPlatforms(JsonValue value, const std::string& path) {
  return schema::CheckList(value, path, kMaxCampaignPlatforms, CheckName);
}
Status CheckFunds(JsonValue value, const std::string& path) {
  return schema::CheckList(value, path, kMaxCampaignFunds, CheckId);
}

constexpr FieldSpec kCampaignFiled[] = {
    {"id", CheckId},
    {"filing_no", CheckName},
    {"title", CheckName},
    {"purpose", CheckPurpose},
    {"target_fen", CheckTarget},
    {"start", CheckDate},
    {"end", CheckDate},
    {"region", schema::CheckRegion},
    {"platforms", CheckPlatforms},
    {"funds", CheckFunds},
    {"public", CheckBool},
};

// Dates of the same form compare as text.
Status CheckEndsAfterStart(JsonValue body) {
  if (body["end"].str() < body["start"].str())
    return Error::Invalid("body.end", "is before body.start (" + std::string(body["start"].str()) + ")");
  return Status::Ok();
}

constexpr FieldSpec kCampaignAmended[] = {
    {"campaign", CheckId},
    {"end", CheckDate, kOptional},
    {"target_fen", CheckTarget, kOptional},
    {"platforms", CheckPlatforms, kOptional},
    {"funds", CheckFunds, kOptional},
    {"reason", CheckText},
};

Status CheckAmendsSomething(JsonValue body) {
  for (std::string_view member : {"end", "target_fen", "platforms", "funds"})
    if (body.contains(member)) return Status::Ok();
  return Error::Invalid("body", "must change at least one of end, target_fen, platforms, funds");
}

constexpr FieldSpec kCampaignClosed[] = {
    {"campaign", CheckId},
    {"date", CheckDate},
    {"summary", CheckText, kOptional},
};

Status CheckFiscalCode(JsonValue value, const std::string& path) {
  return schema::CheckDigits(value, path, kMaxFiscalCodeDigits);
}
Status CheckCheckCode(JsonValue value, const std::string& path) {
  return schema::CheckAlnum(value, path, kMaxCheckCodeBytes);
}
constexpr FieldSpec kFiscalFields[] = {
    {"code", CheckFiscalCode},
    {"number", CheckFiscalCode},
    {"check_code", CheckCheckCode},
};
Status CheckFiscal(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "fiscal", kFiscalFields);
}
Status CheckRed(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "red", kFiscalFields);
}

constexpr FieldSpec kReceiptIssued[] = {
    {"receipt", CheckReceipt},
    {"fiscal", CheckFiscal},
    {"date", CheckDate},
    {"amount_fen", CheckAmount},
};

constexpr FieldSpec kReceiptVoided[] = {
    {"receipt", CheckReceipt},
    {"date", CheckDate},
    {"reason", CheckText},
};

constexpr FieldSpec kReceiptRedReversed[] = {
    {"receipt", CheckReceipt},
    {"red", CheckRed},
    {"date", CheckDate},
    {"reason", CheckText},
};

constexpr FieldSpec kDisclosurePublished[] = {
    {"kind", CheckEnum<v::kDisclosureKinds>},
    {"subject", CheckId},
    {"period", schema::CheckReportPeriod},
    {"date", CheckDate},
    {"sha256", schema::CheckSha256},
    {"url", schema::CheckUrl},
};

// ---- programmes and budgets ----

constexpr FieldSpec kOrgLocated[] = {
    {"org", CheckId},
    {"region", schema::CheckRegion},
    {"level", CheckLevel},
};

constexpr FieldSpec kAppropriationReceived[] = {
    {"fund", CheckId},
    {"amount_fen", CheckAmount},
    {"document", CheckName},
    {"level", CheckLevel},
    {"fiscal_year", CheckFiscalYear},
    {"date", CheckDate},
};

constexpr FieldSpec kLotteryShareSet[] = {
    {"from_level", CheckLevel},
    {"to_level", CheckLevel},
    {"share_bp", CheckShare},
    {"effective_from", CheckPeriod},
    {"region", schema::CheckRegion, kOptional},
};

// Money is passed down, one level at a time.
Status CheckPassesDown(JsonValue body) {
  const auto from = *schema::IndexIn(v::kLevels, body["from_level"].str());
  const auto to = *schema::IndexIn(v::kLevels, body["to_level"].str());
  if (to != from + 1)
    return Error::Invalid("body.to_level", "must be the level just below body.from_level (" +
                                               std::string(body["from_level"].str()) + ")");
  return Status::Ok();
}

constexpr FieldSpec kProjectApplied[] = {
    {"id", CheckId},
    {"programme", CheckId},
    {"title", CheckName},
    {"purpose", CheckPurpose},
    {"amount_fen", CheckAmount},
    {"region", schema::CheckRegion},
    {"start", CheckDate},
    {"end", CheckDate},
};

constexpr FieldSpec kTrancheFields[] = {
    {"no", CheckTrancheNo},
    {"amount_fen", CheckAmount},
    {"needs_evaluation", CheckBool},
};
Status CheckTranche(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "tranche", kTrancheFields);
}
Status CheckTranches(JsonValue value, const std::string& path) {
  return schema::CheckArray(value, path, kMaxTranches, CheckTranche);
}

constexpr FieldSpec kProjectApproved[] = {
    {"project", CheckId},
    {"document", CheckName},
    {"amount_fen", CheckAmount},
    {"fund", CheckId},
    {"tranches", CheckTranches},
};

// Tranches are numbered 1, 2, … in order and add up to the approved amount
// (summed in 128 bits: each is at most 2^53 − 1).
Status CheckTranchePlan(JsonValue body) {
  JsonValue tranches = body["tranches"];
  __int128 sum = 0;
  for (std::size_t i = 0; i < tranches.size(); ++i) {
    if (tranches.at(i)["no"].integer() != static_cast<int64_t>(i + 1))
      return Error::Invalid(schema::ElementPath("body.tranches", i) + ".no", "must be " + std::to_string(i + 1) +
                                                                              ": tranches are numbered 1, 2, … in order");
    sum += tranches.at(i)["amount_fen"].integer();
  }
  if (sum != body["amount_fen"].integer())
    return Error::Invalid("body.tranches", "add up to " + std::to_string(static_cast<int64_t>(sum)) +
                                               " fen, not body.amount_fen (" +
                                               std::to_string(body["amount_fen"].integer()) + ")");
  return Status::Ok();
}

constexpr FieldSpec kProjectRejected[] = {
    {"project", CheckId},
    {"reason", CheckText},
};

constexpr FieldSpec kCommitmentReleased[] = {
    {"project", CheckId},
    {"amount_fen", CheckAmount},
    {"reason", CheckText},
};

Status CheckIndicatorValue(JsonValue value, const std::string& path) {
  return schema::CheckDecimal(value, path, kMaxDecimalBytes);
}
constexpr FieldSpec kIndicatorFields[] = {
    {"name", CheckName},
    {"value", CheckIndicatorValue},
    {"unit", CheckName},
};
Status CheckIndicator(JsonValue value, const std::string& path) {
  return CheckObject(value, path, "indicator", kIndicatorFields);
}
Status CheckIndicators(JsonValue value, const std::string& path) {
  return schema::CheckArray(value, path, kMaxIndicators, CheckIndicator);
}

constexpr FieldSpec kProjectMilestoneReported[] = {
    {"project", CheckId},
    {"tranche", CheckTrancheNo},
    {"sha256", schema::CheckSha256},
    {"indicators", CheckIndicators},
};

constexpr FieldSpec kProjectEvaluated[] = {
    {"project", CheckId},
    {"tranche", CheckTrancheNo, kOptional},
    {"grade", CheckEnum<v::kGrades>},
    {"score", CheckScore},
    {"sha256", schema::CheckSha256},
};

constexpr FieldSpec kProjectClosed[] = {
    {"project", CheckId},
    {"date", CheckDate},
    {"leftover", CheckEnum<v::kLeftovers>},
    {"note", CheckText, kOptional},
};

// A type's fields and the rule joining them, checked once the fields pass.
struct BodySchema {
  std::span<const FieldSpec> fields;
  Status (*joint_rule)(JsonValue body) = nullptr;
};

BodySchema SchemaOf(EventKind kind) {
  switch (kind) {
    case EventKind::kGenesis: break;
    case EventKind::kOrgRegistered: return {kOrgRegistered, CheckRegisteredWhere};
    case EventKind::kOrgKeyRotated: return {kOrgKeyRotated};
    case EventKind::kOrgSuspended: return {kOrgSuspended};
    case EventKind::kFundOpened: return {kFundOpened};
    case EventKind::kLotteryRateSet: return {kLotteryRateSet};
    case EventKind::kLotterySalesReported: return {kLotterySalesReported};
    case EventKind::kDonationReceived: return {kDonation, CheckGift};
    case EventKind::kTrustEstablished: return {kTrustEstablished};
    case EventKind::kTrustContributed: return {kDonation, CheckGift};
    case EventKind::kTrustIncomeRecorded: return {kTrustIncomeRecorded};
    case EventKind::kFundsTransferred: return {kFundsTransferred, CheckTransferMovesAway};
    case EventKind::kDisbursementMade: return {kDisbursementMade, CheckTranchePayment};
    case EventKind::kExpenseRecorded: return {kExpenseRecorded, CheckTranchePayment};
    case EventKind::kEventReversed: return {kEventReversed};
    case EventKind::kOrgQualified: return {kOrgQualified};
    case EventKind::kCampaignFiled: return {kCampaignFiled, CheckEndsAfterStart};
    case EventKind::kCampaignAmended: return {kCampaignAmended, CheckAmendsSomething};
    case EventKind::kCampaignClosed: return {kCampaignClosed};
    case EventKind::kReceiptIssued: return {kReceiptIssued};
    case EventKind::kReceiptVoided: return {kReceiptVoided};
    case EventKind::kReceiptRedReversed: return {kReceiptRedReversed};
    case EventKind::kDisclosurePublished: return {kDisclosurePublished};
    case EventKind::kOrgLocated: return {kOrgLocated};
    case EventKind::kAppropriationReceived: return {kAppropriationReceived};
    case EventKind::kLotteryShareSet: return {kLotteryShareSet, CheckPassesDown};
    case EventKind::kProjectApplied: return {kProjectApplied, CheckEndsAfterStart};
    case EventKind::kProjectApproved: return {kProjectApproved, CheckTranchePlan};
    case EventKind::kProjectRejected: return {kProjectRejected};
    case EventKind::kCommitmentReleased: return {kCommitmentReleased};
    case EventKind::kProjectMilestoneReported: return {kProjectMilestoneReported};
    case EventKind::kProjectEvaluated: return {kProjectEvaluated};
    case EventKind::kProjectClosed: return {kProjectClosed};
  }
  LEDGER_CHECK_MSG(false, "ledger.genesis has no submitted body schema");
  return {};
}

// Outflows gained `date` with the second wave: stored events may lack it.
bool DateRequiredWhenPosted(EventKind kind) {
  return kind == EventKind::kFundsTransferred || kind == EventKind::kDisbursementMade ||
         kind == EventKind::kExpenseRecorded;
}

}  // namespace

Status ValidateBody(const EventType& type, JsonValue body, BodyOrigin origin) {
  LEDGER_CHECK_MSG(type.kind != EventKind::kGenesis, "ledger.genesis is never validated");
  const BodySchema schema = SchemaOf(type.kind);
  LEDGER_RETURN_IF_ERROR(CheckObject(body, "body", type.name, schema.fields));
  if (origin == BodyOrigin::kSubmitted && DateRequiredWhenPosted(type.kind) && !body.contains("date"))
    return Error::Invalid("body.date", "is required: the day the money moved (YYYY-MM-DD)");
  if (schema.joint_rule) return schema.joint_rule(body);
  return Status::Ok();
}

Status ValidateBody(const EventType& type, const Json& body) {
  JsonDoc doc;
  FromJson(body, doc);
  return ValidateBody(type, doc.root(), BodyOrigin::kSubmitted);
}

}  // namespace ledger
