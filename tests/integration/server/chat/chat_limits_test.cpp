// The chat's limits per client and per session, over real HTTP and a real WebSocket, behind a
// trusted proxy (X-Forwarded-For) and without one.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "chat_socket.h"
#include "server_process.h"

namespace loket::testing {
namespace {

namespace json = boost::json;

// 12 a minute is a burst of 3; 6 a minute is a burst of 3 as well.
constexpr const char* kLimits =
    "limits: {chat_per_client_per_minute: 12, chat_per_session_per_minute: 6}\n";

// A chat message in `session` (empty: a new one) from `forwarded_for` behind the proxy.
HttpReply chat(unsigned short port, const std::string& session, const std::string& forwarded_for) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!forwarded_for.empty()) headers.emplace_back("X-Forwarded-For", forwarded_for);
  json::object request{{"text", "paspoort"}};
  if (!session.empty()) request["session"] = session;
  return http_request(port, http::verb::post, "/api/v1/chat", json::serialize(request),
                      "application/json", headers);
}

TEST(ChatLimits, AClientBeyondItsRateGets429WithRetryAfterBehindATrustedProxy) {
  ServerProcess server(std::string(kLimits) + "server: {trusted_proxies: ['127.0.0.1/32']}\n");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(200u, chat(server.port(), "lim-a" + std::to_string(i), "198.51.100.7").status);
  const auto refused = chat(server.port(), "lim-a9", "198.51.100.7");
  EXPECT_EQ(429u, refused.status) << refused.body;
  EXPECT_FALSE(refused.headers[http::field::retry_after].empty());
  const auto body = json::parse(refused.body).as_object();
  EXPECT_NE(std::string::npos, std::string(body.at("error").as_string()).find("this address"));
  EXPECT_GE(body.at("retry_after_s").to_number<int>(), 1);
  EXPECT_EQ(200u, chat(server.port(), "lim-b", "198.51.100.8").status)
      << "another resident behind the same proxy has a bucket of their own";
  EXPECT_TRUE(server.wait_for_log("client=198.51.100.8")) << "the log names the real client";
}

TEST(ChatLimits, AChatSessionBeyondItsRateGets429WhateverTheAddress) {
  ServerProcess server(std::string(kLimits) + "server: {trusted_proxies: ['127.0.0.1/32']}\n");
  const auto first = chat(server.port(), "", "198.51.100.10");
  ASSERT_EQ(200u, first.status);
  const std::string session(json::parse(first.body).at("session").as_string());
  for (int i = 1; i < 3; ++i)
    EXPECT_EQ(200u, chat(server.port(), session, "198.51.100." + std::to_string(10 + i)).status);
  const auto refused = chat(server.port(), session, "198.51.100.20");
  EXPECT_EQ(429u, refused.status);
  EXPECT_NE(std::string::npos, refused.body.find("in this chat"));
}

TEST(ChatLimits, WithoutATrustedProxyForwardedForIsIgnored) {
  ServerProcess server(kLimits);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(200u, chat(server.port(), "lim-u" + std::to_string(i),
                         "198.51.100." + std::to_string(30 + i))
                        .status);
  EXPECT_EQ(429u, chat(server.port(), "lim-u9", "198.51.100.99").status)
      << "a client cannot make up addresses to escape its limit";
}

TEST(ChatLimits, AWebSocketFloodIsAnsweredFrameForFrameAndStaysOpen) {
  ServerProcess server(kLimits);
  ChatSocket socket(server.port());
  // Everything first, nothing read: the server stops reading while its replies wait, and drops
  // none of them.
  constexpr int kFrames = 40;
  for (int i = 0; i < kFrames; ++i) socket.send(R"({"session":"lim-ws","text":"paspoort"})");
  int answered = 0, limited = 0;
  for (int i = 0; i < kFrames; ++i) {
    const auto reply = socket.read();
    if (reply.contains("retry_after_s"))
      ++limited;
    else if (reply.contains("intent"))
      ++answered;
  }
  EXPECT_EQ(kFrames, answered + limited) << "one reply per frame";
  EXPECT_EQ(3, answered) << "the burst of this address";
  EXPECT_TRUE(socket.exchange(R"({"session":"other","text":"paspoort"})").contains("retry_after_s"))
      << "the connection is still open; this address is still over its rate";
}

}  // namespace
}  // namespace loket::testing
