// The channel hub's memory of inbound traffic: redeliveries, held messages, and one
// conversation's messages answered in turn.
#include "server/notify/channel_hub.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

ChannelHub hub_without_channels() {
  return ChannelHub(
      config::Channels{}, std::chrono::seconds(1),
      [](const std::string&, const std::string&) { return connectors::MetaConnector::TopicInfo{}; },
      "Test");
}

ChannelHub::Pending pending(std::string id) {
  ChannelHub::Pending p;
  p.message.message_id = std::move(id);
  return p;
}

TEST(ChannelHub, WithoutSecretsNoChannelIsOn) {
  const auto hub = hub_without_channels();
  EXPECT_TRUE(hub.connectors().empty());
  EXPECT_EQ(nullptr, hub.find("telegram"));
}

TEST(ChannelHub, TellsAFreshMessageFromARedeliveryAndFromOneStillBeingStored) {
  auto hub = hub_without_channels();
  EXPECT_EQ(ChannelHub::Seen::fresh, hub.begin("telegram", "1"));
  EXPECT_EQ(ChannelHub::Seen::storing, hub.begin("telegram", "1"));
  hub.stored("telegram", "1");
  EXPECT_EQ(ChannelHub::Seen::taken, hub.begin("telegram", "1"));
  EXPECT_EQ(ChannelHub::Seen::fresh, hub.begin("meta", "1")) << "ids are per channel";
  EXPECT_EQ(ChannelHub::Seen::fresh, hub.begin("telegram", "2"));
  hub.forget("telegram", "2");
  EXPECT_EQ(ChannelHub::Seen::fresh, hub.begin("telegram", "2")) << "not taken after all";
}

TEST(ChannelHub, HoldsWhatItAnswersUntilReleased) {
  auto hub = hub_without_channels();
  hub.hold("x", "7");
  EXPECT_TRUE(hub.holds("x", "7"));
  EXPECT_EQ(1u, hub.held().size());
  hub.release("x", "7");
  EXPECT_FALSE(hub.holds("x", "7"));
  EXPECT_TRUE(hub.held().empty());
}

TEST(ChannelHub, AConversationsMessagesWaitTheirTurn) {
  auto hub = hub_without_channels();
  ChannelHub::Pending first = pending("1"), second = pending("2");
  EXPECT_EQ(ChannelHub::Turn::now, hub.take_turn("telegram:9", first));
  EXPECT_EQ(ChannelHub::Turn::queued, hub.take_turn("telegram:9", second));
  ChannelHub::Pending other;
  EXPECT_EQ(ChannelHub::Turn::now, hub.take_turn("telegram:10", other)) << "another conversation";
  auto next = hub.next_in_turn("telegram:9");
  ASSERT_TRUE(next);
  EXPECT_EQ("2", next->message.message_id);
  EXPECT_FALSE(hub.next_in_turn("telegram:9"));
  EXPECT_EQ(ChannelHub::Turn::now, hub.take_turn("telegram:9", first)) << "free again";
}

TEST(ChannelHub, RefusesAConversationsMessagesPastItsQueue) {
  auto hub = hub_without_channels();
  ChannelHub::Pending p;
  ASSERT_EQ(ChannelHub::Turn::now, hub.take_turn("s", p));
  int queued = 0;
  while (hub.take_turn("s", p) == ChannelHub::Turn::queued && queued < 1000) ++queued;
  EXPECT_GT(queued, 0);
  EXPECT_LT(queued, 1000) << "a flood in one conversation is refused";
}

TEST(ChannelSession, KeepsOnlyTheCharactersSessionsAllowAndAtMost128) {
  EXPECT_EQ("telegram:1001", channel_session("telegram", "1001"));
  EXPECT_EQ("mastodon:_alice_example.org", channel_session("mastodon", "@alice@example.org"));
  EXPECT_EQ(128u, channel_session("x", std::string(500, 'a')).size());
}

TEST(AnsweredInFlight, CountsWhileAnswersLive) {
  auto hub = hub_without_channels();
  {
    auto one = hub.count_answer();
    auto two = hub.count_answer();
    EXPECT_EQ(2u, hub.answers_in_flight());
  }
  EXPECT_EQ(0u, hub.answers_in_flight());
}

}  // namespace
}  // namespace loket::server
