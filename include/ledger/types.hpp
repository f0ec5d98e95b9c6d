// Value types for the domain's ideas, so that a seq is never taken for an
// amount nor a fund id for an org id: Seq, Fen and the ids. Pure values.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace ledger {

// A position in the log: 0-based, the event's Merkle leaf index.
struct Seq {
  uint64_t value = 0;

  constexpr Seq() = default;
  constexpr explicit Seq(uint64_t v) : value(v) {}
  constexpr Seq operator+(uint64_t n) const { return Seq(value + n); }
  friend constexpr auto operator<=>(Seq, Seq) = default;
};

// An amount of money in fen (0.01 yuan). Events hold at most 2^53 − 1 and
// running totals at most kMaxTotalFen, so the sum of two never overflows.
struct Fen {
  int64_t value = 0;

  constexpr Fen() = default;
  constexpr explicit Fen(int64_t v) : value(v) {}
  constexpr Fen operator+(Fen o) const { return Fen(value + o.value); }
  constexpr Fen operator-(Fen o) const { return Fen(value - o.value); }
  constexpr Fen operator-() const { return Fen(-value); }
  constexpr Fen& operator+=(Fen o) { value += o.value; return *this; }
  constexpr Fen& operator-=(Fen o) { value -= o.value; return *this; }
  friend constexpr auto operator<=>(Fen, Fen) = default;
};

// The largest running total the ledger keeps — a fund's inflow, a total of
// the portal's statistics: 2^62 − 1 fen. An event that would take a total
// past it is refused rather than let the sum overflow (about 4.6 × 10^16
// yuan: no real ledger's limit, only a hostile one's).
inline constexpr Fen kMaxTotalFen{(int64_t{1} << 62) - 1};

// Whether `total + add` stays within kMaxTotalFen (both non-negative).
constexpr bool FitsTotal(Fen total, Fen add) { return add.value <= kMaxTotalFen.value - total.value; }

// "1,234.56" for 123456 fen.
std::string FormatYuan(Fen fen);

// An identifier of one kind of thing. The tag keeps kinds apart; the text is
// what the events carry.
template <class Tag>
class Id {
 public:
  Id() = default;
  explicit Id(std::string text) : text_(std::move(text)) {}
  explicit Id(std::string_view text) : text_(text) {}
  explicit Id(const char* text) : text_(text) {}
  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }
  friend auto operator<=>(const Id&, const Id&) = default;
  friend bool operator==(const Id&, const Id&) = default;

 private:
  std::string text_;
};

using OrgId = Id<struct OrgIdTag>;
using FundId = Id<struct FundIdTag>;
using ReceiptNo = Id<struct ReceiptNoTag>;  // a donation's receipt number
using GameId = Id<struct GameIdTag>;        // a lottery game
using CampaignId = Id<struct CampaignIdTag>;  // a filed fundraising campaign
using ProjectId = Id<struct ProjectIdTag>;    // an applied-for project (project.applied)

}  // namespace ledger

template <class Tag>
struct std::hash<ledger::Id<Tag>> {
  std::size_t operator()(const ledger::Id<Tag>& id) const noexcept {
    return std::hash<std::string>()(id.str());
  }
};
