// Staff tokens end to end: `loket token create|list|revoke` against PostgreSQL, roles enforced by
// the staff API (401 without a valid token, 403 without the role), and every change audited.
#include <gtest/gtest.h>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

using namespace std::chrono_literals;

class StaffTokens : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        "", ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  CommandResult token(const std::string& args) {
    return run_loket("token " + args + " --config " LOKET_EXAMPLE_CONTENT "/../loket.yaml",
                     {{"LOKET_DATABASE_URL", db_.url()}});
  }
  std::string create(const std::string& role, const std::string& name) {
    auto r = token("create --role " + role + " --name " + name);
    EXPECT_EQ(0, r.status) << r.out;
    auto last = r.out.substr(0, r.out.size() - 1);  // the token is alone on the last line
    return last.substr(last.rfind('\n') + 1);
  }
  unsigned call(const std::string& token, http::verb method, const std::string& path,
                const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    return http_request(server_->port(), method, "/admin/v1/" + path, body, "application/json",
                        headers)
        .status;
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StaffTokens, RolesDecideWhatATokenMayDo) {
  const auto editor = create("editor", "redactie");
  const auto campaigns = create("campaigns", "communicatie");
  const auto admin = create("admin", "beheer");
  EXPECT_EQ(0u, editor.rfind("lkt_", 0)) << editor;
  const std::string notification = R"({"topic":"afval","text":{"nl":"x"}})";
  const std::string contact =
      R"({"channel":"webhook","address":"http://127.0.0.1:9/x","topics":["afval"]})";

  EXPECT_EQ(401u, call("", http::verb::post, "notifications", notification));
  EXPECT_EQ(401u, call("lkt_not_a_real_token", http::verb::post, "notifications", notification));
  EXPECT_EQ(403u, call(editor, http::verb::post, "notifications", notification));
  EXPECT_EQ(202u, call(campaigns, http::verb::post, "notifications", notification));
  EXPECT_EQ(403u, call(campaigns, http::verb::post, "contacts", contact));
  EXPECT_EQ(201u, call(admin, http::verb::post, "contacts", contact));
  EXPECT_EQ(200u, call(editor, http::verb::post, "config:reload"));

  EXPECT_EQ("3", db_.scalar("SELECT count(*) FROM audit_log WHERE outcome < 400"));
  EXPECT_EQ("403", db_.scalar("SELECT outcome FROM audit_log WHERE actor = 'redactie' AND action = "
                              "'POST /admin/v1/notifications'"));
  EXPECT_EQ("communicatie", db_.scalar("SELECT actor FROM audit_log WHERE outcome = 202"));
  EXPECT_EQ(std::string::npos, server_->log().find(campaigns)) << "tokens never reach the log";
}

TEST_F(StaffTokens, ListsAndRevokes) {
  auto none = token("list");
  EXPECT_EQ(0, none.status);
  EXPECT_NE(std::string::npos, none.out.find("no staff tokens yet")) << none.out;
  const auto secret = create("campaigns", "tijdelijk");
  auto list = token("list");
  EXPECT_NE(std::string::npos, list.out.find("tijdelijk\tcampaigns")) << list.out;
  EXPECT_EQ(std::string::npos, list.out.find(secret)) << "the list never shows a token";
  EXPECT_EQ(0, token("revoke --name tijdelijk").status);
  EXPECT_NE(std::string::npos, token("list").out.find("revoked"));
  EXPECT_EQ(401u, call(secret, http::verb::get, "notifications/1"));
  EXPECT_EQ(1, token("revoke --name niemand").status);
  const auto typo = token("create --role editr --name x");
  EXPECT_EQ(2, typo.status);
  EXPECT_NE(std::string::npos,
            typo.out.find("--role 'editr' is not a role: editor, campaigns, agent or admin"))
      << typo.out;
}

TEST_F(StaffTokens, ANameIsOneTokenAtATime) {
  create("agent", "anna");
  const auto again = token("create --role admin --name anna");
  EXPECT_EQ(1, again.status);
  EXPECT_NE(std::string::npos, again.out.find("a token named 'anna' exists already")) << again.out;
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM staff_tokens WHERE name = 'anna'"));
  EXPECT_EQ(0, token("revoke --name anna").status);
  create("admin", "anna");  // a revoked token's name may be used again
  for (const char* unreadable : {"'   '", "\"$(printf 'a\\tb')\"", "\"$(printf 'a\\nb')\""}) {
    const auto refused = token(std::string("create --role agent --name ") + unreadable);
    EXPECT_EQ(2, refused.status) << unreadable;
    EXPECT_NE(std::string::npos, refused.out.find("a name people can read")) << refused.out;
  }
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM staff_tokens"));
}

}  // namespace
}  // namespace loket::testing
