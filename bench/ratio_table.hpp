// The table a benchmark with repetitions prints: per row, the median of its
// value over the repetitions and the range of its ratio to a baseline, each
// ratio taken against the baseline measured in the same repetition (the
// machine is shared, so rates drift between repetitions more than ratios).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace ledger::bench {

class RatioTable {
 public:
  // Records one repetition of row `what`. `versus` names the baseline of
  // `ratio`; an empty `versus` is a row without a ratio.
  void Add(const std::string& what, const std::string& unit, double value,
           const std::string& versus = {}, double ratio = 0) {
    Row& row = Find(what, unit, versus);
    row.values.push_back(value);
    row.ratios.push_back(ratio);
  }

  void Print() const {
    std::printf("%-34s %12s %-9s %-13s %s\n", "what", "value", "unit", "ratio", "vs");
    for (const Row& row : rows_) {
      const std::string ratio = row.versus.empty() ? "-" : Range(row.ratios);
      std::printf("%-34s %12s %-9s %-13s %s\n", row.what.c_str(), Number(Median(row.values)).c_str(),
                  row.unit.c_str(), ratio.c_str(), row.versus.c_str());
    }
  }

 private:
  struct Row {
    std::string what, unit, versus;
    std::vector<double> values, ratios;
  };

  Row& Find(const std::string& what, const std::string& unit, const std::string& versus) {
    for (Row& row : rows_)
      if (row.what == what && row.unit == unit) return row;
    rows_.push_back({what, unit, versus, {}, {}});
    return rows_.back();
  }

  static double Median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  // "0.42-0.47" over the repetitions, or "0.42" when they agree to 2 digits.
  static std::string Range(const std::vector<double>& ratios) {
    const auto [low, high] = std::minmax_element(ratios.begin(), ratios.end());
    char text[64];
    if (std::round(*low * 100) == std::round(*high * 100)) {
      std::snprintf(text, sizeof text, "%.2f", *low);
    } else {
      std::snprintf(text, sizeof text, "%.2f-%.2f", *low, *high);
    }
    return text;
  }

  // Three significant digits at least, without an exponent.
  static std::string Number(double value) {
    char text[64];
    const int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
  }

  std::vector<Row> rows_;
};

}  // namespace ledger::bench
