// The residents' Web Push API over real HTTP with PostgreSQL: the VAPID key, the topics, and
// subscriptions stored, refused with a reason, and stopped.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server_process.h"
#include "test_database.h"
#include "webpush_test_keys.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kChannels =
    "limits: {subscriptions_per_minute: 5, chat_per_client_per_minute: 0}\n"
    "channels:\n"
    "  webpush:\n"
    "    vapid_private_key: {env: LOKET_VAPID_PRIVATE_KEY}\n"
    "    subject: {env: LOKET_VAPID_SUBJECT}\n";

class WebPushApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        kChannels, ServerProcess::Environment{
                       {"LOKET_DATABASE_URL", db_.url()},
                       {"LOKET_ADMIN_TOKEN", "wp-admin"},
                       {"LOKET_VAPID_PRIVATE_KEY", kVapidPem},
                       {"LOKET_VAPID_SUBJECT", "mailto:meldingen@noorderhaven.example"}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  HttpReply subscribe(const std::string& body, http::verb method = http::verb::post) {
    return http_request(server_->port(), method, "/api/v1/webpush/subscriptions", body);
  }
  static std::string subscription(const std::string& endpoint, const std::string& p256dh,
                                  const std::string& auth,
                                  const std::string& topics = R"(["afval"])") {
    return R"({"endpoint":")" + endpoint + R"(","keys":{"p256dh":")" + p256dh + R"(","auth":")" +
           auth + R"("},"topics":)" + topics + R"(,"postcode":"9701 ab","lang":"en"})";
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(WebPushApiTest, TheKeyAndTheTopicsAreServed) {
  auto key = http_request(server_->port(), http::verb::get, "/api/v1/webpush/key");
  ASSERT_EQ(200u, key.status);
  EXPECT_EQ(kVapidPublic, json::parse(key.body).at("publicKey").as_string());
  auto topics = json::parse(http_request(server_->port(), http::verb::get, "/api/v1/topics").body);
  EXPECT_EQ("afval", topics.at("topics").at(0).at("id").as_string());
  EXPECT_EQ("Waste collection", topics.at("topics").at(0).at("name").at("en").as_string());
  EXPECT_EQ(true, topics.at("webpush").as_bool());
  EXPECT_EQ(std::string::npos, server_->log().find("MHcCAQEEIABH"))
      << "the private key never reaches the log";
}

TEST_F(WebPushApiTest, BrowsersOnOtherOriginsMayCallTheResidentsApis) {
  for (const auto& [path, methods] :
       {std::pair{"/api/v1/webpush/subscriptions", "POST, DELETE, OPTIONS"},
        std::pair{"/api/v1/webpush/key", "GET, OPTIONS"},
        std::pair{"/api/v1/chat", "POST, OPTIONS"}}) {
    auto preflight = http_request(server_->port(), http::verb::options, path);
    EXPECT_EQ(204u, preflight.status) << path;
    EXPECT_EQ("*", preflight.headers[http::field::access_control_allow_origin]) << path;
    EXPECT_EQ(methods, preflight.headers[http::field::access_control_allow_methods]) << path;
    EXPECT_EQ("Content-Type", preflight.headers[http::field::access_control_allow_headers]);
    EXPECT_TRUE(preflight.body.empty()) << path;
  }
  auto key = http_request(server_->port(), http::verb::get, "/api/v1/webpush/key");
  EXPECT_EQ("*", key.headers[http::field::access_control_allow_origin]);
  auto refused = subscribe("{}");
  EXPECT_EQ(400u, refused.status);
  EXPECT_EQ("*", refused.headers[http::field::access_control_allow_origin])
      << "the page can read why it was refused";
}

TEST_F(WebPushApiTest, ASubscriptionIsStoredAndStopped) {
  const std::string endpoint = "https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV";
  auto r = subscribe(subscription(endpoint, kP256dh, kAuth, R"(["afval","werkzaamheden"])"));
  ASSERT_EQ(201u, r.status) << r.body;
  EXPECT_EQ(
      "9701AB|en|2",
      db_.scalar("SELECT c.postcode || '|' || c.lang || '|' || count(s.topic) FROM contacts c "
                 "JOIN subscriptions s ON s.contact_id = c.id WHERE c.channel = 'webpush' "
                 "GROUP BY c.id"));
  EXPECT_NE(std::string::npos, db_.scalar("SELECT channel_data FROM contacts").find(kAuth));
  ASSERT_EQ(201u, subscribe(subscription(endpoint, kP256dh, kAuth)).status)
      << "the same browser again: updated";
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM subscriptions"));
  EXPECT_EQ(200u, subscribe(R"({"endpoint":")" + endpoint + R"("})", http::verb::delete_).status);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions"));
}

TEST_F(WebPushApiTest, BadSubscriptionsAreRefusedWithTheReason) {
  const std::string good = "https://push.example.net/p/1";
  const std::string off_curve =
      std::string(kP256dh).substr(0, 40) + "A" + std::string(kP256dh).substr(41);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "JSON object"},
      {subscription("ftp://push.example.net/p", kP256dh, kAuth), "endpoint"},
      {subscription("http://push.example.net/p", kP256dh, kAuth), "endpoint"},
      // This machine and private networks: once accepted with 201 and refused only at send.
      {subscription("https://127.0.0.1/push/1", kP256dh, kAuth), "not public"},
      {subscription("https://10.1.2.3/push/1", kP256dh, kAuth), "not public"},
      {subscription("https://[::1]:8443/push/1", kP256dh, kAuth), "not public"},
      {subscription("https://169.254.169.254/latest", kP256dh, kAuth), "not public"},
      {subscription("https://localhost/push/1", kP256dh, kAuth), "not public"},
      {subscription(good, "abc", kAuth), "p256dh"},
      {subscription(good, off_curve, kAuth), "p256dh"},
      {subscription(good, kP256dh, "c2hvcnQ"), "auth"},
      {subscription(good, kP256dh, kAuth, "[]"), "topics"},
      {subscription(good, kP256dh, kAuth, R"(["weer"])"), "'weer' is not a topic"},
      {R"({"endpoint":")" + good + R"(","keys":{"p256dh":")" + kP256dh + R"(","auth":")" + kAuth +
           R"("},"topics":["afval"],"postcode":"12345"})",
       "postcode"},
  };
  for (const auto& [body, expected] : cases) {
    auto r = subscribe(body);
    EXPECT_EQ(400u, r.status) << body;
    EXPECT_NE(std::string::npos, r.body.find(expected)) << body << " -> " << r.body;
  }
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM contacts"));
  EXPECT_EQ(405u,
            http_request(server_->port(), http::verb::put, "/api/v1/webpush/subscriptions").status);
}

TEST_F(WebPushApiTest, StaffCannotMakeBrowserSubscriptions) {
  auto r = http_request(
      server_->port(), http::verb::post, "/admin/v1/contacts",
      R"({"channel":"webpush","address":"https://push.example.net/p/1","lang":"nl","topics":["afval"]})",
      "application/json", {{"Authorization", "Bearer wp-admin"}});
  EXPECT_EQ(400u, r.status);
  EXPECT_NE(std::string::npos, r.body.find("browsers subscribe themselves")) << r.body;
}

TEST_F(WebPushApiTest, OneAddressCannotFillTheStore) {
  unsigned created = 0, refused = 0;
  for (int i = 0; i < 8; ++i) {
    auto r =
        subscribe(subscription("https://push.example.net/p/" + std::to_string(i), kP256dh, kAuth));
    if (r.status == 201) ++created;
    if (r.status == 429) {
      ++refused;
      EXPECT_FALSE(r.headers[http::field::retry_after].empty());
    }
  }
  EXPECT_EQ(5u, created);
  EXPECT_EQ(3u, refused);
}

TEST(WebPushApiOff, WithoutAVapidKeyTheKeyIsNotFound) {
  ServerProcess server;
  EXPECT_EQ(404u, http_request(server.port(), http::verb::get, "/api/v1/webpush/key").status);
  auto topics = http_request(server.port(), http::verb::get, "/api/v1/topics");
  EXPECT_EQ(200u, topics.status);
  EXPECT_EQ(false, json::parse(topics.body).at("webpush").as_bool());
}

}  // namespace
}  // namespace loket::testing
