#include "ledger/stats.hpp"

namespace ledger {
namespace {

const std::string& Str(const Json& body, const char* name) {
  return body.at(name).get_ref<const std::string&>();
}

}  // namespace

void Stats::Add(const std::string& path, int64_t fen, int sign, StatsChange* change,
                int64_t welfare_fen) {
  StatsBucket& bucket = buckets_[path];
  bucket.amount_fen += sign * fen;
  bucket.welfare_fen += sign * welfare_fen;
  bucket.count += sign;
  LEDGER_CHECK(bucket.count >= 0 && bucket.amount_fen >= 0);
  if (bucket.count == 0) buckets_.erase(path);  // nothing live is counted there
  if (change) change->buckets.push_back(path);
}

void Stats::Apply(const StatsEvent& e, int sign, StatsChange* change) {
  const Json& body = e.body;
  switch (e.kind) {
    case EventKind::kDonationReceived:
    case EventKind::kTrustContributed: {
      const int64_t fen = body.at("amount_fen").get<int64_t>();
      Add("donations/total", fen, sign, change);
      Add("donations/month/" + Str(body, "date").substr(0, 7), fen, sign, change);
      Add("donations/purpose/" + e.fund_purpose, fen, sign, change);
      Add("donations/channel/" + Str(body, "channel"), fen, sign, change);
      Add("donations/org/" + e.poster, fen, sign, change);
      const Json& donor = body.at("donor");
      if (!donor.contains("display_name")) break;
      if (sign > 0) {
        HonourEntry entry{e.seq, Str(donor, "display_name"), fen, e.poster, Str(body, "date")};
        if (change) change->honour_added.push_back(entry);
        honour_[e.seq] = std::move(entry);
      } else {
        if (change) change->honour_removed.push_back(e.seq);
        honour_.erase(e.seq);
      }
      break;
    }
    case EventKind::kTrustIncomeRecorded:
      Add("income/total", body.at("amount_fen").get<int64_t>(), sign, change);
      break;
    case EventKind::kDisbursementMade: {
      const int64_t fen = body.at("amount_fen").get<int64_t>();
      Add("spending/purpose/" + Str(body, "purpose"), fen, sign, change);
      Add("spending/org/" + e.poster, fen, sign, change);
      break;
    }
    case EventKind::kExpenseRecorded: {
      const int64_t fen = body.at("amount_fen").get<int64_t>();
      Add("spending/category/" + Str(body, "category"), fen, sign, change);
      Add("spending/org/" + e.poster, fen, sign, change);
      break;
    }
    case EventKind::kLotterySalesReported:
      Add("lottery/" + Str(body, "game") + "/" + Str(body, "period"),
          body.at("sales_fen").get<int64_t>(), sign, change, body.at("welfare_fen").get<int64_t>());
      break;
    default:
      break;  // not money entering or leaving the ledger
  }
}

const StatsBucket* Stats::Find(std::string_view path) const {
  auto it = buckets_.find(path);
  return it == buckets_.end() ? nullptr : &it->second;
}

}  // namespace ledger
