// What the channels read from the platforms: Telegram updates, Meta and X webhook payloads,
// Mastodon mentions.
#include <gtest/gtest.h>

#include "connectors/mastodon_connector.h"
#include "connectors/meta_connector.h"
#include "connectors/telegram_connector.h"
#include "connectors/x_connector.h"

namespace loket::connectors {
namespace {

TEST(TelegramUpdate, APrivateTextMessageIsRead) {
  auto m = parse_telegram_update(
      R"({"update_id":7,"message":{"message_id":1,"from":{"id":42,"language_code":"en-GB"},"chat":{"id":42,"type":"private"},"text":"hi"}})");
  ASSERT_TRUE(m && *m);
  EXPECT_EQ("7", (*m)->message_id);
  EXPECT_EQ("42", (*m)->address);
  EXPECT_EQ("hi", (*m)->text);
  EXPECT_EQ("en", (*m)->lang_hint);
  EXPECT_EQ(InboundMessage::Kind::text, (*m)->kind);
}

TEST(TelegramUpdate, StartAndStopAreCommands) {
  const char* start =
      R"({"update_id":8,"message":{"chat":{"id":1,"type":"private"},"text":"/start@loket_bot campagne"}})";
  EXPECT_EQ(InboundMessage::Kind::start, (*parse_telegram_update(start))->kind);
  const char* stop =
      R"({"update_id":9,"message":{"chat":{"id":1,"type":"private"},"text":"/stop"}})";
  EXPECT_EQ(InboundMessage::Kind::stop, (*parse_telegram_update(stop))->kind);
}

TEST(TelegramUpdate, OtherUpdatesAreIgnoredAndJunkRefused) {
  for (const char* ignored :
       {R"({"update_id":1,"edited_message":{"chat":{"id":1,"type":"private"},"text":"x"}})",
        R"({"update_id":1,"message":{"chat":{"id":-100,"type":"group"},"text":"x"}})",
        R"({"update_id":1,"message":{"chat":{"id":1,"type":"private"},"photo":[]}})"}) {
    auto m = parse_telegram_update(ignored);
    ASSERT_TRUE(m) << ignored;
    EXPECT_FALSE(*m) << ignored;
  }
  EXPECT_FALSE(parse_telegram_update("{"));
  EXPECT_FALSE(parse_telegram_update(R"({"message":{}})"));
  EXPECT_FALSE(parse_telegram_update("[1]"));
}

TEST(MetaWebhook, MessengerQuickRepliesCarryTheirPayloadAndEchoesAreLeftOut) {
  auto m = parse_meta_webhook(R"({"object":"page","entry":[{"id":"555","messaging":[
    {"sender":{"id":"777"},"recipient":{"id":"555"},"message":{"mid":"m1","text":"Afval","quick_reply":{"payload":"Afvalkalender en ophaaldagen"}}},
    {"sender":{"id":"555"},"recipient":{"id":"777"},"message":{"mid":"m2","text":"echo","is_echo":true}},
    {"sender":{"id":"777"},"recipient":{"id":"555"},"delivery":{"mids":["m0"]}}]}]})");
  ASSERT_TRUE(m);
  ASSERT_EQ(1u, m->size());
  EXPECT_EQ("messenger", (*m)[0].channel);
  EXPECT_EQ("Afvalkalender en ophaaldagen", (*m)[0].text);
  EXPECT_EQ("555", (*m)[0].context);
}

TEST(MetaWebhook, WhatsAppButtonRepliesAndTextsAreReadStatusesAreNot) {
  auto m =
      parse_meta_webhook(R"({"object":"whatsapp_business_account","entry":[{"id":"W","changes":[
    {"field":"messages","value":{"metadata":{"phone_number_id":"1098"},"messages":[
      {"from":"316","id":"wamid.1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"Paspoort aanvragen","title":"Paspoort"}}},
      {"from":"316","id":"wamid.2","type":"image","image":{}}],
      "statuses":[{"id":"wamid.0","status":"read"}]}}]}]})");
  ASSERT_TRUE(m);
  ASSERT_EQ(1u, m->size());
  EXPECT_EQ("Paspoort aanvragen", (*m)[0].text);
  EXPECT_EQ("1098", (*m)[0].context);
  EXPECT_FALSE(parse_meta_webhook("nope"));
  EXPECT_TRUE(parse_meta_webhook(R"({"object":"instagram"})")->empty());
}

TEST(ChannelIds, IdsThatGoIntoUrlsAreDigitsOnly) {
  auto forged = parse_x_webhook(R"({"for_user_id":"1","direct_message_events":[
    {"type":"message_create","id":"a","message_create":{"sender_id":"../../2/tweets?","message_data":{"text":"hoi"}}}]})");
  ASSERT_TRUE(forged);
  EXPECT_TRUE(forged->empty());
  auto meta = parse_meta_webhook(R"({"object":"page","entry":[{"id":"1","messaging":[
    {"sender":{"id":"9"},"recipient":{"id":"../me/feed?"},"message":{"mid":"m1","text":"x"}}]}]})");
  ASSERT_TRUE(meta);
  EXPECT_TRUE(meta->empty());
}

TEST(XWebhook, DirectMessagesButNotOurOwn) {
  auto m = parse_x_webhook(R"({"for_user_id":"1","direct_message_events":[
    {"type":"message_create","id":"a","message_create":{"sender_id":"2","message_data":{"text":"hoi"}}},
    {"type":"message_create","id":"b","message_create":{"sender_id":"1","message_data":{"text":"ours"}}}]})");
  ASSERT_TRUE(m);
  ASSERT_EQ(1u, m->size());
  EXPECT_EQ("2", (*m)[0].address);
  EXPECT_TRUE(parse_x_webhook(R"({"for_user_id":"1","tweet_create_events":[]})")->empty());
}

TEST(MastodonText, MentionsBecomePlainText) {
  EXPECT_EQ(
      "wanneer wordt het afval opgehaald? & waar?",
      mention_text(
          R"(<p><span class="h-card"><a href="https://x/@loket" class="u-url mention">@<span>loket</span></a></span> wanneer wordt het afval opgehaald?<br>&amp; waar?</p>)"));
  EXPECT_EQ("a b", mention_text("<p>a</p><p>b</p>"));
  EXPECT_EQ("", mention_text("<p>@loket</p>"));
}

}  // namespace
}  // namespace loket::connectors
