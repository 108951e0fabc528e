// Instances on one PostgreSQL serve the same content: a reload on one is served by all within
// 5 s although their own files are older, an instance started with files since replaced follows
// the newest, and content an instance cannot load is reported there while its last good content
// keeps serving.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "shared-content-token";

constexpr const char* kNewIntent = R"(intents:
  - id: hondenuitlaatplaats
    title: {nl: Hondenuitlaatplaatsen, en: Dog walking areas}
    examples:
      nl: [waar mag mijn hond loslopen, hondenuitlaatplaats in de buurt, losloopgebied honden]
    answer:
      nl: "Honden mogen los in de losloopgebieden aan de Dijkweg en in het Noorderpark."
)";

class SharedContent : public ::testing::Test {
 protected:
  void TearDown() override {
    servers_.clear();
    for (const auto& dir : dirs_) fs::remove_all(dir);
  }
  // An instance with a copy of the example content of its own (or the content in `dir`);
  // returns its index.
  std::size_t start(fs::path dir = {}, const std::string& extra_server_yaml = "") {
    if (dir.empty()) {
      dir = fs::temp_directory_path() / ("loket-shared-" + std::to_string(std::random_device{}()));
      fs::copy(LOKET_EXAMPLE_CONTENT, dir, fs::copy_options::recursive);
      dirs_.push_back(dir);
    }
    servers_.push_back(std::make_unique<ServerProcess>(
        extra_server_yaml,
        ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                   {"LOKET_ADMIN_TOKEN", kToken}},
        "['" LOKET_REGION_CONTENT "', '" + dir.string() + "']"));
    EXPECT_TRUE(servers_.back()->wait_for_log("event=\"dispatcher started\"", 10s))
        << servers_.back()->log();
    EXPECT_TRUE(wait_until([&] { return readyz(servers_.size() - 1).first == 200; }, 10s));
    return servers_.size() - 1;
  }
  std::string intent(std::size_t i, const std::string& text) {
    auto r = http_request(servers_[i]->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"text", text}}));
    const json::value reply = json::parse(r.body);
    const auto& value = reply.at("intent");
    return value.is_string() ? std::string(value.as_string()) : std::string();
  }
  std::pair<unsigned, json::object> readyz(std::size_t i) {
    auto r = http_request(servers_[i]->port(), http::verb::get, "/readyz");
    boost::system::error_code ec;
    auto body = json::parse(r.body, ec);
    return {r.status, body.is_object() ? body.as_object() : json::object{}};
  }
  std::string version(std::size_t i) {
    auto body = readyz(i).second;
    return body.contains("content_version") ? std::string(body["content_version"].as_string())
                                            : std::string();
  }

  TestDatabase db_;
  std::vector<fs::path> dirs_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
};

TEST_F(SharedContent, AReloadOnOneIsServedByAllWithinFiveSeconds) {
  for (int i = 0; i < 3; ++i) start();
  // Each has its files in a folder of its own, so each started with a version of its own, the
  // last one started published last, and the others follow it.
  // Each follow trains the model: the five seconds are a Release build's.
  const auto bound = 5s * kTrainingSlowdown;
  ASSERT_TRUE(
      wait_until([&] { return version(0) == version(2) && version(1) == version(2); }, bound))
      << version(0) << " " << version(1) << " " << version(2) << "\n"
      << servers_[1]->log();
  const std::string before = version(0);
  ASSERT_EQ(12u, before.size());
  EXPECT_NE("hondenuitlaatplaats", intent(1, "waar mag mijn hond loslopen"));

  std::ofstream(dirs_[0] / "honden.yaml") << kNewIntent;  // on the first instance only
  const auto start = std::chrono::steady_clock::now();
  auto r = http_request(servers_[0]->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  for (std::size_t i = 1; i < 3; ++i)
    EXPECT_TRUE(wait_until(
        [&] { return intent(i, "waar mag mijn hond loslopen") == "hondenuitlaatplaats"; }, bound))
        << servers_[i]->log();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "reload served by all three instances after " << seconds << " s\n";
  EXPECT_LT(seconds, 5.0 * kTrainingSlowdown);
  const std::string after = version(0);
  EXPECT_NE(before, after);
  EXPECT_EQ(after, version(1));
  EXPECT_EQ(after, version(2));
  EXPECT_FALSE(fs::exists(dirs_[1] / "honden.yaml")) << "the others' files are left as they were";
  const auto metrics = http_request(servers_[2]->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(std::string::npos, metrics.find("loket_content_info{version=\"" + after + "\"} 1"));
  EXPECT_TRUE(servers_[1]->wait_for_log("event=\"content followed\""));
}

// A reload while the database does not answer is served here and says that the others did not
// get it; with the database there, the answer says it was published.
TEST_F(SharedContent, AReloadTheDatabaseDidNotTakeSaysSo) {
  start();
  const auto reload = [&] {
    auto r = http_request(servers_[0]->port(), http::verb::post, "/admin/v1/config:reload", "",
                          "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  };
  EXPECT_EQ(json::value(true), reload().at("published"));
  std::ofstream(dirs_[0] / "honden.yaml") << kNewIntent;
  db_.allow_connections(false);
  const auto alone = reload();
  db_.allow_connections(true);
  EXPECT_EQ(json::value(false), alone.at("published")) << json::serialize(alone);
  EXPECT_NE(std::string::npos,
            std::string(alone.at("warning").as_string()).find("on this instance only"));
  EXPECT_EQ("hondenuitlaatplaats", intent(0, "waar mag mijn hond loslopen"));
}

// The staff API writes and reloads, and then the file watcher sees the write: one version, one
// "content published".
TEST_F(SharedContent, OneSaveIsPublishedOnce) {
  start();
  std::ofstream(dirs_[0] / "honden.yaml") << kNewIntent;
  auto r = http_request(servers_[0]->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  EXPECT_EQ(json::value(true), json::parse(r.body).at("published"));
  ASSERT_TRUE(servers_[0]->wait_for_log("event=\"content unchanged\" reason=\"file change\"", 5s))
      << servers_[0]->log();
  const std::string log = servers_[0]->log();
  std::size_t published = 0;
  for (auto at = log.find("event=\"content published\""); at != std::string::npos;
       at = log.find("event=\"content published\"", at + 1))
    ++published;
  EXPECT_EQ(2u, published) << "at start and after the staff API's reload only:\n" << log;
  EXPECT_EQ("2", db_.scalar("SELECT count(*) FROM content_versions"));
}

// A file watcher that sees files touched, not changed, on an instance that follows a newer
// version does not take every instance back to its older files.
TEST_F(SharedContent, TouchedOlderFilesDoNotTakeTheOthersBack) {
  start();
  start();
  const auto bound = 5s * kTrainingSlowdown;
  ASSERT_TRUE(wait_until([&] { return version(0) == version(1); }, bound));
  std::ofstream(dirs_[1] / "honden.yaml") << kNewIntent;
  auto r = http_request(servers_[1]->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  ASSERT_TRUE(wait_until([&] { return version(0) == version(1); }, bound));
  const std::string newest = version(1);
  const fs::path file = dirs_[0] / "afval.yaml";
  std::string text;
  {
    std::ifstream in(file);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(file) << text;  // saved again as it was
  ASSERT_TRUE(servers_[0]->wait_for_log("event=\"content unchanged\" reason=\"file change\"", 5s))
      << servers_[0]->log();
  EXPECT_EQ(newest, version(0));
  EXPECT_EQ(newest, version(1));
  EXPECT_EQ("hondenuitlaatplaats", intent(0, "waar mag mijn hond loslopen"));
}

TEST_F(SharedContent, ARefusedReloadIsOnEveryInstancesDashboardUntilTheNextGoodOne) {
  start();
  start();
  const auto reload = [&] {
    return http_request(servers_[0]->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  };
  const auto content_on_dashboard = [&] {
    auto r = http_request(servers_[1]->port(), http::verb::get, "/admin/v1/stats?days=1", "",
                          "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).at("content").as_object();
  };
  EXPECT_TRUE(content_on_dashboard().at("refused").is_null());
  EXPECT_EQ(json::value(version(1)), content_on_dashboard().at("version"));
  // A staff member's half-typed file: the answer's key without its colon.
  std::ofstream(dirs_[0] / "honden.yaml")
      << "intents:\n  - id: honden\n    examples: {nl: [waar mag mijn hond los]}\n    answer\n";
  EXPECT_EQ(422u, reload().status);
  const auto refused = content_on_dashboard().at("refused");
  ASSERT_TRUE(refused.is_object()) << "seen on the other instance too";
  EXPECT_EQ("staff API", refused.at("reason").as_string());
  EXPECT_TRUE(
      refused.at("instance").as_string().ends_with(":" + std::to_string(servers_[0]->pid())))
      << refused << ": the instance whose files these are, not the one asked";
  EXPECT_EQ(20u, refused.at("at").as_string().size()) << refused.at("at");
  const auto problems = refused.at("problems").as_array();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(0u,
            problems[0].as_string().find("../" + dirs_[0].filename().string() + "/honden.yaml:4:"))
      << problems[0] << ": named from the server file's folder";
  std::ofstream(dirs_[0] / "honden.yaml") << kNewIntent;
  EXPECT_EQ(200u, reload().status);
  ASSERT_TRUE(wait_until([&] { return version(1) == version(0); }, 5s * kTrainingSlowdown));
  EXPECT_TRUE(content_on_dashboard().at("refused").is_null());
}

TEST_F(SharedContent, AnInstanceStartedWithReplacedFilesFollowsTheNewest) {
  start();  // publishes the example's files
  const fs::path old_files = dirs_[0];
  servers_[0].reset();
  start();  // newer files, never published: they are published
  std::ofstream(dirs_[1] / "honden.yaml") << kNewIntent;
  auto r = http_request(servers_[1]->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  const auto late = start(old_files);  // the files published first, replaced since
  EXPECT_EQ("hondenuitlaatplaats", intent(late, "waar mag mijn hond loslopen"))
      << servers_[late]->log();
  EXPECT_EQ(version(1), version(late));
  EXPECT_EQ("3", db_.scalar("SELECT count(*) FROM content_versions"))
      << "the old files are not published again";
}

// A ConfigMap with a mistake must not keep a restarted instance down while the others serve a
// good version: it serves that one, says why on /readyz and on the dashboard, and takes its own
// files again once they are corrected.
TEST_F(SharedContent, AnInstanceWhoseFilesAreRefusedAtStartServesThePublishedContent) {
  start();
  const std::string published = version(0);
  const fs::path dir = dirs_[0];
  servers_[0].reset();
  const fs::path file = dir / "afval.yaml";
  std::string good;
  {
    std::ifstream in(file);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(file) << "intents:\n  - id: afval\n    answer\n";
  // Its own server file sets a limit the published one does not: its settings stay its own.
  const auto late = start(dir,
                          "limits: {max_text_chars: 30, chat_per_client_per_minute: 0, "
                          "chat_per_session_per_minute: 0}\n");
  EXPECT_TRUE(servers_[late]->wait_for_log(
      "this instance's content files are refused; serving the newest published content instead"))
      << servers_[late]->log();
  EXPECT_EQ(published, version(late));
  EXPECT_EQ("paspoort-aanvragen", intent(late, "ik wil een nieuw paspoort"));
  auto body = readyz(late).second;
  ASSERT_TRUE(body.contains("content_problem")) << json::serialize(body);
  const std::string problem(body["content_problem"].as_string());
  EXPECT_NE(std::string::npos, problem.find("this instance's files are refused")) << problem;
  EXPECT_NE(std::string::npos, problem.find("afval.yaml:2:")) << problem;
  auto r = http_request(servers_[late]->port(), http::verb::get, "/admin/v1/stats?days=1", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  const auto refused = json::parse(r.body).at("content").at("refused");
  ASSERT_TRUE(refused.is_object()) << r.body;
  EXPECT_EQ("start", refused.at("reason").as_string());
  const auto long_text = http_request(servers_[late]->port(), http::verb::post, "/api/v1/chat",
                                      R"({"text":"ik wil graag een nieuw paspoort aanvragen"})");
  EXPECT_EQ(400u, long_text.status) << long_text.body;
  EXPECT_NE(std::string::npos, long_text.body.find("30")) << long_text.body;

  std::ofstream(file) << good;  // corrected: the files published
  EXPECT_TRUE(wait_until([&] { return !readyz(late).second.contains("content_problem"); },
                         10s * kTrainingSlowdown))
      << servers_[late]->log();
  EXPECT_TRUE(servers_[late]->wait_for_log("event=\"content unchanged\""))
      << "the files served: nothing trained or published again";
  // The refusal goes just after the log line.
  EXPECT_TRUE(wait_until(
      [&] {
        auto after =
            http_request(servers_[late]->port(), http::verb::get, "/admin/v1/stats?days=1", "",
                         "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
        return json::parse(after.body).at("content").at("refused").is_null();
      },
      5s))
      << "corrected: the refusal is over";
  EXPECT_EQ("paspoort-aanvragen", intent(late, "ik wil een nieuw paspoort"));
}

// A file emptied while no instance ran (a rollout with a truncated ConfigMap) is refused at the
// start as a reload would refuse it: the newest published content serves, and says why.
TEST_F(SharedContent, AnInstanceStartedWithAnEmptiedFileServesThePublishedContent) {
  start();
  const std::string published = version(0);
  const fs::path dir = dirs_[0];
  servers_[0].reset();
  std::ofstream(dir / "afval.yaml") << "# afval\n";
  const auto late = start(dir);
  EXPECT_TRUE(servers_[late]->wait_for_log(
      "this instance's content files are refused; serving the newest published content instead"))
      << servers_[late]->log();
  EXPECT_TRUE(wait_until([&] { return version(late) == published; }, 10s * kTrainingSlowdown))
      << servers_[late]->log();
  auto body = readyz(late).second;
  ASSERT_TRUE(body.contains("content_problem")) << json::serialize(body);
  const std::string problem(body["content_problem"].as_string());
  EXPECT_NE(std::string::npos, problem.find("afval.yaml:1:1: this file is empty now")) << problem;
  EXPECT_EQ(published, db_.scalar("SELECT left(digest, 12) FROM content_versions ORDER BY seq "
                                  "DESC LIMIT 1"))
      << "the emptied files were not published";
}

// Refused files and nothing published to serve instead: the start fails, saying both.
TEST_F(SharedContent, RefusedFilesWithNothingPublishedStopTheStart) {
  const fs::path dir =
      fs::temp_directory_path() / ("loket-refused-" + std::to_string(std::random_device{}()));
  dirs_.push_back(dir);
  fs::create_directories(dir / "content");
  std::ofstream(dir / "content" / "kapot.yaml") << "intents:\n  - id: kapot\n    answer\n";
  std::ofstream(dir / "loket.yaml")
      << "municipality: Test\nlanguages: {default: nl, supported: [nl]}\n"
         "content: [content]\n";
  const auto result = run_loket("serve --config " + (dir / "loket.yaml").string(),
                                {{"LOKET_DATABASE_URL", db_.url()}});
  EXPECT_EQ(1, result.status) << result.out;
  EXPECT_NE(std::string::npos, result.out.find("kapot.yaml:2:")) << result.out;
  EXPECT_NE(std::string::npos, result.out.find("no published content can be served instead"))
      << result.out;
}

TEST_F(SharedContent, ContentAnInstanceCannotLoadIsReportedAndTheLastGoodKeepsServing) {
  start();
  const std::string before = version(0);
  // As a newer loket would publish it: a key this version does not know.
  db_.scalar(R"sql(
    WITH newest AS (SELECT * FROM content_versions ORDER BY seq DESC LIMIT 1),
    added AS (
      INSERT INTO content_versions (digest, server_file, files, origin)
      SELECT 'from-a-newer-version', server_file,
             (files::jsonb || jsonb_build_object(
                (SELECT regexp_replace(k, 'afval\.yaml$', 'nieuw.yaml')
                 FROM json_object_keys(files) k WHERE k LIKE '%loket-shared-%afval.yaml'),
                translate(encode(convert_to(
                  E'intents:\n  - id: nieuw\n    examples: {nl: [iets nieuws]}\n    answer: {nl: x}\n    future_key: 1\n',
                  'UTF8'), 'base64'), E'\n', '')))::json,
             'test'
      FROM newest RETURNING seq)
    SELECT pg_notify('loket_content', seq::text) FROM added)sql");
  ASSERT_TRUE(servers_[0]->wait_for_log("published content cannot be loaded here", 5s))
      << servers_[0]->log();
  auto [status, body] = readyz(0);
  EXPECT_EQ(200u, status) << "still serving its last good content";
  EXPECT_EQ(before, body["content_version"].as_string());
  ASSERT_TRUE(body.contains("content_problem")) << json::serialize(body);
  EXPECT_NE(std::string::npos, body["content_problem"].as_string().find("future_key"))
      << body["content_problem"].as_string();
  EXPECT_NE("", intent(0, "ik wil een nieuw paspoort"));
  const auto metrics = http_request(servers_[0]->port(), http::verb::get, "/metrics").body;
  EXPECT_NE(std::string::npos, metrics.find("loket_content_follow_failures_total 1"));
}

}  // namespace
}  // namespace loket::testing
