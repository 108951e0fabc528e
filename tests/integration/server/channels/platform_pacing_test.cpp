// Three instances sending one notification to Telegram residents stay together within the bot's
// documented 30 messages a second, and to browsers within a push service's configured rate, in
// every second from the first: they take send slots through PostgreSQL. A push service's 429
// pauses all sends to it for its Retry-After. Run alone (timing).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"
#include "webpush_test_keys.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "pacing-token";
constexpr int kResidents = 300;
// A sanitized build's three servers on two cores wake for their turns less evenly, and a send
// reaches the fake platform up to a few hundred milliseconds after its slot: a second of arrivals
// may then hold a few more than the rate. Without pacing it would hold them all.
constexpr std::size_t kSanitizedJitter = kTrainingSlowdown > 1 ? 3 : 0;

// When a fake platform received each request.
class Arrivals {
 public:
  // How many have come, this one included.
  std::size_t record() {
    std::lock_guard lock(mutex_);
    times_.push_back(Clock::now());
    return times_.size();
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return times_.size();
  }
  bool wait_for(std::size_t n) {
    return wait_until([&] { return count() >= n; }, 60s);
  }
  std::vector<Clock::time_point> sorted() {
    std::lock_guard lock(mutex_);
    auto out = times_;
    std::sort(out.begin(), out.end());
    return out;
  }
  // Prints how they came, and checks that no second held more than `most_allowed` (the rate
  // and a little timing jitter, more in a sanitized build) and that they took as long as
  // `per_second` needs; returns how long they took.
  double expect_paced(const std::string& what, double per_second, std::size_t most_allowed) {
    const auto times = sorted();
    std::size_t most = 0;
    for (std::size_t i = 0, j = 0; i < times.size(); ++i) {
      while (j < times.size() && times[j] - times[i] < 1s) ++j;
      most = std::max(most, j - i);
    }
    const double seconds = std::chrono::duration<double>(times.back() - times.front()).count();
    std::cout << times.size() << " " << what << " from three instances in " << seconds
              << " s; most in one second: " << most << "\n";
    most_allowed += kSanitizedJitter;
    EXPECT_LE(most, most_allowed);
    EXPECT_GE(seconds, static_cast<double>(times.size() - most_allowed) / per_second);
    return seconds;
  }

 private:
  std::mutex mutex_;
  std::vector<Clock::time_point> times_;
};

// Three instances on one database, each with its dispatcher running.
std::vector<std::unique_ptr<ServerProcess>> three_instances(const std::string& yaml,
                                                            const ServerProcess::Environment& env) {
  std::vector<std::unique_ptr<ServerProcess>> servers;
  for (int i = 0; i < 3; ++i) {
    servers.push_back(std::make_unique<ServerProcess>(yaml, env));
    EXPECT_TRUE(servers.back()->wait_for_log("event=\"dispatcher started\"", 15s))
        << servers.back()->log();
  }
  return servers;
}

// How many instances sent `channel` messages: the rate shared is the point only when several did.
int instances_that_sent(const std::vector<std::unique_ptr<ServerProcess>>& servers,
                        const std::string& channel) {
  const std::string line = "loket_deliveries_total{channel=\"" + channel + "\",outcome=\"sent\"} ";
  int n = 0;
  for (const auto& s : servers) {
    const auto metrics = http_request(s->port(), http::verb::get, "/metrics").body;
    const auto at = metrics.find(line);
    if (at != std::string::npos && std::stol(metrics.substr(at + line.size())) > 0) ++n;
  }
  return n;
}

// `browsers` Web Push subscriptions to `push` (the RFC 8291 example's keys), for topic afval,
// and an alert on it through the staff API at `port`.
HttpReply alert_browsers(TestDatabase& db, const FakeReceiver& push, int browsers,
                         unsigned short port) {
  std::string sql =
      "WITH c AS (INSERT INTO contacts (channel, address, lang, channel_data) "
      "SELECT 'webpush', '" +
      push.url("/push/") + "' || i, 'nl', '" + "{\"p256dh\":\"" + kP256dh + "\",\"auth\":\"" +
      kAuth + "\"}' FROM generate_series(1, " + std::to_string(browsers) +
      ") AS i RETURNING id) INSERT INTO subscriptions SELECT id, 'afval' FROM c";
  db.scalar(sql);
  return staff_request(port, kToken, http::verb::post, "notifications",
                       R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
}

// Small batches: every instance gets a part of a notification to send.
const std::string kSmallBatches = std::string(kFastNotificationsYaml) + "  batch: 25\n";

const std::string kWebPushYaml = kSmallBatches +
                                 "channels:\n"
                                 "  webpush:\n"
                                 "    vapid_private_key: {env: LOKET_VAPID}\n"
                                 "    subject: mailto:test@example.org\n"
                                 "    allow_local_endpoints: true\n"
                                 "    per_push_service_per_second: 20\n";

TEST(PlatformPacing, ThreeInstancesTogetherStayWithinAPushServicesRate) {
  TestDatabase db;
  Arrivals sent;
  FakeReceiver push([&](const ReceivedRequest&) {
    sent.record();
    return FakeAnswer{201, "", {{"Location", "/message/1"}}, 0ms};
  });
  const ServerProcess::Environment env{
      {"LOKET_DATABASE_URL", db.url()}, {"LOKET_ADMIN_TOKEN", kToken}, {"LOKET_VAPID", kVapidPem}};
  const auto servers = three_instances(kWebPushYaml, env);
  ASSERT_FALSE(::testing::Test::HasFailure());
  constexpr int kBrowsers = 200;
  const auto notified = alert_browsers(db, push, kBrowsers, servers[1]->port());
  ASSERT_EQ(202u, notified.status) << notified.body;
  ASSERT_TRUE(sent.wait_for(kBrowsers));
  sent.expect_paced("alerts to one push service at 20/s", 20, 23);
  EXPECT_GE(instances_that_sent(servers, "webpush"), 2);
}

TEST(PlatformPacing, ANotificationLongerThanASendWaitsGoesOutWholeAndOnce) {
  // 80 alerts at 5 a second take 16 s: more than a send waits for its turn (10 s), so the later
  // ones are handed back and come again, without claiming slots they do not use and without it
  // counting as a failed attempt.
  TestDatabase db;
  Arrivals sent;
  std::mutex mutex;
  std::set<std::string> endpoints;
  std::size_t repeats = 0;
  FakeReceiver push([&](const ReceivedRequest& r) {
    sent.record();
    std::lock_guard lock(mutex);
    if (!endpoints.insert(r.target).second) ++repeats;
    return FakeAnswer{201, "", {{"Location", "/message/1"}}, 0ms};
  });
  std::string yaml = kWebPushYaml;
  yaml.replace(yaml.find("per_push_service_per_second: 20"), 31, "per_push_service_per_second: 5");
  const ServerProcess::Environment env{
      {"LOKET_DATABASE_URL", db.url()}, {"LOKET_ADMIN_TOKEN", kToken}, {"LOKET_VAPID", kVapidPem}};
  const auto servers = three_instances(yaml, env);
  ASSERT_FALSE(::testing::Test::HasFailure());
  constexpr int kBrowsers = 80;
  const auto notified = alert_browsers(db, push, kBrowsers, servers[0]->port());
  ASSERT_EQ(202u, notified.status) << notified.body;
  ASSERT_TRUE(sent.wait_for(kBrowsers));
  const double seconds = sent.expect_paced("alerts to one push service at 5/s", 5, 6);
  EXPECT_LT(seconds, 24) << "slots claimed and not used would have stretched it";
  std::lock_guard lock(mutex);
  EXPECT_EQ(0u, repeats);
  EXPECT_EQ("1", db.scalar("SELECT max(attempts) FROM deliveries"));
}

TEST(PlatformPacing, APushServicesTooManyRequestsPausesEverySendToIt) {
  TestDatabase db;
  Arrivals arrivals;
  FakeReceiver push([&](const ReceivedRequest&) {
    if (arrivals.record() == 1) return FakeAnswer{429, "", {{"Retry-After", "2"}}, 0ms};
    return FakeAnswer{201, "", {{"Location", "/message/1"}}, 0ms};
  });
  ServerProcess server(kWebPushYaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db.url()},
                                                                {"LOKET_ADMIN_TOKEN", kToken},
                                                                {"LOKET_VAPID", kVapidPem}});
  ASSERT_TRUE(server.wait_for_log("event=\"dispatcher started\"", 15s)) << server.log();
  // A second's worth at the push service's rate: without the pause they would go on meanwhile.
  ASSERT_EQ(202u, alert_browsers(db, push, 20, server.port()).status);
  // Twenty alerts, one of them twice: the 429'd one again after the pause.
  ASSERT_TRUE(arrivals.wait_for(21)) << server.log();
  const auto sent = arrivals.sorted();
  // A send already on its way when the 429 came may still arrive; after that, nothing until the
  // pause is over.
  const auto paused = std::count_if(sent.begin() + 1, sent.end(), [&](Clock::time_point t) {
    return t - sent[0] > 250ms && t - sent[0] < 1900ms;
  });
  EXPECT_EQ(0, paused) << "nothing went to the push service during its pause";
  EXPECT_GE(sent.back() - sent[0], 1900ms);
}

TEST(PlatformPacing, ThreeInstancesTogetherStayWithinTelegramsThirtyMessagesASecond) {
  TestDatabase db;
  Arrivals sent;
  FakeReceiver telegram([&](const ReceivedRequest&) {
    sent.record();
    return FakeAnswer{200, R"({"ok":true,"result":{"message_id":1}})", {}, 0ms};
  });
  const std::string yaml = kSmallBatches +
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
  const auto servers = three_instances(yaml, env);
  ASSERT_FALSE(::testing::Test::HasFailure());

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
  ASSERT_TRUE(sent.wait_for(kResidents));
  sent.expect_paced("Telegram messages at 28/s", 28, 33);
  EXPECT_GE(instances_that_sent(servers, "telegram"), 2);
}

}  // namespace
}  // namespace loket::testing
