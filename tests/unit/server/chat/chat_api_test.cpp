// The chat API's JSON edge and the dialogue behind it, without a server: what REST and
// WebSocket clients send and get back.
#include "server/chat/chat_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>

namespace loket::server {
namespace {

namespace json = boost::json;

class ChatApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = config::load_config(LOKET_EXAMPLE_CONFIG);
    ASSERT_TRUE(loaded.config);
    chat_ = new dialogue::Dialogue(std::move(*loaded.config));
  }
  static void TearDownTestSuite() { delete chat_; }

  struct Outcome {
    unsigned status = 200;
    std::string body;
  };
  // What answer_chat_json() does around the store: read, answer, write.
  static Outcome respond(std::string_view body) {
    auto message = read_chat_request(body, *chat_, issuer_);
    if (!message) return {message.error().status, write_error(message.error().message)};
    return {200, write_chat_reply(message->session, chat_->answer(*message))};
  }

  // `request`'s "session" names a conversation of the test: the first reply's issued session
  // stands in for that name from then on, as a client keeps what loket gave it.
  static json::object ask(json::object request, unsigned want_status = 200) {
    std::string name;
    if (auto* s = request.if_contains("session"); s != nullptr && s->is_string()) {
      name = std::string(s->as_string());
      if (auto it = issued_.find(name); it != issued_.end()) *s = it->second;
    }
    auto outcome = respond(json::serialize(request));
    EXPECT_EQ(want_status, outcome.status) << outcome.body;
    auto reply = json::parse(outcome.body).as_object();
    if (!name.empty() && reply.contains("session"))
      issued_.emplace(name, std::string(reply["session"].as_string()));
    return reply;
  }

  static dialogue::Dialogue* chat_;
  static inline const SessionIssuer issuer_{std::string(32, 'k')};
  static inline std::map<std::string, std::string> issued_;
};

dialogue::Dialogue* ChatApiTest::chat_ = nullptr;

TEST_F(ChatApiTest, AnswersThePassportQuestionInDutchAndEnglish) {
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

TEST_F(ChatApiTest, FallsBackOnQuestionsAboutSomethingElse) {
  for (const char* text : {"wie wint de champions league", "tell me a joke", "ik heb honger",
                           "what is the capital of france"}) {
    auto reply = ask({{"session", "s3"}, {"text", text}});
    EXPECT_TRUE(reply["intent"].is_null()) << text << " -> " << reply["intent"];
    EXPECT_EQ(3u, reply["suggestions"].as_array().size()) << "nearest topics or a human contact";
    EXPECT_EQ(1u, reply["messages"].as_array().size());
  }
}

TEST_F(ChatApiTest, HonoursTheRequestedLanguageAndQuickReplies) {
  auto reply = ask({{"session", "s4"}, {"intent", "openingstijden"}, {"lang", "en"}});
  EXPECT_EQ("openingstijden", reply["intent"]);
  EXPECT_EQ("en", reply["lang"]);
  EXPECT_EQ(1.0, reply["confidence"].to_number<double>());
  EXPECT_EQ("en", ask({{"session", "s5"}, {"intent", "openingstijden"}, {"lang", "EN"}})["lang"])
      << "a language tag in any case";
}

TEST_F(ChatApiTest, AnAnswerOfAFewLettersKeepsTheConversationsLanguage) {
  auto asked = ask({{"session", "lang-1"}, {"text", "wanneer wordt het afval opgehaald"}});
  ASSERT_EQ("nl", asked["lang"]);
  ASSERT_EQ("postcode", asked["expecting"]);
  auto answered = ask({{"session", "lang-1"}, {"text", "9701 AB"}});
  EXPECT_EQ("nl", answered["lang"]) << "a postcode is no language";
  EXPECT_NE(std::string::npos,
            std::string(answered["messages"].at(0).at("text").as_string()).find("maandag"));
}

TEST_F(ChatApiTest, IssuesTheSessionWhenNoneOrAMadeUpOneIsSent) {
  const std::string fresh(ask({{"text", "hallo"}})["session"].as_string());
  EXPECT_EQ(65u, fresh.size()) << "128 random bits and a tag, in hex";
  EXPECT_TRUE(issuer_.issued(fresh));
  const auto guessed = respond(R"({"session":"abc","text":"hallo"})");
  const std::string replaced(json::parse(guessed.body).at("session").as_string());
  EXPECT_NE("abc", replaced) << "a session the client chose is never taken";
  EXPECT_TRUE(issuer_.issued(replaced));
  const std::string forged = fresh.substr(0, 33) + std::string(32, '0');
  const auto tampered = respond(R"({"session":")" + forged + R"(","text":"hallo"})");
  EXPECT_NE(forged, json::parse(tampered.body).at("session").as_string());
  const auto kept = respond(R"({"session":")" + fresh + R"(","text":"hallo"})");
  EXPECT_EQ(fresh, json::parse(kept.body).at("session").as_string()) << "an issued one is kept";
}

TEST(SessionIssuer, OnlyTheSameSecretRecognisesASession) {
  const SessionIssuer one(std::string(32, 'a')), other(std::string(32, 'b'));
  const std::string session = one.issue();
  EXPECT_TRUE(one.issued(session));
  EXPECT_FALSE(other.issued(session));
  EXPECT_NE(one.issue(), one.issue());
  EXPECT_FALSE(one.issued(""));
  EXPECT_FALSE(one.issued(session + "0"));
  EXPECT_THROW(SessionIssuer("short"), std::invalid_argument);
  // An id of another kind is recognised as that kind only.
  const std::string conversation = one.issue("dlc|");
  EXPECT_TRUE(one.issued(conversation, "dlc|"));
  EXPECT_FALSE(one.issued(conversation)) << "no chat session";
  EXPECT_FALSE(one.issued(session, "dlc|"));
}

TEST_F(ChatApiTest, RejectsBadRequestsNamingTheProblem) {
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
      {"{\"session\":\"s\",\"text\":\"\xff\"}", "body is not valid UTF-8"},
      {"{\"session\":\"s\",\"text\":\"\xff\"", "body is not valid UTF-8"},
  };
  for (const auto& c : cases) {
    auto outcome = respond(c.body);
    EXPECT_EQ(400u, outcome.status) << c.body.substr(0, 60);
    auto error = std::string(json::parse(outcome.body).as_object().at("error").as_string());
    EXPECT_NE(std::string::npos, error.find(c.want)) << c.body.substr(0, 60) << " -> " << error;
  }
}

TEST_F(ChatApiTest, CountsTheTextLimitInCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "é";  // 2000 bytes, 1000 characters
  auto reply = ask({{"session", "s5"}, {"text", text}});
  EXPECT_TRUE(reply["intent"].is_null());
}

}  // namespace
}  // namespace loket::server

namespace loket::server {
namespace {

std::string text_of(const json::object& reply) {
  return std::string(reply.at("messages").as_array().at(0).at("text").as_string());
}

TEST_F(ChatApiTest, AsksForTheMissingPostcodeAndAnswersFromTheTable) {
  auto ask_first = ask({{"session", "slot-1"}, {"text", "wanneer wordt het afval opgehaald?"}});
  EXPECT_EQ("afvalkalender", ask_first["intent"]);
  EXPECT_EQ("postcode", ask_first["expecting"]);
  EXPECT_NE(std::string::npos, text_of(ask_first).find("postcode"));

  auto answered = ask({{"session", "slot-1"}, {"text", "9701 ab"}});
  EXPECT_EQ("afvalkalender", answered["intent"]);
  EXPECT_FALSE(answered.contains("expecting"));
  EXPECT_NE(std::string::npos, text_of(answered).find("Binnenstad")) << text_of(answered);
  EXPECT_NE(std::string::npos, text_of(answered).find("9701AB"));
  EXPECT_EQ(std::string::npos, text_of(answered).find('{')) << "every placeholder is filled";

  // The postcode is remembered for the rest of the session.
  auto again = ask({{"session", "slot-1"}, {"text", "afvalkalender"}});
  EXPECT_NE(std::string::npos, text_of(again).find("Binnenstad"));
}

TEST_F(ChatApiTest, AnswersAtOnceWhenTheQuestionCarriesThePostcode) {
  auto reply = ask({{"session", "slot-2"}, {"text", "wanneer komt de vuilniswagen op 9705AB 12"}});
  EXPECT_EQ("afvalkalender", reply["intent"]);
  EXPECT_NE(std::string::npos, text_of(reply).find("De Dijken")) << text_of(reply);
}

TEST_F(ChatApiTest, AsksAgainForAPostcodeOutsideTheMunicipality) {
  ask({{"session", "slot-3"}, {"text", "when is my bin collected"}});
  auto unknown = ask({{"session", "slot-3"}, {"text", "1234 AB"}});
  EXPECT_EQ("postcode", unknown["expecting"]);
  EXPECT_NE(std::string::npos, text_of(unknown).find("Noorderhaven"));
  auto known = ask({{"session", "slot-3"}, {"text", "sorry, it is 9710 XY"}});
  EXPECT_EQ("en", known["lang"]);
  EXPECT_NE(std::string::npos, text_of(known).find("Kwelderdorp")) << text_of(known);
  EXPECT_NE(std::string::npos, text_of(known).find("Friday")) << "English columns in English";
}

TEST_F(ChatApiTest, ANewQuestionWinsOverAPendingSlot) {
  ask({{"session", "slot-4"}, {"text", "wanneer wordt het afval opgehaald"}});
  auto other = ask({{"session", "slot-4"}, {"text", "Hoe vraag ik een paspoort aan?"}});
  EXPECT_EQ("paspoort-aanvragen", other["intent"]);
  EXPECT_FALSE(other.contains("expecting"));
}

TEST_F(ChatApiTest, GivesUpAfterTwoMoreTriesAndOffersAPerson) {
  ask({{"session", "slot-5"}, {"text", "wanneer wordt het afval opgehaald"}});
  auto second = ask({{"session", "slot-5"}, {"text", "hmm"}});
  EXPECT_EQ("postcode", second["expecting"]);
  auto third = ask({{"session", "slot-5"}, {"text", "tja"}});
  EXPECT_EQ("postcode", third["expecting"]);
  auto fourth = ask({{"session", "slot-5"}, {"text", "nou ja"}});
  EXPECT_FALSE(fourth.contains("expecting"));
  EXPECT_TRUE(fourth["intent"].is_null());
  EXPECT_NE(std::string::npos, json::serialize(fourth["suggestions"]).find("medewerker-spreken"));
}

TEST_F(ChatApiTest, IDontKnowAtAPromptGetsHelpAndThePromptAgain) {
  ask({{"session", "slot-6"}, {"text", "wanneer wordt het afval opgehaald"}});
  auto help = ask({{"session", "slot-6"}, {"text", "geen idee"}});
  EXPECT_EQ("postcode", help["expecting"]);
  EXPECT_NE(std::string::npos, text_of(help).find("brief")) << text_of(help);
}

}  // namespace
}  // namespace loket::server
