// The accounting engine's shared helpers (internal to ledger/accounts*.cpp):
// finding funds for a poster, the restriction rules, crediting a lot,
// taking lots FIFO among the compatible ones, and keeping traces.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/accounts.hpp"

namespace ledger {

struct Accounts::Impl {
  // A lot that may leave for where the outflow goes.
  using Compatible = std::function<bool(const Restriction&)>;

  // body[field] names a fund that exists (else 422) and `poster` owns (else 403).
  static Result<Fund*> OwnedFund(Accounts& a, const Json& body, const char* field,
                                 const std::string& poster);
  // body[field] names a fund that exists (else 422).
  static Result<Fund*> KnownFund(Accounts& a, const Json& body, const char* field);

  // The entry rule: an unrestricted lot arriving in a restricted fund takes
  // the fund's purpose.
  static Restriction OnEntry(const Fund& fund, Restriction r);
  static bool MayMoveInto(const Restriction& r, const Fund& to);
  static bool MayDisburse(const Restriction& r, const Fund& from, const std::string& purpose);

  // Appends `lot` (entry rule applied) at the back of `fund`, as a credit.
  static void Credit(Accounts& a, Fund& fund, Lot lot);

  // Journals the entry `key` of `map` as it is now (or its absence).
  template <class Map, class Key>
  static void SaveEntry(Accounts& a, Map& map, const Key& key) {
    if (!a.journal_) return;
    using Value = typename Map::mapped_type;
    auto it = map.find(key);
    std::optional<Value> prior;
    if (it != map.end()) prior = it->second;
    a.journal_->Record([&map, key = typename Map::key_type(key), prior = std::move(prior)] {
      if (prior) map.insert_or_assign(key, *prior);
      else map.erase(key);
    });
  }
  // Adds a flow to `fund`'s month of the event being applied (journalled,
  // reported). Callers change inflow_fen and outflow_fen by as much.
  static void FileFlow(Accounts& a, Fund& fund, int64_t inflow, int64_t outflow);
  // Reports a lot put (`lot`) or deleted (null) when the caller asked for changes.
  static void LotChanged(Accounts& a, const Fund& fund, uint64_t order, const Lot* lot);
  // Journals a fund's counters and, if `lots` is set, its whole queue.
  static void SaveFund(Accounts& a, Fund& fund, bool lots);

  // Takes `amount` from the oldest lots of `fund` that `ok` accepts,
  // splitting at most one; refuses (422, field body.amount_fen) when they
  // hold less, naming `usable_for`. On error the fund is unchanged.
  static Result<std::vector<Piece>> Take(Accounts& a, Fund& fund, int64_t amount, const Compatible& ok,
                                         const std::string& usable_for);

  // Trace bookkeeping for pieces of source `source` of `amount` fen.
  static void TraceHop(Accounts& a, uint64_t source, uint64_t seq, const std::string& from,
                       const std::string& to, int64_t amount);
  static void TraceSpend(Accounts& a, uint64_t source, uint64_t seq, EventKind kind,
                         const std::string& fund, int64_t amount, const std::string& what);
  static void Held(SourceTrace& trace, const std::string& fund, int64_t delta);

  // Sum of the lots of `fund` placed by event `seq`.
  static int64_t PlacedBy(const Fund& fund, uint64_t seq);

  static Status Transfer(Accounts& a, const Json& body, const std::string& poster, uint64_t seq,
                         AccountsChange& change);
  static Status Spend(Accounts& a, EventKind kind, const Json& body, const std::string& poster,
                      uint64_t seq, AccountsChange& change);
  static Status Reverse(Accounts& a, EventKind reversed_kind, const Json& body, uint64_t seq,
                        AccountsChange& change);
};

// "1,234.56" for 123456 fen.
std::string FormatYuan(int64_t fen);

}  // namespace ledger
