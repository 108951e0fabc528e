// Direct Line 3.0 over the real server and PostgreSQL, as Bot Framework clients use it: a token
// (for anyone, or only with the configured secret), a conversation with the welcome, a message
// posted and its echo and answer read by watermark and pushed on the stream, refreshed tokens,
// and 403 for tokens that are not loket's, are for another conversation, or have expired.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

#include "chat_socket.h"
#include "connectors/crypto.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "direct-line-test-session-secret-0123456789";

class DirectLineTest : public ::testing::Test {
 protected:
  void start(ServerProcess::Environment extra = {}, const std::string& yaml = "") {
    ServerProcess::Environment env{{"LOKET_DATABASE_URL", db_.url()},
                                   {"LOKET_SESSION_SECRET", kSecret}};
    for (auto& e : extra) env.push_back(e);
    server_ = std::make_unique<ServerProcess>(yaml, env);
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  HttpReply call(http::verb method, const std::string& path, const std::string& credential,
                 const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!credential.empty()) headers.emplace_back("Authorization", "Bearer " + credential);
    return http_request(server_->port(), method, "/v3/directline/" + path, body, "application/json",
                        headers);
  }
  json::object ok_json(const HttpReply& r, unsigned status = 200) {
    EXPECT_EQ(status, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  static std::string text(const json::value& activity) {
    return std::string(activity.at("text").as_string());
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(DirectLineTest, AConversationFromTokenToAnswerByWatermarkAndStream) {
  start();
  auto generated = ok_json(call(http::verb::post, "tokens/generate", ""));
  const std::string token(generated.at("token").as_string());
  const std::string id(generated.at("conversationId").as_string());
  EXPECT_EQ(1800, generated.at("expires_in").as_int64());

  auto started = ok_json(call(http::verb::post, "conversations", token), 201);
  EXPECT_EQ(id, started.at("conversationId").as_string());
  const std::string stream_url(started.at("streamUrl").as_string());
  EXPECT_NE(std::string::npos,
            stream_url.find("/v3/directline/conversations/" + id + "/stream?t="));
  // Starting it again is no new conversation (and no second welcome).
  ok_json(call(http::verb::post, "conversations", token), 200);

  auto welcome = ok_json(call(http::verb::get, "conversations/" + id + "/activities", token));
  ASSERT_EQ(1u, welcome.at("activities").as_array().size()) << json::serialize(welcome);
  const auto& hello = welcome.at("activities").as_array()[0];
  EXPECT_EQ("bot", hello.at("from").at("role"));
  EXPECT_NE(std::string::npos, text(hello).find("Welkom"));
  const std::string watermark(welcome.at("watermark").as_string());

  // The stream begins with what the conversation holds (the welcome came before it opened).
  ChatSocket stream(server_->port(), nullptr,
                    stream_url.substr(stream_url.find("/v3/directline/")));
  EXPECT_EQ(hello.at("id"), stream.read().at("activities").as_array().at(0).at("id"));
  auto posted = ok_json(
      call(http::verb::post, "conversations/" + id + "/activities", token,
           R"({"type":"message","from":{"id":"resident-1"},"locale":"nl-NL",)"
           R"("text":"Hoe vraag ik een paspoort aan?","channelData":{"clientActivityID":"c1"}})"));
  EXPECT_EQ(0u, std::string(posted.at("id").as_string()).find(id + "|"));

  // On the stream: the resident's own message back, then the answer with its suggestions.
  auto echo = stream.read().at("activities").as_array().at(0);
  EXPECT_EQ("resident-1", echo.at("from").at("id"));
  EXPECT_EQ("c1", echo.at("channelData").at("clientActivityID"));
  EXPECT_EQ(posted.at("id"), echo.at("id"));
  auto answer_set = stream.read();
  auto answer = answer_set.at("activities").as_array().at(0);
  EXPECT_NE(std::string::npos, text(answer).find("Stadswinkel")) << text(answer);
  EXPECT_NE(std::string::npos, text(answer).find("](https://www.noorderhaven.nl/"))
      << "markdown links";
  EXPECT_EQ("markdown", answer.at("textFormat"));
  ASSERT_FALSE(answer.at("suggestedActions").at("actions").as_array().empty());
  const std::string suggestion(
      answer.at("suggestedActions").at("actions").as_array()[0].at("value").as_string());

  // Read by watermark: what came after the welcome, nothing twice.
  auto since = ok_json(
      call(http::verb::get, "conversations/" + id + "/activities?watermark=" + watermark, token));
  ASSERT_EQ(2u, since.at("activities").as_array().size()) << json::serialize(since);
  EXPECT_EQ(answer_set.at("watermark"), since.at("watermark"));
  auto nothing = ok_json(call(http::verb::get,
                              "conversations/" + id + "/activities?watermark=" +
                                  std::string(since.at("watermark").as_string()),
                              token));
  EXPECT_TRUE(nothing.at("activities").as_array().empty());

  // A suggested action comes back as its title, and is that intent.
  call(http::verb::post, "conversations/" + id + "/activities", token,
       R"({"type":"message","from":{"id":"resident-1"},"text":")" + suggestion + R"("})");
  stream.read();
  auto next = stream.read().at("activities").as_array().at(0);
  EXPECT_EQ(std::string::npos, text(next).find("begreep ik niet")) << text(next);

  // Typing and other activities are taken and need no answer.
  EXPECT_EQ(200u, call(http::verb::post, "conversations/" + id + "/activities", token,
                       R"({"type":"typing","from":{"id":"resident-1"}})")
                      .status);
  // A new token for the same conversation, and a reconnect with a new stream address.
  auto refreshed = ok_json(call(http::verb::post, "tokens/refresh", token));
  EXPECT_EQ(id, refreshed.at("conversationId").as_string());
  auto again = ok_json(call(http::verb::get, "conversations/" + id + "?watermark=3",
                            std::string(refreshed.at("token").as_string())));
  EXPECT_TRUE(again.contains("streamUrl"));
}

// A Bot Framework client handed to a person: the offer as a suggested action, the queue, and the
// staff member's words as activities from them, by watermark.
TEST_F(DirectLineTest, AConversationHandedToAPersonGetsStaffRepliesAsActivities) {
  std::string yaml =
      "handoff:\n  display_name: Gemeente Testdorp\n  office_hours:\n"
      "    time_zone: Europe/Amsterdam\n";
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    yaml += std::string("    ") + day + ": \"00:00-24:00\"\n";
  start({{"LOKET_ADMIN_TOKEN", "dl-admin"}}, yaml);
  auto generated = ok_json(call(http::verb::post, "tokens/generate", ""));
  const std::string token(generated.at("token").as_string());
  const std::string id(generated.at("conversationId").as_string());
  ok_json(call(http::verb::post, "conversations", token), 201);
  const auto say = [&](const std::string& words) {
    ok_json(call(http::verb::post, "conversations/" + id + "/activities", token,
                 json::serialize(
                     json::object{{"type", "message"}, {"from", {{"id", "r"}}}, {"text", words}})));
  };
  const auto activities_after = [&](std::string& watermark) {
    auto set = ok_json(
        call(http::verb::get, "conversations/" + id + "/activities?watermark=" + watermark, token));
    watermark = std::string(set.at("watermark").as_string());
    return set.at("activities").as_array();
  };
  std::string watermark = "0";
  activities_after(watermark);
  say("ik wil een medewerker spreken");
  std::string offer;
  for (const auto& a : activities_after(watermark))
    if (a.as_object().contains("suggestedActions"))
      offer = a.at("suggestedActions").at("actions").at(0).at("title").as_string();
  ASSERT_EQ("Chat met een medewerker", offer);
  say(offer);
  activities_after(watermark);

  auto list =
      staff_request(server_->port(), "dl-admin", http::verb::get, "handoffs?status=waiting");
  const json::value waiting = json::parse(list.body);
  ASSERT_EQ(1u, waiting.at("handoffs").as_array().size()) << list.body;
  EXPECT_EQ("directline", waiting.at("handoffs").at(0).at("channel").as_string());
  const std::string handoff = std::to_string(waiting.at("handoffs").at(0).at("id").as_int64());
  ASSERT_EQ(200u, staff_request(server_->port(), "dl-admin", http::verb::post,
                                "handoffs/" + handoff + ":take")
                      .status);
  auto sent = staff_request(server_->port(), "dl-admin", http::verb::post,
                            "handoffs/" + handoff + "/messages",
                            R"({"text":"Goedendag, u spreekt met het loket."})");
  EXPECT_NE(std::string::npos, sent.body.find("\"delivered\":true")) << sent.body;

  const auto after = activities_after(watermark);
  ASSERT_EQ(2u, after.size()) << json::serialize(after);
  EXPECT_NE(std::string::npos, text(after[0]).find("Gemeente Testdorp is in het gesprek"));
  EXPECT_EQ("staff", after[1].at("channelData").at("from"));
  EXPECT_EQ("Gemeente Testdorp", after[1].at("from").at("name"));
  EXPECT_EQ("bot", after[1].at("from").at("role"));
  EXPECT_EQ("Goedendag, u spreekt met het loket.", text(after[1]));
  EXPECT_EQ(0u, std::string(after[1].at("id").as_string()).find(id + "|"));
}

TEST_F(DirectLineTest, TokensThatAreNotForThisConversationAreRefused) {
  start();
  auto a = ok_json(call(http::verb::post, "tokens/generate", ""));
  auto b = ok_json(call(http::verb::post, "tokens/generate", ""));
  const std::string token(a.at("token").as_string()), id(a.at("conversationId").as_string());
  const std::string other_id(b.at("conversationId").as_string());
  ok_json(call(http::verb::post, "conversations", token), 201);
  const std::string message = R"({"type":"message","text":"hallo"})";
  EXPECT_EQ(
      403u,
      call(http::verb::post, "conversations/" + other_id + "/activities", token, message).status)
      << "another conversation's";
  std::string tampered = token;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(
      403u,
      call(http::verb::post, "conversations/" + id + "/activities", tampered, message).status);
  EXPECT_EQ(403u,
            call(http::verb::post, "conversations/" + id + "/activities", "", message).status);
  // Signed right, but expired a minute ago.
  const std::string body = id + "." +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count() -
                                          60);
  // The token's tag: the first 16 bytes of HMAC-SHA256 under the session secret, in hex.
  const std::string tag =
      connectors::to_hex(connectors::hmac_sha256(kSecret, "dl1|" + body).substr(0, 16));
  const std::string expired = body + "." + tag;
  const auto refused = call(http::verb::get, "conversations/" + id + "/activities", expired);
  EXPECT_EQ(403u, refused.status);
  EXPECT_EQ("TokenExpired", json::parse(refused.body).at("error").at("code"));
  EXPECT_EQ(403u, call(http::verb::post, "tokens/refresh", expired).status);
  // The stream needs the token too.
  EXPECT_THROW(ChatSocket(server_->port(), nullptr,
                          "/v3/directline/conversations/" + id + "/stream?t=" + tampered),
               std::exception);
  EXPECT_EQ(400u,
            call(http::verb::get, "conversations/" + id + "/activities?watermark=x", token).status);
  EXPECT_EQ(400u,
            call(http::verb::post, "conversations/" + id + "/activities", token, "[1]").status);
  EXPECT_EQ(404u, call(http::verb::get, "nonsense", token).status);
  // The conversation's id (in every URL, so in access logs) opens nothing in loket's own chat.
  const auto chat = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                                 json::serialize(json::object{{"session", id}, {"text", "hallo"}}));
  ASSERT_EQ(200u, chat.status) << chat.body;
  EXPECT_NE(id, json::parse(chat.body).at("session").as_string()) << "a new session instead";
  EXPECT_EQ(404u, http_request(server_->port(), http::verb::get,
                               "/api/v1/chat/messages?session=" + id + "&after=0")
                      .status)
      << "nor its messages";
}

TEST_F(DirectLineTest, WithASecretConfiguredOnlyItsHoldersGetTokens) {
  start({{"LOKET_DIRECTLINE_SECRET", "municipal-direct-line-secret"}});
  EXPECT_EQ(403u, call(http::verb::post, "tokens/generate", "").status);
  EXPECT_EQ(403u, call(http::verb::post, "tokens/generate", "guess").status);
  auto given = ok_json(call(http::verb::post, "tokens/generate", "municipal-direct-line-secret"));
  ok_json(call(http::verb::post, "conversations", std::string(given.at("token").as_string())), 201);
  // The secret reaches its conversations, and those begun before their ids were Direct Line's
  // own (when a conversation's id was a chat session's).
  const std::string id(given.at("conversationId").as_string());
  EXPECT_EQ(200u,
            call(http::verb::get, "conversations/" + id, "municipal-direct-line-secret").status);
  const auto chat =
      http_request(server_->port(), http::verb::post, "/api/v1/chat", R"({"text":"hallo"})");
  const std::string older(json::parse(chat.body).at("session").as_string());
  EXPECT_EQ(200u,
            call(http::verb::get, "conversations/" + older, "municipal-direct-line-secret").status);
  EXPECT_EQ(
      403u,
      call(http::verb::get, "conversations/" + older + "0", "municipal-direct-line-secret").status)
      << "but no id loket did not issue";
}

}  // namespace
}  // namespace loket::testing
