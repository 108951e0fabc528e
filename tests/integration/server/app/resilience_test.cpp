// At-least-once under fire: 20,000 deliveries while the server is killed with SIGKILL twice and
// restarted, while PostgreSQL restarts, and with three instances sharing one database. Every
// delivery must arrive; a kill repeats at most the sends in flight (the rest of its batch's
// outcomes are journaled).
// Run serially (it restarts the shared PostgreSQL).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include <cstdlib>
#include <iostream>
#include <map>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "resilience-token";
constexpr const char* kSettings =
    "notifications:\n"
    "  poll_interval_ms: 200\n"
    "  retry_base_ms: 100\n"
    "  retry_max_s: 2\n"
    "  batch: 500\n"
    "  workers: 2\n"
    "  sends_in_flight: 64\n"
    "  quiet_hours: {start: \"00:00\", end: \"00:00\"}\n";

class Resilience : public ::testing::Test {
 protected:
  std::unique_ptr<ServerProcess> start() {
    auto server = std::make_unique<ServerProcess>(
        kSettings, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                              {"LOKET_ADMIN_TOKEN", kToken}});
    EXPECT_TRUE(server->wait_for_log("event=\"dispatcher started\"", 20s)) << server->log();
    return server;
  }
  HttpReply admin(ServerProcess& s, const std::string& path, const std::string& body,
                  const std::string& type = "application/json") {
    return http_request(s.port(), http::verb::post, "/admin/v1/" + path, body, type,
                        {{"Authorization", std::string("Bearer ") + kToken}});
  }
  // n contacts subscribed to 'afval', each its own URL on the receiver.
  void import(ServerProcess& s, int n) {
    std::string lines;
    for (int i = 0; i < n; ++i)
      lines += R"({"channel":"webhook","address":")" + receiver_.url("/c" + std::to_string(i)) +
               R"(","lang":"nl","topics":["afval"]})"
               "\n";
    auto r = admin(s, "contacts:import", lines, "application/x-ndjson");
    ASSERT_EQ(200u, r.status) << r.body;
  }
  std::int64_t notify(ServerProcess& s) {
    auto r = admin(s, "notifications", R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
    EXPECT_EQ(202u, r.status) << r.body;
    return json::parse(r.body).at("id").to_number<std::int64_t>();
  }
  std::map<std::string, int> arrivals() const {
    std::map<std::string, int> count;
    for (const auto& r : receiver_.requests()) ++count[r.headers.at("idempotency-key")];
    return count;
  }
  bool wait_for_distinct(std::size_t n, std::chrono::seconds timeout) {
    for (auto end = std::chrono::steady_clock::now() + timeout;
         std::chrono::steady_clock::now() < end; std::this_thread::sleep_for(100ms))
      if (arrivals().size() >= n) return true;
    return arrivals().size() >= n;
  }
  void wait_for_received(std::size_t n) {
    for (auto end = std::chrono::steady_clock::now() + 60s;
         receiver_.count() < n && std::chrono::steady_clock::now() < end;)
      std::this_thread::sleep_for(5ms);
  }

  TestDatabase db_;
  FakeReceiver receiver_;
};

// A resident's Telegram message that loket acknowledged but had not answered when it was killed
// is answered by the next instance, once.
TEST_F(Resilience, AMessageAcknowledgedButUnansweredAtSigkillIsAnsweredAfterwards) {
  const std::string yaml =
      "notifications:\n"
      "  send_timeout_s: 1\n"
      "channels:\n"
      "  answer_lease_s: 15\n"
      "  telegram:\n"
      "    bot_token: {env: LOKET_TELEGRAM_BOT_TOKEN}\n"
      "    secret_token: {env: LOKET_TELEGRAM_SECRET_TOKEN}\n"
      "    api_base: {env: LOKET_TELEGRAM_API_BASE}\n";
  std::atomic<bool> hang{true};
  FakeReceiver telegram([&](const ReceivedRequest&) {
    FakeAnswer a{200, R"({"ok":true,"result":{"message_id":1}})", {}};
    if (hang) a.delay = 30s;
    return a;
  });
  const ServerProcess::Environment env{{"LOKET_DATABASE_URL", db_.url()},
                                       {"LOKET_TELEGRAM_BOT_TOKEN", "1:t"},
                                       {"LOKET_TELEGRAM_SECRET_TOKEN", "s"},
                                       {"LOKET_TELEGRAM_API_BASE", telegram.url("")}};
  auto first = std::make_unique<ServerProcess>(yaml, env);
  ASSERT_TRUE(first->wait_for_log("event=\"dispatcher started\"", 20s)) << first->log();
  const std::string update =
      R"({"update_id":9001,"message":{"message_id":1,"chat":{"id":77,"type":"private"},"text":"paspoort aanvragen"}})";
  auto r = http_request(first->port(), http::verb::post, "/webhooks/telegram", update,
                        "application/json", {{"X-Telegram-Bot-Api-Secret-Token", "s"}});
  ASSERT_EQ(200u, r.status) << "acknowledged";
  for (auto end = std::chrono::steady_clock::now() + 10s;
       telegram.count() == 0 && std::chrono::steady_clock::now() < end;)
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(1u, telegram.count()) << "the answer was on its way";
  EXPECT_EQ(137, first->stop(SIGKILL));
  EXPECT_EQ("t", db_.scalar(
                     "SELECT payload IS NOT NULL FROM inbound_messages WHERE message_id = '9001'"));

  hang = false;
  auto second = std::make_unique<ServerProcess>(yaml, env);
  ASSERT_TRUE(second->wait_for_log("event=\"dispatcher started\"", 20s)) << second->log();
  for (auto end = std::chrono::steady_clock::now() + 60s;
       db_.scalar("SELECT payload IS NULL FROM inbound_messages WHERE message_id = '9001'") !=
           "t" &&
       std::chrono::steady_clock::now() < end;)
    std::this_thread::sleep_for(200ms);
  EXPECT_EQ("t",
            db_.scalar("SELECT payload IS NULL FROM inbound_messages WHERE message_id = '9001'"))
      << second->log();
  const auto sent = telegram.count();
  EXPECT_GE(sent, 2u);
  std::this_thread::sleep_for(6s);  // another redelivery round: nothing more
  EXPECT_EQ(sent, telegram.count());
  EXPECT_EQ("77", json::parse(telegram.requests().back().body).at("chat_id").as_string());
  EXPECT_EQ(json::parse(telegram.requests().front().body).at("text"),
            json::parse(telegram.requests().back().body).at("text"))
      << "the answer made before the kill is the one sent";
}

TEST_F(Resilience, SigkillTwiceDuringDispatchLosesNothing) {
  constexpr int kContacts = 20000;
  auto server = start();
  import(*server, kContacts);
  notify(*server);
  for (int kill = 0; kill < 2; ++kill) {
    wait_for_received(static_cast<std::size_t>(kContacts) * (kill + 1) / 3);
    EXPECT_EQ(137, server->stop(SIGKILL));  // no chance to record the batch in flight
    server = start();
  }
  ASSERT_TRUE(wait_for_distinct(kContacts, 120s)) << "arrived: " << arrivals().size();
  int most = 0;
  for (const auto& [key, n] : arrivals()) most = std::max(most, n);
  EXPECT_LE(most, 3) << "a delivery arrived more often than once per kill";
  const std::size_t repeated = receiver_.count() - kContacts;
  std::cout << "deliveries: " << kContacts << ", requests received: " << receiver_.count()
            << " (re-sent after the kills: " << repeated << ")\n";
  constexpr std::size_t kSendConcurrency = 2 * 64;  // workers x sends_in_flight
  EXPECT_LE(repeated, 2 * kSendConcurrency) << "more than the sends in flight at each kill";
  // Every delivery is recorded as sent once the dust settles.
  for (auto end = std::chrono::steady_clock::now() + 30s;
       db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent'") !=
           std::to_string(kContacts) &&
       std::chrono::steady_clock::now() < end;)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(std::to_string(kContacts),
            db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent'"));
}

TEST_F(Resilience, ThreeInstancesOnOneDatabaseSendEachDeliveryOnce) {
  constexpr int kContacts = 20000;
  auto a = start();
  auto b = start();
  auto c = start();
  import(*a, kContacts);
  notify(*b);
  ASSERT_TRUE(wait_for_distinct(kContacts, 120s)) << "arrived: " << arrivals().size();
  std::this_thread::sleep_for(500ms);
  int most = 0;
  for (const auto& [key, n] : arrivals()) most = std::max(most, n);
  EXPECT_EQ(1, most) << "a delivery was sent twice";
  EXPECT_EQ(static_cast<std::size_t>(kContacts), receiver_.count());
}

// A fan-out its instance left before the first chunk (it died), with more subscribers than one
// chunk, and three instances running. The test holds the notification's row lock until every
// instance's sweep has found the fan-out and is waiting for that lock: then they take turns,
// chunk by chunk, and each contact's delivery is made once.
TEST_F(Resilience, ThreeInstancesFinishAnAbandonedFanOutTogetherOnce) {
  constexpr int kContacts = 25000;  // three chunks
  auto a = start();
  auto b = start();
  auto c = start();
  import(*a, kContacts);
  pqxx::connection holder(db_.url());
  std::string id;
  {
    pqxx::work tx(holder);
    id = tx.exec1(
               "INSERT INTO notifications (topic, texts, default_lang, created_by, fanout_after, "
               "created_at) VALUES ('afval', '{\"nl\": \"Morgen gft.\"}', 'nl', 'test', 0, "
               "now() - interval '1 minute') RETURNING id")[0]
             .as<std::string>();
    tx.commit();
  }
  {
    pqxx::work lock(holder);
    const auto cursor =
        lock.exec1("SELECT fanout_after FROM notifications WHERE id = " + id + " FOR UPDATE");
    if (cursor[0].is_null()) {
      // A sweep came by in the millisecond between the insert and the lock and did it all.
      GTEST_SKIP() << "a sweep finished the fan-out before the test could hold it";
    }
    // The sweeps run every two seconds here (ten poll intervals); each pooled connection gives
    // up a lock after 5 s. The first waits for this transaction, the others for the row (a
    // tuple lock).
    const auto waiting = [&] {
      return db_.scalar("SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted");
    };
    ASSERT_TRUE(wait_until([&] { return waiting() == "3"; }, 4500ms))
        << "every instance waits for the fan-out's lock; waiting: " << waiting();
    lock.commit();
  }
  ASSERT_TRUE(wait_for_distinct(kContacts, 60s)) << "arrived: " << arrivals().size();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(std::to_string(kContacts), db_.scalar("SELECT count(*) FROM deliveries"))
      << "a contact's delivery was made twice";
  EXPECT_EQ(std::to_string(kContacts),
            db_.scalar("SELECT count(DISTINCT contact_id) FROM deliveries"));
  EXPECT_EQ(std::to_string(kContacts), db_.scalar("SELECT recipients FROM notifications"));
  EXPECT_EQ(static_cast<std::size_t>(kContacts), receiver_.count());
}

TEST_F(Resilience, DispatchResumesAfterPostgresqlRestarts) {
  if (std::system("pg_lsclusters >/dev/null 2>&1") != 0 || getuid() != 0)
    GTEST_SKIP() << "needs root and the Debian PostgreSQL cluster tools to restart PostgreSQL";
  constexpr int kContacts = 3000;
  auto server = start();
  import(*server, kContacts);
  notify(*server);
  wait_for_received(kContacts / 3);
  ASSERT_EQ(0, std::system("pg_ctlcluster 15 main restart >/dev/null 2>&1"));
  ASSERT_TRUE(wait_for_distinct(kContacts, 90s))
      << "arrived: " << arrivals().size() << "\n"
      << server->log().substr(0, 4000) << "\n...\n"
      << server->log().substr(server->log().size() > 6000 ? server->log().size() - 6000 : 0);
  EXPECT_NE(std::string::npos, server->log().find("database unavailable"))
      << "the outage was noticed (and logged once)";
}

}  // namespace
}  // namespace loket::testing
