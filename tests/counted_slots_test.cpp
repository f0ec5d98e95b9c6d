// CountedSlots (api/counted_slots.hpp), the limit on exports made and
// event streams served at once: a slot is given back on every way out of
// the scope that holds it — a return, an error, an exception — once.
#include <optional>
#include <stdexcept>
#include <utility>

#include <gtest/gtest.h>

#include "counted_slots.hpp"

namespace ledger::api {
namespace {

TEST(CountedSlots, TheLimitIsTakenAndOneMoreIsRefused) {
  CountedSlots slots;
  auto a = slots.TryTake(2);
  auto b = slots.TryTake(2);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(slots.TryTake(2));
  EXPECT_EQ(slots.held(), 2u);
  EXPECT_FALSE(CountedSlots().TryTake(0));
}

TEST(CountedSlots, ASlotIsGivenBackWhenItsHolderGoes) {
  CountedSlots slots;
  { auto slot = slots.TryTake(1); ASSERT_TRUE(slot); }
  EXPECT_EQ(slots.held(), 0u);
  EXPECT_TRUE(slots.TryTake(1));
}

TEST(CountedSlots, AnExceptionGivesTheSlotBack) {
  CountedSlots slots;
  const auto work = [&] {
    auto slot = slots.TryTake(1);
    ASSERT_TRUE(slot);
    throw std::runtime_error("the export failed");
  };
  EXPECT_THROW(work(), std::runtime_error);
  EXPECT_EQ(slots.held(), 0u);
  EXPECT_TRUE(slots.TryTake(1));
}

TEST(CountedSlots, AMovedSlotIsGivenBackOnceByItsLastHolder) {
  CountedSlots slots;
  std::optional<CountedSlots::Slot> kept;
  {
    auto taken = slots.TryTake(1);
    ASSERT_TRUE(taken);
    kept.emplace(std::move(*taken));
  }
  EXPECT_EQ(slots.held(), 1u);  // the moved-from slot gave nothing back
  kept->Release();
  EXPECT_EQ(slots.held(), 0u);
  kept->Release();  // a second release does nothing
  kept.reset();     // nor does the destructor after a release
  EXPECT_EQ(slots.held(), 0u);
}

}  // namespace
}  // namespace ledger::api
