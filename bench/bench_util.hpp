// Small helpers for the benchmark drivers: timing, percentiles, events.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ledger/canonical_json.hpp"

namespace ledger::bench {

using SteadyClock = std::chrono::steady_clock;

inline double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The p-th percentile (0..100) of `samples`, which it sorts.
inline double Percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  std::size_t i = static_cast<std::size_t>(p / 100.0 * (samples.size() - 1) + 0.5);
  return samples[std::min(i, samples.size() - 1)];
}

// A donation-shaped entry of about 400 canonical bytes once stamped.
inline Json DonationEntry(uint64_t n) {
  std::string pseudonym(64, 'a');
  std::string digits = std::to_string(n);
  std::copy(digits.begin(), digits.end(), pseudonym.end() - static_cast<long>(digits.size()));
  return {{"type", "donation.received"},
          {"org", "sz-charity-federation"},
          {"idem", "web-2026-" + digits},
          {"body",
           {{"receipt", "SZCF-2026-" + digits},
            {"fund", "sz-general-donations"},
            {"amount_fen", 10'000 + static_cast<int64_t>(n % 100'000)},
            {"donor", {{"pseudonym", pseudonym}, {"kind", "individual"}}},
            {"channel", "online"},
            {"date", "2026-11-23"}}},
          {"sig", std::string(86, 'Q') + "=="}};
}

}  // namespace ledger::bench
