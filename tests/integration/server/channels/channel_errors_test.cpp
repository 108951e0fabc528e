// Every channel's alerts against the same four platform troubles, in each platform's own form:
// "slow down" (429 with its retry-after), a 5xx, a platform that hangs past the send timeout, and
// "this resident is gone". The first three are retried and arrive; the last fails for good (and
// ends the contact where the platform says the resident is gone). One loket with all channels on,
// one fake platform server on 127.0.0.1 that routes by path.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <ctime>
#include <set>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"
#include "webpush_test_keys.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kAdmin = "admin-token-errors";
const std::string kServerYaml =
    std::string(kFastNotificationsYaml) +
    "channels:\n"
    "  telegram: {bot_token: {env: T_TOKEN}, secret_token: {env: T_SECRET}, api_base: {env: "
    "BASE}}\n"
    "  meta: {app_secret: {env: M_SECRET}, verify_token: {env: M_VERIFY}, access_token: {env: "
    "M_TOKEN},\n"
    "         api_base: {env: BASE}, whatsapp_phone_number_id: \"1098765\"}\n"
    "  x: {consumer_secret: {env: X_SECRET}, access_token: {env: X_TOKEN}, api_base: {env: BASE}}\n"
    "  mastodon: {base: {env: BASE}, token: {env: MASTODON_TOKEN}}\n"
    "  webpush: {vapid_private_key: {env: VAPID}, subject: \"mailto:test@example.org\",\n"
    "             allow_local_endpoints: true}\n";

enum class Trouble { slow_down, server_error, hang, gone };
constexpr Trouble kTroubles[] = {Trouble::slow_down, Trouble::server_error, Trouble::hang,
                                 Trouble::gone};

// Which channel and which of its four residents a platform request is for.
std::pair<std::string, int> recipient(const ReceivedRequest& r) {
  auto digit = [](const std::string& s) { return s.empty() ? -1 : s.back() - '1'; };
  if (r.target.find("/sendMessage") != std::string::npos)
    return {"telegram", digit(std::string(json::parse(r.body).at("chat_id").as_string()))};
  if (r.target.find("/1098765/messages") != std::string::npos)
    return {"whatsapp", digit(std::string(json::parse(r.body).at("to").as_string()))};
  if (r.target.rfind("/2/dm_conversations/with/", 0) == 0)
    return {"x", digit(r.target.substr(0, r.target.rfind("/messages")))};
  if (r.target == "/api/v1/statuses") {
    const std::string status(json::parse(r.body).at("status").as_string());
    return {"mastodon", digit(status.substr(0, status.find('@', 1)))};
  }
  if (r.target.rfind("/push/", 0) == 0) return {"webpush", digit(r.target)};
  return {"", -1};
}

FakeAnswer trouble_answer(const std::string& channel, Trouble trouble) {
  const std::string soon = std::to_string(std::time(nullptr) + 1);
  switch (trouble) {
    case Trouble::slow_down:
      if (channel == "telegram")
        return {
            429,
            R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})",
            {}};
      if (channel == "whatsapp")
        return {
            400,
            R"({"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429}})",
            {}};
      if (channel == "x")
        return {429, R"({"title":"Too Many Requests"})", {{"x-rate-limit-reset", soon}}};
      if (channel == "mastodon")
        return {429,
                R"({"error":"Too many requests"})",
                {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", iso_in(1)}}};
      return {429, "", {{"Retry-After", "1"}}};
    case Trouble::server_error:
      return {503, R"({"error":"unavailable"})", {}};
    case Trouble::hang: {
      FakeAnswer a{200, "{}", {}};
      a.delay = 3s;  // past the 1 s send timeout
      return a;
    }
    case Trouble::gone:
      if (channel == "telegram")
        return {
            403,
            R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})",
            {}};
      if (channel == "whatsapp")
        return {
            400,
            R"({"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026}})",
            {}};
      if (channel == "x")
        return {403, R"({"detail":"You cannot send messages to this user."})", {}};
      if (channel == "mastodon") return {422, R"({"error":"Validation failed"})", {}};
      return {410, "", {}};
  }
  return {};
}

FakeAnswer success(const std::string& channel) {
  if (channel == "telegram") return {200, R"({"ok":true,"result":{"message_id":5}})", {}};
  if (channel == "whatsapp") return {200, R"({"messages":[{"id":"wamid.X"}]})", {}};
  if (channel == "x") return {201, R"({"data":{"dm_event_id":"9"}})", {}};
  if (channel == "mastodon") return {200, R"({"id":"1"})", {{"X-RateLimit-Remaining", "250"}}};
  return {201, "", {}};
}

TEST(ChannelErrors, EachChannelRetriesSlowDownServerErrorsAndHangsAndStopsForGone) {
  TestDatabase db;
  std::mutex mutex;
  std::map<std::pair<std::string, int>, int> calls;
  std::set<std::string> vapid_headers;
  FakeReceiver platform([&](const ReceivedRequest& r) {
    if (r.method == "GET") return FakeAnswer{200, "[]", {}};  // Mastodon's mentions
    const auto who = recipient(r);
    std::lock_guard lock(mutex);
    const int n = ++calls[who];
    if (who.first == "webpush") vapid_headers.insert(r.headers.at("authorization"));
    if (who.second < 0) return FakeAnswer{404, "{}", {}};
    if (n == 1 || kTroubles[who.second] == Trouble::gone)
      return trouble_answer(who.first, kTroubles[who.second]);
    return success(who.first);
  });
  ServerProcess server(kServerYaml, {{"LOKET_DATABASE_URL", db.url()},
                                     {"LOKET_ADMIN_TOKEN", kAdmin},
                                     {"BASE", platform.url("")},
                                     {"T_TOKEN", "1:t"},
                                     {"T_SECRET", "s"},
                                     {"M_SECRET", "m"},
                                     {"M_VERIFY", "v"},
                                     {"M_TOKEN", "mt"},
                                     {"X_SECRET", "x"},
                                     {"X_TOKEN", "xt"},
                                     {"MASTODON_TOKEN", "mt"},
                                     {"VAPID", kVapidPem}});
  ASSERT_TRUE(server.wait_for_log("event=\"dispatcher started\"", 10s)) << server.log();
  auto admin = [&](http::verb method, const std::string& path, const std::string& body = "") {
    return staff_request(server.port(), kAdmin, method, path, body);
  };
  for (int i = 1; i <= 4; ++i) {
    const std::string n = std::to_string(i);
    for (const std::string& contact :
         {R"({"channel":"telegram","address":"90)" + n + R"("})",
          R"({"channel":"whatsapp","address":"3161000000)" + n + R"("})",
          R"({"channel":"x","address":"80)" + n + R"("})",
          R"({"channel":"mastodon","address":"m)" + n + R"(@social.example"})"}) {
      auto body = contact.substr(0, contact.size() - 1) + R"(,"lang":"nl","topics":["afval"]})";
      ASSERT_EQ(201u, admin(http::verb::post, "contacts", body).status) << body;
    }
    auto r =
        http_request(server.port(), http::verb::post, "/api/v1/webpush/subscriptions",
                     R"({"endpoint":")" + platform.url("/push/w" + n) + R"(","keys":{"p256dh":")" +
                         kP256dh + R"(","auth":")" + kAuth + R"("},"topics":["afval"]})");
    ASSERT_EQ(201u, r.status) << r.body;
  }
  auto created =
      admin(http::verb::post, "notifications", R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
  ASSERT_EQ(202u, created.status);
  EXPECT_EQ(20, json::parse(created.body).at("recipients").to_number<int>());
  const auto id = json::parse(created.body).at("id").to_number<std::int64_t>();
  auto status = [&] {
    return json::parse(admin(http::verb::get, "notifications/" + std::to_string(id)).body)
        .as_object();
  };
  for (auto end = std::chrono::steady_clock::now() + 40s;
       status()["status"] != "done" && std::chrono::steady_clock::now() < end;)
    std::this_thread::sleep_for(100ms);
  ASSERT_EQ("done", status()["status"]) << server.log();
  EXPECT_EQ(15, status()["counts"].at("sent").to_number<int>());
  EXPECT_EQ(5, status()["counts"].at("failed").to_number<int>());
  std::lock_guard lock(mutex);
  for (const std::string channel : {"telegram", "whatsapp", "x", "mastodon", "webpush"}) {
    EXPECT_EQ(2, (calls[{channel, 0}])) << channel << ": slow down, then sent";
    EXPECT_EQ(2, (calls[{channel, 1}])) << channel << ": 5xx, then sent";
    EXPECT_GE((calls[{channel, 2}]), 2) << channel << ": a hang, then sent";
    EXPECT_EQ(1, (calls[{channel, 3}])) << channel << ": gone, not tried again";
  }
  EXPECT_EQ(1u, vapid_headers.size()) << "one VAPID token per push service, not one per alert";
  EXPECT_EQ(
      "telegram,webpush,x",
      db.scalar("SELECT string_agg(channel, ',' ORDER BY channel) FROM contacts WHERE NOT active"))
      << "contacts the platform says are gone are ended";
}

}  // namespace
}  // namespace loket::testing
