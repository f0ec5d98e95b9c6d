#include "ledger/domain/receipts.hpp"

namespace ledger::receipts {
namespace {

using Fiscal = ReceiptRecord::Fiscal;

std::string SeqText(Seq seq) { return "seq " + std::to_string(seq.value); }

// The receipt a body names, which its poster must have recorded.
Result<ReceiptRecord> Issued(const ReceiptNo& number, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<ReceiptRecord>(keys::Receipt(number)));
  if (!found) return Error::Refused("body.receipt", "no gift has receipt " + number.str());
  if (found->poster != at.poster)
    return Error{Code::kPermissionDenied, "body.receipt",
                 "receipt " + number.str() + " belongs to a gift of " + found->poster.str()};
  return std::move(*found);
}

// A fiscal number is used once, for one receipt, whether issued or red.
Status TakeFiscal(const FiscalNo& fiscal, const ReceiptNo& receipt, const char* field, State& state) {
  const std::string key = keys::Fiscal(fiscal.code, fiscal.number);
  LEDGER_ASSIGN_OR_RETURN(auto used, state.kv().Get(Space::kState, key));
  if (used)
    return Error::Refused(field, "fiscal receipt " + fiscal.code + "/" + fiscal.number + " was already used for " +
                                     *used);
  state.PutRaw(key, receipt.str());
  return Status::Ok();
}

Status MustBeIssued(const ReceiptRecord& r, const ReceiptNo& number) {
  if (r.fiscal_status == Fiscal::kNone)
    return Error::Refused("body.receipt", "receipt " + number.str() + " has no fiscal receipt issued");
  if (r.fiscal_status != Fiscal::kIssued)
    return Error::Refused("body.receipt", "the fiscal receipt of " + number.str() + " was already " +
                                              std::string(StatusName(r)));
  return Status::Ok();
}

Status NotBefore(const Date& date, const Date& earlier, std::string_view what) {
  if (date < earlier)
    return Error::Refused("body.date", "is before " + std::string(what) + " (" + earlier.text + ")");
  return Status::Ok();
}

Status MarkReplaced(const ReceiptNo& old, const ReceiptNo& by, EventKind kind, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<ReceiptRecord>(keys::Receipt(old)));
  if (!found) return Error::Refused("body.replaces", "no gift has receipt " + old.str());
  if (found->poster != at.poster)
    return Error{Code::kPermissionDenied, "body.replaces", "receipt " + old.str() + " belongs to " + found->poster.str()};
  if (found->replaced_by)
    return Error::Refused("body.replaces", "receipt " + old.str() + " was already replaced by " +
                                               found->replaced_by->str());
  // Two live gifts for one donation would count its money twice.
  if (found->live)
    return Error::Refused("body.replaces", "the gift of receipt " + old.str() +
                                               " still stands: reverse it (and void or red-reverse its fiscal "
                                               "receipt) before entering it again");
  found->replaced_by = by;
  found->history.emplace_back(at.seq, kind);
  state.Put(keys::Receipt(old), *found);
  return Status::Ok();
}

}  // namespace

Status Take(const Gift& gift, EventKind kind, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto used, state.Find<ReceiptRecord>(keys::Receipt(gift.receipt)));
  // Under the first rules a reversed gift's number could be taken again.
  const bool free_again = used && !used->live && UnderFirstRules(at.ts);
  if (used && !free_again)
    return Error::Refused("body.receipt", "receipt " + gift.receipt.str() + " was used at " + SeqText(used->seq) +
                                              (used->live ? "" : " (reversed since); a corrected gift takes a new "
                                                                 "receipt and names the old one in replaces"));
  if (gift.replaces) LEDGER_RETURN_IF_ERROR(MarkReplaced(*gift.replaces, gift.receipt, kind, at, state));
  ReceiptRecord record{.seq = at.seq, .poster = at.poster, .amount_fen = gift.amount_fen, .date = gift.date,
                       .replaces = gift.replaces};
  record.history.emplace_back(at.seq, kind);
  state.Put(keys::Receipt(gift.receipt), record);
  return Status::Ok();
}

Status GiftReversed(const ReceiptNo& receipt, Seq seq, Seq reversal, State& state) {
  LEDGER_ASSIGN_OR_RETURN(auto found, state.Find<ReceiptRecord>(keys::Receipt(receipt)));
  if (!found || found->seq != seq) return Status::Ok();  // the number went to a later gift (first rules)
  found->live = false;
  found->history.emplace_back(reversal, EventKind::kEventReversed);
  state.Put(keys::Receipt(receipt), *found);
  return Status::Ok();
}

Status Issue(const ReceiptIssued& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ReceiptRecord r, Issued(body.receipt, at, state));
  if (r.fiscal_status != Fiscal::kNone)
    return Error::Refused("body.receipt", "receipt " + body.receipt.str() + " already has its fiscal receipt (" +
                                              std::string(StatusName(r)) + "); a receipt is issued once");
  if (!r.live)
    return Error::Refused("body.receipt", "the gift of receipt " + body.receipt.str() + " was reversed");
  if (body.amount_fen != r.amount_fen)
    return Error::Refused("body.amount_fen", "the gift of receipt " + body.receipt.str() + " is " +
                                                 std::to_string(r.amount_fen.value) + " fen");
  LEDGER_RETURN_IF_ERROR(NotBefore(body.date, r.date, "the gift's date"));
  LEDGER_RETURN_IF_ERROR(TakeFiscal(body.fiscal, body.receipt, "body.fiscal.number", state));
  r.fiscal_status = Fiscal::kIssued;
  r.fiscal = body.fiscal;
  r.fiscal_date = body.date;
  r.history.emplace_back(at.seq, EventKind::kReceiptIssued);
  state.Put(keys::Receipt(body.receipt), r);
  return Status::Ok();
}

namespace {

// The receipt a void or red reversal dated `date` cancels: issued, not yet
// cancelled, and not cancelled before the day it was issued.
Result<ReceiptRecord> Cancelled(const ReceiptNo& number, const Date& date, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ReceiptRecord r, Issued(number, at, state));
  LEDGER_RETURN_IF_ERROR(MustBeIssued(r, number));
  LEDGER_RETURN_IF_ERROR(NotBefore(date, *r.fiscal_date, "the day its fiscal receipt was issued"));
  return r;
}

}  // namespace

Status Void(const ReceiptVoided& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ReceiptRecord r, Cancelled(body.receipt, body.date, at, state));
  r.fiscal_status = Fiscal::kVoided;
  r.history.emplace_back(at.seq, EventKind::kReceiptVoided);
  state.Put(keys::Receipt(body.receipt), r);
  return Status::Ok();
}

Status RedReverse(const ReceiptRedReversed& body, const At& at, State& state) {
  LEDGER_ASSIGN_OR_RETURN(ReceiptRecord r, Cancelled(body.receipt, body.date, at, state));
  LEDGER_RETURN_IF_ERROR(TakeFiscal(body.red, body.receipt, "body.red.number", state));
  r.fiscal_status = Fiscal::kRedReversed;
  r.red = body.red;
  r.history.emplace_back(at.seq, EventKind::kReceiptRedReversed);
  state.Put(keys::Receipt(body.receipt), r);
  return Status::Ok();
}

std::string_view StatusName(const ReceiptRecord& r) {
  if (r.fiscal_status == Fiscal::kVoided) return "voided";
  if (r.fiscal_status == Fiscal::kRedReversed) return "red_reversed";
  if (!r.live) return "reversed";
  return r.fiscal_status == Fiscal::kIssued ? "issued" : "recorded";
}

}  // namespace ledger::receipts
