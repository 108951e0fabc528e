// Residents manage their alerts in the chat, and the chat socket carries them: subscribe after a
// confirmation (placed on the map where their postcode lies), list, "stop" at any moment, and a
// notification pushed live over the open socket or kept until the resident comes back.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "chat_socket.h"
#include "server_process.h"
#include "session_names.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

constexpr const char* kToken = "chat-sub-token";

class ChatSubscriptions : public ::testing::Test {
 protected:
  void SetUp() override { start(); }
  void start() {
    server_ = std::make_unique<ServerProcess>(
        "notifications: {poll_interval_ms: 100, quiet_hours: {start: \"00:00\", end: \"00:00\"}}\n"
        "area: {locations: '" LOKET_EXAMPLE_CONTENT "/tabellen/postcode-locaties.csv'}\n",
        ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                   {"LOKET_ADMIN_TOKEN", kToken}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  json::object say(const std::string& session, const std::string& text) {
    auto r = http_request(
        server_->port(), http::verb::post, "/api/v1/chat",
        names_.request(json::serialize(json::object{{"session", session}, {"text", text}})));
    names_.learn(r.body);
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  static std::string text_of(const json::object& reply) {
    return std::string(reply.at("messages").as_array().at(0).at("text").as_string());
  }
  unsigned notify(const std::string& topic, const std::string& text) {
    return http_request(server_->port(), http::verb::post, "/admin/v1/notifications",
                        R"({"topic":")" + topic + R"(","text":{"nl":")" + text + R"("}})",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}})
        .status;
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  SessionNames names_;
};

TEST_F(ChatSubscriptions, SubscribesAfterAYesListsAndStops) {
  auto ask = say("res-1", "stuur me een herinnering als het afval wordt opgehaald");
  EXPECT_EQ("herinnering-afval", ask["intent"]);
  EXPECT_EQ("postcode", ask["expecting"]);
  auto confirm = say("res-1", "9701 AB");
  EXPECT_EQ("confirmation", confirm["expecting"]);
  EXPECT_NE(std::string::npos, text_of(confirm).find("9701AB")) << text_of(confirm);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions")) << "nothing before the yes";
  auto done = say("res-1", "ja graag");
  EXPECT_NE(std::string::npos, text_of(done).find("afvalinzameling")) << text_of(done);
  EXPECT_EQ("afval", db_.scalar("SELECT s.topic FROM subscriptions s JOIN contacts c ON c.id = "
                                "s.contact_id WHERE c.channel = 'websocket' AND c.address = '" +
                                names_["res-1"] + "'"));
  EXPECT_EQ("9701AB",
            db_.scalar("SELECT postcode FROM contacts WHERE address = '" + names_["res-1"] + "'"));
  // Placed where the postcode lies (area.locations), so that an alert for a circle on the map
  // reaches a resident who only gave a postcode: 9701 is at 53.33, 6.92.
  const auto count = [&](const std::string& area) {
    const auto r = http_request(server_->port(), http::verb::post, "/admin/v1/notifications:count",
                                R"({"topic":"afval","area":)" + area + "}", "application/json",
                                {{"Authorization", std::string("Bearer ") + kToken}});
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).at("recipients").as_int64();
  };
  EXPECT_EQ(1, count(R"({"point":{"lat":53.331,"lon":6.921},"radius_m":500})"));
  EXPECT_EQ(0, count(R"({"point":{"lat":53.40,"lon":6.92},"radius_m":500})")) << "7 km away";

  auto list = say("res-1", "welke meldingen krijg ik?");
  EXPECT_EQ("mijn-meldingen", list["intent"]);
  EXPECT_NE(std::string::npos, text_of(list).find("afvalinzameling")) << text_of(list);

  // "stop" in the middle of another question ends that question, nothing more.
  say("res-1", "ik wil bericht over wegwerkzaamheden in mijn straat");
  auto stop = say("res-1", "Stop");
  EXPECT_EQ("end-dialogue", stop["intent"]);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM subscriptions"));
  // "afmelden" stops every alert at once.
  auto off = say("res-1", "afmelden");
  EXPECT_EQ("afmelden", off["intent"]);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions"));
  auto none = say("res-1", "welke meldingen krijg ik");
  EXPECT_NE(std::string::npos, text_of(none).find("geen meldingen")) << text_of(none);
  // Nothing left to send them: nothing of them (their postcode) is kept either.
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM contacts"));
}

// A place staff stored for a resident stays when they subscribe again in the chat with the same
// postcode: the postcode's centre is only a stand-in for it.
TEST_F(ChatSubscriptions, TheSamePostcodeKeepsAPlaceStaffStored) {
  say("res-2", "hallo");
  const auto stored = http_request(
      server_->port(), http::verb::post, "/admin/v1/contacts",
      R"({"channel":"websocket","address":")" + names_["res-2"] +
          R"(","lang":"nl","postcode":"9701AB","location":{"lat":53.3401,"lon":6.9502},)"
          R"("topics":["werkzaamheden"]})",
      "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(201u, stored.status) << stored.body;
  say("res-2", "stuur me een herinnering als het afval wordt opgehaald");
  say("res-2", "9701 AB");
  say("res-2", "ja graag");
  EXPECT_EQ("53.3401",
            db_.scalar("SELECT lat FROM contacts WHERE address = '" + names_["res-2"] + "'"));
}

// Residents who subscribed in the chat before places were kept have only their postcode: at
// its next start loket places them where the postcode lies, so an alert for a circle reaches
// them too. A postcode the table does not know stays without a place.
TEST_F(ChatSubscriptions, ContactsFromBeforePlacesWereKeptArePlacedByTheirPostcode) {
  server_.reset();
  db_.scalar(
      "INSERT INTO contacts (channel, address, lang, postcode) VALUES "
      "('websocket', 'before-1', 'nl', '9701AB'), ('websocket', 'before-2', 'nl', '9701CD'), "
      "('websocket', 'elsewhere', 'nl', '1234AB') RETURNING 1");
  start();
  ASSERT_TRUE(server_->wait_for_log("event=\"contacts placed by their postcode\" contacts=2", 10s))
      << server_->log();
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM contacts WHERE lat BETWEEN 53.32 AND 53.34 AND "
                            "lon BETWEEN 6.91 AND 6.93"));
  EXPECT_EQ("", db_.scalar("SELECT coalesce(lat::text, '') FROM contacts WHERE address = "
                           "'elsewhere'"));
}

// The privacy officer answers a resident's request: everything held about them, then erased
// everywhere; the audit log says it happened without saying who the resident is.
TEST_F(ChatSubscriptions, AResidentsDataIsShownAndErasedOnRequest) {
  say("res-9", "stuur me een herinnering als het afval wordt opgehaald");
  say("res-9", "9701 AB");
  say("res-9", "ja graag");
  say("res-9", "mijn bsn is 111 222 333, wanneer komt de papierbak?");
  say("other", "Hoe vraag ik een paspoort aan?");
  ASSERT_EQ(202u, notify("afval", "Morgen gft."));
  ASSERT_TRUE(wait_until(
      [&] {
        return db_.scalar("SELECT count(*) FROM conversation_log WHERE session_key IS NOT NULL") ==
               "5";
      },
      5s));
  const auto admin = [&](http::verb method, const std::string& target) {
    return http_request(server_->port(), method, target, "", "application/json",
                        {{"Authorization", std::string("Bearer ") + kToken}});
  };
  const std::string who = "/admin/v1/residents?channel=web&address=" + names_["res-9"];
  auto held = admin(http::verb::get, who);
  ASSERT_EQ(200u, held.status) << held.body;
  const json::value data = json::parse(held.body);
  EXPECT_EQ("9701AB", data.at("contact").at("postcode").as_string());
  EXPECT_EQ("afval", data.at("contact").at("topics").at(0).as_string());
  EXPECT_EQ(4u, data.at("conversation_log").as_array().size()) << held.body;
  EXPECT_EQ(std::string::npos, held.body.find("111 222 333")) << "stored redacted";
  EXPECT_NE(std::string::npos, held.body.find("[BSN]"));
  EXPECT_EQ(std::string::npos, held.body.find("paspoort")) << "another resident's line";
  EXPECT_TRUE(data.at("conversation_state").as_bool());

  auto erased = admin(http::verb::delete_, who);
  ASSERT_EQ(200u, erased.status) << erased.body;
  EXPECT_EQ(1, json::parse(erased.body).at("erased").at("contact").as_int64());
  EXPECT_EQ(4, json::parse(erased.body).at("erased").at("conversation_log").as_int64());
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM contacts"));
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM conversation_log")) << "the other's stays";
  auto after = json::parse(admin(http::verb::get, who).body);
  EXPECT_TRUE(after.at("contact").is_null());
  EXPECT_TRUE(after.at("conversation_log").as_array().empty());

  // The audit log: read by admins, with the erasure but not the session.
  auto audit = admin(http::verb::get, "/admin/v1/audit?limit=2");
  ASSERT_EQ(200u, audit.status) << audit.body;
  const json::value page = json::parse(audit.body);
  EXPECT_EQ(2u, page.at("entries").as_array().size());
  EXPECT_EQ("DELETE /admin/v1/residents", page.at("entries").at(1).at("action").as_string());
  EXPECT_NE(std::string::npos,
            std::string(page.at("entries").at(1).at("target").as_string()).find("erased="));
  EXPECT_EQ(std::string::npos, audit.body.find(names_["res-9"]));
  EXPECT_FALSE(page.at("next_before").is_null());
  auto older = admin(http::verb::get,
                     "/admin/v1/audit?before=" + std::to_string(page.at("next_before").as_int64()));
  EXPECT_EQ(200u, older.status);

  // Clear refusals: no address, an unknown channel, bad paging, the wrong role.
  EXPECT_EQ(400u, admin(http::verb::get, "/admin/v1/residents?channel=web").status);
  EXPECT_EQ(400u, admin(http::verb::get, "/admin/v1/residents?channel=fax&address=1").status);

  // A resident reached on Telegram while it was on: Telegram is off here now, and their contact
  // is still erased on request.
  db_.scalar(
      "INSERT INTO contacts (channel, address, lang) VALUES ('telegram', '123456789', 'nl')");
  auto gone = admin(http::verb::delete_, "/admin/v1/residents?channel=telegram&address=123456789");
  ASSERT_EQ(200u, gone.status) << gone.body;
  EXPECT_EQ(1, json::parse(gone.body).at("erased").at("contact").as_int64());
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM contacts"));
  EXPECT_EQ(400u, admin(http::verb::get, "/admin/v1/audit?limit=0").status);
  EXPECT_EQ(405u, admin(http::verb::post, "/admin/v1/residents?channel=web&address=x").status);
  auto editor = run_loket("token create --role editor --name Els --config " LOKET_EXAMPLE_CONTENT
                          "/../loket.yaml",
                          {{"LOKET_DATABASE_URL", db_.url()}});
  std::string token = editor.out;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  token = token.substr(token.rfind('\n') + 1);
  EXPECT_EQ(403u, http_request(server_->port(), http::verb::get, who, "", "application/json",
                               {{"Authorization", "Bearer " + token}})
                      .status);
}

TEST_F(ChatSubscriptions, ANoLeavesEverythingAsItWas) {
  say("res-2", "laat me weten als ik recht heb op een toeslag");
  auto no = say("res-2", "nee");
  EXPECT_NE(std::string::npos, text_of(no).find("niet aan")) << text_of(no);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions"));
}

TEST_F(ChatSubscriptions, PushesToAnOpenChatAndKeepsItForAClosedOne) {
  ChatSocket open(server_->port(), &names_);
  open.send(R"({"session":"live-1","text":"laat me weten als ik recht heb op een toeslag"})");
  EXPECT_EQ("confirmation", open.read()["expecting"]);
  open.send(R"({"session":"live-1","text":"ja"})");
  open.read();
  // A second resident subscribes over REST and leaves.
  say("away-1", "laat me weten als ik recht heb op een toeslag");
  say("away-1", "ja");

  ASSERT_EQ(202u, notify("regelingen", "U heeft misschien recht op de energietoeslag."));
  auto pushed = open.read();
  ASSERT_TRUE(pushed.contains("notification")) << json::serialize(pushed);
  EXPECT_EQ("regelingen", pushed["notification"].at("topic"));
  EXPECT_EQ("U heeft misschien recht op de energietoeslag.", text_of(pushed));

  // The absent resident's alert is kept in their chat's mailbox: the delivery is done.
  const std::string away = names_["away-1"];
  for (int i = 0; i < 100 && db_.scalar("SELECT count(*) FROM chat_mailbox WHERE session = '" +
                                        away + "'") == "0";
       ++i)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM chat_mailbox WHERE session = '" + away + "'"));
  // The outcome is recorded with its batch, just after the mailbox has the alert.
  const std::string status =
      "SELECT d.status FROM deliveries d JOIN contacts c ON c.id = "
      "d.contact_id WHERE c.address = '" +
      away + "'";
  EXPECT_TRUE(wait_until([&] { return db_.scalar(status) == "sent"; })) << db_.scalar(status);
  // ... and shown when they come back, once.
  ChatSocket back(server_->port(), &names_);
  back.send(R"({"session":"away-1","text":"hallo"})");
  json::object first = back.read(), second = back.read();
  const json::object& later = first.contains("notification") ? first : second;
  ASSERT_TRUE(later.contains("notification")) << json::serialize(first) << json::serialize(second);
  EXPECT_EQ("U heeft misschien recht op de energietoeslag.", text_of(later));
  EXPECT_TRUE(later.contains("id")) << "the mailbox entry's id, for the chat to tell back";
  back.send(R"({"session":"away-1","text":"hallo"})");
  EXPECT_FALSE(back.read().contains("notification")) << "shown once";
  // Marked shown just after the push.
  const std::string shown = "SELECT shown_at FROM chat_mailbox WHERE session = '" + away + "'";
  for (int i = 0; i < 100 && db_.scalar(shown).empty(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_NE("", db_.scalar(shown));
}

TEST_F(ChatSubscriptions, AnAlertStoredByAnyInstanceReachesTheOpenChat) {
  ChatSocket open(server_->port(), &names_);
  open.send(R"({"session":"live-2","text":"hallo"})");
  open.read();
  const std::string session = names_["live-2"];
  // What another instance's dispatcher does: store the frame, then announce it.
  db_.scalar(
      "INSERT INTO chat_mailbox (session, delivery_id, frame) VALUES ('" + session +
      R"(', 900001, '{"notification":{"topic":"afval"},"lang":"nl","messages":[{"text":"Morgen GFT."}]}'))");
  db_.scalar("SELECT pg_notify('loket_chat', '" + session + "')");
  auto pushed = open.read();
  ASSERT_TRUE(pushed.contains("notification")) << json::serialize(pushed);
  EXPECT_EQ("Morgen GFT.", text_of(pushed));
}

TEST_F(ChatSubscriptions, AChatThatComesBackGetsWhatCameAfterWhatItShowed) {
  const std::string session = json::parse(http_request(server_->port(), http::verb::post,
                                                       "/api/v1/chat", R"({"text":"hallo"})")
                                              .body)
                                  .at("session")
                                  .as_string()
                                  .c_str();
  for (int i = 1; i <= 3; ++i)
    db_.scalar("INSERT INTO chat_mailbox (session, delivery_id, frame) VALUES ('" + session +
               "', " + std::to_string(900100 + i) +
               R"(, '{"notification":{"topic":"afval"},"lang":"nl","messages":[{"text":"alert )" +
               std::to_string(i) + R"("}]}'))");
  const std::string first =
      db_.scalar("SELECT min(id) FROM chat_mailbox WHERE session = '" + session + "'");
  ChatSocket back(server_->port());
  back.send(R"({"session":")" + session + R"(","resume":true,"after":)" + first + "}");
  EXPECT_EQ(json::value(true), back.read().at("resumed"));
  EXPECT_EQ("alert 2", text_of(back.read()));
  EXPECT_EQ("alert 3", text_of(back.read()));
  // A session loket did not issue resumes nothing, and the chat hears so; the socket then
  // answers as ever.
  back.send(
      R"({"session":"0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef","resume":true,"after":0})");
  const auto unknown = back.read();
  EXPECT_EQ(json::value(false), unknown.at("resumed"));
  EXPECT_TRUE(unknown.contains("reason"));
  back.send(R"({"session":")" + session + R"(","resume":true,"after":"7"})");
  EXPECT_NE(std::string::npos, back.read().at("error").as_string().find("\"after\""));
  back.send(R"({"resume":true})");
  EXPECT_NE(std::string::npos, back.read().at("error").as_string().find("\"session\""));
  back.send(R"({"text":"hallo"})");
  EXPECT_EQ("greeting", back.read().at("intent"));
}

TEST_F(ChatSubscriptions, TheStopButtonUnderAnAlertEndsThatTopicOnly) {
  say("stop-1", "laat me weten als ik recht heb op een toeslag");
  say("stop-1", "ja");
  say("stop-1", "stuur me een herinnering als het afval wordt opgehaald");
  say("stop-1", "9701 AB");
  say("stop-1", "ja");
  const std::string session = names_["stop-1"];
  const auto stop = [&](const std::string& body) {
    return http_request(server_->port(), http::verb::post, "/api/v1/chat/unsubscribe", body);
  };
  auto r = stop(R"({"session":")" + session + R"(","topic":"afval"})");
  EXPECT_EQ(200u, r.status) << r.body;
  EXPECT_EQ(json::parse(R"({"topics":["regelingen"]})"), json::parse(r.body));
  EXPECT_EQ(400u, stop(R"({"session":")" + session + R"(","topic":"onbekend"})").status);
  EXPECT_EQ(400u, stop(R"({"session":")" + session + R"("})").status);
  EXPECT_EQ(400u, stop("not json").status);
  r = stop(R"({"session":"made-up","topic":"afval"})");
  EXPECT_EQ(404u, r.status) << r.body;
}

TEST_F(ChatSubscriptions, ResidentsSayWhetherAnAnswerHelpedAndStaffSeeItWorstFirst) {
  const auto answered = say("thumb-1", "hoe vraag ik een paspoort aan");
  ASSERT_EQ("paspoort-aanvragen", answered.at("intent"));
  const std::string session = names_["thumb-1"];
  const auto post = [&](const std::string& body) {
    return http_request(server_->port(), http::verb::post, "/api/v1/chat/feedback", body);
  };
  auto thumb = post(R"({"session":")" + session +
                    R"(","intent":"paspoort-aanvragen","lang":"nl","helpful":false})");
  ASSERT_EQ(201u, thumb.status) << thumb.body;
  const auto id = json::parse(thumb.body).at("id").as_int64();
  const std::string comment =
      R"({"session":")" + session + R"(","id":)" + std::to_string(id) +
      R"(,"comment":"Ik mis de kosten. Mijn BSN is 111222333, bel 0612345678"})";
  EXPECT_EQ(200u, post(comment).status);
  EXPECT_EQ(404u, post(comment).status) << "one comment per thumb";
  for (int again = 0; again < 2; ++again)  // counted once: one thumb per session and answer
    EXPECT_EQ(201u, post(R"({"session":")" + session +
                         R"(","intent":"paspoort-aanvragen","lang":"nl","helpful":false})")
                        .status);
  EXPECT_EQ(201u, post(R"({"session":")" + session +
                       R"(","intent":"afvalkalender","lang":"en","helpful":true})")
                      .status);

  for (const auto& [body, status] : std::vector<std::pair<std::string, unsigned>>{
           {R"({"session":")" + session + R"(","intent":"onbekend","lang":"nl","helpful":true})",
            400},
           {R"({"session":")" + session +
                R"(","intent":"afvalkalender","lang":"xx","helpful":true})",
            400},
           {R"({"session":")" + session +
                R"(","intent":"afvalkalender","lang":"nl","helpful":"ja"})",
            400},
           {R"({"session":")" + session + R"(","id":)" + std::to_string(id) + R"(,"comment":")" +
                std::string(501, 'x') + R"("})",
            400},
           {R"({"session":"made-up","intent":"afvalkalender","lang":"nl","helpful":true})", 404},
           {"[]", 400},
       }) {
    const auto r = post(body);
    EXPECT_EQ(status, r.status) << body.substr(0, 120) << " -> " << r.body;
    EXPECT_TRUE(json::parse(r.body).as_object().contains("error")) << r.body;
  }

  const auto stats = http_request(server_->port(), http::verb::get, "/admin/v1/stats", "", "",
                                  {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, stats.status) << stats.body;
  const auto feedback = json::parse(stats.body).at("feedback").as_array();
  ASSERT_EQ(2u, feedback.size()) << stats.body;
  EXPECT_EQ("paspoort-aanvragen", feedback[0].at("intent")) << "the worst first";
  EXPECT_EQ(1, feedback[0].at("unhelpful").as_int64());
  const std::string said(feedback[0].at("comments").as_array().at(0).as_string());
  EXPECT_NE(std::string::npos, said.find("Ik mis de kosten")) << said;
  EXPECT_EQ(std::string::npos, said.find("333")) << "the BSN is redacted: " << said;
  EXPECT_EQ(std::string::npos, said.find("0612345678")) << "the phone number is redacted: " << said;

  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics", "");
  EXPECT_NE(std::string::npos,
            metrics.body.find(
                R"(loket_answer_feedback_total{intent="paspoort-aanvragen",helpful="no"} 1)"))
      << metrics.body.substr(0, 400);
}

TEST_F(ChatSubscriptions, AConversationsOwnActivitiesGoWithItAlertsStayAsLongAsTheLog) {
  const std::string insert = "INSERT INTO chat_mailbox (session, delivery_id, frame, created_at) ";
  db_.scalar(insert + "VALUES ('purge-1', NULL, '{}', now() - interval '2 hours')");
  db_.scalar(insert + "VALUES ('purge-1', 900900, '{}', now() - interval '2 hours')");
  db_.scalar(insert + "VALUES ('purge-1', NULL, '{}', now())");
  // The purge runs at the first flush after a start (then hourly).
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      "notifications: {poll_interval_ms: 100}\n",
      ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()}, {"LOKET_ADMIN_TOKEN", kToken}});
  const std::string count = "SELECT count(*) FROM chat_mailbox WHERE session = 'purge-1'";
  for (int i = 0; i < 100 && db_.scalar(count) != "2"; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ("2", db_.scalar(count)) << "an activity older than limits.session_ttl_s is gone";
  EXPECT_EQ("1", db_.scalar(count + " AND delivery_id = 900900")) << "the alert stays";
}

TEST(ChatSubscriptionsOff, WithoutADatabaseTheBotSaysItCannotAtOnce) {
  ServerProcess server;
  auto r = http_request(server.port(), http::verb::post, "/api/v1/chat",
                        R"({"text":"laat me weten als ik recht heb op een toeslag"})");
  auto reply = json::parse(r.body).as_object();
  EXPECT_FALSE(reply.contains("expecting")) << "no yes asked for what cannot be done";
  const std::string text(reply["messages"].as_array().at(0).at("text").as_string());
  EXPECT_NE(std::string::npos, text.find("niet bereikbaar")) << text;
}

TEST_F(ChatSubscriptions, ManyNewSubscriptionsFromOneAddressAreRefused) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      "notifications: {poll_interval_ms: 100}\nlimits: {subscriptions_per_minute: 2}\n",
      ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()}, {"LOKET_ADMIN_TOKEN", kToken}});
  ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  for (const char* session : {"many-1", "many-2", "many-3"}) {
    say(session, "laat me weten als ik recht heb op een toeslag");
    auto done = say(session, "ja");
    if (std::string(session) == "many-3") {
      EXPECT_NE(std::string::npos, text_of(done).find("niet bereikbaar")) << text_of(done);
    }
  }
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM subscriptions"))
      << "every chat session is a contact: one address may not make them without end";
  // Over the chat socket, from the same address, the same.
  ChatSocket socket(server_->port(), &names_);
  socket.send(R"({"session":"many-4","text":"laat me weten als ik recht heb op een toeslag"})");
  socket.read();
  socket.send(R"({"session":"many-4","text":"ja"})");
  socket.read();
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM subscriptions"));
}

}  // namespace
}  // namespace loket::testing
