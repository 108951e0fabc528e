// One process serving two municipalities from a hosting file: each chosen by Host or by its
// /m/{id}/ prefix, with its own content, staff tokens, notifications (its own PostgreSQL schema)
// and reloads; /metrics labels each.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kZuiderdamHours =
    "intents:\n"
    "  - id: openingstijden\n"
    "    override: true\n"
    "    answer:\n"
    "      nl: Het gemeentehuis van Zuiderdam is open op werkdagen van 9:00 tot 16:00.\n"
    "      en: Zuiderdam town hall is open on weekdays from 9:00 to 16:00.\n"
    "      de: Das Rathaus Zuiderdam ist werktags von 9:00 bis 16:00 geöffnet.\n";

std::string municipality_yaml(const std::string& name, const std::string& layers) {
  return "municipality: " + name +
         "\n"
         "languages: {default: nl, supported: [nl, en, de]}\n"
         "content: " +
         layers + "\n" + kNoChatLimitsYaml + "server: {trusted_proxies: [127.0.0.1/32]}\n";
}

ServerProcess::Files hosting_files() {
  return {{{"hosting.yaml",
            "server: {listen: 127.0.0.1:0}\n"
            "municipalities:\n"
            "  - {id: noorderhaven, hosts: [chat.noorderhaven.example], config: nh/loket.yaml}\n"
            "  - {id: zuiderdam, hosts: [Chat.Zuiderdam.Example], config: zd/loket.yaml}\n"},
           {"nh/loket.yaml", municipality_yaml("Gemeente Noorderhaven", kExampleContentLayers)},
           {"zd/loket.yaml",
            municipality_yaml(
                "Gemeente Zuiderdam",
                kExampleContentLayers.substr(0, kExampleContentLayers.size() - 1) + ", lokaal/]")},
           {"zd/lokaal/openingstijden.yaml", kZuiderdamHours}},
          "hosting.yaml"};
}

class Hosting : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        hosting_files(),
        ServerProcess::Environment{
            {"LOKET_DATABASE_URL", db_.url()},
            {"LOKET_ADMIN_TOKEN_ZUIDERDAM", "zuiderdam-beheer-token"},
            {"LOKET_ADMIN_TOKEN", "a-single-process-token-a-hosting-file-does-not-use"}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 20s)) << server_->log();
    EXPECT_EQ(std::string::npos, server_->log().find("database unavailable"))
        << "every municipality's connections work at once:\n"
        << server_->log();
  }

  HttpReply chat(const std::string& target, const std::string& host, const std::string& text) {
    return http_request(server_->port(), http::verb::post, target,
                        json::serialize(json::object{{"text", text}}), "application/json",
                        {{"Host", host}});
  }
  std::string answer_of(const HttpReply& reply) {
    EXPECT_EQ(200u, reply.status) << reply.body;
    const auto body = json::parse(reply.body).as_object();
    const auto* intent = body.if_contains("intent");
    return (intent != nullptr && intent->is_string() ? std::string(intent->as_string()) : "") +
           ": " + json::serialize(body.at("messages"));
  }
  HttpReply staff(const std::string& target, const std::string& token, http::verb method,
                  const std::string& body = "", const std::string& host = "127.0.0.1") {
    return http_request(server_->port(), method, target, body, "application/json",
                        {{"Authorization", "Bearer " + token}, {"Host", host}});
  }
  CommandResult loket(const std::string& args) {
    return run_loket(args + " --config " + (server_->dir() / "hosting.yaml").string(),
                     {{"LOKET_DATABASE_URL", db_.url()}});
  }
  std::string create_token(const std::string& municipality, const std::string& role) {
    auto r = loket("token create --role " + role + " --name " + role + "-" + municipality +
                   " --municipality " + municipality);
    EXPECT_EQ(0, r.status) << r.out;
    auto last = r.out.substr(0, r.out.size() - 1);
    return last.substr(last.rfind('\n') + 1);
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Hosting, EachMunicipalityAnswersByHostAndByPrefixWithItsOwnContent) {
  const std::string question = "wanneer is het gemeentehuis open?";
  const auto north = answer_of(chat("/api/v1/chat", "chat.noorderhaven.example", question));
  const auto south = answer_of(chat("/api/v1/chat", "chat.zuiderdam.example:8080", question));
  EXPECT_EQ(0u, north.rfind("openingstijden: ", 0)) << north;
  EXPECT_EQ(std::string::npos, north.find("Zuiderdam")) << north;
  EXPECT_NE(std::string::npos, south.find("gemeentehuis van Zuiderdam")) << south;
  EXPECT_EQ(north, answer_of(chat("/api/v1/chat", "other.example", question)))
      << "a host no municipality names: the first";
  EXPECT_EQ(south, answer_of(chat("/m/zuiderdam/api/v1/chat", "other.example", question)));
  EXPECT_TRUE(server_->wait_for_log("path=/m/zuiderdam/api/v1/chat"))
      << "the log names the path as asked";
  EXPECT_EQ(404u, chat("/m/noorderhaven/api/v1/chat", "chat.zuiderdam.example", question).status)
      << "Zuiderdam's own host name serves Zuiderdam alone";
  EXPECT_EQ(south,
            answer_of(http_request(
                server_->port(), http::verb::post, "/api/v1/chat",
                json::serialize(json::object{{"text", question}}), "application/json",
                {{"Host", "proxy.internal"}, {"X-Forwarded-Host", "chat.zuiderdam.example"}})))
      << "behind a trusted proxy, the host the resident asked for";

  const auto bare = http_request(server_->port(), http::verb::get, "/m/zuiderdam?lang=en");
  EXPECT_EQ(308u, bare.status);
  EXPECT_EQ("/m/zuiderdam/?lang=en", bare.headers["Location"]);
  const auto page = http_request(server_->port(), http::verb::get, "/m/zuiderdam/");
  EXPECT_EQ(200u, page.status);
  EXPECT_NE(std::string::npos, page.body.find("src=\"widget.js\"")) << "relative, under /m/";
  EXPECT_EQ(200u, http_request(server_->port(), http::verb::get, "/m/zuiderdam/widget.js").status);
  const auto unknown = http_request(server_->port(), http::verb::get, "/m/elders/");
  EXPECT_EQ(404u, unknown.status);
  EXPECT_NE(std::string::npos, unknown.body.find("no municipality")) << unknown.body;
}

TEST_F(Hosting, AnAdminTokenThatDoesNothingOrIsShortIsSaidAtStart) {
  const std::string log = server_->log();
  EXPECT_NE(std::string::npos, log.find("LOKET_ADMIN_TOKEN is not used with a hosting file"))
      << log;
  EXPECT_NE(std::string::npos, log.find("LOKET_ADMIN_TOKEN_NOORDERHAVEN")) << "how to fix it";
  EXPECT_NE(std::string::npos, log.find("admin token is short enough to be guessed")) << log;
  EXPECT_NE(std::string::npos, log.find("variable=LOKET_ADMIN_TOKEN_ZUIDERDAM")) << log;
  EXPECT_EQ(std::string::npos, log.find("zuiderdam-beheer-token")) << "never the token itself";
}

TEST_F(Hosting, OneMunicipalitysStaffCanNeitherReadNorSendForAnother) {
  const auto north_admin = create_token("noorderhaven", "admin");
  const auto south_admin = std::string("zuiderdam-beheer-token");  // LOKET_ADMIN_TOKEN_ZUIDERDAM
  EXPECT_EQ(200u, staff("/m/noorderhaven/admin/v1/stats", north_admin, http::verb::get).status);
  EXPECT_EQ(401u, staff("/m/zuiderdam/admin/v1/stats", north_admin, http::verb::get).status);
  EXPECT_EQ(
      401u,
      staff("/admin/v1/stats", north_admin, http::verb::get, "", "chat.zuiderdam.example").status);
  EXPECT_EQ(200u, staff("/m/zuiderdam/admin/v1/stats", south_admin, http::verb::get).status);
  EXPECT_EQ(401u, staff("/admin/v1/stats", south_admin, http::verb::get).status)
      << "no token is an admin of every municipality";

  const std::string alert = R"({"topic":"afval","text":{"nl":"Zuiderdam: GFT morgen"}})";
  EXPECT_EQ(
      401u,
      staff("/m/zuiderdam/admin/v1/notifications", north_admin, http::verb::post, alert).status);
  EXPECT_EQ(
      202u,
      staff("/m/zuiderdam/admin/v1/notifications", south_admin, http::verb::post, alert).status);
  const auto south_list =
      staff("/m/zuiderdam/admin/v1/notifications", south_admin, http::verb::get);
  const auto north_list =
      staff("/m/noorderhaven/admin/v1/notifications", north_admin, http::verb::get);
  EXPECT_NE(std::string::npos, south_list.body.find("GFT morgen")) << south_list.body;
  EXPECT_EQ(std::string::npos, north_list.body.find("GFT morgen")) << north_list.body;
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM loket_zuiderdam.notifications"));
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM loket_noorderhaven.notifications"));
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND "
                            "tablename = 'notifications'"))
      << "nothing in the shared schema";

  // A staff member's session cookie belongs to the pages under their municipality's prefix.
  const auto signed_in =
      http_request(server_->port(), http::verb::post, "/m/zuiderdam/admin/v1/session",
                   R"({"token":"zuiderdam-beheer-token"})");
  EXPECT_EQ(200u, signed_in.status) << signed_in.body;
  EXPECT_NE(std::string::npos, signed_in.headers["Set-Cookie"].find("; Path=/m/zuiderdam/admin;"))
      << signed_in.headers["Set-Cookie"];
}

TEST_F(Hosting, ABrokenChangeToOneMunicipalityLeavesTheOtherAsItWas) {
  const auto north_editor = create_token("noorderhaven", "editor");
  const std::string question = "wanneer is het gemeentehuis open?";
  std::ofstream(server_->dir() / "zd" / "lokaal" / "openingstijden.yaml")
      << "intents:\n  - id: [broken\n";
  const auto south_reload =
      staff("/m/zuiderdam/admin/v1/config:reload", "zuiderdam-beheer-token", http::verb::post);
  EXPECT_EQ(422u, south_reload.status) << south_reload.body;
  EXPECT_NE(std::string::npos, south_reload.body.find("openingstijden.yaml:3:"))
      << south_reload.body;
  EXPECT_NE(std::string::npos,
            answer_of(chat("/m/zuiderdam/api/v1/chat", "x", question)).find("van Zuiderdam"))
      << "the last good content keeps serving";
  const auto north_reload =
      staff("/m/noorderhaven/admin/v1/config:reload", north_editor, http::verb::post);
  EXPECT_EQ(200u, north_reload.status) << north_reload.body;
  EXPECT_EQ(0u, answer_of(chat("/api/v1/chat", "x", question)).rfind("openingstijden: ", 0));
  // The log names whose content a reload concerned, and whose request each access line is.
  EXPECT_TRUE(server_->wait_for_log(
      "event=\"content reload refused; the old content keeps serving\" municipality=zuiderdam", 5s))
      << server_->log();
  EXPECT_TRUE(server_->wait_for_log("event=\"content unchanged\" municipality=noorderhaven", 5s))
      << server_->log();
  EXPECT_TRUE(server_->wait_for_log("event=request municipality=zuiderdam method=POST", 5s))
      << server_->log();
  // Refused before it reaches a handler, a request is still put down to its municipality.
  EXPECT_EQ(
      401u,
      staff("/m/noorderhaven/admin/v1/config:reload", "not-a-token", http::verb::post).status);
  EXPECT_TRUE(server_->wait_for_log("event=request municipality=noorderhaven status=401", 5s))
      << server_->log();
  const std::string log = server_->log();
  for (const char* dispatcher : {"event=\"dispatcher started\" municipality=zuiderdam",
                                 "event=\"dispatcher started\" municipality=noorderhaven"})
    EXPECT_NE(std::string::npos, log.find(dispatcher)) << log;
  // A request under one municipality's prefix is never put down to the other.
  for (auto at = log.find("path=/m/noorderhaven/"); at != std::string::npos;
       at = log.find("path=/m/noorderhaven/", at + 1)) {
    const auto line = log.rfind('\n', at) + 1;
    EXPECT_EQ(std::string::npos, log.substr(line, at - line).find("municipality=zuiderdam"));
  }
}

TEST_F(Hosting, MetricsLabelEachMunicipalityAndReadinessCoversThemAll) {
  chat("/m/zuiderdam/api/v1/chat", "x", "paspoort aanvragen");
  chat("/m/zuiderdam/api/v1/chat", "x", "paspoort aanvragen");
  chat("/api/v1/chat", "x", "paspoort aanvragen");
  const auto metrics = http_request(server_->port(), http::verb::get, "/metrics");
  ASSERT_EQ(200u, metrics.status);
  EXPECT_NE(std::string::npos, metrics.body.find("loket_requests_total{municipality=\"zuiderdam\","
                                                 "route=\"/api/v1/chat\",status=\"200\"} 2"))
      << metrics.body.substr(0, 3000);
  EXPECT_NE(std::string::npos,
            metrics.body.find("loket_requests_total{municipality=\"noorderhaven\",route=\"/api/v1/"
                              "chat\",status=\"200\"} 1"));
  HttpReply ready;
  EXPECT_TRUE(wait_until([&] {
    ready = http_request(server_->port(), http::verb::get, "/readyz");
    return ready.status == 200;
  })) << "ready once every municipality is: "
      << ready.body;
  for (const char* key : {"\"content_version.noorderhaven\"", "\"content_version.zuiderdam\""})
    EXPECT_NE(std::string::npos, ready.body.find(key)) << ready.body;
  EXPECT_TRUE(wait_until([&] {
    ready = http_request(server_->port(), http::verb::get, "/readyz");
    return ready.body.find("\"database.zuiderdam\":\"reachable\"") != std::string::npos;
  })) << "each municipality's database as the operator needs to know it: "
      << ready.body;
  const auto type = metrics.body.find("# TYPE loket_requests_total");
  ASSERT_NE(std::string::npos, type);
  EXPECT_EQ(std::string::npos, metrics.body.find("# TYPE loket_requests_total", type + 1))
      << "each family described once";
}

TEST_F(Hosting, OneDispatchProcessServesEveryMunicipality) {
  ServerProcess dispatch(hosting_files(), {{"LOKET_DATABASE_URL", db_.url()}}, "dispatch");
  EXPECT_TRUE(wait_until([&] {
    return http_request(dispatch.port(), http::verb::get, "/readyz").status == 200;
  })) << dispatch.log();
  const auto metrics = http_request(dispatch.port(), http::verb::get, "/metrics");
  ASSERT_EQ(200u, metrics.status);
  for (const char* municipality : {"noorderhaven", "zuiderdam"})
    EXPECT_NE(std::string::npos,
              metrics.body.find(std::string("loket_deliveries_pending{municipality=\"") +
                                municipality + "\",state=\"due\"} 0"))
        << municipality << ":\n"
        << metrics.body.substr(0, 3000);
  EXPECT_EQ(0, dispatch.stop(SIGTERM)) << dispatch.log();
}

TEST_F(Hosting, CommandsActOnEveryMunicipalityOrTheOneNamed) {
  const auto check = loket("check-config");
  EXPECT_EQ(0, check.status) << check.out;
  EXPECT_NE(std::string::npos, check.out.find("municipality noorderhaven (")) << check.out;
  EXPECT_NE(std::string::npos, check.out.find("municipality zuiderdam (")) << check.out;
  const auto migrate = loket("migrate");
  EXPECT_EQ(0, migrate.status) << migrate.out;
  EXPECT_NE(std::string::npos, migrate.out.find("schema loket_zuiderdam up to date"))
      << migrate.out;
  const auto unnamed = loket("token create --role admin --name x");
  EXPECT_EQ(2, unnamed.status);
  EXPECT_NE(std::string::npos, unnamed.out.find("give --municipality ID (noorderhaven, zuiderdam)"))
      << unnamed.out;
  const auto wrong = loket("token list --municipality elders");
  EXPECT_EQ(2, wrong.status);
  EXPECT_NE(std::string::npos, wrong.out.find("no municipality 'elders'")) << wrong.out;
  // The content commands take the hosting file too, with the municipality named.
  const auto shown = loket("content show openingstijden --municipality zuiderdam");
  EXPECT_EQ(0, shown.status) << shown.out;
  EXPECT_NE(std::string::npos, shown.out.find("Het gemeentehuis van Zuiderdam")) << shown.out;
  const auto diffed = loket("content diff --against " + (server_->dir() / "hosting.yaml").string() +
                            " --municipality zuiderdam");
  EXPECT_EQ(0, diffed.status) << diffed.out;
  EXPECT_EQ(std::string::npos, diffed.out.find("cannot be read"))
      << "its own schema's log: " << diffed.out;
  EXPECT_EQ(2, loket("content show openingstijden").status) << "which municipality's?";
}

TEST(HostingFile, TwoMunicipalitiesCannotShareAnAdditionsFile) {
  const auto dir = fs::temp_directory_path() / ("loket-hosting-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "hosting.yaml") << "municipalities:\n"
                                         "  - {id: een, config: een.yaml}\n"
                                         "  - {id: twee, config: twee.yaml}\n";
  std::ofstream(dir / "aanvullingen.yaml") << "intents: []\n";
  const std::string layers =
      kExampleContentLayers.substr(0, kExampleContentLayers.size() - 1) + ", aanvullingen.yaml]";
  for (const char* name : {"een.yaml", "twee.yaml"})
    std::ofstream(dir / name) << municipality_yaml(name, layers)
                              << "additions: aanvullingen.yaml\n";
  const auto check = run_loket("check-config --config " + (dir / "hosting.yaml").string());
  const auto serve =
      run_loket("serve --listen 127.0.0.1:0 --config " + (dir / "hosting.yaml").string(),
                {{"LOKET_DATABASE_URL", ""}});
  fs::remove_all(dir);
  EXPECT_EQ(1, check.status) << check.out;
  EXPECT_NE(std::string::npos, check.out.find("municipalities een and twee name the same "
                                              "additions file"))
      << check.out;
  EXPECT_EQ(1, serve.status) << "refused before serving: " << serve.out;
}

}  // namespace
}  // namespace loket::testing
