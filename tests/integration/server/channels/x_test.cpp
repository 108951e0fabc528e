// X end to end: the real `loket serve` with a fake X API on 127.0.0.1. The CRC handshake (with
// the published consumer secret and token), signed direct messages in and answers out, and
// notifications with X's rate-limit and 403 answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <ctime>

#include "connectors/signatures.h"
#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// From ../shared/vectors/webhook_signatures.txt [x.crc].
constexpr const char* kConsumerSecret = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu";
constexpr const char* kAccessToken = "x-user-token-never-logged";
constexpr const char* kAdmin = "admin-token-x";
constexpr const char* kAccount = "4337869213";

const std::string kServerYaml = std::string(kFastNotificationsYaml) +
                                "channels:\n"
                                "  x:\n"
                                "    consumer_secret: {env: LOKET_X_CONSUMER_SECRET}\n"
                                "    access_token: {env: LOKET_X_ACCESS_TOKEN}\n"
                                "    api_base: {env: LOKET_X_API_BASE}\n";

std::string dm_event(const std::string& id, const std::string& sender, const std::string& text) {
  return json::serialize(
      json::object{{"for_user_id", kAccount},
                   {"direct_message_events",
                    json::array{json::object{{"type", "message_create"},
                                             {"id", id},
                                             {"created_timestamp", "1515722837181"},
                                             {"message_create",
                                              {{"target", {{"recipient_id", kAccount}}},
                                               {"sender_id", sender},
                                               {"message_data", {{"text", text}}}}}}}}});
}

class XTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.set_responder([this](const ReceivedRequest& r) {
      FakeAnswer a = next_answer_ ? next_answer_(r) : FakeAnswer{};
      if (a.body.empty())
        a.body = R"({"data":{"dm_conversation_id":"1-2","dm_event_id":"9)" +
                 std::to_string(++sent_) + R"("}})";
      if (a.status == 200) a.status = 201;
      return a;
    });
    server_ = std::make_unique<ServerProcess>(
        kServerYaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                {"LOKET_ADMIN_TOKEN", kAdmin},
                                                {"LOKET_X_CONSUMER_SECRET", kConsumerSecret},
                                                {"LOKET_X_ACCESS_TOKEN", kAccessToken},
                                                {"LOKET_X_API_BASE", api_.url("")}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  void TearDown() override {
    for (const char* secret : {kConsumerSecret, kAccessToken})
      EXPECT_EQ(std::string::npos, server_->log().find(secret)) << "secrets never reach the log";
  }
  HttpReply post(const std::string& body, std::optional<std::string> signature = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> headers;
    const std::string sig = signature.value_or(connectors::x_signature(kConsumerSecret, body));
    if (!sig.empty()) headers.emplace_back("x-twitter-webhooks-signature", sig);
    return http_request(server_->port(), http::verb::post, "/webhooks/x", body, "application/json",
                        headers);
  }
  HttpReply admin(http::verb method, const std::string& path, const std::string& body = "") {
    return staff_request(server_->port(), kAdmin, method, path, body);
  }

  TestDatabase db_;
  FakeReceiver api_;
  std::atomic<int> sent_{0};
  std::function<FakeAnswer(const ReceivedRequest&)> next_answer_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(XTest, TheCrcHandshakeAnswersWithThePublishedToken) {
  auto r = http_request(server_->port(), http::verb::get,
                        "/webhooks/x?crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553");
  ASSERT_EQ(200u, r.status);
  EXPECT_EQ("sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=",
            json::parse(r.body).at("response_token").as_string());
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get, "/webhooks/x").status);
  // A "token" that is a body would come back signed: loket must not sign what could be posted.
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get,
                               "/webhooks/x?crc_token=%7B%22for_user_id%22%3A%221%22%7D")
                      .status);
  EXPECT_EQ(400u, http_request(server_->port(), http::verb::get,
                               "/webhooks/x?crc_token=" + std::string(129, 'a'))
                      .status);
}

TEST_F(XTest, ADirectMessageIsAnsweredOnceAndOurOwnEchoIsNot) {
  const std::string question = "ik wil een nieuw paspoort aanvragen";
  EXPECT_EQ(401u, post(dm_event("1", "3001", question), "").status);
  EXPECT_EQ(403u, post(dm_event("1", "3001", question), "sha256=AAAA").status);
  EXPECT_EQ(200u, post(dm_event("100", "3001", question)).status);
  EXPECT_EQ(200u, post(dm_event("100", "3001", question)).status);
  EXPECT_EQ(200u, post(dm_event("101", kAccount, "our own answer, echoed")).status);
  EXPECT_EQ(200u, post(R"({"for_user_id":"4337869213","favorite_events":[{"id":"1"}]})").status);
  ASSERT_TRUE(wait_until([&] { return api_.count() >= 1; })) << server_->log();
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(1u, api_.count());
  const auto r = api_.requests()[0];
  EXPECT_EQ("/2/dm_conversations/with/3001/messages", r.target);
  EXPECT_EQ(std::string("Bearer ") + kAccessToken, r.headers.at("authorization"));
  auto web = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"text", question}}));
  const std::string answer(json::parse(web.body).at("messages").at(0).at("text").as_string());
  EXPECT_EQ(0u, std::string(json::parse(r.body).at("text").as_string()).find(answer));
}

TEST_F(XTest, NotificationsHonourTheRateLimitResetAndA403EndsTheContact) {
  for (const char* id : {"4001", "4002"})
    ASSERT_EQ(201u, admin(http::verb::post, "contacts",
                          std::string(R"({"channel":"x","address":")") + id +
                              R"(","lang":"nl","topics":["afval"]})")
                        .status);
  std::mutex mutex;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> calls;
  next_answer_ = [&](const ReceivedRequest& r) {
    const std::string to = r.target.substr(std::string("/2/dm_conversations/with/").size(), 4);
    std::lock_guard lock(mutex);
    calls[to].push_back(std::chrono::steady_clock::now());
    if (to == "4002")
      return FakeAnswer{
          403, R"({"title":"Forbidden","detail":"You cannot send messages to this user."})", {}};
    if (calls[to].size() == 1)
      return FakeAnswer{429,
                        R"({"title":"Too Many Requests"})",
                        {{"x-rate-limit-reset", std::to_string(std::time(nullptr) + 2)},
                         {"x-rate-limit-remaining", "0"}}};
    return FakeAnswer{};
  };
  auto created =
      admin(http::verb::post, "notifications", R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
  ASSERT_EQ(202u, created.status);
  const auto id = json::parse(created.body).at("id").to_number<std::int64_t>();
  auto status = [&] {
    return json::parse(admin(http::verb::get, "notifications/" + std::to_string(id)).body)
        .as_object();
  };
  ASSERT_TRUE(wait_until([&] { return status()["status"] == "done"; }, 15s)) << server_->log();
  EXPECT_EQ(1, status()["counts"].at("sent").to_number<int>());
  EXPECT_EQ(1, status()["counts"].at("failed").to_number<int>());
  std::lock_guard lock(mutex);
  ASSERT_EQ(2u, calls["4001"].size());
  EXPECT_GE(calls["4001"][1] - calls["4001"][0], 900ms) << "waits for x-rate-limit-reset";
  EXPECT_EQ(1u, calls["4002"].size());
  EXPECT_EQ("f",
            db_.scalar("SELECT active FROM contacts WHERE channel = 'x' AND address = '4002'"));
}

}  // namespace
}  // namespace loket::testing
