// Staff sign in at /admin: a token exchanged for a session cookie (HttpOnly, SameSite=Strict,
// Secure behind TLS), calls that change something refused without the session's CSRF value,
// sign-out, idle and absolute expiry, and a revoked token ending its sessions; all audited (a
// page's refresh of a list at most once a quarter of an hour).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kAdminToken = "sessions-admin-token-0123456789";

struct SignedIn {
  unsigned status = 0;
  std::string cookie;  // "loket_staff=..." as the browser sends it back
  std::string set_cookie;
  json::object body;
};

class StaffSessions : public ::testing::Test {
 protected:
  void start(const std::string& yaml = "") {
    server_ = std::make_unique<ServerProcess>(
        yaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                         {"LOKET_ADMIN_TOKEN", kAdminToken}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  CommandResult token(const std::string& args) {
    return run_loket("token " + args + " --config " LOKET_EXAMPLE_CONTENT "/../loket.yaml",
                     {{"LOKET_DATABASE_URL", db_.url()}});
  }
  std::string create(const std::string& role, const std::string& name) {
    auto r = token("create --role " + role + " --name " + name);
    EXPECT_EQ(0, r.status) << r.out;
    auto last = r.out.substr(0, r.out.size() - 1);
    return last.substr(last.rfind('\n') + 1);
  }
  SignedIn sign_in(const std::string& body, const Headers& headers = {}) {
    auto r = http_request(server_->port(), http::verb::post, "/admin/v1/session", body,
                          "application/json", headers);
    SignedIn out{r.status, "", std::string(r.headers[http::field::set_cookie]), {}};
    out.cookie = out.set_cookie.substr(0, out.set_cookie.find(';'));
    if (auto v = json::parse(r.body); v.is_object()) out.body = v.as_object();
    return out;
  }
  HttpReply call(const std::string& cookie, http::verb method, const std::string& path,
                 const std::string& csrf = "", const std::string& body = "") {
    Headers headers{{"Cookie", "theme=dark; " + cookie}};
    if (!csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
    return http_request(server_->port(), method, "/admin/v1/" + path, body, "application/json",
                        headers);
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StaffSessions, ATokenBecomesASessionCookieThatSignsOut) {
  start();
  const std::string editor = create("editor", "els.redacteur");
  EXPECT_EQ(400u, sign_in("not json").status);
  EXPECT_EQ(400u, sign_in(R"({"token": 5})").status);
  const std::string body = json::serialize(json::object{{"token", editor}});
  EXPECT_EQ(403u, sign_in(body, {{"Origin", "https://evil.example"}}).status)
      << "another site's page cannot sign a browser in";
  EXPECT_EQ(415u,
            http_request(server_->port(), http::verb::post, "/admin/v1/session", body, "text/plain")
                .status)
      << "nor a form posting text/plain";
  const SignedIn wrong = sign_in(R"({"token": "lkt_not_a_token"})");
  EXPECT_EQ(401u, wrong.status);
  EXPECT_EQ("", wrong.set_cookie);

  const SignedIn in = sign_in(json::serialize(json::object{{"token", editor}}));
  ASSERT_EQ(200u, in.status);
  EXPECT_EQ("els.redacteur", in.body.at("name"));
  EXPECT_EQ(json::array{"editor"}, in.body.at("roles"));
  const std::string csrf(in.body.at("csrf").as_string());
  EXPECT_GE(csrf.size(), 32u);
  for (const char* attribute : {"; Path=/admin", "; HttpOnly", "; SameSite=Strict", "; Max-Age="})
    EXPECT_NE(std::string::npos, in.set_cookie.find(attribute)) << in.set_cookie;
  EXPECT_EQ(std::string::npos, in.set_cookie.find("Secure")) << "plain HTTP: " << in.set_cookie;
  EXPECT_EQ(std::string::npos, in.set_cookie.find(editor)) << "the cookie is not the token";

  EXPECT_EQ(200u, call(in.cookie, http::verb::get, "stats?days=7").status);
  const auto who = call(in.cookie, http::verb::get, "session");
  ASSERT_EQ(200u, who.status);
  EXPECT_EQ(csrf, json::parse(who.body).at("csrf").as_string());

  const auto no_csrf = call(in.cookie, http::verb::post, "config:reload");
  EXPECT_EQ(403u, no_csrf.status);
  EXPECT_NE(std::string::npos, no_csrf.body.find("X-CSRF-Token")) << no_csrf.body;
  EXPECT_EQ(403u, call(in.cookie, http::verb::post, "config:reload", csrf + "x").status);
  EXPECT_EQ(200u, call(in.cookie, http::verb::post, "config:reload", csrf).status);
  const auto role = call(in.cookie, http::verb::post, "notifications", csrf,
                         R"({"topic":"afval","text":{"nl":"x"}})");
  EXPECT_EQ(403u, role.status) << "the role still decides: " << role.body;

  EXPECT_EQ(403u, call(in.cookie, http::verb::delete_, "session").status)
      << "only the page that holds the CSRF value signs out";
  const auto out = call(in.cookie, http::verb::delete_, "session", csrf);
  EXPECT_EQ(200u, out.status);
  EXPECT_NE(std::string::npos, std::string(out.headers[http::field::set_cookie]).find("Max-Age=0"));
  const auto after = call(in.cookie, http::verb::get, "stats?days=7");
  EXPECT_EQ(401u, after.status);
  EXPECT_NE(std::string::npos, after.body.find("sign in again")) << after.body;
  EXPECT_EQ(401u, call(in.cookie, http::verb::get, "session").status);

  EXPECT_EQ(
      "POST /admin/v1/session,GET /admin/v1/stats,POST /admin/v1/config:reload,POST "
      "/admin/v1/notifications,DELETE /admin/v1/session",
      db_.scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                 "WHERE actor = 'els.redacteur'"));
  EXPECT_EQ(std::string::npos, server_->log().find(in.cookie.substr(12)))
      << "the cookie's value never reaches the log";
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM staff_sessions"));
}

TEST_F(StaffSessions, APagesRefreshIsAuditedOnceAWhileTheStaffsOwnCallsEachTime) {
  start();
  const std::string campaigns = create("campaigns", "communicatie");
  const SignedIn in = sign_in(json::serialize(json::object{{"token", campaigns}}));
  ASSERT_EQ(200u, in.status);
  const auto refresh = [&](const std::string& path) {
    return http_request(server_->port(), http::verb::get, "/admin/v1/" + path, "",
                        "application/json", {{"Cookie", in.cookie}, {"X-Loket-Background", "1"}})
        .status;
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(200u, refresh("notifications?limit=20"));
  EXPECT_EQ(200u, call(in.cookie, http::verb::get, "notifications?limit=20").status);
  EXPECT_EQ(200u, call(in.cookie, http::verb::get, "notifications?limit=20").status);
  EXPECT_EQ(403u, refresh("stats"));
  EXPECT_EQ(403u, refresh("stats"));
  // Only the lists the pages refresh: whatever else says it is a refresh is written each time.
  EXPECT_EQ(200u, refresh("notifications:compose"));
  EXPECT_EQ(200u, refresh("notifications:compose"));
  EXPECT_EQ(
      "POST /admin/v1/session,GET /admin/v1/notifications,GET /admin/v1/notifications,GET "
      "/admin/v1/notifications,GET /admin/v1/stats,GET /admin/v1/stats,GET "
      "/admin/v1/notifications:compose,GET /admin/v1/notifications:compose",
      db_.scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                 "WHERE actor = 'communicatie'"))
      << "five refreshes once, the two own reads each, every refusal, and every other read";
}

TEST_F(StaffSessions, RevokingTheTokenEndsItsSessions) {
  start();
  const std::string campaigns = create("campaigns", "communicatie");
  const SignedIn in = sign_in(json::serialize(json::object{{"token", campaigns}}));
  ASSERT_EQ(200u, in.status);
  EXPECT_EQ(403u, call(in.cookie, http::verb::get, "stats").status);
  EXPECT_EQ(0, token("revoke --name communicatie").status);
  EXPECT_EQ(401u, call(in.cookie, http::verb::get, "stats").status);

  const SignedIn admin = sign_in(std::string(R"({"token": ")") + kAdminToken + "\"}");
  ASSERT_EQ(200u, admin.status);
  EXPECT_EQ((json::array{"admin", "editor", "campaigns", "agent"}), admin.body.at("roles"));
  EXPECT_EQ(200u, call(admin.cookie, http::verb::get, "stats").status);
}

TEST_F(StaffSessions, EndWhenIdleAndAtTheirAbsoluteEnd) {
  start(std::string(kNoChatLimitsYaml).substr(0, std::string(kNoChatLimitsYaml).size() - 2) +
        ", staff_session_idle_s: 1, staff_session_max_s: 3}\n");
  const SignedIn idle = sign_in(std::string(R"({"token": ")") + kAdminToken + "\"}");
  ASSERT_EQ(200u, idle.status);
  EXPECT_EQ(200u, call(idle.cookie, http::verb::get, "stats").status);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(401u, call(idle.cookie, http::verb::get, "stats").status) << "idle for 1.5 s";

  // A page's own polling does not keep an unattended session alive.
  const SignedIn polled = sign_in(std::string(R"({"token": ")") + kAdminToken + "\"}");
  ASSERT_EQ(200u, polled.status);
  unsigned polling = 200;
  for (int i = 0; i < 8 && polling == 200; ++i) {
    std::this_thread::sleep_for(300ms);
    polling =
        http_request(server_->port(), http::verb::get, "/admin/v1/stats", "", "application/json",
                     {{"Cookie", polled.cookie}, {"X-Loket-Background", "1"}})
            .status;
  }
  EXPECT_EQ(401u, polling) << "only polled for 2.4 s";

  const SignedIn busy = sign_in(std::string(R"({"token": ")") + kAdminToken + "\"}");
  ASSERT_EQ(200u, busy.status);
  const auto start = std::chrono::steady_clock::now();
  unsigned status = 200;
  while (status == 200 && std::chrono::steady_clock::now() - start < 6s) {
    std::this_thread::sleep_for(400ms);
    status = call(busy.cookie, http::verb::get, "stats").status;
  }
  EXPECT_EQ(401u, status);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 2500ms) << "active, it lasts its 3 s";
}

TEST_F(StaffSessions, TheCookieIsSecureBehindTls) {
  start();
  const std::string body = std::string(R"({"token": ")") + kAdminToken + "\"}";
  EXPECT_NE(std::string::npos,
            sign_in(body, {{"X-Forwarded-Proto", "https"}}).set_cookie.find("; Secure"));
}

}  // namespace
}  // namespace loket::testing
