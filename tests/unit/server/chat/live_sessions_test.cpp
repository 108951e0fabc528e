// The open chat sockets: a mailbox entry reaches every open socket of its chat session once,
// never one that has shown it (or a later one), and none once they are gone.
#include "server/chat/live_sessions.h"

#include <gtest/gtest.h>

#include <vector>

namespace loket::server {
namespace {

TEST(LiveSessionRegistry, PushesEachEntryToEachSocketOfTheSessionOnce) {
  LiveSessionRegistry live;
  std::vector<std::string> first, second;
  const auto a = live.add(
      "s1",
      [&](std::string f) {
        first.push_back(std::move(f));
        return true;
      },
      0, false);
  const auto b = live.add(
      "s1",
      [&](std::string f) {
        second.push_back(std::move(f));
        return true;
      },
      5, true);
  live.add(
      "s2", [](std::string) { return true; }, 0, false);
  ASSERT_EQ(2u, live.sockets("s1").size());
  EXPECT_EQ((std::vector<std::string>{"s1", "s2"}), live.sessions());

  EXPECT_TRUE(live.push_once(a, 3, "three"));
  EXPECT_FALSE(live.push_once(a, 3, "three")) << "shown once";
  EXPECT_FALSE(live.push_once(a, 2, "two")) << "older than what it showed";
  EXPECT_FALSE(live.push_once(b, 3, "three")) << "the chat said it had seen up to 5";
  EXPECT_TRUE(live.push_once(b, 6, "six"));
  EXPECT_EQ((std::vector<std::string>{"three"}), first);
  EXPECT_EQ((std::vector<std::string>{"six"}), second);

  live.remove(a);
  live.remove(b);
  EXPECT_TRUE(live.sockets("s1").empty());
  EXPECT_FALSE(live.push_once(a, 9, "nine")) << "a closed socket takes nothing";
  EXPECT_EQ((std::vector<std::string>{"s2"}), live.sessions());
}

TEST(LiveSessionRegistry, RemembersWhatEachSocketHasSeen) {
  LiveSessionRegistry live;
  const auto t = live.add(
      "s", [](std::string) { return false; }, 0, false);
  EXPECT_FALSE(live.push_once(t, 1, "{}")) << "the socket's queue was full";
  ASSERT_EQ(1u, live.sockets("s").size());
  EXPECT_EQ(1, live.sockets("s")[0].seen);
  EXPECT_FALSE(live.sockets("s")[0].resumed);
}

}  // namespace
}  // namespace loket::server
