// Three instances sending one notification to Telegram residents stay together within the bot's
// documented 30 messages a second: each takes its share through PostgreSQL. Run alone (timing).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "pacing-token";
constexpr int kResidents = 300;

TEST(PlatformPacing, ThreeInstancesTogetherStayWithinTelegramsThirtyMessagesASecond) {
  TestDatabase db;
  std::mutex mutex;
  std::vector<Clock::time_point> sent;
  FakeReceiver telegram([&](const ReceivedRequest&) {
    std::lock_guard lock(mutex);
    sent.push_back(Clock::now());
    return FakeAnswer{200, R"({"ok":true,"result":{"message_id":1}})", {}, 0ms};
  });
  const std::string yaml = std::string(kFastNotificationsYaml) +
                           "channels:\n"
                           "  telegram:\n"
                           "    bot_token: {env: LOKET_TELEGRAM_BOT_TOKEN}\n"
                           "    secret_token: {env: LOKET_TELEGRAM_SECRET_TOKEN}\n"
                           "    api_base: {env: LOKET_TELEGRAM_API_BASE}\n";
  const ServerProcess::Environment env{{"LOKET_DATABASE_URL", db.url()},
                                       {"LOKET_ADMIN_TOKEN", kToken},
                                       {"LOKET_TELEGRAM_BOT_TOKEN", "1:pacing"},
                                       {"LOKET_TELEGRAM_SECRET_TOKEN", "pacing-secret"},
                                       {"LOKET_TELEGRAM_API_BASE", telegram.url("")}};
  std::vector<std::unique_ptr<ServerProcess>> servers;
  for (int i = 0; i < 3; ++i) servers.push_back(std::make_unique<ServerProcess>(yaml, env));
  for (auto& s : servers)
    ASSERT_TRUE(s->wait_for_log("event=\"platform rates shared\" senders=3", 15s)) << s->log();

  std::string lines;
  for (int i = 0; i < kResidents; ++i)
    lines += R"({"channel":"telegram","address":")" + std::to_string(5000 + i) +
             R"(","lang":"nl","topics":["afval"]})"
             "\n";
  auto imported =
      http_request(servers[0]->port(), http::verb::post, "/admin/v1/contacts:import", lines,
                   "application/x-ndjson", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, imported.status) << imported.body;
  auto notified = staff_request(servers[1]->port(), kToken, http::verb::post, "notifications",
                                R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
  ASSERT_EQ(202u, notified.status) << notified.body;
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return sent.size() >= static_cast<std::size_t>(kResidents);
      },
      60s));

  std::lock_guard lock(mutex);
  std::sort(sent.begin(), sent.end());
  // The most messages in any one second after the first (the first holds what the senders sent
  // before they had counted each other).
  std::size_t most = 0, first_second = 0;
  for (std::size_t i = 0, j = 0; i < sent.size(); ++i) {
    while (j < sent.size() && sent[j] - sent[i] < 1s) ++j;
    if (sent[i] - sent.front() < 1s)
      first_second = std::max(first_second, j - i);
    else
      most = std::max(most, j - i);
  }
  const double seconds = std::chrono::duration<double>(sent.back() - sent.front()).count();
  std::cout << kResidents << " messages from three instances in " << seconds
            << " s; most in one second: " << most << " (in the first second: " << first_second
            << ")\n";
  EXPECT_LE(most, 33u) << "30 a second, with a little timing jitter";
  EXPECT_GE(seconds, (kResidents - 60) / 30.0);
}

}  // namespace
}  // namespace loket::testing
