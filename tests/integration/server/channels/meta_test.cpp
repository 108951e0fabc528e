// Messenger and WhatsApp end to end: the real `loket serve` with a fake Graph API on 127.0.0.1.
// The verification handshake, signed webhooks in and answers out, WhatsApp alerts as templates,
// Messenger's 24-hour window, and Graph's error answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "connectors/signatures.h"
#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kAppSecret = "meta-app-secret-never-logged";
constexpr const char* kVerifyToken = "meta-verify-token";
constexpr const char* kAccessToken = "meta-access-token-never-logged";
constexpr const char* kAdmin = "admin-token-meta";

const std::string kServerYaml = std::string(kFastNotificationsYaml) +
                                "channels:\n"
                                "  meta:\n"
                                "    app_secret: {env: LOKET_META_APP_SECRET}\n"
                                "    verify_token: {env: LOKET_META_VERIFY_TOKEN}\n"
                                "    access_token: {env: LOKET_META_ACCESS_TOKEN}\n"
                                "    api_base: {env: LOKET_META_API_BASE}\n"
                                "    whatsapp_phone_number_id: \"1098765\"\n"
                                "    messenger_page_id: \"555000\"\n";

std::string messenger_event(const std::string& mid, const std::string& psid,
                            const std::string& text) {
  return json::serialize(json::object{
      {"object", "page"},
      {"entry", json::array{json::object{
                    {"id", "555000"},
                    {"time", 1700000000000},
                    {"messaging",
                     json::array{json::object{{"sender", {{"id", psid}}},
                                              {"recipient", {{"id", "555000"}}},
                                              {"timestamp", 1700000000000},
                                              {"message", {{"mid", mid}, {"text", text}}}}}}}}}});
}

std::string whatsapp_event(const std::string& wamid, const std::string& from,
                           const std::string& text) {
  json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "31500000000"}, {"phone_number_id", "1098765"}}},
      {"contacts", json::array{json::object{{"profile", {{"name", "Anne"}}}, {"wa_id", from}}}},
      {"messages", json::array{json::object{{"from", from},
                                            {"id", wamid},
                                            {"timestamp", "1700000000"},
                                            {"type", "text"},
                                            {"text", {{"body", text}}}}}}};
  return json::serialize(json::object{
      {"object", "whatsapp_business_account"},
      {"entry",
       json::array{json::object{
           {"id", "WABA1"},
           {"changes", json::array{json::object{{"field", "messages"}, {"value", value}}}}}}}});
}

class MetaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    graph_.set_responder([this](const ReceivedRequest& r) {
      if (r.headers.count("authorization") == 0 ||
          r.headers.at("authorization") != std::string("Bearer ") + kAccessToken)
        return FakeAnswer{
            401,
            R"({"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":190}})",
            {}};
      FakeAnswer a = next_answer_ ? next_answer_(r) : FakeAnswer{};
      if (a.body.empty())
        a.body = R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT)" +
                 std::to_string(++sent_) + R"("}]})";
      return a;
    });
    server_ = std::make_unique<ServerProcess>(
        kServerYaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                {"LOKET_ADMIN_TOKEN", kAdmin},
                                                {"LOKET_META_APP_SECRET", kAppSecret},
                                                {"LOKET_META_VERIFY_TOKEN", kVerifyToken},
                                                {"LOKET_META_ACCESS_TOKEN", kAccessToken},
                                                {"LOKET_META_API_BASE", graph_.url("/v19.0")}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  void TearDown() override {
    for (const char* secret : {kAppSecret, kAccessToken})
      EXPECT_EQ(std::string::npos, server_->log().find(secret)) << "secrets never reach the log";
  }

  HttpReply post(const std::string& body, std::optional<std::string> signature = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("X-Hub-Signature-256",
                         signature.value_or(connectors::meta_signature(kAppSecret, body)));
    if (signature && signature->empty()) headers.clear();
    return http_request(server_->port(), http::verb::post, "/webhooks/meta", body,
                        "application/json", headers);
  }
  HttpReply admin(http::verb method, const std::string& path, const std::string& body = "") {
    return staff_request(server_->port(), kAdmin, method, path, body);
  }
  std::string web_chat_answer(const std::string& text) {
    auto r = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"text", text}}));
    return std::string(json::parse(r.body).at("messages").at(0).at("text").as_string());
  }
  std::int64_t notify(const std::string& topic, const std::string& text) {
    auto r = admin(http::verb::post, "notifications",
                   json::serialize(json::object{{"topic", topic}, {"text", {{"nl", text}}}}));
    EXPECT_EQ(202u, r.status) << r.body;
    return json::parse(r.body).at("id").to_number<std::int64_t>();
  }
  json::object status(std::int64_t id) {
    return json::parse(admin(http::verb::get, "notifications/" + std::to_string(id)).body)
        .as_object();
  }

  TestDatabase db_;
  FakeReceiver graph_;
  std::atomic<int> sent_{0};
  std::function<FakeAnswer(const ReceivedRequest&)> next_answer_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MetaTest, TheVerificationHandshakeEchoesTheChallengeOnlyForTheToken) {
  auto ok = http_request(server_->port(), http::verb::get,
                         std::string("/webhooks/meta?hub.mode=subscribe&hub.verify_token=") +
                             kVerifyToken + "&hub.challenge=1158201444");
  EXPECT_EQ(200u, ok.status);
  EXPECT_EQ("1158201444", ok.body);
  EXPECT_EQ(403u,
            http_request(server_->port(), http::verb::get,
                         "/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")
                .status);
  const std::string handshake =
      std::string("/webhooks/meta?hub.mode=subscribe&hub.verify_token=") + kVerifyToken;
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get, handshake).status)
      << "no challenge to echo";
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get,
                               handshake + "&hub.challenge=" + std::string(300, '7'))
                      .status)
      << "a challenge is short";
}

TEST_F(MetaTest, UnsignedOrWronglySignedPostsAreRefusedUnread) {
  const std::string body = messenger_event("m_1", "7001", "geheime-inhoud-niet-loggen");
  EXPECT_EQ(401u, post(body, "").status);
  EXPECT_EQ(403u, post(body, connectors::meta_signature("another secret", body)).status);
  EXPECT_EQ(403u, post(body + " ", connectors::meta_signature(kAppSecret, body)).status);
  EXPECT_EQ(400u, post("[not an object").status);
  EXPECT_EQ(413u, post(messenger_event("m_2", "7001", std::string(70000, 'x'))).status);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(0u, graph_.count());
  EXPECT_EQ(std::string::npos, server_->log().find("geheime-inhoud"));
}

TEST_F(MetaTest, AMessengerMessageIsAnsweredFromThePageWithinTheWindow) {
  const std::string question = "ik wil een nieuw paspoort aanvragen";
  EXPECT_EQ(200u, post(messenger_event("m_100", "7002", question)).status);
  ASSERT_TRUE(wait_until([&] { return graph_.count() >= 1; })) << server_->log();
  const auto r = graph_.requests()[0];
  EXPECT_EQ("/v19.0/555000/messages", r.target);
  auto body = json::parse(r.body);
  EXPECT_EQ("7002", body.at("recipient").at("id").as_string());
  EXPECT_EQ("RESPONSE", body.at("messaging_type").as_string());
  EXPECT_EQ(web_chat_answer(question), body.at("message").at("text").as_string());
}

TEST_F(MetaTest, AWhatsAppMessageIsAnsweredOnceFromTheNumberItCameTo) {
  const std::string question = "ik wil een nieuw paspoort aanvragen";
  const std::string event = whatsapp_event("wamid.IN1", "31612345678", question);
  EXPECT_EQ(200u, post(event).status);
  ASSERT_TRUE(wait_until([&] { return graph_.count() >= 1; })) << server_->log();
  EXPECT_EQ(200u, post(event).status);
  const std::string statuses =
      R"({"object":"whatsapp_business_account","entry":[{"id":"W","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[{"id":"wamid.OUT1","status":"delivered"}]}}]}]})";
  EXPECT_EQ(200u, post(statuses).status);
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(1u, graph_.count());
  const auto r = graph_.requests()[0];
  EXPECT_EQ("/v19.0/1098765/messages", r.target);
  auto body = json::parse(r.body);
  EXPECT_EQ("whatsapp", body.at("messaging_product").as_string());
  EXPECT_EQ("31612345678", body.at("to").as_string());
  // With follow-up topics the answer carries reply buttons (an interactive message).
  const bool buttons = body.at("type") == "interactive";
  EXPECT_EQ(web_chat_answer(question),
            buttons ? body.at("interactive").at("body").at("text").as_string()
                    : body.at("text").at("body").as_string());
  if (buttons) {
    EXPECT_LE(body.at("interactive").at("action").at("buttons").as_array().size(), 3u);
  }
}

TEST_F(MetaTest, WhatsAppAlertsAreTemplatesAndMessengerAlertsNeedTheWindow) {
  for (const char* contact :
       {R"({"channel":"whatsapp","address":"31611111111","lang":"nl","topics":["afval"]})",
        R"({"channel":"messenger","address":"7003","lang":"nl","topics":["afval"]})"})
    ASSERT_EQ(201u, admin(http::verb::post, "contacts", contact).status);
  const auto id = notify("afval", "Morgen wordt het gft opgehaald.");
  ASSERT_TRUE(wait_until([&] { return status(id)["status"] == "done"; })) << server_->log();
  auto counts = status(id)["counts"].as_object();
  EXPECT_EQ(1, counts["sent"].to_number<int>());
  EXPECT_EQ(1, counts["failed"].to_number<int>()) << "no Messenger alert outside the window";
  EXPECT_NE("",
            db_.scalar("SELECT last_error FROM deliveries d JOIN contacts c ON c.id = d.contact_id "
                       "WHERE c.channel = 'messenger' AND last_error LIKE '%24-hour window%'"));
  ASSERT_EQ(1u, graph_.count());
  auto body = json::parse(graph_.requests()[0].body);
  EXPECT_EQ("template", body.at("type").as_string());
  EXPECT_EQ("noorderhaven_afval", body.at("template").at("name").as_string());
  EXPECT_EQ("nl", body.at("template").at("language").at("code").as_string());
  EXPECT_EQ(
      "Morgen wordt het gft opgehaald.",
      body.at("template").at("components").at(0).at("parameters").at(0).at("text").as_string());

  // The resident writes on Messenger: within the next 24 hours an alert may go as text.
  post(messenger_event("m_200", "7003", "hallo"));
  ASSERT_TRUE(wait_until([&] { return graph_.count() >= 2; })) << server_->log();
  const auto second = notify("afval", "Morgen papier.");
  ASSERT_TRUE(wait_until([&] { return status(second)["status"] == "done"; })) << server_->log();
  EXPECT_EQ(2, status(second)["counts"].at("sent").to_number<int>());
  bool update_seen = false;
  for (const auto& r : graph_.requests()) {
    auto b = json::parse(r.body);
    if (b.as_object().contains("messaging_type") && b.at("messaging_type") == "UPDATE") {
      update_seen = true;
      EXPECT_EQ("Morgen papier.", b.at("message").at("text").as_string());
    }
  }
  EXPECT_TRUE(update_seen);
}

TEST_F(MetaTest, GraphErrorsMapToRetryOrSlowDown) {
  ASSERT_EQ(
      201u,
      admin(http::verb::post, "contacts",
            R"({"channel":"whatsapp","address":"31622222222","lang":"nl","topics":["afval"]})")
          .status);
  ASSERT_EQ(
      201u,
      admin(http::verb::post, "contacts",
            R"({"channel":"whatsapp","address":"31633333333","lang":"nl","topics":["afval"]})")
          .status);
  std::mutex mutex;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> calls;
  next_answer_ = [&](const ReceivedRequest& r) {
    const std::string to(json::parse(r.body).at("to").as_string());
    std::lock_guard lock(mutex);
    calls[to].push_back(std::chrono::steady_clock::now());
    if (calls[to].size() > 1) return FakeAnswer{};
    if (to == "31622222222")
      return FakeAnswer{
          400,
          R"({"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"fbtrace_id":"A"}})",
          {}};
    return FakeAnswer{
        400,
        R"({"error":{"message":"(#131056) Pair rate limit hit","type":"OAuthException","code":131056,"fbtrace_id":"B"}})",
        {}};
  };
  const auto id = notify("afval", "Let op.");
  ASSERT_TRUE(wait_until([&] { return status(id)["status"] == "done"; }, 20s)) << server_->log();
  EXPECT_EQ(2, status(id)["counts"].at("sent").to_number<int>());
  std::lock_guard lock(mutex);
  ASSERT_EQ(2u, calls["31622222222"].size());
  ASSERT_EQ(2u, calls["31633333333"].size());
  EXPECT_GE(calls["31633333333"][1] - calls["31633333333"][0], 5500ms)
      << "131056: slow down for that resident";
}

}  // namespace
}  // namespace loket::testing
