// The v1 events as C++ values (DESIGN.md §6): one struct per event type,
// with the members of its JSON body. The decoder (event_codec.hpp) makes
// them once from a submission or a stored event; from then on the rules,
// the state and the read models use these structs and never read a body
// by name. Encoding one gives back its canonical bytes exactly.
//
// Strings keep the bytes the event carried (a public key stays in the
// base64 it was given), so that nothing is lost between decoding and
// encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ledger/crypto.hpp"
#include "ledger/event_types.hpp"
#include "ledger/types.hpp"

namespace ledger {

// ---- vocabularies, in the order of their wire names (docs/events.md) ----

enum class FundKind : uint8_t { kLotteryWelfare, kDonations, kProject, kTrust };
enum class Purpose : uint8_t {
  kElderly, kDisabled, kOrphans, kPoverty, kDisaster, kMedical, kEducation, kCommunity, kGeneral
};
enum class Channel : uint8_t { kOnline, kBank, kCash, kInKind, kOther };
enum class DonorKind : uint8_t { kIndividual, kEnterprise, kAnonymous };
enum class BeneficiaryKind : uint8_t { kIndividual, kInstitution };
enum class ValuationBasis : uint8_t { kInvoice, kMarketPrice, kAppraisal };
enum class TransferReason : uint8_t { kRemittance, kAllocation, kGrant, kRegrant, kTrustDistribution };
enum class ExpenseCategory : uint8_t { kManagement, kFundraising, kProgram };
enum class DisclosureKind : uint8_t {
  kCampaignProgress, kCampaignFinal, kAnnualReport, kTrustReport, kProjectFinal
};
enum class Level : uint8_t { kCentral, kProvince, kCity, kDistrict };
enum class Grade : uint8_t { kA, kB, kC, kD };
enum class Leftover : uint8_t { kReturned, kReallocated };

// The wire name of each value ("lottery_welfare", "elderly", …).
std::string_view NameOf(FundKind v);
std::string_view NameOf(Purpose v);
std::string_view NameOf(Channel v);
std::string_view NameOf(DonorKind v);
std::string_view NameOf(BeneficiaryKind v);
std::string_view NameOf(ValuationBasis v);
std::string_view NameOf(TransferReason v);
std::string_view NameOf(ExpenseCategory v);
std::string_view NameOf(DisclosureKind v);
std::string_view NameOf(Level v);
std::string_view NameOf(Grade v);
std::string_view NameOf(Leftover v);
// The value whose wire name is `name`, if any.
std::optional<Purpose> ParsePurpose(std::string_view name);

// A calendar day "YYYY-MM-DD" or month "YYYY-MM", as the schema accepted it.
struct Date {
  std::string text;
  std::string_view month() const { return std::string_view(text).substr(0, 7); }
  friend auto operator<=>(const Date&, const Date&) = default;
};
struct Period {
  std::string text;
  friend auto operator<=>(const Period&, const Period&) = default;
};

// ---- nested members ----

// A donor or settlor: a pseudonym, never a name unless they chose one.
struct Person {
  std::string pseudonym;  // 64 lower-case hex
  DonorKind kind = DonorKind::kIndividual;
  std::optional<std::string> display_name;
  friend bool operator==(const Person&, const Person&) = default;
};

// Exactly one of the two.
struct Designation {
  std::optional<FundId> project;
  std::optional<Purpose> purpose;
  friend bool operator==(const Designation&, const Designation&) = default;
};

struct InKind {
  std::string description;
  ValuationBasis valuation_basis = ValuationBasis::kInvoice;
  friend bool operator==(const InKind&, const InKind&) = default;
};

// A fiscal e-receipt's numbers (票据代码, 票据号码, 校验码).
struct FiscalNo {
  std::string code;
  std::string number;
  std::string check_code;
  friend auto operator<=>(const FiscalNo&, const FiscalNo&) = default;
};

struct Beneficiary {
  std::string pseudonym;
  BeneficiaryKind kind = BeneficiaryKind::kIndividual;
  friend bool operator==(const Beneficiary&, const Beneficiary&) = default;
};

// ---- bodies, in EventKind order ----

struct Genesis {
  std::string origin;
  std::string log_key;  // base64 of the 32-byte Ed25519 key
  OrgId regulator_id;
  std::string regulator_name;
  std::string regulator_public_key;
  friend bool operator==(const Genesis&, const Genesis&) = default;
};

struct OrgRegistered {
  OrgId id;
  std::string name;
  OrgKind kind = OrgKind::kCharity;
  std::string public_key;
  std::vector<Role> roles;  // in the order posted
  std::optional<std::string> region;  // GB/T 2260, six digits; with level
  std::optional<Level> level;
  friend bool operator==(const OrgRegistered&, const OrgRegistered&) = default;
};

struct OrgKeyRotated {
  OrgId org;
  std::string public_key;
  friend bool operator==(const OrgKeyRotated&, const OrgKeyRotated&) = default;
};

struct OrgSuspended {
  OrgId org;
  std::string reason;
  friend bool operator==(const OrgSuspended&, const OrgSuspended&) = default;
};

struct FundOpened {
  FundId id;
  OrgId owner;
  FundKind kind = FundKind::kDonations;
  Purpose purpose = Purpose::kGeneral;
  bool restricted = false;
  std::string name;
  std::optional<Fen> budget_fen;
  friend bool operator==(const FundOpened&, const FundOpened&) = default;
};

struct LotteryRateSet {
  GameId game;
  int64_t welfare_rate_bp = 0;
  Period effective_from;
  friend bool operator==(const LotteryRateSet&, const LotteryRateSet&) = default;
};

struct LotterySalesReported {
  Period period;
  GameId game;
  Fen sales_fen;
  int64_t welfare_rate_bp = 0;
  Fen welfare_fen;
  FundId fund;
  friend bool operator==(const LotterySalesReported&, const LotterySalesReported&) = default;
};

// The body of donation.received and of trust.contributed.
struct Gift {
  ReceiptNo receipt;
  FundId fund;
  Fen amount_fen;
  Person donor;
  Channel channel = Channel::kOnline;
  Date date;
  std::optional<Designation> designation;
  std::optional<InKind> in_kind;
  std::optional<CampaignId> campaign;  // donation.received only
  std::optional<std::string> platform;  // with campaign: one of its platforms
  std::optional<ReceiptNo> replaces;   // the receipt this entry corrects
  friend bool operator==(const Gift&, const Gift&) = default;
};
struct DonationReceived : Gift {};
struct TrustContributed : Gift {};

struct TrustEstablished {
  FundId fund;
  std::string name;
  Person settlor;
  Purpose purpose = Purpose::kGeneral;
  std::string filing_ref;
  friend bool operator==(const TrustEstablished&, const TrustEstablished&) = default;
};

struct TrustIncomeRecorded {
  FundId fund;
  Fen amount_fen;
  Date date;
  std::string reference;
  friend bool operator==(const TrustIncomeRecorded&, const TrustIncomeRecorded&) = default;
};

struct FundsTransferred {
  FundId from;
  FundId to;
  Fen amount_fen;
  TransferReason reason = TransferReason::kAllocation;
  std::string reference;
  // The day it happened; absent only in events stored before dates were
  // required (read as the day of their ts in UTC+8: accounts::FlowMonth).
  std::optional<Date> date;
  std::optional<ProjectId> project;  // a tranche payment of an approved project
  std::optional<int64_t> tranche;    // with project: its tranche's number
  friend bool operator==(const FundsTransferred&, const FundsTransferred&) = default;
};

struct DisbursementMade {
  FundId fund;
  Fen amount_fen;
  Beneficiary beneficiary;
  Purpose purpose = Purpose::kGeneral;
  std::string reference;
  std::optional<Date> date;  // as FundsTransferred::date
  std::optional<ProjectId> project;  // as FundsTransferred::project
  std::optional<int64_t> tranche;
  friend bool operator==(const DisbursementMade&, const DisbursementMade&) = default;
};

struct ExpenseRecorded {
  FundId fund;
  Fen amount_fen;
  ExpenseCategory category = ExpenseCategory::kManagement;
  std::optional<std::string> reference;
  std::optional<Date> date;  // as FundsTransferred::date
  std::optional<ProjectId> project;  // as FundsTransferred::project
  std::optional<int64_t> tranche;
  friend bool operator==(const ExpenseRecorded&, const ExpenseRecorded&) = default;
};

struct EventReversed {
  Seq seq;
  std::string reason;
  friend bool operator==(const EventReversed&, const EventReversed&) = default;
};

// ---- the second wave (DESIGN.md §6b) ----

struct OrgQualified {
  OrgId org;
  std::string certificate;
  Date date;
  bool qualified = true;  // false withdraws it
  friend bool operator==(const OrgQualified&, const OrgQualified&) = default;
};

struct CampaignFiled {
  CampaignId id;
  std::string filing_no;
  std::string title;
  Purpose purpose = Purpose::kGeneral;
  Fen target_fen;
  Date start;
  Date end;
  std::string region;  // GB/T 2260, six digits
  std::vector<std::string> platforms;
  std::vector<FundId> funds;
  bool is_public = true;  // "public"
  friend bool operator==(const CampaignFiled&, const CampaignFiled&) = default;
};

struct CampaignAmended {
  CampaignId campaign;
  std::optional<Date> end;
  std::optional<Fen> target_fen;
  std::optional<std::vector<std::string>> platforms;
  std::optional<std::vector<FundId>> funds;
  std::string reason;
  friend bool operator==(const CampaignAmended&, const CampaignAmended&) = default;
};

struct CampaignClosed {
  CampaignId campaign;
  Date date;
  std::optional<std::string> summary;
  friend bool operator==(const CampaignClosed&, const CampaignClosed&) = default;
};

struct ReceiptIssued {
  ReceiptNo receipt;
  FiscalNo fiscal;
  Date date;
  Fen amount_fen;
  friend bool operator==(const ReceiptIssued&, const ReceiptIssued&) = default;
};

struct ReceiptVoided {
  ReceiptNo receipt;
  Date date;
  std::string reason;
  friend bool operator==(const ReceiptVoided&, const ReceiptVoided&) = default;
};

struct ReceiptRedReversed {
  ReceiptNo receipt;
  FiscalNo red;
  Date date;
  std::string reason;
  friend bool operator==(const ReceiptRedReversed&, const ReceiptRedReversed&) = default;
};

struct DisclosurePublished {
  DisclosureKind kind = DisclosureKind::kAnnualReport;
  std::string subject;  // a campaign, trust fund, project or org id
  std::string period;   // YYYY, YYYY-MM or YYYY-Qn
  Date date;
  std::string sha256;   // of the document, 64 lower-case hex
  std::string url;
  friend bool operator==(const DisclosurePublished&, const DisclosurePublished&) = default;
};

// ---- programmes and budgets (DESIGN.md §6b) ----

struct OrgLocated {
  OrgId org;
  std::string region;  // GB/T 2260, six digits
  Level level = Level::kProvince;
  friend bool operator==(const OrgLocated&, const OrgLocated&) = default;
};

// Budget money (财政资金): a source like a donation.
struct AppropriationReceived {
  FundId fund;
  Fen amount_fen;
  std::string document;  // the budget document's number (文号)
  Level level = Level::kProvince;
  int64_t fiscal_year = 0;
  Date date;
  friend bool operator==(const AppropriationReceived&, const AppropriationReceived&) = default;
};

// The share of lottery welfare money a level passes to the one below.
struct LotteryShareSet {
  Level from_level = Level::kProvince;
  Level to_level = Level::kCity;
  int64_t share_bp = 0;
  Period effective_from;
  std::optional<std::string> region;  // the giving region, when not every one
  friend bool operator==(const LotteryShareSet&, const LotteryShareSet&) = default;
};

struct ProjectApplied {
  ProjectId id;
  std::string programme;  // an id: the call for proposals it answers
  std::string title;
  Purpose purpose = Purpose::kGeneral;
  Fen amount_fen;  // requested
  std::string region;
  Date start;
  Date end;
  friend bool operator==(const ProjectApplied&, const ProjectApplied&) = default;
};

struct Tranche {
  int64_t no = 0;  // 1, 2, … in the order listed
  Fen amount_fen;
  bool needs_evaluation = false;
  friend bool operator==(const Tranche&, const Tranche&) = default;
};

struct ProjectApproved {
  ProjectId project;
  std::string document;
  Fen amount_fen;
  FundId fund;  // the poster's fund it is paid from
  std::vector<Tranche> tranches;
  friend bool operator==(const ProjectApproved&, const ProjectApproved&) = default;
};

struct ProjectRejected {
  ProjectId project;
  std::string reason;
  friend bool operator==(const ProjectRejected&, const ProjectRejected&) = default;
};

struct CommitmentReleased {
  ProjectId project;
  Fen amount_fen;
  std::string reason;
  friend bool operator==(const CommitmentReleased&, const CommitmentReleased&) = default;
};

struct Indicator {
  std::string name;
  std::string value;  // a decimal number as text: "120", "95.5"
  std::string unit;
  friend bool operator==(const Indicator&, const Indicator&) = default;
};

struct ProjectMilestoneReported {
  ProjectId project;
  int64_t tranche = 0;
  std::string sha256;
  std::vector<Indicator> indicators;
  friend bool operator==(const ProjectMilestoneReported&, const ProjectMilestoneReported&) = default;
};

struct ProjectEvaluated {
  ProjectId project;
  std::optional<int64_t> tranche;
  Grade grade = Grade::kA;
  int64_t score = 0;  // 0..100
  std::string sha256;
  friend bool operator==(const ProjectEvaluated&, const ProjectEvaluated&) = default;
};

struct ProjectClosed {
  ProjectId project;
  Date date;
  Leftover leftover = Leftover::kReturned;
  std::optional<std::string> note;
  friend bool operator==(const ProjectClosed&, const ProjectClosed&) = default;
};

// Alternative i is the body of EventKind i.
using EventBody =
    std::variant<Genesis, OrgRegistered, OrgKeyRotated, OrgSuspended, FundOpened, LotteryRateSet,
                 LotterySalesReported, DonationReceived, TrustEstablished, TrustContributed,
                 TrustIncomeRecorded, FundsTransferred, DisbursementMade, ExpenseRecorded,
                 EventReversed, OrgQualified, CampaignFiled, CampaignAmended, CampaignClosed,
                 ReceiptIssued, ReceiptVoided, ReceiptRedReversed, DisclosurePublished, OrgLocated,
                 AppropriationReceived, LotteryShareSet, ProjectApplied, ProjectApproved, ProjectRejected,
                 CommitmentReleased, ProjectMilestoneReported, ProjectEvaluated, ProjectClosed>;

inline EventKind KindOf(const EventBody& body) { return static_cast<EventKind>(body.index()); }

// One event of a submission, decoded: what an org posted and what the log
// will hash, with the canonical bytes computed once.
struct Event {
  const EventType* type = nullptr;
  std::string idem;
  EventBody body;
  std::string body_bytes;  // the canonical bytes of the body
  Hash content_hash{};     // SHA-256 of canonical {"body","idem","type"}: what idem protects
  // The body's alternative decides the kind, so that code switching on it
  // always finds the body it expects (the decoder and MakeEvent set `type`
  // to match it).
  EventKind kind() const { return KindOf(body); }
};

// A stored event's envelope: what the log added and how it was signed.
struct BatchRef {
  Seq start;
  uint64_t size = 0;
  std::string sig;  // base64, as stored
  friend bool operator==(const BatchRef&, const BatchRef&) = default;
};

struct StoredEvent {
  Seq seq;
  Hash prev{};
  std::string ts;  // "YYYY-MM-DDThh:mm:ss.mmmZ", UTC
  OrgId org;
  Event event;
  std::optional<std::string> sig;  // base64: a single submission
  std::optional<BatchRef> batch;   // or an event of a signed batch
};

}  // namespace ledger
