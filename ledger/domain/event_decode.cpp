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
  return g;
}

OrgRegistered DecodeOrgRegistered(JsonValue b) {
  OrgRegistered e{OrgId(b["id"].str()), Text(b["name"]), *ParseOrgKind(b["kind"].str()),
                  Text(b["public_key"]), {}};
  for (JsonValue role : b["roles"]) e.roles.push_back(*ParseRole(role.str()));
  return e;
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
                              Text(b["reference"])};
    case EventKind::kDisbursementMade: {
      JsonValue p = b["beneficiary"];
      return DisbursementMade{FundId(b["fund"].str()), Money(b["amount_fen"]),
                              Beneficiary{Text(p["pseudonym"]),
                                          Parse<BeneficiaryKind>(v::kBeneficiaryKinds, p["kind"])},
                              PurposeOf(b["purpose"]), Text(b["reference"])};
    }
    case EventKind::kExpenseRecorded:
      return ExpenseRecorded{FundId(b["fund"].str()), Money(b["amount_fen"]),
                             Parse<ExpenseCategory>(v::kExpenseCategories, b["category"]),
                             OptionalText(b, "reference")};
    case EventKind::kEventReversed:
      return EventReversed{Seq(static_cast<uint64_t>(b["seq"].integer())), Text(b["reason"])};
  }
  LEDGER_CHECK_MSG(false, "every event kind decodes");
  return Genesis{};
}

Result<EventBody> DecodeBody(const EventType& type, JsonValue body) {
  LEDGER_RETURN_IF_ERROR(ValidateBody(type, body));
  return DecodeValidBody(type.kind, body);
}

Result<EventBody> DecodeBody(const EventType& type, const Json& body) {
  JsonDoc doc;
  FromJson(body, doc);
  return DecodeBody(type, doc.root());
}

}  // namespace ledger
