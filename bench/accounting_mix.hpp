// A realistic mix of signed money events for the accounting benchmark:
// charities registered by the regulator, two or three funds each (one
// restricted to a purpose, one unrestricted), then donations (some
// designated), transfers between funds, disbursements and expenses.
//
// The generator keeps its own copy of every fund's lots under the rules of
// docs/accounting.md (FIFO among compatible lots, a lot arriving in a
// restricted fund takes its purpose, restrictions never loosened) and sizes
// every outflow from what the fund holds for it, so that the ledger should
// accept the whole mix; a refusal means the copy and the ledger disagree.
// Charities are split into groups and transfers stay inside a group, so
// the groups' batches decide the same way however they interleave, as long
// as each group's batches are submitted in order (one thread per group).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"
#include "ledger/crypto.hpp"
#include "ledger/signing.hpp"

namespace ledger::bench {

// A lot's restriction, as the generator's own copy of the rules keeps it.
struct Restriction {
  enum class Kind : uint8_t { kNone, kPurpose, kProject };
  Kind kind = Kind::kNone;
  std::string value;  // the purpose, or the project's fund id
  static Restriction Purpose(std::string p) { return {Kind::kPurpose, std::move(p)}; }
  static Restriction Project(std::string x) { return {Kind::kProject, std::move(x)}; }
  bool none() const { return kind == Kind::kNone; }
  // A donation's designation for it.
  Json ToJson() const {
    return kind == Kind::kPurpose ? Json{{"purpose", value}} : Json{{"project", value}};
  }
};

struct MixOptions {
  int charities = 10;
  int groups = 4;  // one submitting thread each
  std::size_t batch_size = 100;
  uint64_t seed = 1;
};

struct MixBatch {
  int group = 0;
  Json doc;                                // {"org","events","sig"}, signed by the org
  std::vector<std::string> receipts;       // of its donations
  std::vector<std::size_t> disbursements;  // indices of its disbursement.made events
};

// The batch's events as the log stores them, less the stamps: type, org,
// idem and body, with the batch's signature as "sig" (in the ledger it rides
// in a "batch" member with the batch's start and size).
inline std::vector<Json> StoredEntries(const MixBatch& batch) {
  std::vector<Json> entries;
  const Json& doc = batch.doc;
  for (const Json& e : doc.at("events"))
    entries.push_back({{"type", e.at("type")}, {"org", doc.at("org")}, {"idem", e.at("idem")},
                       {"body", e.at("body")}, {"sig", doc.at("sig")}});
  return entries;
}

struct MixCounts {
  uint64_t donations = 0, designated = 0, transfers = 0, cross_org = 0, disbursements = 0,
           expenses = 0;
  uint64_t total() const { return donations + transfers + disbursements + expenses; }
};

class Mix {
 public:
  static Result<std::unique_ptr<Mix>> Make(const MixOptions& options) {
    std::unique_ptr<Mix> mix(new Mix(options));
    for (int i = 0; i < options.charities; ++i) {
      auto key = PrivateKey::Generate();
      if (!key.ok()) return key.error();
      mix->AddCharity(i, std::move(*key));
    }
    return mix;
  }

  // Every charity's registration (posted by the regulator), then every fund
  // opening, as signed single submissions in the order to submit them.
  Result<std::vector<Json>> Setup(const std::string& regulator_id, const PrivateKey& regulator) const {
    std::vector<Json> docs;
    for (const Charity& c : charities_)
      docs.push_back({{"type", "org.registered"}, {"org", regulator_id}, {"idem", "register-" + c.id},
                      {"body", {{"id", c.id}, {"name", "Charity " + c.id}, {"kind", "charity"},
                                {"public_key", c.key.public_key().Base64()},
                                {"roles", {"fundraise", "disburse", "allocate"}}}}});
    for (const ModelFund& f : funds_)
      docs.push_back({{"type", "fund.opened"}, {"org", f.owner}, {"idem", "open-" + f.id},
                      {"body", {{"id", f.id}, {"owner", f.owner},
                                {"kind", f.restricted ? "project" : "donations"},
                                {"purpose", f.purpose}, {"restricted", f.restricted},
                                {"name", "Fund " + f.id}}}});
    for (Json& doc : docs) {
      const std::string org = doc["org"].get<std::string>();
      const PrivateKey& key = org == regulator_id ? regulator : CharityKey(org);
      auto signed_doc = Sign(std::move(doc), key);
      if (!signed_doc.ok()) return signed_doc.error();
      doc = std::move(*signed_doc);
    }
    return docs;
  }

  // The next batches, about `events` events in all; the groups take turns,
  // and so do the charities of a group.
  Result<std::vector<MixBatch>> Next(uint64_t events) {
    std::vector<MixBatch> batches;
    for (uint64_t made = 0; made < events; made += options_.batch_size) {
      const int group = next_group_++ % options_.groups;
      const std::vector<std::size_t>& members = group_charities_[group];
      Charity& c = charities_[members[group_turn_[group]++ % members.size()]];
      MixBatch batch{.group = group};
      Json list = Json::array();
      for (std::size_t i = 0; i < options_.batch_size; ++i) list.push_back(NextEvent(c, batch, i));
      auto signed_doc = Sign({{"org", c.id}, {"events", std::move(list)}}, c.key);
      if (!signed_doc.ok()) return signed_doc.error();
      batch.doc = std::move(*signed_doc);
      batches.push_back(std::move(batch));
    }
    return batches;
  }

  const PublicKey& KeyOf(const std::string& charity) const { return CharityKey(charity).public_key(); }
  const MixCounts& counts() const { return counts_; }
  std::vector<std::string> FundIds() const {
    std::vector<std::string> ids;
    for (const ModelFund& f : funds_) ids.push_back(f.id);
    return ids;
  }
  // The events made so far by type, and the lots the funds hold now.
  std::string Describe() const {
    std::size_t lots = 0, most = 0;
    for (const ModelFund& f : funds_) lots += f.lots.size(), most = std::max(most, f.lots.size());
    const MixCounts& c = counts_;
    auto share = [&c](uint64_t n) { return 100.0 * n / std::max<uint64_t>(1, c.total()); };
    char text[400];
    std::snprintf(text, sizeof text,
                  "%llu donations (%.1f%%, %llu designated), %llu transfers (%.1f%%, %llu to other "
                  "charities), %llu disbursements (%.1f%%), %llu expenses (%.1f%%); lots held at "
                  "the end %zu, most in one fund %zu",
                  (unsigned long long)c.donations, share(c.donations), (unsigned long long)c.designated,
                  (unsigned long long)c.transfers, share(c.transfers), (unsigned long long)c.cross_org,
                  (unsigned long long)c.disbursements, share(c.disbursements),
                  (unsigned long long)c.expenses, share(c.expenses), lots, most);
    return text;
  }

 private:
  static constexpr const char* kPurposes[] = {"elderly", "disabled", "orphans", "poverty",
                                              "disaster", "medical", "education", "community"};
  static constexpr int64_t kMinOutflow = 10'000;  // fen: smaller outflows are not worth posting

  struct ModelLot {
    Restriction restriction;
    int64_t amount = 0;
  };
  struct ModelFund {
    std::string id, owner, purpose;
    bool restricted = false;
    std::deque<ModelLot> lots;
  };
  struct Charity {
    std::string id;
    PrivateKey key;
    int group = 0;
    std::vector<std::size_t> funds;  // funds_ indices; [0] is the unrestricted one
    uint64_t next = 0;               // numbers its idems and receipts
  };
  using Accepts = std::function<bool(const Restriction&)>;

  explicit Mix(const MixOptions& options)
      : options_(options), rng_(options.seed), group_charities_(options.groups),
        group_funds_(options.groups), group_turn_(options.groups) {}

  void AddCharity(int i, PrivateKey key) {
    char id[32];
    std::snprintf(id, sizeof id, "charity-%02d", i);
    Charity c{.id = id, .key = std::move(key), .group = i % options_.groups};
    auto open = [&](const std::string& purpose, bool restricted) {
      c.funds.push_back(funds_.size());
      group_funds_[c.group].push_back(funds_.size());
      fund_index_[c.id + "-" + purpose] = funds_.size();
      funds_.push_back({.id = c.id + "-" + purpose, .owner = c.id, .purpose = purpose,
                        .restricted = restricted});
    };
    open("general", false);
    open(kPurposes[i % 8], true);
    if (i % 2 == 0) open(kPurposes[(i + 3) % 8], true);
    group_charities_[c.group].push_back(charities_.size());
    charities_.push_back(std::move(c));
  }

  const PrivateKey& CharityKey(const std::string& id) const {
    for (const Charity& c : charities_)
      if (c.id == id) return c.key;
    std::abort();
  }

  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class V> const auto& Pick(const V& v) { return v[Uniform(0, int64_t(std::size(v)) - 1)]; }
  std::string Hex64() {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex(64, '0');
    for (char& ch : hex) ch = kDigits[Uniform(0, 15)];
    return hex;
  }

  static int64_t Usable(const ModelFund& f, const Accepts& ok) {
    int64_t sum = 0;
    for (const ModelLot& lot : f.lots) sum += ok(lot.restriction) ? lot.amount : 0;
    return sum;
  }
  // Takes `amount` from the oldest accepted lots, as the ledger does.
  static std::vector<ModelLot> Take(ModelFund& f, int64_t amount, const Accepts& ok) {
    std::vector<ModelLot> pieces;
    for (auto it = f.lots.begin(); amount > 0 && it != f.lots.end();) {
      if (!ok(it->restriction)) { ++it; continue; }
      const int64_t take = std::min(amount, it->amount);
      pieces.push_back({it->restriction, take});
      amount -= take;
      it->amount -= take;
      it = it->amount == 0 ? f.lots.erase(it) : std::next(it);
    }
    return pieces;
  }
  static void Credit(ModelFund& f, ModelLot lot) {
    if (lot.restriction.none() && f.restricted) lot.restriction = Restriction::Purpose(f.purpose);
    f.lots.push_back(std::move(lot));
  }
  // A share of `usable`, at least kMinOutflow.
  int64_t Share(int64_t usable, double lo, double hi) {
    const double share = std::uniform_real_distribution<double>(lo, hi)(rng_);
    return std::clamp(static_cast<int64_t>(usable * share), kMinOutflow, usable);
  }

  Json NextEvent(Charity& c, MixBatch& batch, std::size_t index) {
    const std::string idem = "ev-" + std::to_string(++c.next);
    const double x = std::uniform_real_distribution<double>(0, 1)(rng_);
    std::optional<Json> event;
    if (x >= 0.95) event = Expense(c, idem);
    else if (x >= 0.80) event = Disbursement(c, idem);
    else if (x >= 0.70) event = Transfer(c, idem);
    if (event && x >= 0.80 && x < 0.95) batch.disbursements.push_back(index);
    return event ? std::move(*event) : Donation(c, idem, batch);  // too little money: a gift
  }

  Json Donation(Charity& c, const std::string& idem, MixBatch& batch) {
    ModelFund& f = funds_[Chance(0.6) ? c.funds[0] : c.funds[Uniform(1, c.funds.size() - 1)]];
    const int64_t amount = Chance(0.05) ? Uniform(100'000, 5'000'000) : Uniform(1'000, 100'000);
    char receipt[24];
    std::snprintf(receipt, sizeof receipt, "C%s-%07llu", c.id.c_str() + 8, (unsigned long long)c.next);
    Json donor = {{"pseudonym", Hex64()}, {"kind", Chance(0.8) ? "individual" : "enterprise"}};
    if (Chance(0.2)) donor["display_name"] = "Donor " + std::to_string(c.next % 997);
    Json body = {{"receipt", receipt}, {"fund", f.id}, {"amount_fen", amount}, {"donor", donor},
                 {"channel", Chance(0.6) ? "online" : "bank"},
                 {"date", "2026-" + std::to_string(10 + Uniform(0, 2)) + "-" + std::to_string(10 + Uniform(0, 18))}};
    Restriction r;
    const double d = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (f.restricted && d < 0.1) r = Restriction::Purpose(f.purpose);
    if (!f.restricted && d < 0.15) r = Restriction::Purpose(funds_[Pick(RestrictedIn(c.group))].purpose);
    else if (!f.restricted && d < 0.2) r = Restriction::Project(funds_[Pick(RestrictedIn(c.group))].id);
    if (!r.none()) {
      body["designation"] = r.ToJson();
      ++counts_.designated;
    }
    Credit(f, {r, amount});
    ++counts_.donations;
    batch.receipts.push_back(receipt);
    return {{"type", "donation.received"}, {"idem", idem}, {"body", std::move(body)}};
  }

  std::vector<std::size_t> RestrictedIn(int group) const {
    std::vector<std::size_t> out;
    for (std::size_t i : group_funds_[group])
      if (funds_[i].restricted) out.push_back(i);
    return out;
  }

  std::optional<Json> Transfer(Charity& c, const std::string& idem) {
    ModelFund& from = funds_[Chance(0.7) ? c.funds[0] : Pick(c.funds)];
    // A lot held for a project leaves for it first, so such lots do not pile up.
    std::size_t to_index = Pick(group_funds_[c.group]);
    for (const ModelLot& lot : from.lots)
      if (lot.restriction.kind == Restriction::Kind::kProject && Chance(0.5)) {
        to_index = fund_index_.at(lot.restriction.value);
        break;
      }
    ModelFund& to = funds_[to_index];
    if (&to == &from) return std::nullopt;
    Accepts ok = [&to](const Restriction& r) {
      return r.none() || r.value == (r.kind == Restriction::Kind::kPurpose ? to.purpose : to.id);
    };
    const int64_t usable = Usable(from, ok);
    if (usable < kMinOutflow) return std::nullopt;
    const int64_t amount = Share(usable, 0.05, 0.3);
    for (ModelLot& piece : Take(from, amount, ok)) Credit(to, std::move(piece));
    ++counts_.transfers;
    counts_.cross_org += to.owner != c.id;
    return Json{{"type", "funds.transferred"}, {"idem", idem},
                {"body", {{"from", from.id}, {"to", to.id}, {"amount_fen", amount},
                          {"reason", to.owner == c.id ? "allocation" : "grant"},
                          {"reference", "grant " + idem}, {"date", "2026-12-01"}}}};
  }

  // Lots `f` may spend for `purpose`: unrestricted, that purpose, or f's project.
  static Accepts SpendableFor(const ModelFund& f, const std::string& purpose) {
    return [&f, purpose](const Restriction& r) {
      return r.none() || r.value == (r.kind == Restriction::Kind::kPurpose ? purpose : f.id);
    };
  }

  std::optional<Json> Disbursement(Charity& c, const std::string& idem) {
    ModelFund& f = funds_[Pick(c.funds)];
    std::string purpose = f.restricted ? f.purpose : Pick(kPurposes);
    for (const ModelLot& lot : f.lots)  // spend what donors designated, oldest first
      if (!f.restricted && lot.restriction.kind == Restriction::Kind::kPurpose && Chance(0.7)) {
        purpose = lot.restriction.value;
        break;
      }
    const int64_t usable = Usable(f, SpendableFor(f, purpose));
    if (usable < kMinOutflow) return std::nullopt;
    const int64_t amount = Share(usable, 0.05, 0.3);
    Take(f, amount, SpendableFor(f, purpose));
    ++counts_.disbursements;
    return Json{{"type", "disbursement.made"}, {"idem", idem},
                {"body", {{"fund", f.id}, {"amount_fen", amount},
                          {"beneficiary", {{"pseudonym", Hex64()},
                                           {"kind", Chance(0.7) ? "individual" : "institution"}}},
                          {"purpose", purpose}, {"reference", "grant agreement " + idem},
                          {"date", "2026-12-01"}}}};
  }

  std::optional<Json> Expense(Charity& c, const std::string& idem) {
    const bool program = Chance(0.3);
    ModelFund& f = funds_[program ? Pick(c.funds) : c.funds[0]];
    Accepts ok = program ? SpendableFor(f, f.purpose) : [](const Restriction& r) { return r.none(); };
    const int64_t usable = Usable(f, ok);
    if (usable < kMinOutflow) return std::nullopt;
    const int64_t amount = Share(usable, 0.02, 0.1);
    Take(f, amount, ok);
    ++counts_.expenses;
    const char* category = program ? "program" : Chance(0.7) ? "management" : "fundraising";
    return Json{{"type", "expense.recorded"}, {"idem", idem},
                {"body", {{"fund", f.id}, {"amount_fen", amount}, {"category", category},
                          {"reference", "invoice " + idem}, {"date", "2026-12-01"}}}};
  }

  MixOptions options_;
  std::mt19937_64 rng_;
  std::vector<Charity> charities_;
  std::vector<ModelFund> funds_;
  std::map<std::string, std::size_t> fund_index_;
  std::vector<std::vector<std::size_t>> group_charities_, group_funds_;
  std::vector<std::size_t> group_turn_;
  std::size_t next_group_ = 0;
  MixCounts counts_;
};

}  // namespace ledger::bench
