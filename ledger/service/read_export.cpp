// An org's export rows (include/ledger/org_export.hpp): its flow index
// walked newest first to find the rows' seqs, then each row read from its
// event, oldest first.
#include <algorithm>
#include <vector>

#include "ledger/domain/records.hpp"
#include "ledger/event_codec.hpp"
#include "ledger/event_types.hpp"
#include "ledger/org_export.hpp"
#include "ledger/service/store_kv.hpp"
#include "ledger/timestamp.hpp"

namespace ledger {
namespace {

EventKind KindOf(ExportWhat what) {
  switch (what) {
    case ExportWhat::kDonations: return EventKind::kDonationReceived;
    case ExportWhat::kDisbursements: return EventKind::kDisbursementMade;
    case ExportWhat::kFlows:
    case ExportWhat::kGrants: return EventKind::kFundsTransferred;
  }
  LEDGER_CHECK_MSG(false, "every ExportWhat has its event");
  return EventKind::kFundsTransferred;
}

std::string Designated(const std::optional<Designation>& d) {
  if (!d) return {};
  if (d->project) return "project " + d->project->str();
  if (d->purpose) return "purpose " + std::string(NameOf(*d->purpose));
  return {};
}

// Reads one export's rows from the state and the log.
class Exporter {
 public:
  Exporter(const Log& log, const ExportQuery& query)
      : log_(log),
        query_(query),
        log_size_(query.log_size.value_or(log.size())),
        view_(log.store()),
        kind_(EventTypeOf(KindOf(query.what)).name) {}

  Result<ExportOrg> Org() {
    LEDGER_ASSIGN_OR_RETURN(auto org, state().Find<ledger::Org>(keys::Org(query_.org)));
    if (!org) return Error{Code::kNotFound, "id", "org " + query_.org.str() + " is not registered"};
    if (query_.fund) {
      LEDGER_ASSIGN_OR_RETURN(auto fund, state().Find<FundRecord>(keys::Fund(*query_.fund)));
      if (!fund || fund->owner != query_.org)
        return Error{Code::kNotFound, "fund", "org " + query_.org.str() + " has no fund " + query_.fund->str()};
    }
    return ExportOrg{query_.org, org->name, org->region};
  }

  // The seqs of the rows, newest first.
  Result<std::vector<uint64_t>> Seqs() {
    std::vector<uint64_t> seqs;
    std::size_t scanned = 0, unchecked = 0;
    Status failed = Status::Ok();
    LEDGER_RETURN_IF_ERROR(state().Scan<OrgFlowRecord>(
        keys::OrgFlowPrefix(query_.org), {}, [&](std::string_view, const OrgFlowRecord& flow) {
          if (flow.seq.value >= log_size_) return true;  // not in the log the export sees
          if (++scanned > query_.max_scanned) {
            failed = TooManyScanned();
            return false;
          }
          if (flow.type != kind_) {
            // Other events end the walk too once posted before `from`; one
            // in kStopCheckEvery is read to see (ts never decreases).
            if (!query_.from || ++unchecked < kStopCheckEvery) return true;
            unchecked = 0;
            auto before = PostedBefore(flow.seq.value);
            if (!before.ok()) failed = before.error();
            return before.ok() && !*before;
          }
          auto row = RowAt(flow.seq.value);
          if (!row.ok()) {
            failed = row.error();
            return false;
          }
          if (row->stop) return false;
          if (!row->row) return true;
          if (seqs.size() == query_.max_rows) {
            failed = Error::Refused("to", "the export holds more than " + std::to_string(query_.max_rows) +
                                              " rows: narrow the range");
            return false;
          }
          seqs.push_back(flow.seq.value);
          return true;
        }));
    LEDGER_RETURN_IF_ERROR(failed);
    return seqs;
  }

  Status Visit(const std::vector<uint64_t>& newest_first, const ExportVisit& visit) {
    for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
      LEDGER_ASSIGN_OR_RETURN(Found found, RowAt(*it));
      if (!found.row) return Error::Corruption("export row " + std::to_string(*it) + " vanished");
      LEDGER_RETURN_IF_ERROR(visit(*found.row));
    }
    return Status::Ok();
  }

 private:
  struct Found {
    std::optional<ExportRow> row;
    bool stop = false;  // this event, and every older one, was posted before `from`
  };

  // Index entries of other types skipped between two reads of their ts.
  static constexpr std::size_t kStopCheckEvery = 256;

  Error TooManyScanned() const {
    const std::string events = "the org has more than " + std::to_string(query_.max_scanned) + " money events";
    if (query_.from)
      return Error::Refused("from", events + " posted since " + query_.from->text + ": give a later from");
    return Error::Refused("from", events + " in all and no from was given: give a from (the later, the fewer read)");
  }

  State& state() { return view_.state(); }

  Result<StoredEvent> Event(uint64_t seq) const {
    LEDGER_ASSIGN_OR_RETURN(std::string bytes, log_.ReadEvent(seq));
    return DecodeStoredEvent(bytes);
  }

  // Whether event `seq` was posted (UTC+8) before `from`.
  Result<bool> PostedBefore(uint64_t seq) const {
    LEDGER_ASSIGN_OR_RETURN(StoredEvent stored, Event(seq));
    LEDGER_ASSIGN_OR_RETURN(std::string posted_day, DayOfTimestamp(stored.ts));
    return query_.from && posted_day < query_.from->text;
  }

  // The row of event `seq`, if the query takes it. An outflow's or a
  // transfer's business date is never after the day it was posted (the
  // rules refuse it), and ts never decreases along the log, so an event
  // posted before `from` ends the walk. (A gift's date is not held to
  // that: one dated after the day it was posted is found only if it was
  // posted on or after `from` — docs/api.md.)
  Result<Found> RowAt(uint64_t seq) {
    LEDGER_ASSIGN_OR_RETURN(StoredEvent stored, Event(seq));
    LEDGER_ASSIGN_OR_RETURN(std::string posted_day, DayOfTimestamp(stored.ts));
    Found found;
    if (query_.from && posted_day < query_.from->text) {
      found.stop = true;
      return found;
    }
    ExportRow row;
    row.seq = seq;
    row.type = std::string(kind_);
    row.date = Date{posted_day};
    bool keep = true;
    if (auto* gift = std::get_if<DonationReceived>(&stored.event.body)) {
      Donation(*gift, row);
    } else if (auto* paid = std::get_if<DisbursementMade>(&stored.event.body)) {
      Disbursement(*paid, row);
    } else if (auto* moved = std::get_if<FundsTransferred>(&stored.event.body)) {
      LEDGER_ASSIGN_OR_RETURN(keep, Transfer(*moved, row));
    } else {
      return Error::Corruption("event " + std::to_string(seq) + " is indexed as " + row.type + " but is not one");
    }
    if (!keep || !InRange(row)) return found;
    LEDGER_ASSIGN_OR_RETURN(auto reversal, state().Find<Seq>(keys::Reversed(Seq(seq))));
    if (reversal && reversal->value < log_size_) row.reversed_by = reversal->value;
    found.row = std::move(row);
    return found;
  }

  bool InRange(const ExportRow& row) const {
    if (query_.from && row.date < *query_.from) return false;
    if (query_.to && *query_.to < row.date) return false;
    if (query_.fund && row.fund != *query_.fund && row.to_fund != *query_.fund) return false;
    return true;
  }

  static void Donation(const DonationReceived& gift, ExportRow& row) {
    row.date = gift.date;
    row.fund = gift.fund;
    row.amount_fen = gift.amount_fen;
    row.receipt = gift.receipt.str();
    row.party_pseudonym = gift.donor.pseudonym;
    row.party_kind = std::string(NameOf(gift.donor.kind));
    row.party_display_name = gift.donor.display_name;
    row.channel = std::string(NameOf(gift.channel));
    row.designation = Designated(gift.designation);
    if (gift.campaign) row.campaign = gift.campaign->str();
    if (gift.in_kind) row.reference = gift.in_kind->description;
  }

  static void Disbursement(const DisbursementMade& paid, ExportRow& row) {
    if (paid.date) row.date = *paid.date;
    row.fund = paid.fund;
    row.amount_fen = paid.amount_fen;
    row.party_pseudonym = paid.beneficiary.pseudonym;
    row.party_kind = std::string(NameOf(paid.beneficiary.kind));
    row.purpose = std::string(NameOf(paid.purpose));
    if (paid.project) row.project = paid.project->str();
    row.tranche = paid.tranche;
    row.reference = paid.reference;
  }

  // False when the transfer is not a row of the query (a grant is money
  // leaving the org for another org).
  Result<bool> Transfer(const FundsTransferred& moved, ExportRow& row) {
    if (moved.date) row.date = *moved.date;
    row.fund = moved.from;
    row.to_fund = moved.to;
    row.amount_fen = moved.amount_fen;
    row.reason = std::string(NameOf(moved.reason));
    row.reference = moved.reference;
    if (moved.project) row.project = moved.project->str();
    row.tranche = moved.tranche;
    LEDGER_ASSIGN_OR_RETURN(FundRecord from, state().Need<FundRecord>(keys::Fund(moved.from)));
    LEDGER_ASSIGN_OR_RETURN(FundRecord to, state().Need<FundRecord>(keys::Fund(moved.to)));
    const bool out = from.owner == query_.org, in = to.owner == query_.org;
    row.direction = out && in ? "internal" : out ? "out" : "in";
    if (query_.what == ExportWhat::kGrants && row.direction != "out") return false;
    row.counterpart = out ? to.owner : from.owner;
    LEDGER_ASSIGN_OR_RETURN(ledger::Org other, state().Need<ledger::Org>(keys::Org(row.counterpart)));
    row.counterpart_name = other.name;
    row.counterpart_region = other.region;
    return true;
  }

  const Log& log_;
  const ExportQuery& query_;
  const uint64_t log_size_;
  StoreStateView view_;
  std::string_view kind_;
};

}  // namespace

Result<ExportOrg> ForEachExportRow(const Log& log, const ExportQuery& query, const ExportVisit& visit) {
  Exporter exporter(log, query);
  LEDGER_ASSIGN_OR_RETURN(ExportOrg org, exporter.Org());
  LEDGER_ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, exporter.Seqs());
  LEDGER_RETURN_IF_ERROR(exporter.Visit(seqs, visit));
  return org;
}

}  // namespace ledger
