// What the public may read, from a real server and PostgreSQL: the scheme finder in the chat,
// whose answers about income and household never reach the conversation log, and the open data
// about residents' questions (JSON and CSV, small counts suppressed) with its DCAT-AP catalog.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server_process.h"
#include "session_names.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class OpenData : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        "", ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  json::object say(const std::string& session, const std::string& text,
                   const std::string& lang = "nl") {
    auto r = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          names_.request(json::serialize(
                              json::object{{"session", session}, {"text", text}, {"lang", lang}})));
    names_.learn(r.body);
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  }
  std::string logged(const std::string& where) {
    return db_.scalar("SELECT count(*) FROM conversation_log WHERE " + where);
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  SessionNames names_;
};

TEST_F(OpenData, TheSchemeFindersAnswersAreNotLogged) {
  auto r = say("finder", "voor welke regelingen kom ik in aanmerking");
  EXPECT_EQ("regelingen-zoeken", r["intent"]);
  EXPECT_EQ("lives_here", r["expecting"]);
  // The answer buttons carry no intent: their title is sent back as the answer.
  const auto& first = r["suggestions"].as_array().at(0).as_object();
  EXPECT_FALSE(first.contains("intent"));
  EXPECT_EQ("Ja", first.at("title"));
  for (const char* answer : {"Ja", "47", "Samen, met kinderen", "1.873,25", "geen", "Huurwoning"})
    r = say("finder", answer);
  EXPECT_FALSE(r.contains("expecting")) << json::serialize(r);
  EXPECT_NE(std::string::npos, json::serialize(r).find("Meedoenregeling")) << json::serialize(r);
  ASSERT_TRUE(wait_until([&] { return logged("true") == "7"; })) << logged("true");
  EXPECT_EQ("6", logged("intent = 'regelingen-zoeken' AND text_redacted = ''"));
  EXPECT_EQ("0", logged("text_redacted LIKE '%1.873%' OR text_redacted LIKE '%47%' OR "
                        "text_redacted LIKE '%kinderen%'"));
  // In English, with questions skipped: the same.
  r = say("finder-en", "which schemes am I entitled to?", "en");
  EXPECT_EQ("regelingen-zoeken", r["intent"]);
  for (const char* answer : {"yes", "skip", "Skip", "2,000", "I rent"})
    r = say("finder-en", answer, "en");
  EXPECT_FALSE(r.contains("expecting")) << json::serialize(r);
  EXPECT_NE(std::string::npos, json::serialize(r).find("Debt help")) << json::serialize(r);
  ASSERT_TRUE(wait_until([&] { return logged("true") == "13"; })) << logged("true");
  EXPECT_EQ("11", logged("intent = 'regelingen-zoeken' AND text_redacted = ''"));
  EXPECT_EQ("0", logged("text_redacted LIKE '%2,000%' OR text_redacted LIKE '%rent%'"));
  // And nothing is left of them in the conversation's state once the finder is done.
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM conversation_state WHERE state LIKE '%1873%'"));
}

TEST_F(OpenData, QuestionsPerTopicWithSmallCountsSuppressed) {
  for (int i = 0; i < 12; ++i)
    say(std::string("p").append(std::to_string(i)), "hoe vraag ik een paspoort aan");
  for (int i = 0; i < 3; ++i) say(std::string("f").append(std::to_string(i)), "qwerty zxcvb plof");
  ASSERT_TRUE(wait_until([&] { return logged("true") == "15"; })) << logged("true");

  auto r = http_request(server_->port(), http::verb::get, "/api/v1/open/questions");
  ASSERT_EQ(200u, r.status) << r.body;
  EXPECT_EQ("*", r.headers["Access-Control-Allow-Origin"]);
  EXPECT_EQ("public, max-age=300", r.headers[http::field::cache_control]);
  const auto body = json::parse(r.body).as_object();
  EXPECT_EQ("Test", body.at("publisher"));  // the test server's municipality
  const json::object* passport = nullptr;
  const json::object* not_understood = nullptr;
  const json::object* all = nullptr;
  for (const auto& row : body.at("rows").as_array()) {
    const auto& o = row.as_object();
    if (o.at("topic") == "burgerzaken") passport = &o;
    if (o.at("topic") == "not-understood") not_understood = &o;
    if (o.at("topic") == "all") all = &o;
  }
  ASSERT_NE(nullptr, passport) << r.body;
  EXPECT_EQ("nl", passport->at("language"));
  EXPECT_EQ("web", passport->at("channel"));
  EXPECT_EQ(12, passport->at("questions").as_int64());
  EXPECT_EQ(12, passport->at("answered").as_int64());
  EXPECT_EQ("<10", passport->at("handed_to_person"));
  EXPECT_EQ(1.0, passport->at("answered_share").as_double());
  EXPECT_TRUE(passport->at("handed_to_person_share").is_null());
  ASSERT_NE(nullptr, not_understood) << r.body;
  EXPECT_EQ("<10", not_understood->at("questions")) << "3 residents must not be countable";
  ASSERT_NE(nullptr, all) << r.body;
  // 15 and 12, rounded: exactly, 15 - 12 would give away the 3 not understood.
  EXPECT_EQ(20, all->at("questions").as_int64());
  EXPECT_EQ(10, all->at("answered").as_int64());
  EXPECT_EQ(0.5, all->at("answered_share").as_double());

  auto csv = http_request(server_->port(), http::verb::get, "/api/v1/open/questions?format=csv");
  ASSERT_EQ(200u, csv.status);
  EXPECT_EQ("text/csv; charset=utf-8", csv.headers[http::field::content_type]);
  EXPECT_EQ(0u, csv.body.find("month,topic,language,channel,questions,answered,handed_to_person,"
                              "answered_share,handed_to_person_share\r\n"))
      << csv.body;
  EXPECT_NE(std::string::npos, csv.body.find(",burgerzaken,nl,web,12,12,<10,1.00,\r\n"))
      << csv.body;
  EXPECT_NE(std::string::npos, csv.body.find(",not-understood,nl,web,<10,<10,<10,,\r\n"))
      << csv.body;

  for (const char* bad : {"/api/v1/open/questions?format=xml", "/api/v1/open/questions?months=0",
                          "/api/v1/open/questions?months=25"}) {
    auto refused = http_request(server_->port(), http::verb::get, bad);
    EXPECT_EQ(400u, refused.status) << bad;
    EXPECT_TRUE(json::parse(refused.body).as_object().contains("error")) << refused.body;
  }
}

TEST_F(OpenData, ACatalogThePortalCanHarvest) {
  auto r = http_request(server_->port(), http::verb::get, "/api/v1/open/catalog.jsonld", "",
                        "application/json", {{"Host", "chat.noorderhaven.example"}});
  ASSERT_EQ(200u, r.status) << r.body;
  EXPECT_EQ("application/ld+json", r.headers[http::field::content_type]);
  const auto catalog = json::parse(r.body).as_object();
  EXPECT_EQ("dcat:Catalog", catalog.at("@type"));
  EXPECT_EQ("http://www.w3.org/ns/dcat#", catalog.at("@context").at("dcat"));
  EXPECT_EQ("Test", catalog.at("dct:publisher").at("foaf:name"));
  const auto& dataset = catalog.at("dcat:dataset").as_array().at(0).as_object();
  EXPECT_EQ("dcat:Dataset", dataset.at("@type"));
  EXPECT_EQ("http://chat.noorderhaven.example/api/v1/open/questions", dataset.at("@id"));
  const auto& distributions = dataset.at("dcat:distribution").as_array();
  ASSERT_EQ(2u, distributions.size());
  EXPECT_EQ("http://chat.noorderhaven.example/api/v1/open/questions?format=csv",
            distributions[1].at("dcat:downloadURL").at("@id"));
  EXPECT_EQ("http://publications.europa.eu/resource/authority/file-type/CSV",
            distributions[1].at("dct:format").at("@id"));
}

}  // namespace
}  // namespace loket::testing
