// Things served at once under a limit (exports being made, event streams
// open): a slot is taken with TryTake and given back when its Slot is
// destroyed or released, so that no path out — an error, an exception,
// an early return — keeps one. Thread-safe (one atomic counter). Must
// outlive every Slot taken from it. Internal to api/.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>

#include "ledger/status.hpp"

namespace ledger::api {

class CountedSlots {
 public:
  // One slot, held until destroyed or released (once). Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }
    // Gives the slot back now; later calls and the destructor do nothing.
    void Release() {
      if (CountedSlots* owner = std::exchange(owner_, nullptr)) owner->GiveBack();
    }

   private:
    friend class CountedSlots;
    explicit Slot(CountedSlots* owner) : owner_(owner) {}
    CountedSlots* owner_;
  };

  CountedSlots() = default;
  CountedSlots(const CountedSlots&) = delete;
  CountedSlots& operator=(const CountedSlots&) = delete;

  // A slot, or nullopt when `limit` are held.
  std::optional<Slot> TryTake(std::size_t limit) {
    std::size_t held = held_.load();
    do {
      if (held >= limit) return std::nullopt;
    } while (!held_.compare_exchange_weak(held, held + 1));
    return Slot(this);
  }
  std::size_t held() const { return held_.load(); }

 private:
  void GiveBack() {
    const std::size_t before = held_.fetch_sub(1);
    LEDGER_CHECK(before > 0);
  }

  std::atomic<std::size_t> held_{0};
};

}  // namespace ledger::api
