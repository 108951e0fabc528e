// POST /admin/v1/content:what-if: staff send a changed content file and see, before anything goes
// live, which of the questions residents asked lately would be answered differently; a change
// with problems gets them with file:line:column, and the content in service is untouched.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "what-if-token";

TEST(WhatIf, ListsTheLoggedQuestionsAChangeWouldAnswerDifferently) {
  TestDatabase db;
  ServerProcess server("", {{"LOKET_DATABASE_URL", db.url()}, {"LOKET_ADMIN_TOKEN", kToken}});
  ASSERT_TRUE(server.wait_for_log("event=\"dispatcher started\"", 10s)) << server.log();
  for (const char* text : {"mijn kliko is vandaag niet geleegd", "hoe vraag ik een paspoort aan"})
    http_request(server.port(), http::verb::post, "/api/v1/chat",
                 json::serialize(json::object{{"session", "what-if"}, {"text", text}}));
  ASSERT_TRUE(
      wait_until([&] { return db.scalar("SELECT count(*) FROM conversation_log") == "2"; }));

  // The file as the server file names it: relative to the server file's folder.
  const std::string afval = fs::path(LOKET_EXAMPLE_CONTENT "/afval.yaml")
                                .lexically_relative(fs::temp_directory_path() / "loket-it-x")
                                .generic_string();
  std::stringstream original;
  original << std::ifstream(LOKET_EXAMPLE_CONTENT "/afval.yaml").rdbuf();
  const std::string changed = original.str() +
                              "\n  - id: kliko-vergeten\n"
                              "    title: {nl: Kliko vergeten}\n"
                              "    examples:\n"
                              "      nl: [mijn kliko is vandaag niet geleegd, kliko vergeten, "
                              "kliko niet geleegd vandaag, de kliko is overgeslagen]\n"
                              "    answer: {nl: \"Meld het voor 17.00 uur.\"}\n";
  const auto ask = [&](const std::string& text) {
    return http_request(server.port(), http::verb::post, "/admin/v1/content:what-if",
                        json::serialize(json::object{{"files", json::object{{afval, text}}}}),
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  };
  const auto r = ask(changed);
  ASSERT_EQ(200u, r.status) << r.body;
  const auto body = json::parse(r.body).as_object();
  EXPECT_EQ(2, body.at("logged_questions").to_number<int>());
  ASSERT_EQ(1, body.at("changed_count").to_number<int>()) << r.body;
  const auto& change = body.at("changed").as_array().at(0).as_object();
  EXPECT_EQ("mijn kliko is vandaag niet geleegd", change.at("question"));
  EXPECT_EQ("afval-niet-opgehaald", change.at("before"));
  EXPECT_EQ("kliko-vergeten", change.at("after"));
  EXPECT_EQ(100, body.at("intents").to_number<int>());
  // What check-config would add with the change: the new intent is in Dutch only.
  const auto warned = [](const json::value& answer, const std::string& part) {
    for (const auto& w : answer.at("warnings").as_array())
      if (std::string(w.as_string()).find(part) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(warned(body, "intent 'kliko-vergeten' has no answer in 'en'")) << r.body;
  EXPECT_FALSE(warned(body, "is also an example of intent")) << r.body;
  // A change that puts one question under two intents says so before it goes live.
  const auto twice =
      ask(changed.substr(0, changed.rfind(']')) + ", hoe vraag ik een paspoort aan]" +
          changed.substr(changed.rfind(']') + 1));
  ASSERT_EQ(200u, twice.status) << twice.body;
  EXPECT_TRUE(warned(json::parse(twice.body),
                     "example 'hoe vraag ik een paspoort aan' is also an example of intent "
                     "'paspoort-aanvragen'"))
      << twice.body;

  const auto chat = http_request(server.port(), http::verb::post, "/api/v1/chat",
                                 R"({"session":"after","text":"kliko vergeten"})");
  EXPECT_EQ(std::string::npos, chat.body.find("kliko-vergeten")) << "nothing went live";

  const auto broken = ask(changed + "    anwser: {nl: x}\n");
  EXPECT_EQ(422u, broken.status) << broken.body;
  EXPECT_NE(std::string::npos, broken.body.find("afval.yaml:")) << broken.body;
  const std::string region_afval = fs::path(LOKET_REGION_CONTENT "/afval.yaml")
                                       .lexically_relative(fs::temp_directory_path() / "loket-it-x")
                                       .generic_string();
  const auto empty =
      http_request(server.port(), http::verb::post, "/admin/v1/content:what-if",
                   json::serialize(json::object{{"files", json::object{{region_afval, ""}}}}),
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(422u, empty.status) << "the region's file emptied leaves the local overrides nothing "
                                   "to override: "
                                << empty.body;
  const auto no_files =
      http_request(server.port(), http::verb::post, "/admin/v1/content:what-if", R"({"log": 5})",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(400u, no_files.status);
  EXPECT_NE(std::string::npos, no_files.body.find("'files'")) << no_files.body;
  const std::vector<std::string> unread_paths = {
      "contnet/afval.yaml", "../../../../etc/passwd.yaml", "afval.yaml", region_afval + ".txt"};
  for (const auto& unread : unread_paths) {
    const auto typo = http_request(
        server.port(), http::verb::post, "/admin/v1/content:what-if",
        json::serialize(json::object{{"files", json::object{{unread, "intents: [oops"}}}}),
        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
    EXPECT_EQ(400u, typo.status) << unread << ": " << typo.body;
    EXPECT_NE(std::string::npos, typo.body.find("is not a file this configuration reads"))
        << typo.body;
  }
  // A new file in a folder the content comes from is read.
  const std::string added = region_afval.substr(0, region_afval.rfind('/')) + "/nieuw.yaml";
  const auto fresh =
      http_request(server.port(), http::verb::post, "/admin/v1/content:what-if",
                   json::serialize(json::object{{"files", json::object{{added, "intents: []\n"}}}}),
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(200u, fresh.status) << fresh.body;
}

// Examples from the dashboard go into the municipality's additions file: without one, the call
// says how to name it.
TEST(WhatIf, AddingExamplesNeedsAnAdditionsFile) {
  ServerProcess server("", {{"LOKET_ADMIN_TOKEN", kToken}});
  const auto r =
      http_request(server.port(), http::verb::post, "/admin/v1/content:add-examples",
                   R"({"intent":"paspoort-aanvragen","examples":{"nl":["pas verlopen"]}})",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(409u, r.status);
  EXPECT_NE(std::string::npos, r.body.find("additions: aanvullingen.yaml")) << r.body;
}

// Two intents, for the tests that write the additions file.
constexpr const char* kPassportAndWaste =
    "intents:\n  - id: paspoort\n    title: {nl: Paspoort}\n"
    "    examples: {nl: [paspoort aanvragen, nieuw paspoort, paspoort verlengen]}\n"
    "    answer: {nl: Maak een afspraak.}\n"
    "  - id: afval\n    title: {nl: Afval}\n"
    "    examples: {nl: [afval ophalen, afvalkalender, wanneer komt de vuilniswagen]}\n"
    "    answer: {nl: Zie de afvalkalender.}\n"
    "messages: {fallback: {nl: Dat begrijp ik niet.}}\n";

// Another content file broken on disk stops the reload after the examples were written: the
// additions file goes back to what is in service, and the answer says why.
TEST(WhatIf, ExamplesNotAppliedLeaveTheAdditionsFileAsItWas) {
  ServerProcess server(
      ServerProcess::Files{{{"loket.yaml",
                             "municipality: Test\nlanguages: {default: nl, supported: [nl]}\n"
                             "content: [content/, aanvullingen.yaml]\n"
                             "additions: aanvullingen.yaml\nserver: {listen: 127.0.0.1:0}\n"},
                            {"content/a.yaml", kPassportAndWaste},
                            {"aanvullingen.yaml", "intents: []\n"}},
                           "loket.yaml"},
      {{"LOKET_ADMIN_TOKEN", kToken}, {"LOKET_DATABASE_URL", ""}});
  // An example of another intent already: refused before anything is written.
  const auto taken =
      http_request(server.port(), http::verb::post, "/admin/v1/content:add-examples",
                   R"({"intent":"paspoort","examples":{"nl":["Afval ophalen?"]},"apply":true})",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(422u, taken.status) << taken.body;
  EXPECT_NE(std::string::npos,
            taken.body.find("'Afval ophalen?' is an example of intent 'afval' already"))
      << taken.body;
  std::ofstream(server.dir() / "content" / "a.yaml") << "intents: [oops\n";
  const auto r =
      http_request(server.port(), http::verb::post, "/admin/v1/content:add-examples",
                   R"({"intent":"paspoort","examples":{"nl":["pas verlopen"]},"apply":true})",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(422u, r.status) << r.body;
  const auto body = json::parse(r.body);
  EXPECT_FALSE(body.at("applied").as_bool());
  EXPECT_NE(std::string::npos, std::string(body.at("error").as_string()).find("is as it was"))
      << r.body;
  EXPECT_FALSE(body.at("problems").as_array().empty()) << r.body;
  std::ifstream additions(server.dir() / "aanvullingen.yaml");
  EXPECT_EQ("intents: []\n", std::string(std::istreambuf_iterator<char>(additions), {}));
}

// Examples that would make one of staff's test conversations fail are shown with the failing
// test and cannot be applied from the dashboard: what someone said must hold keeps holding.
TEST(WhatIf, ExamplesThatBreakATestConversationAreNotApplied) {
  const std::string tests =
      "conversations:\n  - name: de vuilniswagen\n    turns:\n"
      "      - say: wanneer komt de vuilniswagen bij mij\n        expect_intent: afval\n";
  ServerProcess server(
      ServerProcess::Files{{{"loket.yaml",
                             "municipality: Test\nlanguages: {default: nl, supported: [nl]}\n"
                             "content: [content/, aanvullingen.yaml]\n"
                             "additions: aanvullingen.yaml\nconversation_tests: [tests/]\n"
                             "server: {listen: 127.0.0.1:0}\n"},
                            {"content/a.yaml", kPassportAndWaste},
                            {"tests/t.yaml", tests},
                            {"aanvullingen.yaml", "intents: []\n"}},
                           "loket.yaml"},
      {{"LOKET_ADMIN_TOKEN", kToken}, {"LOKET_DATABASE_URL", ""}});
  const std::string body =
      R"({"intent":"paspoort","examples":{"nl":["wanneer komt de vuilniswagen bij mij",)"
      R"("komt de vuilniswagen bij mij","de vuilniswagen bij mij"]})";
  const auto seen =
      http_request(server.port(), http::verb::post, "/admin/v1/content:add-examples", body + "}",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, seen.status) << seen.body;
  const auto failing = json::parse(seen.body).at("what_if").at("failing_tests").as_array();
  ASSERT_EQ(1u, failing.size()) << seen.body;
  EXPECT_EQ("de vuilniswagen", failing[0].at("name").as_string());
  EXPECT_NE(std::string::npos,
            std::string(failing[0].at("problem").as_string()).find("expected intent 'afval'"))
      << seen.body;
  const auto applied = http_request(
      server.port(), http::verb::post, "/admin/v1/content:add-examples", body + R"(,"apply":true})",
      "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(422u, applied.status) << applied.body;
  EXPECT_FALSE(json::parse(applied.body).at("applied").as_bool());
  std::ifstream additions(server.dir() / "aanvullingen.yaml");
  EXPECT_EQ("intents: []\n", std::string(std::istreambuf_iterator<char>(additions), {}));
}

}  // namespace
}  // namespace loket::testing
