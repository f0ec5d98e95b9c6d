// The records of the state (internal): what the rules decide against and
// what the read models serve, one kind per key prefix, each stored in a
// binary form (codec/binary.hpp). The keys are listed here, in one place;
// docs/architecture.md shows them to a reader.
//
// Space kState:
//   org/<id>                         OrgRecord (orgs.hpp's Org)
//   fund/<id>                        FundRecord
//   lot/<fund>/ ‖ order (8 bytes BE)  LotRecord: the fund's queue, in arrival order
//   fundmonth/<fund>/<YYYY-MM>       FundMonthRecord
//   source/ ‖ seq                    SourceRecord: where a source's money is held
//   hop/ ‖ source seq ‖ seq          HopRecord: a transfer (or its reversal) moving a source's pieces
//   spend/ ‖ source seq ‖ seq        SpendRecord: a disbursement or expense paid by a source
//   outflow/ ‖ seq                   OutflowRecord: a disbursement or expense and its pieces
//   transfer/ ‖ seq                  TransferRecord: what a transfer placed, for its reversal
//   receipt/<receipt>                ReceiptRecord: the gift and its fiscal e-receipt's life
//   fiscal/<code>/<number>           the receipt a fiscal (or red) number was used for
//   campaign/<id>                    CampaignRecord: a filed campaign's terms
//   camptotal/<id>                   CampaignTotals
//   campday/<id>/<YYYY-MM-DD>         DayTotals
//   campplat/<id>/<platform>         DayTotals: the gifts that came through a platform
//   orgcampaign/<org>/<id>           "" (an org's campaigns)
//   project/<id>                     ProjectRecord: application, approval, tranches, outcome
//   orgproject/<org>/<id>            "" (the projects an org applied for or approved)
//   progproject/<programme>/<id>     "" (a programme's projects)
//   regionproject/<region>/<id>      "" (the projects of a region)
//   orgregion/<region>/<org>         "" (the orgs located in a region)
//   projtimeline/<id>/ ‖ seq          TimelineEntry: an event about the project, in log order
//   projmilestone/<id>/ ‖ seq         MilestoneEntry: a milestone reported
//   projeval/<id>/ ‖ seq              EvaluationEntry: an evaluation
//   share/<level>/<region|all>       RateTable: the lottery shares a level passes down
//   disclosed/<org>/<kind>/<subject>/<period>  DisclosureRecord: the first to meet it
//   orgdisclosure/<org>/ ‖ seq        DisclosureRecord: every disclosure, in log order
//   since/ ‖ seq                     "YYYY-MM-DD" (UTC+8) an org registered or a trust was established
//   reversed/ ‖ seq                  ReversedRecord: the seq of its reversal
//   rate/<game>                      RateTable
//   sales/<game>/<period>            the seq of the live sales report (8 bytes BE)
//   orgfund/<org>/<fund>             "" (the funds an org owns)
//   orgflow/<org>/ ‖ (2^64−1−seq)     OrgFlowRecord: newest first
//   stats/<bucket path>              StatsBucket (stats.hpp)
//   honour/ ‖ seq                    HonourEntry (stats.hpp)
//   orgyear/<org>/<YYYY>             YearTotals (ratios.hpp)
//   applied                          seq (8 bytes BE): every event below it is in the state
//   projections                      the version of this layout (kStateVersion)
// Space kIdem:
//   <org>/<idem>                     SHA-256 of the content ‖ seq (8 bytes BE)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/events.hpp"
#include "ledger/orgs.hpp"
#include "ledger/ratios.hpp"
#include "ledger/stats.hpp"

namespace ledger {

// 6: projects, commitments, lottery-sourced lots, org locations and
// lottery shares (programmes and budgets); 5: campaigns, receipts' lives, disclosures, qualifications and business
// dates (DESIGN.md §6b); 4: the state kept on disk as binary records
// (this file); 3 and before
// were read models in canonical JSON beside a state rebuilt in memory.
inline constexpr std::string_view kStateVersion = "6";
inline constexpr std::string_view kAppliedKey = "applied";
inline constexpr std::string_view kVersionKey = "projections";

struct Restriction {
  enum class Kind : uint8_t { kNone, kPurpose, kProject };
  Kind kind = Kind::kNone;
  std::string value;  // the purpose's name, or the project's fund id
  // Money whose source is lottery sales: from the second wave on it is
  // disbursed only for the four purposes of lottery welfare money
  // (accounts::LotteryMayServe). Not part of the served restriction.
  bool lottery = false;

  static Restriction None() { return {}; }
  static Restriction Purpose(std::string_view p) { return {Kind::kPurpose, std::string(p)}; }
  static Restriction Project(std::string_view x) { return {Kind::kProject, std::string(x)}; }
  bool none() const { return kind == Kind::kNone; }
  Json ToJson() const;  // null, {"purpose":P} or {"project":X}
  friend auto operator<=>(const Restriction&, const Restriction&) = default;
};

struct FundRecord {
  FundId id;
  OrgId owner;
  FundKind kind = FundKind::kDonations;
  Purpose purpose = Purpose::kGeneral;
  bool restricted = false;
  std::string name;
  std::optional<Fen> budget_fen;
  Seq opened_seq;
  Fen balance_fen;  // always the sum of the lots
  Fen inflow_fen;   // every credit, transfers and reversals included
  Fen outflow_fen;  // every debit, likewise
  uint64_t lot_count = 0;
  // No live lot has an order below this one (the deleted lots before it
  // are skipped by pages and takes).
  uint64_t first_lot_order = 0;
  uint64_t next_lot_order = 0;
  // The live balance by restriction, so that what an outflow may use is
  // known without reading the lots. Sorted; no zero entries.
  std::vector<std::pair<Restriction, Fen>> by_restriction;
  // Money committed to approved projects, by their purpose: it stays in
  // the fund but serves only their tranches. Sorted; no zero entries.
  std::vector<std::pair<Purpose, Fen>> committed;
  Fen committed_fen() const {
    Fen sum;
    for (const auto& entry : committed) sum += entry.second;
    return sum;
  }
  friend bool operator==(const FundRecord&, const FundRecord&) = default;
};

struct LotRecord {
  Seq source_seq;  // the source event this money came from
  Fen amount_fen;
  Restriction restriction;
  Seq arrival_seq;  // the event that placed it in this fund
  // For a lot a transfer placed: the restriction it had in the fund it
  // left, which a reversal of that transfer gives back.
  Restriction departed_with;
  friend bool operator==(const LotRecord&, const LotRecord&) = default;
};

struct FundMonthRecord {
  Fen inflow_fen;
  Fen outflow_fen;
  friend bool operator==(const FundMonthRecord&, const FundMonthRecord&) = default;
};

// A source of money and where its fen are held now.
struct SourceRecord {
  Seq seq;
  EventKind kind = EventKind::kDonationReceived;
  ReceiptNo receipt;  // donations and trust contributions
  FundId fund;        // where it arrived
  Fen amount_fen;
  bool reversed = false;
  std::optional<uint64_t> lot_order;  // the lot it placed, if any
  std::vector<std::pair<FundId, Fen>> held;  // sorted by fund; no zero entries
  friend bool operator==(const SourceRecord&, const SourceRecord&) = default;
};

struct HopRecord {
  FundId from, to;
  Fen amount_fen;
  friend bool operator==(const HopRecord&, const HopRecord&) = default;
};

struct SpendRecord {
  bool expense = false;  // else a disbursement
  FundId fund;
  Fen amount_fen;
  std::string what;  // purpose or category
  friend bool operator==(const SpendRecord&, const SpendRecord&) = default;
};

// A piece taken by an outflow.
struct Piece {
  Seq source_seq;
  Fen amount_fen;
  Restriction restriction;
  friend bool operator==(const Piece&, const Piece&) = default;
};

struct OutflowRecord {
  Seq seq;
  EventKind kind = EventKind::kDisbursementMade;
  FundId fund;
  Fen amount_fen;
  std::string what;           // purpose or category
  std::vector<Piece> pieces;  // in the order taken; they add up to amount_fen
  bool reversed = false;
  friend bool operator==(const OutflowRecord&, const OutflowRecord&) = default;
};

// The lots a transfer placed in `to`: orders [first_order, first_order + count).
struct TransferRecord {
  FundId from, to;
  Fen amount_fen;
  uint64_t first_order = 0;
  uint64_t count = 0;
  friend bool operator==(const TransferRecord&, const TransferRecord&) = default;
};

// The donation or contribution a receipt number belongs to, and the life
// of its fiscal e-receipt. `live` is false once the gift was reversed.
struct ReceiptRecord {
  enum class Fiscal : uint8_t { kNone, kIssued, kVoided, kRedReversed };
  Seq seq;
  bool live = true;
  OrgId poster;
  Fen amount_fen;
  Date date;  // the gift's
  Fiscal fiscal_status = Fiscal::kNone;
  std::optional<FiscalNo> fiscal;
  std::optional<Date> fiscal_date;  // the day the fiscal receipt was issued
  std::optional<FiscalNo> red;
  std::optional<ReceiptNo> replaces;
  std::optional<ReceiptNo> replaced_by;
  std::vector<std::pair<Seq, EventKind>> history;  // every event about it, in log order
  friend bool operator==(const ReceiptRecord&, const ReceiptRecord&) = default;
};

// A filed campaign: its terms as filed and amended, and whether it closed.
struct CampaignRecord {
  OrgId org;
  Seq filed_seq;
  Date filed_day;  // the day it was filed, from its ts in UTC+8
  CampaignFiled terms;
  std::optional<Date> closed;
  std::optional<std::string> summary;
  std::vector<Seq> amendments;
  friend bool operator==(const CampaignRecord&, const CampaignRecord&) = default;
};

struct DayTotals {
  Fen raised_fen;
  uint64_t gifts = 0;
  friend bool operator==(const DayTotals&, const DayTotals&) = default;
};

// What a campaign raised, in all and by channel (indexed by Channel).
struct CampaignTotals {
  DayTotals all;
  std::array<DayTotals, 5> by_channel{};
  friend bool operator==(const CampaignTotals&, const CampaignTotals&) = default;
};

struct DisclosureRecord {
  Seq seq;
  OrgId org;
  Date recorded;  // the day it was posted, UTC+8
  DisclosurePublished body;
  friend bool operator==(const DisclosureRecord&, const DisclosureRecord&) = default;
};

// A project from its application to its closing (DESIGN.md §6b).
struct TrancheState {
  Tranche plan;
  Fen paid_fen;
  bool milestone = false;  // a milestone of it was reported
  bool evaluated = false;  // an evaluation of it graded A to C exists
  friend bool operator==(const TrancheState&, const TrancheState&) = default;
};

struct EvaluationEntry {
  Seq seq;
  OrgId by;
  ProjectEvaluated body;
  friend bool operator==(const EvaluationEntry&, const EvaluationEntry&) = default;
};

struct MilestoneEntry {
  Seq seq;
  ProjectMilestoneReported body;
  friend bool operator==(const MilestoneEntry&, const MilestoneEntry&) = default;
};

struct TimelineEntry {
  Seq seq;
  EventKind kind = EventKind::kProjectApplied;
  Date date;  // the day the body states, else the day it was posted (UTC+8)
  friend bool operator==(const TimelineEntry&, const TimelineEntry&) = default;
};

struct ProjectRecord {
  enum class Stage : uint8_t { kApplied, kApproved, kRejected, kClosed };
  OrgId applicant;
  ProjectApplied terms;
  Stage stage = Stage::kApplied;
  OrgId approver;  // who approved or rejected it
  std::string document;
  std::optional<std::string> rejected_reason;
  Fen approved_fen;
  FundId fund;  // the approver's fund it is paid from
  Fen committed_fen;  // approved − paid − released
  Fen paid_fen;
  Fen released_fen;
  std::vector<TrancheState> tranches;  // at most kMaxTranches
  std::optional<Date> closed;
  std::optional<Leftover> leftover;
  // Its timeline, milestones and evaluations are kept apart (projtimeline/,
  // projmilestone/, projeval/ keys), so that the record stays small.
  friend bool operator==(const ProjectRecord&, const ProjectRecord&) = default;
};

// A game's welfare rates: (effective_from period, basis points), ascending.
// Also a level's lottery shares passed down (share/ keys).
struct RateTable {
  std::vector<std::pair<std::string, int64_t>> rates;
  friend bool operator==(const RateTable&, const RateTable&) = default;
};

struct OrgFlowRecord {
  Seq seq;
  std::string type;
  OrgId by;
  friend bool operator==(const OrgFlowRecord&, const OrgFlowRecord&) = default;
};

struct IdemRecord {
  Hash content_hash{};
  Seq seq;
};

namespace keys {

std::string Org(const OrgId& id);
std::string Fund(const FundId& id);
std::string LotPrefix(const FundId& fund);
std::string Lot(const FundId& fund, uint64_t order);
std::string FundMonthPrefix(const FundId& fund);
std::string FundMonth(const FundId& fund, std::string_view month);
std::string Source(Seq seq);
std::string HopPrefix(Seq source);
std::string Hop(Seq source, Seq seq);
std::string SpendPrefix(Seq source);
std::string Spend(Seq source, Seq seq);
std::string Outflow(Seq seq);
std::string Transfer(Seq seq);
std::string Receipt(const ReceiptNo& receipt);
std::string Fiscal(std::string_view code, std::string_view number);
std::string Campaign(const CampaignId& id);
std::string Project(const ProjectId& id);
std::string OrgProjectPrefix(const OrgId& org);
std::string OrgProject(const OrgId& org, const ProjectId& id);
std::string ProgrammeProjectPrefix(std::string_view programme);
std::string ProgrammeProject(std::string_view programme, const ProjectId& id);
std::string RegionProjectPrefix(std::string_view region);
std::string RegionProject(std::string_view region, const ProjectId& id);
// Orgs by where they sit: "orgregion/<region>/<org>", so that a prefix of
// the code ("44", "4403") finds a province's or a city's orgs.
std::string OrgRegion(std::string_view region, const OrgId& org);
inline constexpr std::string_view kOrgRegionPrefix = "orgregion/";
std::string ProjectTimelinePrefix(const ProjectId& id);
std::string ProjectTimeline(const ProjectId& id, Seq seq);
std::string ProjectMilestonePrefix(const ProjectId& id);
std::string ProjectMilestone(const ProjectId& id, Seq seq);
std::string ProjectEvaluationPrefix(const ProjectId& id);
std::string ProjectEvaluation(const ProjectId& id, Seq seq);
// A level's shares passed down, for one giving region or ("" → "all") every one.
std::string Share(std::string_view from_level, std::string_view region);
std::string CampaignTotal(const CampaignId& id);
std::string CampaignDayPrefix(const CampaignId& id);
std::string CampaignDay(const CampaignId& id, std::string_view date);
std::string CampaignPlatformPrefix(const CampaignId& id);
std::string CampaignPlatform(const CampaignId& id, std::string_view platform);
std::string OrgCampaignPrefix(const OrgId& org);
std::string OrgCampaign(const OrgId& org, const CampaignId& id);
std::string Disclosed(const OrgId& org, DisclosureKind kind, std::string_view subject, std::string_view period);
std::string OrgDisclosurePrefix(const OrgId& org);
std::string OrgDisclosure(const OrgId& org, Seq seq);
std::string Since(Seq seq);
std::string Reversed(Seq seq);
std::string Rate(const GameId& game);
std::string Sales(const GameId& game, std::string_view period);
std::string OrgFundPrefix(const OrgId& org);
std::string OrgFund(const OrgId& org, const FundId& fund);
std::string OrgFlowPrefix(const OrgId& org);
std::string OrgFlow(const OrgId& org, Seq seq);
std::string Stats(std::string_view path);
inline constexpr std::string_view kStatsPrefix = "stats/";
std::string Honour(Seq seq);
inline constexpr std::string_view kHonourPrefix = "honour/";
std::string OrgYearPrefix(const OrgId& org);
std::string OrgYear(const OrgId& org, int year);
// The year an org-year key ends with ("2026"), or nullopt if it is not one.
std::optional<int> YearOfOrgYear(std::string_view key);
inline constexpr std::string_view kOrgYearPrefix = "orgyear/";
inline constexpr std::string_view kOrgPrefix = "org/";
inline constexpr std::string_view kFundPrefix = "fund/";
inline constexpr std::string_view kSourcePrefix = "source/";
inline constexpr std::string_view kOutflowPrefix = "outflow/";
std::string Idem(const OrgId& org, std::string_view idem);  // Space kIdem
// The key just past every key that starts with `prefix`.
std::string End(std::string_view prefix);

}  // namespace keys

// The binary form of each record; Decode is kCorruption naming `key`.
void Encode(const Org& r, std::string& out);
void Encode(const FundRecord& r, std::string& out);
void Encode(const LotRecord& r, std::string& out);
void Encode(const FundMonthRecord& r, std::string& out);
void Encode(const SourceRecord& r, std::string& out);
void Encode(const HopRecord& r, std::string& out);
void Encode(const SpendRecord& r, std::string& out);
void Encode(const OutflowRecord& r, std::string& out);
void Encode(const TransferRecord& r, std::string& out);
void Encode(const ReceiptRecord& r, std::string& out);
void Encode(const CampaignRecord& r, std::string& out);
void Encode(const ProjectRecord& r, std::string& out);
void Encode(const TimelineEntry& r, std::string& out);
void Encode(const MilestoneEntry& r, std::string& out);
void Encode(const EvaluationEntry& r, std::string& out);
void Encode(const CampaignTotals& r, std::string& out);
void Encode(const DayTotals& r, std::string& out);
void Encode(const DisclosureRecord& r, std::string& out);
void Encode(const RateTable& r, std::string& out);
void Encode(const OrgFlowRecord& r, std::string& out);
void Encode(const StatsBucket& r, std::string& out);
void Encode(const HonourEntry& r, std::string& out);
void Encode(const YearTotals& r, std::string& out);
void Encode(const IdemRecord& r, std::string& out);
void Encode(const Seq& r, std::string& out);  // 8 bytes BE (sales, reversed, applied)
Status Decode(std::string_view in, std::string_view key, Org& r);
Status Decode(std::string_view in, std::string_view key, FundRecord& r);
Status Decode(std::string_view in, std::string_view key, LotRecord& r);
Status Decode(std::string_view in, std::string_view key, FundMonthRecord& r);
Status Decode(std::string_view in, std::string_view key, SourceRecord& r);
Status Decode(std::string_view in, std::string_view key, HopRecord& r);
Status Decode(std::string_view in, std::string_view key, SpendRecord& r);
Status Decode(std::string_view in, std::string_view key, OutflowRecord& r);
Status Decode(std::string_view in, std::string_view key, TransferRecord& r);
Status Decode(std::string_view in, std::string_view key, ReceiptRecord& r);
Status Decode(std::string_view in, std::string_view key, CampaignRecord& r);
Status Decode(std::string_view in, std::string_view key, ProjectRecord& r);
Status Decode(std::string_view in, std::string_view key, TimelineEntry& r);
Status Decode(std::string_view in, std::string_view key, MilestoneEntry& r);
Status Decode(std::string_view in, std::string_view key, EvaluationEntry& r);
Status Decode(std::string_view in, std::string_view key, CampaignTotals& r);
Status Decode(std::string_view in, std::string_view key, DayTotals& r);
Status Decode(std::string_view in, std::string_view key, DisclosureRecord& r);
Status Decode(std::string_view in, std::string_view key, RateTable& r);
Status Decode(std::string_view in, std::string_view key, OrgFlowRecord& r);
Status Decode(std::string_view in, std::string_view key, StatsBucket& r);
Status Decode(std::string_view in, std::string_view key, HonourEntry& r);
Status Decode(std::string_view in, std::string_view key, YearTotals& r);
Status Decode(std::string_view in, std::string_view key, IdemRecord& r);
Status Decode(std::string_view in, std::string_view key, Seq& r);

}  // namespace ledger
