// Several instances on one PostgreSQL continue each other's conversations: a slot question asked
// by one is completed on another, in the web chat and on a messaging channel alike; turns of one
// conversation sent at once to two instances are both kept; a quiet conversation expires and its
// row is swept.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include "fake_receiver.h"
#include "server_process.h"
#include "session_names.h"
#include "test_database.h"

#include <thread>

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSessionSecret = "shared-conversations-secret-0123456789abcdef";
constexpr const char* kBotToken = "123456:shared-bot-token";
constexpr const char* kWebhookSecret = "shared-webhook-secret";

class SharedConversations : public ::testing::Test {
 protected:
  void start(int instances, const std::string& yaml = "") {
    for (int i = 0; i < instances; ++i) {
      servers_.push_back(std::make_unique<ServerProcess>(
          std::string(kFastNotificationsYaml) + yaml +
              "channels:\n"
              "  telegram:\n"
              "    bot_token: {env: LOKET_TELEGRAM_BOT_TOKEN}\n"
              "    secret_token: {env: LOKET_TELEGRAM_SECRET_TOKEN}\n"
              "    api_base: {env: LOKET_TELEGRAM_API_BASE}\n",
          ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                     {"LOKET_SESSION_SECRET", kSessionSecret},
                                     {"LOKET_TELEGRAM_BOT_TOKEN", kBotToken},
                                     {"LOKET_TELEGRAM_SECRET_TOKEN", kWebhookSecret},
                                     {"LOKET_TELEGRAM_API_BASE", telegram_.url("")}}));
      ASSERT_TRUE(servers_.back()->wait_for_log("event=\"dispatcher started\"", 10s))
          << servers_.back()->log();
    }
  }
  json::object say(std::size_t instance, const std::string& session, const std::string& text) {
    auto r = http_request(
        servers_.at(instance)->port(), http::verb::post, "/api/v1/chat",
        names_.request(json::serialize(json::object{{"session", session}, {"text", text}})));
    names_.learn(r.body);
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  static std::string text_of(const json::object& reply) {
    std::string out;
    for (const auto& m : reply.at("messages").as_array())
      out.append(m.at("text").as_string()).append("\n");
    return out;
  }
  HttpReply telegram_update(std::size_t instance, long update_id, long chat, const char* text) {
    const std::string body = json::serialize(json::object{
        {"update_id", update_id},
        {"message", json::object{{"message_id", update_id},
                                 {"from", json::object{{"id", chat}, {"language_code", "nl"}}},
                                 {"chat", json::object{{"id", chat}, {"type", "private"}}},
                                 {"date", 1700000000},
                                 {"text", text}}}});
    return http_request(servers_.at(instance)->port(), http::verb::post, "/webhooks/telegram", body,
                        "application/json", {{"X-Telegram-Bot-Api-Secret-Token", kWebhookSecret}});
  }
  std::string telegram_text(std::size_t i) {
    return std::string(json::parse(telegram_.requests().at(i).body).at("text").as_string());
  }

  TestDatabase db_;
  FakeReceiver telegram_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
  SessionNames names_;
};

TEST_F(SharedConversations, ThreeTurnsOnThreeInstancesMakeOneSubscription) {
  start(3);
  auto ask = say(0, "res", "stuur me een herinnering als het afval wordt opgehaald");
  EXPECT_EQ("postcode", ask["expecting"]) << text_of(ask);
  auto confirm = say(1, "res", "9701 AB");
  EXPECT_EQ("confirmation", confirm["expecting"]) << text_of(confirm);
  EXPECT_NE(std::string::npos, text_of(confirm).find("9701AB")) << text_of(confirm);
  auto done = say(2, "res", "ja graag");
  EXPECT_NE(std::string::npos, text_of(done).find("afvalinzameling")) << text_of(done);
  EXPECT_EQ("afval", db_.scalar("SELECT s.topic FROM subscriptions s JOIN contacts c ON c.id = "
                                "s.contact_id WHERE c.address = '" +
                                names_["res"] + "'"));
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM conversation_state WHERE session = '" +
                            names_["res"] + "'"));
  // The language, too, is the conversation's, wherever it goes on.
  auto english = say(0, "en", "when is my bin collected");
  EXPECT_EQ("en", english["lang"]);
  EXPECT_EQ("en", say(1, "en", "9701 AB")["lang"]);
}

TEST_F(SharedConversations, BackOnTheFirstInstanceATurnSeesWhatTheSecondStored) {
  start(2);
  EXPECT_EQ("postcode",
            say(0, "back", "stuur me een herinnering als het afval wordt opgehaald")["expecting"]);
  EXPECT_EQ("confirmation", say(1, "back", "9701 AB")["expecting"]);
  // The first instance's own copy still waits for the postcode: its save loses to the second's,
  // and the turn is answered again from the state the second stored.
  auto done = say(0, "back", "ja graag");
  EXPECT_NE(std::string::npos, text_of(done).find("afvalinzameling")) << text_of(done);
  EXPECT_EQ("afval", db_.scalar("SELECT s.topic FROM subscriptions s JOIN contacts c ON c.id = "
                                "s.contact_id WHERE c.address = '" +
                                names_["back"] + "'"));
  const auto metrics = http_request(servers_[0]->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(std::string::npos, metrics.find("loket_chat_turns_retried_total 1\n")) << metrics;
}

TEST_F(SharedConversations, AChannelConversationContinuesOnAnotherInstance) {
  start(2);
  ASSERT_EQ(200u, telegram_update(0, 501, 77, "wanneer wordt het afval opgehaald").status);
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 1; })) << servers_[0]->log();
  EXPECT_NE(std::string::npos, telegram_text(0).find("postcode")) << telegram_text(0);
  ASSERT_EQ(200u, telegram_update(1, 502, 77, "9701 AB").status);
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 2; })) << servers_[1]->log();
  EXPECT_NE(std::string::npos, telegram_text(1).find("Binnenstad")) << telegram_text(1);
}

TEST_F(SharedConversations, TurnsOfOneConversationAtOnceOnTwoInstancesAreBothKept) {
  start(
      2,
      "limits: {chat_per_client_per_minute: 0, chat_per_session_per_minute: 0}\n"
      "handoff:\n"
      "  office_hours: {time_zone: UTC, mon: 00:00-24:00, tue: 00:00-24:00, wed: 00:00-24:00,\n"
      "                 thu: 00:00-24:00, fri: 00:00-24:00, sat: 00:00-24:00, sun: 00:00-24:00}\n");
  say(0, "both", "hallo");
  const std::string session = names_["both"];
  const auto turn = [&](std::size_t instance, const std::string& text) {
    const auto r =
        http_request(servers_.at(instance)->port(), http::verb::post, "/api/v1/chat",
                     json::serialize(json::object{{"session", session}, {"text", text}}));
    EXPECT_EQ(200u, r.status) << r.body;
  };
  constexpr int kRounds = 12;
  for (int i = 0; i < kRounds; ++i) {
    const std::string first = "paspoort aanvragen vraag " + std::to_string(i);
    const std::string second = "rijbewijs verlengen vraag " + std::to_string(i);
    std::thread other([&] { turn(1, second); });
    turn(0, first);
    other.join();
    // Both turns are in the transcript a person would be handed: neither overwrote the other.
    const auto state =
        db_.scalar("SELECT state FROM conversation_state WHERE session = '" + session + "'");
    EXPECT_NE(std::string::npos, state.find(first)) << state;
    EXPECT_NE(std::string::npos, state.find(second)) << state;
  }
}

TEST_F(SharedConversations, AStalledDatabaseHoldsATurnOnlyUntilTheDeadline) {
  start(1);
  EXPECT_EQ("postcode", say(0, "stall", "wanneer wordt het afval opgehaald")["expecting"]);
  EXPECT_EQ("postcode", say(0, "other", "wanneer wordt het afval opgehaald")["expecting"]);
  const std::string other_turn =
      names_.request(json::serialize(json::object{{"session", "other"}, {"text", "9701 AB"}}));
  // Not refused but stalled: the state's statements wait for this lock.
  pqxx::connection holder(db_.url());
  pqxx::work lock(holder);
  lock.exec0("LOCK TABLE conversation_state IN ACCESS EXCLUSIVE MODE");
  // Another resident's turn, a second into the stall, waits behind the stalled batch.
  std::chrono::steady_clock::duration other_waited{};
  std::thread later([&] {
    std::this_thread::sleep_for(1s);
    const auto begin = std::chrono::steady_clock::now();
    http_request(servers_.at(0)->port(), http::verb::post, "/api/v1/chat", other_turn);
    other_waited = std::chrono::steady_clock::now() - begin;
  });
  const auto begin = std::chrono::steady_clock::now();
  say(0, "stall", "9701 AB");
  const auto waited = std::chrono::steady_clock::now() - begin;
  later.join();
  lock.abort();
  EXPECT_LT(waited, 6s) << "two seconds for the load, two for the save, then memory";
  EXPECT_GE(waited, 1500ms) << "the database was waited for first";
  EXPECT_LT(other_waited, 3s) << "its own deadline, not the stalled batch's and then its own";
  EXPECT_GE(other_waited, 1500ms) << "it waited for the database too";
  // Once the lock is gone, turns go through the database again, without waiting.
  const auto again = std::chrono::steady_clock::now();
  EXPECT_EQ("postcode", say(0, "after", "wanneer wordt het afval opgehaald")["expecting"]);
  EXPECT_LT(std::chrono::steady_clock::now() - again, 1s);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM conversation_state WHERE session = '" +
                            names_["after"] + "'"));
}

TEST_F(SharedConversations, AQuietConversationExpiresAndItsRowIsSwept) {
  start(2,
        "limits: {session_ttl_s: 1, chat_per_client_per_minute: 0, "
        "chat_per_session_per_minute: 0}\n");
  EXPECT_EQ("postcode", say(0, "quiet", "wanneer wordt het afval opgehaald")["expecting"]);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM conversation_state"));
  std::this_thread::sleep_for(1500ms);
  auto late = say(1, "quiet", "9701 AB");
  EXPECT_EQ(std::string::npos, text_of(late).find("Binnenstad"))
      << "the question expired with the conversation: " << text_of(late);
  // Swept (every second with this TTL), after the late turn's own state expired too.
  EXPECT_TRUE(
      wait_until([&] { return db_.scalar("SELECT count(*) FROM conversation_state") == "0"; }, 5s));
}

}  // namespace
}  // namespace loket::testing
