// Editing a ledger's stored state behind its back, for the tests that show
// the audit and the rebuild catch it: a stored amount changed in place.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "ledger/domain/records.hpp"
#include "ledger/store.hpp"

namespace ledger::testing {

// Adds `delta` to amount `member` of the state record at `key`: a fund's
// "balance_fen" (fund/…), a month's "inflow_fen" or "outflow_fen"
// (fundmonth/…), or an org year's "income_fen" (orgyear/…).
inline void AddToStoredAmount(const Store& store, WriteSet& writes, const std::string& key, const std::string& member,
                              int64_t delta) {
  auto value = store.Get(Column::kState, key);
  ASSERT_TRUE(value.ok() && value->has_value()) << key;
  std::string bytes;
  if (key.starts_with("fund/")) {
    FundRecord fund;
    ASSERT_TRUE(Decode(**value, key, fund).ok());
    ASSERT_EQ(member, "balance_fen");
    fund.balance_fen += Fen(delta);
    Encode(fund, bytes);
  } else if (key.starts_with("fundmonth/")) {
    FundMonthRecord month;
    ASSERT_TRUE(Decode(**value, key, month).ok());
    ASSERT_TRUE(member == "inflow_fen" || member == "outflow_fen") << member;
    (member == "inflow_fen" ? month.inflow_fen : month.outflow_fen) += Fen(delta);
    Encode(month, bytes);
  } else if (key.starts_with("orgyear/")) {
    YearTotals totals;
    ASSERT_TRUE(Decode(**value, key, totals).ok());
    ASSERT_EQ(member, "income_fen");
    totals.income_fen += delta;
    Encode(totals, bytes);
  } else {
    FAIL() << "no amount to edit in " << key;
  }
  writes.Put(Column::kState, key, bytes);
}

}  // namespace ledger::testing
