// A ledger for donation load: one charity with one open fund, and signed
// submissions of donations to it (bench_util.hpp's DonationEntry), numbered
// so that every idem and receipt is new. Shared by the HTTP benchmarks.
#pragma once

#include <string>
#include <vector>

#include "ledger/signing.hpp"
#include "ledger_builder.hpp"

namespace ledger::bench {

inline constexpr const char* kCharity = "sz-charity-federation";  // DonationEntry's org
inline constexpr const char* kFund = "sz-general-donations";      // and its fund

inline void MustSubmit(Ledger& ledger, const Json& doc) {
  auto outcome = ledger.Submit(doc);
  if (!outcome.ok()) Die("setup submission " + doc.value("idem", ""), outcome.error());
}

inline Json MustSign(Json doc, const PrivateKey& key) {
  auto signed_doc = Sign(std::move(doc), key);
  if (!signed_doc.ok()) Die("signing", signed_doc.error());
  return std::move(*signed_doc);
}

inline std::string MustCanonical(const Json& doc) {
  auto text = Canonicalize(doc);
  if (!text.ok()) Die("canonical form", text.error());
  return std::move(*text);
}

// A new ledger in `dir` whose regulator has registered the charity (roles
// fundraise, disburse) and whose charity has opened its donations fund.
inline std::unique_ptr<Ledger> NewLedger(const std::string& dir, const PrivateKey& charity) {
  auto regulator = Must(PrivateKey::Generate(), "key");
  auto ledger = Must(Ledger::Open({.dir = dir}, InitDir(dir, regulator)), "open " + dir);
  MustSubmit(*ledger, MustSign({{"type", "org.registered"}, {"org", "reg"}, {"idem", "reg-charity"},
                                 {"body", {{"id", kCharity}, {"name", "Shenzhen Charity Federation"},
                                           {"kind", "charity"},
                                           {"public_key", charity.public_key().Base64()},
                                           {"roles", {"fundraise", "disburse"}}}}},
                                regulator));
  MustSubmit(*ledger, MustSign({{"type", "fund.opened"}, {"org", kCharity}, {"idem", "fund-general"},
                                 {"body", {{"id", kFund}, {"owner", kCharity}, {"kind", "donations"},
                                           {"purpose", "general"}, {"restricted", false},
                                           {"name", "General donations"}}}},
                                charity));
  return ledger;
}

// `count` signed single submissions, donations first_n, first_n+1, ...
inline std::vector<std::string> SignedSingles(const PrivateKey& charity, uint64_t first_n,
                                       std::size_t count) {
  std::vector<std::string> bodies;
  bodies.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    bodies.push_back(MustCanonical(MustSign(DonationEntry(first_n + i), charity)));
  return bodies;
}

// `count` signed batches of `size` donations each, numbered from first_n.
inline std::vector<std::string> SignedBatches(const PrivateKey& charity, uint64_t first_n,
                                       std::size_t count, std::size_t size) {
  std::vector<std::string> bodies;
  bodies.reserve(count);
  for (std::size_t b = 0; b < count; ++b) {
    Json events = Json::array();
    for (std::size_t i = 0; i < size; ++i) {
      Json entry = DonationEntry(first_n + b * size + i);
      events.push_back({{"type", entry["type"]}, {"idem", entry["idem"]}, {"body", entry["body"]}});
    }
    Json batch = {{"org", kCharity}, {"events", std::move(events)}};
    bodies.push_back(MustCanonical(MustSign(std::move(batch), charity)));
  }
  return bodies;
}

}  // namespace ledger::bench
