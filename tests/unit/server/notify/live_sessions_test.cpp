// The open chat sockets: an alert for a chat session reaches every socket of that session, and
// none once they are gone.
#include "server/notify/live_sessions.h"

#include <gtest/gtest.h>

#include <vector>

namespace loket::server {
namespace {

TEST(LiveSessionRegistry, PushesToEverySocketOfTheSession) {
  LiveSessionRegistry live;
  std::vector<std::string> first, second, other;
  const auto a = live.add("s1", [&](std::string f) {
    first.push_back(std::move(f));
    return true;
  });
  const auto b = live.add("s1", [&](std::string f) {
    second.push_back(std::move(f));
    return true;
  });
  live.add("s2", [&](std::string f) {
    other.push_back(std::move(f));
    return true;
  });
  EXPECT_TRUE(live.push("s1", R"({"n":1})"));
  EXPECT_EQ(1u, first.size());
  EXPECT_EQ(1u, second.size());
  EXPECT_TRUE(other.empty());
  live.remove(a);
  live.remove(b);
  EXPECT_FALSE(live.push("s1", R"({"n":2})")) << "no socket open: the delivery waits";
  EXPECT_EQ(1u, first.size());
}

TEST(LiveSessionRegistry, ASocketThatDoesNotTakeItIsNoDelivery) {
  LiveSessionRegistry live;
  live.add("s", [](std::string) { return false; });
  EXPECT_FALSE(live.push("s", "{}"));
  EXPECT_FALSE(live.push("unknown", "{}"));
}

}  // namespace
}  // namespace loket::server
