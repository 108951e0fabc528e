// The connection tracker: its limit, and a graceful stop that closes idle connections at once,
// busy ones when they turn idle, and says when none is left.
#include "server/http/connection_tracker.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

TEST(ConnectionTracker, AdmitsUpToItsCapacity) {
  ConnectionTracker tracker(2);
  auto a = tracker.add([] {});
  auto b = tracker.add([] {});
  auto c = tracker.add([] {});
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(c) << "the third is refused";
  EXPECT_EQ(2u, tracker.size());
  a.reset();
  EXPECT_EQ(1u, tracker.size());
  EXPECT_TRUE(tracker.add([] {})) << "room again";
}

TEST(ConnectionTracker, StopClosesIdleAtOnceAndBusyWhenIdle) {
  ConnectionTracker tracker(10);
  int idle_closed = 0, busy_closed = 0, drained = 0;
  auto idle = tracker.add([&] { ++idle_closed; });
  auto busy = tracker.add([&] { ++busy_closed; });
  ASSERT_TRUE(idle.enter_idle());
  tracker.stop([&] { ++drained; });
  EXPECT_TRUE(tracker.stopping());
  EXPECT_EQ(1, idle_closed);
  EXPECT_EQ(0, busy_closed) << "a request under way finishes";
  EXPECT_FALSE(busy.enter_idle()) << "instead of waiting for another request, it closes";
  EXPECT_FALSE(tracker.add([] {})) << "nothing new is admitted";
  idle.reset();
  EXPECT_EQ(0, drained);
  busy.reset();
  EXPECT_EQ(1, drained) << "told once, when the last one left";
}

TEST(ConnectionTracker, CloseAllClosesBusyOnesToo) {
  ConnectionTracker tracker(10);
  int closed = 0;
  auto a = tracker.add([&] { ++closed; });
  auto b = tracker.add([&] { ++closed; });
  tracker.close_all();
  EXPECT_EQ(2, closed);
}

}  // namespace
}  // namespace loket::server
