// Proactive notifications end to end: the real `loket serve` on a real PostgreSQL, the staff API
// over HTTP, and a fake webhook receiver on 127.0.0.1 that sees every delivery.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "test-token-123";
constexpr const char* kFastNotifications =
    "notifications:\n"
    "  poll_interval_ms: 100\n"
    "  retry_base_ms: 50\n"
    "  retry_max_s: 1\n"
    "  quiet_hours: {start: \"00:00\", end: \"00:00\"}\n";  // none: tests run at any hour

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        kFastNotifications, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                       {"LOKET_ADMIN_TOKEN", kToken}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }

  HttpReply admin(http::verb method, const std::string& path, const std::string& body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {},
                  const std::string& type = "application/json") {
    headers.emplace_back("Authorization", std::string("Bearer ") + kToken);
    return http_request(server_->port(), method, "/admin/v1/" + path, body, type, headers);
  }
  std::int64_t add_contact(const std::string& address, const std::string& lang,
                           const std::string& postcode, const std::string& topics) {
    auto r = admin(http::verb::post, "contacts",
                   R"({"channel":"webhook","address":")" + address + R"(","lang":")" + lang +
                       R"(","postcode":")" + postcode + R"(","topics":)" + topics + "}");
    EXPECT_EQ(201u, r.status) << r.body;
    return json::parse(r.body).at("id").to_number<std::int64_t>();
  }
  json::object notify(const std::string& body, unsigned want = 202,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto r = admin(http::verb::post, "notifications", body, headers);
    EXPECT_EQ(want, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  json::object status(std::int64_t id) {
    return json::parse(admin(http::verb::get, "notifications/" + std::to_string(id)).body)
        .as_object();
  }
  static std::string error_of(const HttpReply& r) {
    return std::string(json::parse(r.body).at("error").as_string());
  }

  TestDatabase db_;
  FakeReceiver receiver_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(NotificationsTest, StaffApiNeedsTheToken) {
  EXPECT_EQ(401u,
            http_request(server_->port(), http::verb::get, "/admin/v1/notifications/1").status);
  auto wrong = http_request(server_->port(), http::verb::get, "/admin/v1/notifications/1", "",
                            "application/json", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(401u, wrong.status);
  EXPECT_NE(std::string::npos, error_of(wrong).find("Bearer"));
  EXPECT_EQ(std::string::npos, server_->log().find(kToken)) << "secrets never reach the log";
}

TEST_F(NotificationsTest, DeliversInEachContactsLanguageWithTheDeliveryIdAsKey) {
  add_contact(receiver_.url("/en"), "en", "9701 AB", R"(["afval"])");
  add_contact(receiver_.url("/nl"), "nl", "9702CD", R"(["afval"])");
  add_contact(receiver_.url("/de"), "en", "9703EF", R"(["werkzaamheden"])");
  auto created =
      notify(R"({"topic":"afval","text":{"nl":"Morgen gft.","en":"Organic waste tomorrow."}})");
  EXPECT_EQ(2, created["recipients"].to_number<int>());
  ASSERT_TRUE(wait_until([&] { return receiver_.count() == 2; })) << server_->log();
  std::map<std::string, std::string> text_by_path;
  std::set<std::string> keys;
  for (const auto& r : receiver_.requests()) {
    auto body = json::parse(r.body).as_object();
    text_by_path[r.target] = std::string(body["text"].as_string());
    EXPECT_EQ(std::to_string(body["delivery_id"].to_number<std::int64_t>()),
              r.headers.at("idempotency-key"));
    EXPECT_EQ("afval", body["topic"]);
    keys.insert(r.headers.at("idempotency-key"));
  }
  EXPECT_EQ("Organic waste tomorrow.", text_by_path["/en"]);
  EXPECT_EQ("Morgen gft.", text_by_path["/nl"]);
  EXPECT_EQ(2u, keys.size());
  const auto id = created["id"].to_number<std::int64_t>();
  ASSERT_TRUE(wait_until([&] { return status(id)["status"] == "done"; }));
  EXPECT_EQ(2, status(id)["counts"].at("sent").to_number<int>());
  auto metrics = http_request(server_->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(std::string::npos,
            metrics.find("loket_deliveries_total{channel=\"webhook\",outcome=\"sent\"} 2"))
      << metrics;
  EXPECT_NE(std::string::npos, metrics.find("loket_deliveries_pending{state=\"due\"} 0"));
}

TEST_F(NotificationsTest, TheDefaultLanguageStandsInForAMissingText) {
  add_contact(receiver_.url(), "en", "9701AB", R"(["afval"])");
  notify(R"({"topic":"afval","text":{"nl":"Alleen Nederlands."}})");
  ASSERT_TRUE(wait_until([&] { return receiver_.count() == 1; }));
  EXPECT_EQ("Alleen Nederlands.", json::parse(receiver_.requests()[0].body).at("text"));
  EXPECT_EQ("nl", json::parse(receiver_.requests()[0].body).at("lang")) << "the text's language";
}

TEST_F(NotificationsTest, AnIdempotencyKeyMakesOneNotification) {
  add_contact(receiver_.url(), "nl", "9701AB", R"(["afval"])");
  const std::string body = R"({"topic":"afval","text":{"nl":"Een keer."}})";
  auto first = notify(body, 202, {{"Idempotency-Key", "campagne-42"}});
  auto again = notify(body, 202, {{"Idempotency-Key", "campagne-42"}});
  EXPECT_EQ(first["id"], again["id"]);
  ASSERT_TRUE(wait_until([&] { return receiver_.count() >= 1; }));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(1u, receiver_.count());
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM notifications"));
  // The same key for another notification is a mistake, not a repeat of the first.
  const auto other = notify(R"({"topic":"afval","text":{"nl":"Iets anders."}})", 422,
                            {{"Idempotency-Key", "campagne-42"}});
  EXPECT_NE(std::string::npos,
            std::string(other.at("error").as_string()).find("used for a different notification"))
      << json::serialize(other);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM notifications"));
}

TEST_F(NotificationsTest, ANotificationThatCouldNeverBeSentIsRefused) {
  auto past =
      notify(R"({"topic":"afval","text":{"nl":"x"},"expires_at":"2020-01-01T00:00:00Z"})", 400);
  EXPECT_EQ("expires_at is already past", past.at("error"));
  auto before = notify(R"({"topic":"afval","text":{"nl":"x"},"send_at":")" + iso_in(2 * 86400) +
                           R"(","expires_at":")" + iso_in(86400) + R"("})",
                       400);
  EXPECT_NE(std::string::npos,
            std::string(before.at("error").as_string()).find("not after send_at"));
  // A year typed wrong: the alert would wait for decades.
  auto far =
      notify(R"({"topic":"afval","text":{"nl":"x"},"send_at":"2062-12-24T09:00:00+01:00"})", 400);
  EXPECT_EQ("send_at is more than a year ahead: check the year", far.at("error"));
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM notifications"));
}

TEST_F(NotificationsTest, ReachesOnlyTheContactsInTheArea) {
  add_contact(receiver_.url("/a"), "nl", "9701AB", R"(["werkzaamheden"])");
  add_contact(receiver_.url("/b"), "nl", "9712CD", R"(["werkzaamheden"])");
  add_contact(receiver_.url("/c"), "nl", "9801EF", R"(["werkzaamheden"])");
  EXPECT_EQ(
      1, notify(R"({"topic":"werkzaamheden","area":{"postcodes":["9701 ab"]},"text":{"nl":"x"}})")
             ["recipients"]
                 .to_number<int>());
  EXPECT_EQ(
      2,
      notify(R"({"topic":"werkzaamheden","area":{"postcode_prefixes":["97"]},"text":{"nl":"x"}})")
          ["recipients"]
              .to_number<int>());
  EXPECT_EQ(
      3, notify(R"({"topic":"werkzaamheden","text":{"nl":"x"}})")["recipients"].to_number<int>());
  // By location: one contact at the town hall, one 5 km away.
  auto near = admin(http::verb::post, "contacts",
                    R"({"channel":"webhook","address":")" + receiver_.url("/near") +
                        R"(","topics":["regelingen"],"location":{"lat":53.2194,"lon":6.5665}})");
  ASSERT_EQ(201u, near.status) << near.body;
  admin(http::verb::post, "contacts",
        R"({"channel":"webhook","address":")" + receiver_.url("/far") +
            R"(","topics":["regelingen"],"location":{"lat":53.2644,"lon":6.5665}})");
  EXPECT_EQ(
      1,
      notify(
          R"({"topic":"regelingen","area":{"point":{"lat":53.2190,"lon":6.5680},"radius_m":1000},"text":{"nl":"x"}})")
          ["recipients"]
              .to_number<int>());
}

// What the page shows before and after sending: the count for an area is what the fan-out
// reaches, the latest alerts come with their counts, and the composer's settings.
TEST_F(NotificationsTest, CountsBeforeSendingWhatTheFanOutReaches) {
  add_contact(receiver_.url("/a"), "nl", "9701AB", R"(["werkzaamheden"])");
  add_contact(receiver_.url("/b"), "nl", "9712CD", R"(["werkzaamheden"])");
  add_contact(receiver_.url("/c"), "nl", "9801EF", R"(["werkzaamheden", "afval"])");
  for (const char* area :
       {R"({})", R"({"postcodes":["9701 ab"]})", R"({"postcode_prefixes":["97", "9702"]})",
        R"({"point":{"lat":53.2,"lon":6.5},"radius_m":100})"}) {
    const std::string what = std::string(R"({"topic":"werkzaamheden","area":)") + area;
    auto counted = admin(http::verb::post, "notifications:count", what + "}");
    ASSERT_EQ(200u, counted.status) << counted.body;
    EXPECT_EQ(json::parse(counted.body).at("recipients"),
              notify(what + R"(,"text":{"nl":"x"}})")["recipients"])
        << area;
  }
  EXPECT_EQ(400u, admin(http::verb::post, "notifications:count", R"({"topic":"geen"})").status);
  EXPECT_EQ(400u, admin(http::verb::post, "notifications:count",
                        R"({"topic":"afval","area":{"postcodes":["12"]}})")
                      .status);
  EXPECT_EQ(400u, admin(http::verb::post, "notifications:count",
                        R"({"topic":"afval","area":{"postcode_prefixes":["98"]}})")
                      .status)
      << "no postcode of the municipality starts with 98";
  auto list = admin(http::verb::get, "notifications?limit=2");
  ASSERT_EQ(200u, list.status) << list.body;
  const json::value listed = json::parse(list.body);
  const auto& latest = listed.at("notifications").as_array();
  ASSERT_EQ(2u, latest.size());
  EXPECT_GT(latest[0].at("id").to_number<int>(), latest[1].at("id").to_number<int>());
  EXPECT_EQ("Werkzaamheden en afsluitingen", latest[0].at("topic_name").as_string());
  EXPECT_EQ("x", latest[0].at("text").as_string());
  EXPECT_TRUE(latest[0].at("counts").as_object().contains("pending"));
  EXPECT_EQ(400u, admin(http::verb::get, "notifications?limit=0").status);
  auto composer = admin(http::verb::get, "notifications:compose");
  ASSERT_EQ(200u, composer.status);
  const auto settings = json::parse(composer.body).as_object();
  EXPECT_EQ("nl", settings.at("default_language").as_string());
  EXPECT_EQ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            settings.at("map").at("tiles").as_string());
  EXPECT_NE(std::string::npos, json::serialize(settings.at("topics")).find("urgent_allowed"));
}

TEST_F(NotificationsTest, RetriesTransientFailuresHonouringRetryAfter) {
  std::atomic<int> calls{0};
  receiver_.set_responder([&](const ReceivedRequest&) {
    const int n = ++calls;
    if (n == 1) return FakeAnswer{503, "", {}};
    if (n == 2) return FakeAnswer{429, "", {{"Retry-After", "1"}}};
    return FakeAnswer{200, "", {}};
  });
  add_contact(receiver_.url(), "nl", "9701AB", R"(["afval"])");
  auto id = notify(R"({"topic":"afval","text":{"nl":"x"}})")["id"].to_number<std::int64_t>();
  ASSERT_TRUE(wait_until([&] { return status(id)["status"] == "done"; })) << server_->log();
  EXPECT_EQ(3, calls.load());
  EXPECT_EQ(1, status(id)["counts"].at("sent").to_number<int>());
  auto requests = receiver_.requests();
  EXPECT_EQ(requests[0].headers.at("idempotency-key"), requests[2].headers.at("idempotency-key"))
      << "a retry carries the same key";
}

TEST_F(NotificationsTest, AGoneReceiverDeactivatesTheContact) {
  receiver_.set_responder([](const ReceivedRequest& r) {
    return FakeAnswer{r.target == "/gone" ? 410u : 200u, "", {}};
  });
  add_contact(receiver_.url("/gone"), "nl", "9701AB", R"(["afval"])");
  add_contact(receiver_.url("/ok"), "nl", "9701AC", R"(["afval"])");
  auto id = notify(R"({"topic":"afval","text":{"nl":"x"}})")["id"].to_number<std::int64_t>();
  ASSERT_TRUE(wait_until([&] { return status(id)["status"] == "done"; }));
  EXPECT_EQ(1, status(id)["counts"].at("failed").to_number<int>());
  EXPECT_EQ("f", db_.scalar("SELECT active FROM contacts WHERE address LIKE '%/gone'"));
  EXPECT_EQ(1, notify(R"({"topic":"afval","text":{"nl":"y"}})")["recipients"].to_number<int>());
}

TEST_F(NotificationsTest, CancelStopsWhatIsNotSentAndExpiredIsNotSent) {
  add_contact(receiver_.url(), "nl", "9701AB", R"(["afval"])");
  auto later =
      notify(R"({"topic":"afval","text":{"nl":"later"},"send_at":")" + iso_in(7 * 86400) + R"("})");
  const auto id = later["id"].to_number<std::int64_t>();
  EXPECT_EQ("scheduled", status(id)["status"]) << "waiting for its send_at, not being sent";
  const auto listed = json::parse(admin(http::verb::get, "notifications?limit=1").body);
  EXPECT_EQ("scheduled", listed.at("notifications").at(0).at("status"));
  EXPECT_EQ(200u,
            admin(http::verb::post, "notifications/" + std::to_string(id) + ":cancel").status);
  EXPECT_EQ("cancelled", status(id)["status"]);
  EXPECT_EQ(1, status(id)["counts"].at("cancelled").to_number<int>());

  // One that reaches nobody (a mistake, most likely) is said so, and can be taken back before
  // its time.
  const auto nobody = notify(R"({"topic":"afval","area":{"postcodes":["9702 AA"]},)"
                             R"("text":{"nl":"later"},"send_at":")" +
                             iso_in(7 * 86400) + R"("})");
  EXPECT_EQ(0, nobody.at("recipients").to_number<int>());
  EXPECT_NE(std::string::npos, json::serialize(nobody).find("reaches no one"));
  const auto nobody_id = nobody.at("id").to_number<std::int64_t>();
  EXPECT_EQ("scheduled", status(nobody_id)["status"]);
  EXPECT_EQ(
      200u,
      admin(http::verb::post, "notifications/" + std::to_string(nobody_id) + ":cancel").status);
  EXPECT_EQ("cancelled", status(nobody_id)["status"]);

  // One already sent to everyone keeps its outcome: nothing is left to cancel.
  const auto sent =
      notify(R"({"topic":"afval","text":{"nl":"nu"}})")["id"].to_number<std::int64_t>();
  ASSERT_TRUE(wait_until([&] { return status(sent)["status"] == "done"; }));
  const auto late = admin(http::verb::post, "notifications/" + std::to_string(sent) + ":cancel");
  EXPECT_EQ(409u, late.status) << late.body;
  EXPECT_NE(std::string::npos, error_of(late).find("nothing is left to cancel")) << late.body;
  EXPECT_EQ("done", status(sent)["status"]);
  EXPECT_EQ(1, status(sent)["counts"].at("sent").to_number<int>());
  EXPECT_EQ(1u, receiver_.count());

  // The API refuses one that has expired already; one can still expire while it waits (an
  // instance was down), as this one, stored as a dispatcher's sweep finds it.
  const auto eid = std::stoll(db_.scalar(
      "INSERT INTO notifications (topic, texts, default_lang, created_by, fanout_after, "
      "created_at, expires_at) VALUES ('afval', '{\"nl\": \"te laat\"}', 'nl', 'test', 0, "
      "now() - interval '1 minute', '2001-01-01T00:00:00Z') RETURNING id"));
  ASSERT_TRUE(
      wait_until([&] { return status(eid)["counts"].at("expired").to_number<int>() == 1; }));
  EXPECT_EQ(1u, receiver_.count()) << "only the one sent at once";
  EXPECT_EQ(404u, admin(http::verb::get, "notifications/999999").status);
  EXPECT_EQ(404u, admin(http::verb::post, "notifications/999999:cancel").status);
}

TEST_F(NotificationsTest, AFanOutCutShortIsFinishedAndNothingOfACancelledOneGoesOut) {
  for (int i = 0; i < 3; ++i)
    add_contact(receiver_.url("/r" + std::to_string(i)), "nl", "9701AB", R"(["afval"])");
  // As an instance leaves it when it stops between two chunks: stored, cursor at the start.
  const auto id = db_.scalar(
      "INSERT INTO notifications (topic, texts, default_lang, created_by, fanout_after, "
      "created_at) "
      "VALUES ('afval', '{\"nl\": \"afgebroken\"}', 'nl', 'test', 0, now() - interval '1 minute') "
      "RETURNING id");
  ASSERT_TRUE(wait_until([&] { return receiver_.count() == 3; }, std::chrono::seconds(10)))
      << server_->log();
  EXPECT_EQ("3", db_.scalar("SELECT recipients FROM notifications WHERE id = " + id));
  EXPECT_EQ("t", db_.scalar("SELECT fanout_after IS NULL FROM notifications WHERE id = " + id));

  // A chunk that committed while its notification was being cancelled: its delivery is
  // cancelled when a dispatcher claims it, not sent.
  const auto cancelled = db_.scalar(
      "INSERT INTO notifications (topic, texts, default_lang, created_by, cancelled_at) "
      "VALUES ('afval', '{\"nl\": \"ingetrokken\"}', 'nl', 'test', now()) RETURNING id");
  db_.scalar("INSERT INTO deliveries (notification_id, contact_id, next_attempt_at) SELECT " +
             cancelled + ", min(id), now() FROM contacts RETURNING id");
  db_.scalar("NOTIFY loket_deliveries");
  ASSERT_TRUE(wait_until([&] {
    return db_.scalar("SELECT status FROM deliveries WHERE notification_id = " + cancelled) ==
           "cancelled";
  }));
  EXPECT_EQ(3u, receiver_.count());
}

TEST_F(NotificationsTest, QuietHoursHoldBackAllButUrgentNotifications) {
  // Quiet hours around the present moment, in the municipality's time zone.
  server_.reset();
  const auto now = db_.scalar(
      "SELECT to_char(now() AT TIME ZONE 'Europe/Amsterdam' - interval '1 hour', 'HH24:MI') || ' ' "
      "|| "
      "to_char(now() AT TIME ZONE 'Europe/Amsterdam' + interval '1 hour', 'HH24:MI')");
  server_ = std::make_unique<ServerProcess>(
      "notifications: {poll_interval_ms: 100, quiet_hours: {start: \"" + now.substr(0, 5) +
          "\", end: \"" + now.substr(6, 5) + "\"}}\n",
      ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()}, {"LOKET_ADMIN_TOKEN", kToken}});
  ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s));
  add_contact(receiver_.url(), "nl", "9701AB", R"(["werkzaamheden"])");
  auto calm =
      notify(R"({"topic":"werkzaamheden","text":{"nl":"gewoon"}})")["id"].to_number<std::int64_t>();
  notify(R"({"topic":"werkzaamheden","text":{"nl":"dringend"},"urgent":true})");
  ASSERT_TRUE(wait_until([&] { return receiver_.count() == 1; }));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(1u, receiver_.count());
  EXPECT_EQ("dringend", json::parse(receiver_.requests()[0].body).at("text"));
  EXPECT_EQ(1, status(calm)["counts"].at("pending").to_number<int>());
  EXPECT_EQ("t",
            db_.scalar("SELECT next_attempt_at > now() + interval '30 minutes' FROM deliveries "
                       "WHERE notification_id = " +
                       std::to_string(calm)));
}

TEST_F(NotificationsTest, AContactsOwnQuietHoursHoldBackItsNotifications) {
  // Quiet for this one contact around the present moment (in the municipality's time zone; a
  // window of 00:00-23:59 would leave the last minute of the day open), none for the others.
  const auto now = db_.scalar(
      "SELECT to_char(now() AT TIME ZONE 'Europe/Amsterdam' - interval '1 hour', 'HH24:MI') || ' ' "
      "|| to_char(now() AT TIME ZONE 'Europe/Amsterdam' + interval '1 hour', 'HH24:MI')");
  auto r = admin(http::verb::post, "contacts",
                 R"({"channel":"webhook","address":")" + receiver_.url("/night") +
                     R"(","topics":["afval"],"quiet_hours":{"start":")" + now.substr(0, 5) +
                     R"(","end":")" + now.substr(6, 5) + R"("}})");
  ASSERT_EQ(201u, r.status) << r.body;
  add_contact(receiver_.url("/day"), "nl", "9701AB", R"(["afval"])");
  notify(R"({"topic":"afval","text":{"nl":"x"}})");
  ASSERT_TRUE(wait_until([&] { return receiver_.count() == 1; }));
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(1u, receiver_.count());
  EXPECT_EQ("/day", receiver_.requests()[0].target);
}

TEST_F(NotificationsTest, RejectsBadInputNamingTheField) {
  struct Case {
    std::string path, body, want;
  } cases[] = {
      {"notifications", R"({"topic":"onbekend","text":{"nl":"x"}})", "topic 'onbekend'"},
      {"notifications", R"({"topic":"afval"})", "text"},
      {"notifications", R"({"topic":"afval","text":{"en":"only english"}})", "text.nl"},
      {"notifications", R"({"topic":"afval","text":{"xx":"x","nl":"x"}})", "text.xx"},
      {"notifications", R"({"topic":"afval","area":{"postcodes":["12345"]},"text":{"nl":"x"}})",
       "area.postcodes"},
      {"notifications", R"({"topic":"afval","area":{"radius_m":5},"text":{"nl":"x"}})",
       "area.radius_m"},
      // The example municipality's postcodes are 9701-9708 (its tables).
      {"notifications", R"({"topic":"afval","area":{"postcodes":["1234 AB"]},"text":{"nl":"x"}})",
       "area.postcodes: '1234 AB' is not a postcode of this municipality"},
      {"notifications",
       R"({"topic":"afval","area":{"postcode_prefixes":["10"]},"text":{"nl":"x"}})",
       "area.postcode_prefixes: no postcode of this municipality starts with '10'"},
      {"notifications", R"({"topic":"afval","text":{"nl":"  \n "}})",
       "text.nl must be a non-empty string"},
      {"notifications", R"({"topic":"afval","text":{"nl":")" + std::string(1001, 'a') + R"("}})",
       "text.nl has 1001 characters; an alert may have 1000"},
      {"notifications", R"({"topic":"afval","area":{"street":"x"},"text":{"nl":"x"}})",
       "area.street"},
      {"notifications", R"({"topic":"afval","urgent":true,"text":{"nl":"x"}})", "urgent"},
      {"notifications", R"({"topic":"afval","send_at":"tomorrow","text":{"nl":"x"}})", "send_at"},
      // A misspelt key would be dropped and what it meant not done: this alert would go now.
      {"notifications", R"({"topic":"afval","sendAt":"2099-01-01T08:00:00Z","text":{"nl":"x"}})",
       "sendAt is not a known key (known: topic, area, text, send_at, expires_at, urgent)"},
      {"notifications", R"({"topic":"afval","send_at":"2099-01-01T08:00:00","text":{"nl":"x"}})",
       "send_at has no time zone"},
      {"notifications",
       R"({"topic":"afval","send_at":"2025-12-07T08:00:00+01:00","text":{"nl":"x"}})",
       "send_at is more than an hour ago"},
      {"notifications:count", R"({"topic":"afval","urgent":true})", "urgent is not a known key"},
      {"contacts", R"({"channel":"webhook","address":"http://x/","postocde":"9701AB"})",
       "postocde is not a known key"},
      {"contacts", R"({"channel":"webhook","address":"http://x/","location":{"lat":53,"lng":6}})",
       "location.lng is not a known key"},
      {"notifications", "{not json", "not valid JSON"},
      {"contacts", R"({"channel":"pigeon","address":"x"})", "channel 'pigeon'"},
      {"contacts", R"({"channel":"webhook","address":"ftp://x"})", "address"},
      {"contacts", R"({"channel":"webhook","address":"ftp://x/"})", "http:// or https:// URL"},
      {"notifications", R"({"topic":"afval","area":{"postcodes":[]},"text":{"nl":"x"}})",
       "area.postcodes is empty"},
      {"notifications", R"({"topic":"afval","send_at":"2026-02-30T08:00:00Z","text":{"nl":"x"}})",
       "invalid value"},
      {"contacts", R"({"channel":"webhook","address":"http://x/","lang":"xx"})", "lang"},
      {"contacts", R"({"channel":"webhook","address":"http://x/","postcode":"1234"})", "postcode"},
      {"contacts", R"({"channel":"webhook","address":"http://x/","topics":["nope"]})",
       "topic 'nope'"},
      {"contacts",
       R"({"channel":"webhook","address":"http://x/","quiet_hours":{"start":"25:00","end":"07:00"}})",
       "quiet_hours.start"},
  };
  for (const auto& c : cases) {
    auto r = admin(http::verb::post, c.path, c.body);
    EXPECT_EQ(400u, r.status) << c.body;
    EXPECT_NE(std::string::npos, error_of(r).find(c.want)) << c.body << " -> " << r.body;
  }
  EXPECT_EQ(405u, admin(http::verb::get, "contacts").status);
  EXPECT_EQ(404u, admin(http::verb::delete_, "contacts/424242").status);
}

TEST_F(NotificationsTest, ImportsContactsAsJsonLinesAllOrNothing) {
  std::string lines;
  for (int i = 0; i < 2000; ++i)
    lines += R"({"channel":"webhook","address":")" + receiver_.url("/c" + std::to_string(i)) +
             R"(","lang":"nl","postcode":"9701AB","topics":["afval"]})"
             "\n";
  auto ok = admin(http::verb::post, "contacts:import", lines, {}, "application/x-ndjson");
  ASSERT_EQ(200u, ok.status) << ok.body;
  EXPECT_EQ(2000, json::parse(ok.body).at("imported").to_number<int>());
  EXPECT_EQ("2000", db_.scalar("SELECT count(*) FROM subscriptions"));

  auto bad = admin(http::verb::post, "contacts:import",
                   R"({"channel":"webhook","address":"http://x/1","topics":["afval"]})"
                   "\n"
                   R"({"channel":"webhook","address":"http://x/2","topics":["nope"]})"
                   "\n",
                   {}, "application/x-ndjson");
  EXPECT_EQ(400u, bad.status);
  EXPECT_NE(std::string::npos, error_of(bad).find("line 2")) << bad.body;
  EXPECT_EQ("2000", db_.scalar("SELECT count(*) FROM contacts"))
      << "nothing of a bad import is kept";
}

TEST_F(NotificationsTest, DeletingAContactRemovesItsPendingDeliveriesAndKeepsItsPastOnes) {
  auto id = add_contact(receiver_.url(), "nl", "9701AB", R"(["afval"])");
  notify(R"({"topic":"afval","text":{"nl":"nu"}})");
  ASSERT_TRUE(wait_until(
      [&] { return db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent'") == "1"; }));
  notify(R"({"topic":"afval","text":{"nl":"later"},"send_at":")" + iso_in(7 * 86400) + R"("})");
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'pending'"));
  EXPECT_EQ(200u, admin(http::verb::delete_, "contacts/" + std::to_string(id)).status);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'pending'"));
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM deliveries WHERE contact_id IS NULL"))
      << "what was sent stays on record, without the resident";
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM subscriptions"));
}

TEST_F(NotificationsTest, QuestionsLoggedWhileTheDatabaseRestartsAreNotLost) {
  const auto say = [&](const char* text) {
    http_request(server_->port(), http::verb::post, "/api/v1/chat",
                 json::serialize(json::object{{"session", "restart"}, {"text", text}}));
  };
  const auto logged = [&] { return db_.scalar("SELECT count(*) FROM conversation_log"); };
  say("Hoe vraag ik een paspoort aan?");
  ASSERT_TRUE(wait_until([&] { return logged() == "1"; }));
  // As a PostgreSQL restart does: every connection the instance holds is cut at once.
  for (const char* text : {"wie wint de champions league", "hoe geef ik een verhuizing door",
                           "wanneer is de milieustraat open"}) {
    db_.scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
        "current_database() AND pid <> pg_backend_pid()");
    say(text);
  }
  EXPECT_TRUE(wait_until([&] { return logged() == "4"; }, std::chrono::seconds(20)))
      << logged() << " of 4 questions logged";
  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics");
  EXPECT_NE(std::string::npos, metrics.body.find("loket_conversation_log_dropped_total 0"));
}

TEST_F(NotificationsTest, LogsQuestionsRedactedAndShowsStatistics) {
  for (const char* text : {"Hoe vraag ik een paspoort aan?", "mijn bsn is 111222333, wat nu",
                           "wie wint de champions league", "wie wint de champions league",
                           "wie gaat de champions league winnen"})
    http_request(server_->port(), http::verb::post, "/api/v1/chat",
                 json::serialize(json::object{{"session", "stats"}, {"text", text}}));
  ASSERT_TRUE(
      wait_until([&] { return db_.scalar("SELECT count(*) FROM conversation_log") == "5"; }));
  EXPECT_EQ(
      "0",
      db_.scalar("SELECT count(*) FROM conversation_log WHERE text_redacted LIKE '%111222333%'"));
  EXPECT_EQ("1",
            db_.scalar("SELECT count(*) FROM conversation_log WHERE text_redacted LIKE '%[BSN]%'"));
  auto stats = admin(http::verb::get, "stats?days=7");
  ASSERT_EQ(200u, stats.status) << stats.body;
  auto s = json::parse(stats.body).as_object();
  EXPECT_EQ("paspoort-aanvragen", s["top_intents"].as_array().at(0).at("intent"));
  EXPECT_EQ("wie wint de champions league", s["unanswered"].as_array().at(0).at("text"));
  EXPECT_EQ(3, s["unanswered"].as_array().at(0).at("times").to_number<int>())
      << "grouped with its look-alike: " << stats.body;
  EXPECT_EQ(2u, s["unanswered"].as_array().at(0).at("examples").as_array().size());
  EXPECT_EQ(5, s["questions_per_day"].as_array().at(0).at("questions").to_number<int>());
  EXPECT_NE("0",
            db_.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'GET /admin/v1/stats%'"))
      << "reading is a staff action too";
  // Answers and schemes due for review, the earliest (the overdue) first.
  const auto& reviews = s["reviews"].as_array();
  ASSERT_FALSE(reviews.empty());
  for (std::size_t i = 1; i < reviews.size(); ++i)
    EXPECT_LE(reviews[i - 1].at("review_by").as_string(), reviews[i].at("review_by").as_string());
  EXPECT_TRUE(std::any_of(reviews.begin(), reviews.end(),
                          [](const json::value& r) { return r.as_object().contains("scheme"); }));
  EXPECT_EQ(400u, admin(http::verb::get, "stats?days=9999").status);
  // Titles in the staff's language beside the ids, and per intent what it answered.
  EXPECT_EQ("Paspoort aanvragen", s["top_intents"].as_array().at(0).at("title").as_string());
  const auto english = json::parse(admin(http::verb::get, "stats?lang=en").body).as_object();
  EXPECT_EQ("Applying for a passport", english.at("top_intents").at(0).at("title").as_string());
  EXPECT_EQ("paspoort-aanvragen", s["per_intent"].as_array().at(0).at("intent").as_string());
  EXPECT_EQ(1, s["per_intent"].as_array().at(0).at("answered").to_number<int>());
  // A range of days, checked.
  const auto today = json::parse(admin(http::verb::get, "stats?days=1").body).as_object();
  const std::string day(today.at("to").as_string());
  auto ranged = admin(http::verb::get, "stats?from=" + day + "&to=" + day);
  ASSERT_EQ(200u, ranged.status) << ranged.body;
  EXPECT_EQ(
      5, json::parse(ranged.body).at("questions_per_day").at(0).at("questions").to_number<int>());
  EXPECT_EQ(400u, admin(http::verb::get, "stats?from=2026-02-30").status);
  EXPECT_EQ(400u, admin(http::verb::get, "stats?from=2026-12-02&to=2026-12-01").status);
  EXPECT_EQ(400u, admin(http::verb::get, "stats?from=2024-01-01&to=2026-01-01").status);
  // Two ranges at once would leave staff guessing which one the figures are for.
  const auto both = admin(http::verb::get, "stats?days=7&from=" + day);
  EXPECT_EQ(400u, both.status);
  EXPECT_NE(std::string::npos, error_of(both).find("either days or from")) << both.body;
  EXPECT_EQ(400u, admin(http::verb::get, "stats?to=" + day).status);
  EXPECT_EQ(400u, admin(http::verb::get, "stats?from=2000-01-01").status) << "runs to today";
  EXPECT_EQ(400u, admin(http::verb::get, "stats?lang=English").status);
  EXPECT_EQ(200u, admin(http::verb::get, "stats?lang=da").status) << "titles in the default's";
}

TEST(NotificationsOff, WithoutADatabaseTheChatServesAndTheLogSaysSo) {
  ServerProcess server;
  EXPECT_TRUE(server.wait_for_log("event=\"notifications are off\""));
  EXPECT_EQ(200u, http_request(server.port(), http::verb::get, "/healthz").status);
  auto r = http_request(server.port(), http::verb::post, "/admin/v1/notifications", "{}",
                        "application/json", {{"Authorization", "Bearer x"}});
  EXPECT_EQ(401u, r.status) << "no token configured: the staff API stays shut";
}

TEST(NotificationsOff, TheDashboardWithoutADatabaseSaysWhatItNeeds) {
  ServerProcess server("", {{"LOKET_ADMIN_TOKEN", "dashboard-without-database-token-32chars"}});
  auto r = http_request(server.port(), http::verb::get, "/admin/v1/stats", "", "application/json",
                        {{"Authorization", "Bearer dashboard-without-database-token-32chars"}});
  EXPECT_EQ(503u, r.status) << r.body;
  EXPECT_NE(std::string::npos, r.body.find("this needs a database (statistics")) << r.body;
}

}  // namespace
}  // namespace loket::testing
