// A channel message kept in the database comes back as it was stored: the message, its answer,
// how much of it went out, and which intent each button offers.
#include "server/channels/stored_inbound.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

connectors::InboundMessage message() {
  connectors::InboundMessage m;
  m.kind = connectors::InboundMessage::Kind::text;
  m.channel = "telegram";
  m.message_id = "42";
  m.address = "1001";
  m.context = "ctx";
  m.text = "Wanneer komt \"het\" afval?\n";
  m.lang_hint = "nl";
  return m;
}

TEST(StoredInbound, AMessageWithoutAnswerRoundTrips) {
  const auto back = read_stored_inbound(write_stored_inbound(message()));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->recorded);
  EXPECT_FALSE(back->reply);
  EXPECT_EQ("telegram", back->message.channel);
  EXPECT_EQ("42", back->message.message_id);
  EXPECT_EQ("1001", back->message.address);
  EXPECT_EQ("ctx", back->message.context);
  EXPECT_EQ(message().text, back->message.text);
  EXPECT_EQ("nl", back->message.lang_hint);
}

TEST(StoredInbound, TheAnswerItsProgressAndItsButtonsRoundTrip) {
  connectors::Reply reply;
  reply.texts = {"Eerste deel", "Tweede deel"};
  // Two buttons of one label (two topics titled alike) each keep their own intent, in order.
  reply.quick_replies = {"Medewerker spreken", "Afvalkalender", "Afvalkalender"};
  reply.lang = "nl";
  reply.delivered = 1;
  const Offer offer{"medewerker-spreken", "afvalkalender", "herinnering-afval"};
  const auto back = read_stored_inbound(write_stored_inbound(message(), &reply, &offer));
  ASSERT_TRUE(back && back->reply);
  EXPECT_EQ(reply.texts, back->reply->texts);
  EXPECT_EQ(reply.quick_replies, back->reply->quick_replies);
  EXPECT_EQ("nl", back->reply->lang);
  EXPECT_EQ(1u, back->reply->delivered) << "goes on from the first text not sent";
  EXPECT_EQ(offer, back->offer);
}

TEST(StoredInbound, RowsOfTheReleaseBeforeAreRead) {
  // As the release before wrote them: intents by button position, or none at all.
  const auto with = read_stored_inbound(
      R"({"kind":0,"channel":"telegram","id":"7","address":"42","context":"","text":"hoi",)"
      R"("lang":"nl","reply":{"texts":["Hallo"],"buttons":["Afvalkalender","Paspoort"],)"
      R"("intents":["afvalkalender",""],"lang":"nl","delivered":0}})");
  ASSERT_TRUE(with && with->reply);
  EXPECT_EQ((std::vector<std::string>{"afvalkalender", ""}), with->offer);
  const auto without = read_stored_inbound(
      R"({"kind":0,"channel":"telegram","id":"8","address":"42","context":"","text":"hoi",)"
      R"("lang":"nl","reply":{"texts":["Hallo"],"buttons":["Afvalkalender"],"lang":"nl"}})");
  ASSERT_TRUE(without && without->reply);
  EXPECT_EQ((std::vector<std::string>{""}), without->offer) << "a button, no intent known";
}

TEST(StoredInbound, DeliveredNeverPastTheTexts) {
  connectors::Reply reply;
  reply.texts = {"een"};
  reply.delivered = 1;
  auto payload = write_stored_inbound(message(), &reply);
  payload.replace(payload.find("\"delivered\":1"), 13, "\"delivered\":9");
  const auto back = read_stored_inbound(payload);
  ASSERT_TRUE(back && back->reply);
  EXPECT_EQ(1u, back->reply->delivered);
}

TEST(StoredInbound, WhatIsNotOneIsNothing) {
  EXPECT_FALSE(read_stored_inbound(""));
  EXPECT_FALSE(read_stored_inbound("[1,2]"));
  EXPECT_FALSE(read_stored_inbound(R"({"kind":7,"channel":"telegram"})"));
  EXPECT_FALSE(read_stored_inbound(R"({"channel":"telegram"})"));
}

}  // namespace
}  // namespace loket::server
