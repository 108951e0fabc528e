// Mastodon end to end: the real `loket serve` with a fake Mastodon instance on 127.0.0.1.
// Mentions fetched by polling and answered once, public alerts for the account's public topics
// whatever their area, direct alerts to a resident, Idempotency-Key and the rate-limit headers.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <ctime>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "mastodon-token-never-logged";
constexpr const char* kAdmin = "admin-token-mastodon";

const std::string kServerYaml = std::string(kFastNotificationsYaml) +
                                "channels:\n"
                                "  mastodon:\n"
                                "    base: {env: LOKET_MASTODON_BASE}\n"
                                "    token: {env: LOKET_MASTODON_TOKEN}\n"
                                "    poll_interval_s: 1\n"
                                "    public_topics: [werkzaamheden]\n";

class MastodonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    instance_.set_responder([this](const ReceivedRequest& r) {
      std::lock_guard lock(mutex_);
      if (r.method == "GET" && r.target.rfind("/api/v1/notifications", 0) == 0)
        return FakeAnswer{200, mentions_, {}};
      if (r.method == "POST" && r.target == "/api/v1/statuses") {
        FakeAnswer a{200, R"({"id":"11)" + std::to_string(++posted_) + R"("})", {}};
        a.headers["X-RateLimit-Limit"] = "300";
        a.headers["X-RateLimit-Remaining"] = posted_ == hold_after_ ? "0" : "250";
        a.headers["X-RateLimit-Reset"] = iso_in(2);
        return a;
      }
      return FakeAnswer{404, R"({"error":"Record not found"})", {}};
    });
    server_ = std::make_unique<ServerProcess>(
        kServerYaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                                {"LOKET_ADMIN_TOKEN", kAdmin},
                                                {"LOKET_MASTODON_BASE", instance_.url("")},
                                                {"LOKET_MASTODON_TOKEN", kToken}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  void TearDown() override { EXPECT_EQ(std::string::npos, server_->log().find(kToken)); }

  std::vector<ReceivedRequest> statuses() {
    std::vector<ReceivedRequest> out;
    for (const auto& r : instance_.requests())
      if (r.method == "POST") out.push_back(r);
    return out;
  }
  HttpReply admin(http::verb method, const std::string& path, const std::string& body = "") {
    return staff_request(server_->port(), kAdmin, method, path, body);
  }

  TestDatabase db_;
  FakeReceiver instance_;
  std::mutex mutex_;
  std::string mentions_ = "[]";
  int posted_ = 0;
  int hold_after_ = -1;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MastodonTest, AMentionIsAnsweredOnceAsADirectReply) {
  {
    std::lock_guard lock(mutex_);
    mentions_ = R"([{"id":"501","type":"mention","account":{"id":"9","acct":"anne@social.example"},
      "status":{"id":"7001","visibility":"direct","language":"nl",
      "content":"<p><span class=\"h-card\">@<span>loket</span></span> ik wil een nieuw paspoort aanvragen</p>"}},
      {"id":"500","type":"favourite","account":{"id":"9","acct":"anne@social.example"}}])";
  }
  ASSERT_TRUE(wait_until([&] { return statuses().size() >= 1; })) << server_->log();
  std::this_thread::sleep_for(2500ms);  // two more polls see the same mention
  auto posted = statuses();
  ASSERT_EQ(1u, posted.size()) << "answered once";
  auto body = json::parse(posted[0].body);
  EXPECT_EQ("direct", body.at("visibility").as_string());
  EXPECT_EQ("7001", body.at("in_reply_to_id").as_string());
  EXPECT_EQ(0u, std::string(body.at("status").as_string()).find("@anne@social.example "));
  EXPECT_NE(std::string::npos, std::string(body.at("status").as_string()).find("aspoort"));
  EXPECT_EQ(std::string("Bearer ") + kToken, posted[0].headers.at("authorization"));
  bool since_seen = false;
  for (const auto& r : instance_.requests())
    since_seen |= r.target.find("min_id=501") != std::string::npos;
  EXPECT_TRUE(since_seen) << "later polls ask only for what is new";
}

TEST_F(MastodonTest, AlertsArePublicForPublicTopicsAndDirectForResidentsWithinTheRateLimit) {
  ASSERT_TRUE(wait_until([&] {
    return db_.scalar("SELECT count(*) FROM contacts WHERE broadcast") == "1";
  })) << server_->log();
  ASSERT_EQ(
      201u,
      admin(
          http::verb::post, "contacts",
          R"({"channel":"mastodon","address":"anne@social.example","lang":"nl","postcode":"9701AB","topics":["afval"]})")
          .status);
  {
    std::lock_guard lock(mutex_);
    hold_after_ = 1;  // the first post leaves no requests until the reset, 2 s on
  }
  auto roadworks = admin(
      http::verb::post, "notifications",
      R"({"topic":"werkzaamheden","text":{"nl":"De Dorpsstraat is dicht."},"area":{"postcodes":["9702AA"]}})");
  ASSERT_EQ(202u, roadworks.status) << roadworks.body;
  EXPECT_EQ(1, json::parse(roadworks.body).at("recipients").to_number<int>())
      << "the public account, whatever the area";
  ASSERT_TRUE(wait_until([&] { return statuses().size() >= 1; })) << server_->log();
  const auto first_at = std::chrono::steady_clock::now();
  auto waste =
      admin(http::verb::post, "notifications", R"({"topic":"afval","text":{"nl":"Morgen gft."}})");
  ASSERT_EQ(202u, waste.status);
  ASSERT_TRUE(wait_until([&] { return statuses().size() >= 2; })) << server_->log();
  EXPECT_GE(std::chrono::steady_clock::now() - first_at, 1000ms) << "held until X-RateLimit-Reset";

  auto posted = statuses();
  auto pub = json::parse(posted[0].body);
  EXPECT_EQ("public", pub.at("visibility").as_string());
  EXPECT_EQ("nl", pub.at("language").as_string());
  EXPECT_EQ("De Dorpsstraat is dicht.", pub.at("status").as_string());
  auto direct = json::parse(posted[1].body);
  EXPECT_EQ("direct", direct.at("visibility").as_string());
  EXPECT_EQ("@anne@social.example Morgen gft.", direct.at("status").as_string());
  const std::string first_delivery = db_.scalar(
      "SELECT d.id FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.broadcast");
  EXPECT_EQ(first_delivery, posted[0].headers.at("idempotency-key"));
}

TEST_F(MastodonTest, WithoutPublicTopicsThePublicAccountGoesAndItsRecordStays) {
  ASSERT_TRUE(wait_until([&] {
    return db_.scalar("SELECT count(*) FROM contacts WHERE broadcast") == "1";
  })) << server_->log();
  ASSERT_EQ(202u, admin(http::verb::post, "notifications",
                        R"({"topic":"werkzaamheden","text":{"nl":"Nu dicht."}})")
                      .status);
  ASSERT_TRUE(wait_until([&] {
    return db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent'") == "1";
  })) << server_->log();
  ASSERT_EQ(202u, admin(http::verb::post, "notifications",
                        R"({"topic":"werkzaamheden","text":{"nl":"Later dicht."},)"
                        R"("send_at":")" +
                            iso_in(30 * 86400) + R"("})")
                      .status);
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'pending'"));

  server_.reset();
  std::string yaml = kServerYaml;
  yaml.replace(yaml.find("[werkzaamheden]"), 15, "[]");
  server_ = std::make_unique<ServerProcess>(
      yaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                       {"LOKET_ADMIN_TOKEN", kAdmin},
                                       {"LOKET_MASTODON_BASE", instance_.url("")},
                                       {"LOKET_MASTODON_TOKEN", kToken}});
  ASSERT_TRUE(wait_until([&] {
    return db_.scalar("SELECT count(*) FROM contacts WHERE broadcast") == "0";
  })) << server_->log();
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'pending'"))
      << "nothing is kept for an account that is gone";
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM deliveries WHERE status = 'sent' AND "
                            "contact_id IS NULL"))
      << "what was posted stays on record, without the account";
}

}  // namespace
}  // namespace loket::testing
