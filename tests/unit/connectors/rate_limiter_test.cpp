// The pacing that keeps loket within the platforms' limits: a bucket per key, shared by the
// threads that send.
#include <gtest/gtest.h>

#include "connectors/rate_limiter.h"

namespace loket::connectors {
namespace {

TEST(RateLimiter, PerKeyDefaultsAndCheckingWithoutBooking) {
  RateLimiter limiter;
  limiter.set_default_limit(1, 1);
  const auto t0 = RateLimiter::Clock::now();
  EXPECT_EQ(RateLimiter::Clock::duration::zero(), limiter.reserve("chat-1", t0));
  EXPECT_EQ(RateLimiter::Clock::duration::zero(), limiter.reserve("chat-2", t0))
      << "each key has its own bucket";
  // Without booking, asking again and again does not push the slot further away.
  const auto wait = limiter.reserve("chat-1", t0, false);
  EXPECT_GT(wait, std::chrono::milliseconds(900));
  EXPECT_EQ(wait, limiter.reserve("chat-1", t0, false));
  EXPECT_EQ(RateLimiter::Clock::duration::zero(),
            limiter.reserve("chat-1", t0 + std::chrono::seconds(1), false));
  // Booking does: the second caller waits behind the first.
  EXPECT_GT(limiter.reserve("chat-2", t0), std::chrono::milliseconds(900));
  EXPECT_GT(limiter.reserve("chat-2", t0), std::chrono::milliseconds(1900));
}

TEST(RateLimiter, ReservingWithinAWaitTakesFromEveryKeyOrGivesAllBack) {
  using namespace std::chrono_literals;
  RateLimiter limiter;
  limiter.set_limit("", 1, 1);       // a platform's overall bucket
  limiter.set_default_limit(10, 1);  // each resident's
  EXPECT_EQ(RateLimiter::Clock::duration::zero(), limiter.reserve_within({"", "chat-1"}, 5s));
  // The overall bucket is empty now: the slowest key decides the wait.
  const auto wait = limiter.reserve_within({"", "chat-2"}, 5s);
  EXPECT_GT(wait, 900ms);
  EXPECT_LE(wait, 5s);
  // Past the longest wait the tokens go back: the next caller is not pushed further away.
  const auto refused = limiter.reserve_within({"", "chat-3"}, 100ms);
  EXPECT_GT(refused, 100ms);
  const auto again = limiter.reserve_within({"", "chat-3"}, 100ms);
  EXPECT_LT(again - refused, 50ms) << "the refused reservation took nothing";
}

}  // namespace
}  // namespace loket::connectors
