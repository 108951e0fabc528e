#include "server/chat_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace loket::server {
namespace {

namespace json = boost::json;

class ChatServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    chat_ = new ChatService(std::move(*loaded.config));
  }
  static void TearDownTestSuite() { delete chat_; }

  static json::object ask(const json::object& request, unsigned want_status = 200) {
    auto outcome = chat_->handle_json(json::serialize(request));
    EXPECT_EQ(want_status, outcome.status) << outcome.body;
    return json::parse(outcome.body).as_object();
  }

  static ChatService* chat_;
};

ChatService* ChatServiceTest::chat_ = nullptr;

TEST_F(ChatServiceTest, AnswersThePassportQuestionInDutchAndEnglish) {
  auto nl = ask({{"session", "s1"}, {"text", "Hoe vraag ik een paspoort aan?"}});
  EXPECT_EQ("nl", nl["lang"]);
  EXPECT_EQ("paspoort-aanvragen", nl["intent"]);
  EXPECT_NE(std::string::npos,
            std::string(nl["messages"].as_array()[0].at("text").as_string()).find("paspoort"));

  auto en = ask({{"session", "s2"}, {"text", "How do I renew my passport?"}});
  EXPECT_EQ("en", en["lang"]);
  EXPECT_EQ("paspoort-aanvragen", en["intent"]);
  EXPECT_NE(std::string::npos,
            std::string(en["messages"].as_array()[0].at("text").as_string()).find("passport"));
}

TEST_F(ChatServiceTest, FallsBackOnQuestionsAboutSomethingElse) {
  for (const char* text : {"wie wint de champions league", "tell me a joke", "ik heb honger",
                           "what is the capital of france"}) {
    auto reply = ask({{"session", "s3"}, {"text", text}});
    EXPECT_TRUE(reply["intent"].is_null()) << text << " -> " << reply["intent"];
    EXPECT_EQ(3u, reply["suggestions"].as_array().size()) << "nearest topics or a human contact";
    EXPECT_EQ(1u, reply["messages"].as_array().size());
  }
}

TEST_F(ChatServiceTest, HonoursTheRequestedLanguageAndQuickReplies) {
  auto reply = ask({{"session", "s4"}, {"intent", "openingstijden"}, {"lang", "en"}});
  EXPECT_EQ("openingstijden", reply["intent"]);
  EXPECT_EQ("en", reply["lang"]);
  EXPECT_EQ(1.0, reply["confidence"].to_number<double>());
}

TEST_F(ChatServiceTest, GivesASessionIdWhenNoneIsSent) {
  auto reply = ask({{"text", "hallo"}});
  EXPECT_EQ(32u, reply["session"].as_string().size());
}

TEST_F(ChatServiceTest, RejectsBadRequestsNamingTheProblem) {
  struct Case {
    std::string body;
    std::string want;
  } cases[] = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {R"({"session":"s"})", "'text' is missing or empty"},
      {R"({"session":"s","text":"   "})", "'text' is missing or empty"},
      {R"({"session":"s","text":42})", "'text' must be a string"},
      {R"({"session":"s","text":")" + std::string(1001, 'a') + "\"}", "longer than 1000"},
      {R"({"session":"s","text":"hoi","lang":"xx"})", "'lang'"},
      {R"({"session":"s","text":"hoi","lang":7})", "'lang' must be a string"},
      {R"({"session":"bad id!","text":"hoi"})", "'session'"},
      {R"({"session":"s","intent":"nope"})", "'intent' is not a known intent"},
      {"{\"session\":\"s\",\"text\":\"\xff\"}", "not valid JSON"},
  };
  for (const auto& c : cases) {
    auto outcome = chat_->handle_json(c.body);
    EXPECT_EQ(400u, outcome.status) << c.body.substr(0, 60);
    auto error = std::string(json::parse(outcome.body).as_object().at("error").as_string());
    EXPECT_NE(std::string::npos, error.find(c.want)) << c.body.substr(0, 60) << " -> " << error;
  }
}

TEST_F(ChatServiceTest, CountsTheTextLimitInCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "é";  // 2000 bytes, 1000 characters
  auto reply = ask({{"session", "s5"}, {"text", text}});
  EXPECT_TRUE(reply["intent"].is_null());
}

}  // namespace
}  // namespace loket::server
