// The dialogue's rules, one test each, on typed messages and replies (no server, no JSON): the
// platforms' start and stop, buttons that come back as their label, keywords, confirmation
// before a subscription, and what a failed subscription says.
#include "intents/dialogue/dialogue.h"
#include "example_dialogue.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

class DialogueTest : public ExampleDialogue {
 protected:
  static Message said(const std::string& session, const std::string& text,
                      Message::Kind kind = Message::Kind::text) {
    Message m;
    m.kind = kind;
    m.session = session;
    m.text = text;
    return m;
  }
  static Reply answer(const Message& m) {
    EXPECT_FALSE(chat_->refusal(m)) << *chat_->refusal(m);
    return chat_->answer(m);
  }
};

TEST_F(DialogueTest, StartWelcomesInThePlatformsLanguageWithTheFallbackTopicsAsButtons) {
  auto m = said("telegram:1", "", Message::Kind::start);
  m.lang_hint = "en";
  const Reply reply = answer(m);
  EXPECT_EQ("en", reply.lang);
  ASSERT_EQ(1u, reply.messages.size());
  EXPECT_NE(std::string::npos, reply.messages[0].text.find("Welcome"));
  ASSERT_EQ(3u, reply.suggestions.size());
  EXPECT_EQ("medewerker-spreken", reply.suggestions[0].intent);
  EXPECT_EQ("Talk to an employee", reply.suggestions[0].title);
  EXPECT_TRUE(reply.intent.empty()) << "a greeting answers no question";
}

TEST_F(DialogueTest, StartInALanguageNotSpokenWelcomesInTheDefault) {
  auto m = said("telegram:2", "", Message::Kind::start);
  m.lang_hint = "fi";
  EXPECT_EQ("nl", answer(m).lang);
}

TEST_F(DialogueTest, AButtonsLabelChoosesItsIntentWhereButtonsComeBackAsText) {
  auto start = said("telegram:3", "", Message::Kind::start);
  start.lang_hint = "en";
  start.buttons_by_label = true;
  answer(start);
  auto tap = said("telegram:3", "Talk to an employee");
  tap.buttons_by_label = true;
  const Reply reply = answer(tap);
  EXPECT_EQ("medewerker-spreken", reply.intent);
  EXPECT_EQ(1.0, reply.confidence);
  EXPECT_EQ("en", reply.lang) << "the language the buttons were offered in";
}

TEST_F(DialogueTest, OfferedButtonsSurviveARestartThroughRememberOffer) {
  SessionState state;
  Dialogue::remember_offer(state, "nl", {{"Openingstijden", "openingstijden"}});
  auto tap = said("telegram:4", "Openingstijden");
  tap.buttons_by_label = true;
  EXPECT_EQ("openingstijden", chat_->answer(tap, state).intent);
}

TEST_F(DialogueTest, ATurnReadsAndUpdatesTheStateItIsGiven) {
  SessionState state;
  const Reply asked = chat_->answer(said("web-state", "afvalkalender"), state);
  ASSERT_FALSE(asked.expecting.empty());
  EXPECT_EQ("afvalkalender", state.pending_intent);
  EXPECT_FALSE(chat_->sessions()->get("web-state")) << "the dialogue's own store is not used";
  SessionState copy = state;  // what another instance read from the database
  EXPECT_EQ("afvalkalender", chat_->answer(said("web-state", "9701AB"), copy).intent);
  EXPECT_TRUE(copy.pending_intent.empty());
}

TEST_F(DialogueTest, StopMeansUnsubscribeFromEverything) {
  const Reply reply = answer(said("telegram:5", "", Message::Kind::stop));
  EXPECT_EQ("afmelden", reply.intent);
  ASSERT_TRUE(reply.action);
  EXPECT_EQ(config::Action::Kind::unsubscribe, reply.action->kind);
  EXPECT_TRUE(reply.action->topic.empty()) << "all topics";
}

TEST_F(DialogueTest, AKeywordIsTakenAtItsWord) {
  const Reply reply = answer(said("web-6", "Afmelden!"));
  EXPECT_EQ("afmelden", reply.intent);
  EXPECT_EQ(1.0, reply.confidence);
}

TEST_F(DialogueTest, ASubscriptionIsConfirmedBeforeItIsMade) {
  const Reply offer =
      answer(said("web-7", "stuur me een herinnering als het afval wordt opgehaald bij 9701 AB"));
  EXPECT_EQ("confirmation", offer.expecting);
  EXPECT_FALSE(offer.action) << "nothing happens before the resident says yes";
  const Reply yes = answer(said("web-7", "ja graag"));
  ASSERT_TRUE(yes.action);
  EXPECT_EQ(config::Action::Kind::subscribe, yes.action->kind);
  EXPECT_EQ("afval", yes.action->topic);
  EXPECT_EQ("9701AB", yes.action->postcode.value_or(""));
}

TEST_F(DialogueTest, NoDeclinesTheOffer) {
  answer(said("web-8", "stuur me een herinnering als het afval wordt opgehaald bij 9701 AB"));
  const Reply no = answer(said("web-8", "nee"));
  EXPECT_FALSE(no.action);
  ASSERT_EQ(1u, no.messages.size());
  EXPECT_NE(std::string::npos, no.messages[0].text.find("geen herinnering"));
}

TEST_F(DialogueTest, AFailedSubscriptionSaysTheServiceIsUnavailable) {
  answer(said("web-9", "stuur me een herinnering als het afval wordt opgehaald bij 9701 AB"));
  Reply yes = answer(said("web-9", "ja"));
  ASSERT_TRUE(yes.action);
  chat_->finish_action(yes, ActionResult{});
  EXPECT_FALSE(yes.action);
  ASSERT_EQ(1u, yes.messages.size());
  EXPECT_EQ(std::string::npos, yes.messages[0].text.find("{")) << yes.messages[0].text;
}

TEST_F(DialogueTest, ACarriedOutSubscriptionNamesTheTopics) {
  answer(said("web-10", "stuur me een herinnering als het afval wordt opgehaald bij 9701 AB"));
  Reply yes = answer(said("web-10", "ja"));
  ASSERT_TRUE(yes.action);
  Reply again = yes;
  chat_->finish_action(yes, ActionResult{true, {"afval"}});
  ASSERT_EQ(1u, yes.messages.size());
  EXPECT_EQ(std::string::npos, yes.messages[0].text.find("{")) << yes.messages[0].text;
  EXPECT_EQ(std::string::npos, yes.messages[0].text.find("ook meldingen")) << "the one topic once";
  chat_->finish_action(again, ActionResult{true, {"afval", "werkzaamheden"}});
  // In a sentence a topic's name starts small; it is a title ("Werkzaamheden") elsewhere.
  EXPECT_NE(std::string::npos, again.messages.at(0).text.find("bericht over afvalinzameling in"))
      << again.messages[0].text;
  EXPECT_NE(std::string::npos, again.messages.at(0).text.find("ook meldingen over: werkzaamheden"))
      << again.messages[0].text;
}

TEST_F(DialogueTest, RefusesWhatItCannotAnswerNamingTheProblem) {
  EXPECT_NE(std::nullopt, chat_->refusal(said("s", "   ")));
  EXPECT_NE(std::nullopt, chat_->refusal(said("bad id!", "hoi")));
  EXPECT_EQ(std::nullopt, chat_->refusal(said("s", "", Message::Kind::start)));
  auto unknown = said("s", "hoi");
  unknown.chosen_intent = "nope";
  EXPECT_NE(std::nullopt, chat_->refusal(unknown));
}

TEST_F(DialogueTest, NotUnderstoodFallsBackInThePlatformsLanguage) {
  auto m = said("telegram:11", std::string(2000, 'a'));
  m.lang_hint = "en";
  ASSERT_TRUE(chat_->refusal(m));
  const Reply reply = chat_->not_understood(m);
  EXPECT_EQ("en", reply.lang);
  EXPECT_TRUE(reply.intent.empty());
  EXPECT_EQ(1u, reply.messages.size());
}

}  // namespace
}  // namespace loket::dialogue
