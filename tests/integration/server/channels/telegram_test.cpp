// Telegram end to end: the real `loket serve` with a fake Bot API on 127.0.0.1. A resident's
// message comes in through the webhook and the answer goes out through sendMessage; a
// notification goes out through the dispatcher; Telegram's error answers are each handled; a
// resident handed to a member of staff and back.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <memory>
#include <mutex>
#include <vector>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kBotToken = "123456:bot-token-never-logged";
constexpr const char* kSecret = "webhook-secret-never-logged";
constexpr const char* kAdmin = "admin-token-telegram";

const std::string kServerYaml =
    std::string(kFastNotificationsYaml) +
    "channels:\n"
    "  telegram:\n"
    "    bot_token: {env: LOKET_TELEGRAM_BOT_TOKEN}\n"
    "    secret_token: {env: LOKET_TELEGRAM_SECRET_TOKEN}\n"
    "    api_base: {env: LOKET_TELEGRAM_API_BASE, default: \"https://api.telegram.org\"}\n"
    "handoff:\n"
    "  display_name: Gemeente Testdorp\n"
    "  office_hours: {time_zone: UTC, mon: \"00:00-24:00\", tue: \"00:00-24:00\", wed: "
    "\"00:00-24:00\", thu: \"00:00-24:00\", fri: \"00:00-24:00\", sat: \"00:00-24:00\", "
    "sun: \"00:00-24:00\"}\n";

std::string update(long update_id, long chat_id, const std::string& text,
                   const std::string& kind = "message") {
  return json::serialize(json::object{
      {"update_id", update_id},
      {kind, json::object{{"message_id", update_id * 10},
                          {"from", json::object{{"id", chat_id}, {"language_code", "nl"}}},
                          {"chat", json::object{{"id", chat_id}, {"type", "private"}}},
                          {"date", 1700000000},
                          {"text", text}}}});
}

class TelegramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    telegram_.set_responder([this](const ReceivedRequest& r) {
      if (r.target != std::string("/bot") + kBotToken + "/sendMessage")
        return FakeAnswer{404, R"({"ok":false})", {}};
      FakeAnswer a = next_answer_ ? next_answer_(r) : FakeAnswer{};
      if (a.body.empty())
        a.body = R"({"ok":true,"result":{"message_id":)" + std::to_string(++sent_) + "}}";
      return a;
    });
    server_ = std::make_unique<ServerProcess>(
        kServerYaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                {"LOKET_ADMIN_TOKEN", kAdmin},
                                                {"LOKET_TELEGRAM_BOT_TOKEN", kBotToken},
                                                {"LOKET_TELEGRAM_SECRET_TOKEN", kSecret},
                                                {"LOKET_TELEGRAM_API_BASE", telegram_.url("")}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  void TearDown() override {
    const std::string log = server_->log();
    EXPECT_EQ(std::string::npos, log.find(kBotToken)) << "secrets never reach the log";
    EXPECT_EQ(std::string::npos, log.find(kSecret)) << "secrets never reach the log";
  }

  HttpReply webhook(const std::string& body, const std::string& secret = kSecret) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!secret.empty()) headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", secret);
    return http_request(server_->port(), http::verb::post, "/webhooks/telegram", body,
                        "application/json", headers);
  }
  HttpReply admin(http::verb method, const std::string& path, const std::string& body = "") {
    return staff_request(server_->port(), kAdmin, method, path, body);
  }
  std::vector<json::object> sent_messages() {
    std::vector<json::object> out;
    for (const auto& r : telegram_.requests()) out.push_back(json::parse(r.body).as_object());
    return out;
  }
  std::string web_chat_answer(const std::string& text) {
    auto r = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"text", text}}));
    return std::string(json::parse(r.body).at("messages").at(0).at("text").as_string());
  }

  TestDatabase db_;
  FakeReceiver telegram_;
  std::atomic<int> sent_{0};
  std::function<FakeAnswer(const ReceivedRequest&)> next_answer_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(TelegramTest, AMessageInGetsTheChatsAnswerOutOnce) {
  const std::string question = "ik wil een nieuw paspoort aanvragen";
  const auto start = std::chrono::steady_clock::now();
  auto r = webhook(update(1001, 42, question));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "Telegram is answered at once";
  EXPECT_EQ(200u, r.status) << r.body;
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 1; })) << server_->log();
  EXPECT_EQ(200u, webhook(update(1001, 42, question)).status) << "a redelivery is acknowledged";
  std::this_thread::sleep_for(300ms);
  auto sent = sent_messages();
  ASSERT_EQ(1u, sent.size()) << "a redelivery is not answered twice";
  EXPECT_EQ("42", sent[0].at("chat_id"));
  EXPECT_EQ(web_chat_answer(question), sent[0].at("text").as_string());
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM inbound_messages WHERE channel = 'telegram' AND "
                            "message_id = '1001'"));
  EXPECT_EQ("t",
            db_.scalar("SELECT payload IS NULL FROM inbound_messages WHERE message_id = '1001'"))
      << "the text is not kept once answered";
  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(
      std::string::npos,
      metrics.find("loket_inbound_messages_total{channel=\"telegram\",outcome=\"answered\"} 1"));
  EXPECT_NE(
      std::string::npos,
      metrics.find("loket_inbound_messages_total{channel=\"telegram\",outcome=\"redelivery\"} 1"));
}

TEST_F(TelegramTest, SuggestionsBecomeAReplyKeyboardAndATapChoosesThatIntent) {
  const std::string gibberish = "qwxz blorp fnargl";
  webhook(update(2001, 43, gibberish));
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 1; })) << server_->log();
  auto sent = sent_messages();
  const auto& markup = sent.back().at("reply_markup").as_object();
  ASSERT_TRUE(markup.contains("keyboard")) << json::serialize(sent.back());
  const std::string label(markup.at("keyboard").at(0).at(0).at("text").as_string());
  const std::size_t before = telegram_.count();
  webhook(update(2002, 43, label));
  ASSERT_TRUE(wait_until([&] { return telegram_.count() > before; })) << server_->log();
  auto web = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"text", gibberish}}));
  const auto lang = json::parse(web.body).at("lang");
  auto chosen =
      http_request(server_->port(), http::verb::post, "/api/v1/chat",
                   json::serialize(json::object{{"intent", "medewerker-spreken"}, {"lang", lang}}));
  EXPECT_EQ(json::parse(chosen.body).at("messages").at(0).at("text").as_string(),
            sent_messages()[before].at("text").as_string())
      << "tapping '" << label << "' answers that intent";
}

TEST_F(TelegramTest, StartRegistersTheResidentAndStopUnsubscribesEverything) {
  webhook(update(3001, 44, "/start"));
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 1; })) << server_->log();
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM contacts WHERE channel = 'telegram' AND address "
                            "= '44' AND active"));
  EXPECT_FALSE(sent_messages()[0].at("text").as_string().empty());
  db_.scalar(
      "INSERT INTO subscriptions (contact_id, topic) SELECT id, 'afval' FROM contacts WHERE "
      "address = '44'");
  webhook(update(3002, 44, "/stop"));
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 2; })) << server_->log();
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions"));
}

TEST_F(TelegramTest, TheWebhookRefusesWhatIsNotTelegrams) {
  const std::string body = update(4001, 45, "geheime-inhoud-niet-loggen");
  EXPECT_EQ(401u, webhook(body, "").status);
  EXPECT_EQ(403u, webhook(body, "wrong-secret").status);
  EXPECT_EQ(400u, webhook("{not json").status);
  EXPECT_EQ(200u, webhook(update(4002, 45, "bewerkt", "edited_message")).status)
      << "unknown kinds are ignored";
  EXPECT_EQ(200u, webhook(R"({"update_id":4003,"my_chat_member":{}})").status);
  EXPECT_EQ(413u, webhook(update(4004, 45, std::string(70000, 'a'))).status);
  EXPECT_EQ(405u, http_request(server_->port(), http::verb::get, "/webhooks/telegram").status);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(0u, telegram_.count());
  EXPECT_EQ(std::string::npos, server_->log().find("geheime-inhoud"))
      << "refusals are logged without the body";
  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(
      std::string::npos,
      metrics.find("loket_inbound_messages_total{channel=\"telegram\",outcome=\"refused\"} 3"))
      << metrics;
}

TEST_F(TelegramTest, NotificationsGoOutAndTelegramsAnswersAreHandled) {
  for (const char* chat : {"501", "502", "503", "504"}) {
    auto r = admin(http::verb::post, "contacts",
                   std::string(R"({"channel":"telegram","address":")") + chat +
                       R"(","lang":"nl","topics":["afval"]})");
    ASSERT_EQ(201u, r.status) << r.body;
  }
  std::map<std::string, int> calls;
  std::mutex mutex;
  std::map<std::string, std::chrono::steady_clock::time_point> first_at, last_at;
  next_answer_ = [&](const ReceivedRequest& r) {
    const std::string chat(json::parse(r.body).at("chat_id").as_string());
    std::lock_guard lock(mutex);
    const int n = ++calls[chat];
    (n == 1 ? first_at : last_at)[chat] = std::chrono::steady_clock::now();
    if (chat == "501" && n == 1)
      return FakeAnswer{
          429,
          R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}})",
          {}};
    if (chat == "502")
      return FakeAnswer{
          403,
          R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})",
          {}};
    if (chat == "503" && n == 1) return FakeAnswer{502, "Bad Gateway", {}};
    if (chat == "504" && n == 1) {
      FakeAnswer hang;
      hang.delay = 3s;  // past the 1 s send timeout
      return hang;
    }
    return FakeAnswer{};
  };
  auto created =
      admin(http::verb::post, "notifications", R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
  ASSERT_EQ(202u, created.status) << created.body;
  const auto id = json::parse(created.body).at("id").to_number<std::int64_t>();
  auto status = [&] {
    return json::parse(admin(http::verb::get, "notifications/" + std::to_string(id)).body)
        .as_object();
  };
  ASSERT_TRUE(wait_until([&] { return status()["status"] == "done"; }, 20s)) << server_->log();
  auto counts = status()["counts"].as_object();
  EXPECT_EQ(3, counts["sent"].to_number<int>()) << json::serialize(counts);
  EXPECT_EQ(1, counts["failed"].to_number<int>());
  std::lock_guard lock(mutex);
  EXPECT_EQ(2, calls["501"]);
  EXPECT_GE(last_at["501"] - first_at["501"], 1900ms) << "retry_after is honoured";
  EXPECT_EQ(1, calls["502"]) << "a blocked bot does not try again";
  EXPECT_EQ("f", db_.scalar("SELECT active FROM contacts WHERE address = '502'"));
  EXPECT_EQ(2, calls["503"]);
  EXPECT_GE(calls["504"], 2);
  for (const auto& m : sent_messages()) EXPECT_EQ("Morgen gft.", m.at("text").as_string());
}

TEST_F(TelegramTest, OneChatGetsAtMostAboutOneMessageASecond) {
  // Shared with the fake Telegram's thread, which may still answer when a check below fails.
  struct Sends {
    std::mutex mutex;
    std::vector<std::chrono::steady_clock::time_point> at;
  };
  auto sends = std::make_shared<Sends>();
  next_answer_ = [sends](const ReceivedRequest&) {
    std::lock_guard lock(sends->mutex);
    sends->at.push_back(std::chrono::steady_clock::now());
    return FakeAnswer{};
  };
  ASSERT_EQ(201u, admin(http::verb::post, "contacts",
                        R"({"channel":"telegram","address":"601","lang":"nl","topics":["afval"]})")
                      .status);
  for (const char* text : {"Eerste.", "Tweede.", "Derde."})
    ASSERT_EQ(202u, admin(http::verb::post, "notifications",
                          std::string(R"({"topic":"afval","text":{"nl":")") + text + R"("}})")
                        .status);
  // The fake counts a request before it answers it: wait for the answers' times themselves.
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(sends->mutex);
    return sends->at.size() >= 3;
  })) << server_->log();
  std::lock_guard lock(sends->mutex);
  ASSERT_EQ(3u, sends->at.size());
  EXPECT_GE(sends->at[2] - sends->at[0], 1800ms)
      << "three messages to one chat take about two seconds";
}

TEST_F(TelegramTest, OneResidentsMessagesAreAnsweredInTheOrderTheyCame) {
  std::atomic<int> calls{0};
  next_answer_ = [&](const ReceivedRequest&) {
    FakeAnswer a;
    if (++calls == 1) a.delay = 500ms;  // the first answer is slow to go out
    return a;
  };
  webhook(update(8001, 47, "wanneer wordt het afval opgehaald"));
  webhook(update(8002, 47, "9701 AB"));
  ASSERT_TRUE(wait_until([&] { return telegram_.count() >= 2; })) << server_->log();
  auto sent = sent_messages();
  EXPECT_NE(std::string::npos, std::string(sent[0].at("text").as_string()).find("postcode"))
      << "asked first";
  EXPECT_NE(std::string::npos, std::string(sent[1].at("text").as_string()).find("maandag"))
      << "answered second, in the conversation's language";
}

TEST(TelegramWithoutItsDatabase, MessagesAreNotAcknowledgedUntilTheyCanBeStored) {
  FakeReceiver telegram;
  ServerProcess server(kServerYaml, {{"LOKET_DATABASE_URL", "postgresql:///loket_no_such_database"},
                                     {"LOKET_TELEGRAM_BOT_TOKEN", kBotToken},
                                     {"LOKET_TELEGRAM_SECRET_TOKEN", kSecret},
                                     {"LOKET_TELEGRAM_API_BASE", telegram.url("")}});
  auto r = http_request(server.port(), http::verb::post, "/webhooks/telegram",
                        update(7001, 46, "paspoort"), "application/json",
                        {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
  EXPECT_EQ(503u, r.status) << "Telegram delivers it again later";
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(0u, telegram.count());
}

}  // namespace
}  // namespace loket::testing

namespace loket::testing {
namespace {

TEST_F(TelegramTest, AResidentIsHandedToAPersonAndBack) {
  const auto last_text = [&] { return std::string(sent_messages().back().at("text").as_string()); };
  const auto keyboard = [&] {
    std::vector<std::string> labels;
    const json::object last = sent_messages().back();
    if (const auto* markup = last.if_contains("reply_markup"))
      if (const auto* rows = markup->as_object().if_contains("keyboard"))
        for (const auto& row : rows->as_array())
          for (const auto& key : row.as_array()) labels.emplace_back(key.at("text").as_string());
    return labels;
  };
  const auto sends = [&](std::size_t n) {
    return wait_until([&] { return telegram_.count() >= n; });
  };
  webhook(update(5001, 77, "ik wil een medewerker spreken"));
  ASSERT_TRUE(sends(1)) << server_->log();
  ASSERT_FALSE(keyboard().empty());
  EXPECT_EQ("Chat met een medewerker", keyboard().front());
  webhook(update(5002, 77, "Chat met een medewerker"));
  ASSERT_TRUE(sends(2)) << server_->log();
  EXPECT_NE(std::string::npos, last_text().find("nummer 1 in de rij")) << last_text();
  EXPECT_EQ(std::vector<std::string>{"Gesprek be\xc3\xabindigen"}, keyboard());

  auto list = json::parse(admin(http::verb::get, "handoffs?status=waiting").body);
  const auto& waiting = list.at("handoffs").at(0);
  EXPECT_EQ("telegram", waiting.at("channel"));
  const std::string id = std::to_string(waiting.at("id").as_int64());
  EXPECT_EQ(200u, admin(http::verb::post, "handoffs/" + id + ":take").status);
  ASSERT_TRUE(sends(3)) << server_->log();
  EXPECT_EQ("Gemeente Testdorp is in het gesprek gekomen.", last_text());
  EXPECT_EQ("77", sent_messages().back().at("chat_id"));
  EXPECT_EQ(200u, admin(http::verb::post, "handoffs/" + id + "/messages",
                        R"({"text":"Goedemiddag, waarmee kan ik helpen?"})")
                      .status);
  ASSERT_TRUE(sends(4)) << server_->log();
  EXPECT_EQ("Gemeente Testdorp: Goedemiddag, waarmee kan ik helpen?", last_text());

  // The resident's answer goes to the staff member; loket itself says nothing.
  webhook(update(5003, 77, "Mijn container is niet geleegd"));
  ASSERT_TRUE(wait_until([&] {
    return admin(http::verb::get, "handoffs/" + id).body.find("Mijn container is niet geleegd") !=
           std::string::npos;
  }));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(4u, telegram_.count()) << last_text();

  EXPECT_EQ(200u, admin(http::verb::post, "handoffs/" + id + ":release").status);
  ASSERT_TRUE(sends(5)) << server_->log();
  EXPECT_NE(std::string::npos, last_text().find("digitale assistent")) << last_text();
  webhook(update(5004, 77, "wanneer is het gemeentehuis open"));
  ASSERT_TRUE(sends(6)) << server_->log();
  EXPECT_EQ(web_chat_answer("wanneer is het gemeentehuis open"), last_text());
}

}  // namespace
}  // namespace loket::testing
