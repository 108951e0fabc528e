// The rules that make a conversation hold together (docs/dialogue.md), one test each, on the
// example municipality: safe confirmations, values checked where used, "stop", context, small
// talk, languages it does not speak, near misses, and alerts while the store is off.
#include <gtest/gtest.h>

#include <algorithm>

#include "example_dialogue.h"
#include "intents/dialogue/dialogue.h"

namespace loket::dialogue {
namespace {

class ConversationRules : public ExampleDialogue {
 protected:
  // One turn of the test's own conversation.
  Reply say(const std::string& text, Message::Kind kind = Message::Kind::text) {
    Message m;
    m.kind = kind;
    m.session = session_;
    m.text = text;
    m.actions_available = store_on_;
    EXPECT_FALSE(chat_->refusal(m)) << text;
    return chat_->answer(m);
  }
  static bool suggests(const Reply& r, const std::string& intent) {
    return std::any_of(r.suggestions.begin(), r.suggestions.end(),
                       [&](const Suggestion& s) { return s.intent == intent; });
  }

  std::string session_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  bool store_on_ = true;
};

TEST_F(ConversationRules, AWeakMatchOfAnIntentThatActsOffersNothing) {
  const Reply poem = say("write me a poem about cheese");
  EXPECT_TRUE(poem.expecting.empty());
  EXPECT_FALSE(poem.action);
  EXPECT_FALSE(say("yes").action) << "nothing was offered, so a yes does nothing";
}

TEST_F(ConversationRules, OnlyAClearYesActs) {
  EXPECT_EQ("confirmation", say("laat me weten als ik recht heb op een toeslag").expecting);
  const Reply hedged = say("ja maar eerst wil ik weten hoe dat werkt met de toeslag");
  EXPECT_FALSE(hedged.action);
  EXPECT_EQ("confirmation", hedged.expecting) << "a yes, not a plain one: asked again";
  EXPECT_NE(std::string::npos, text(hedged).find("antwoord met ja of nee")) << text(hedged);
  const Reply maybe = say("misschien");
  EXPECT_FALSE(maybe.action);
  EXPECT_NE(std::string::npos, text(maybe).find("niet aan")) << "anything else declines";
  EXPECT_EQ("confirmation", say("ik wil bericht over nieuwe regelingen").expecting);
  ASSERT_TRUE(say("ja graag").action);
}

TEST_F(ConversationRules, ACorrectedValueAtTheConfirmationIsAskedAgainWithIt) {
  say("stuur me een herinnering als het afval wordt opgehaald");
  say("9701 AB");
  const Reply corrected = say("nee, 9704 AB");
  EXPECT_EQ("confirmation", corrected.expecting);
  EXPECT_NE(std::string::npos, text(corrected).find("9704AB"));
  const Reply yes = say("ja");
  ASSERT_TRUE(yes.action);
  EXPECT_EQ("9704AB", yes.action->postcode.value_or(""));
}

TEST_F(ConversationRules, ANewQuestionAtTheConfirmationIsAnsweredAndTheOfferDropped) {
  say("laat me weten als ik recht heb op een toeslag");
  EXPECT_EQ("paspoort-aanvragen", say("hoe vraag ik een paspoort aan").intent);
  EXPECT_FALSE(say("ja").action);
}

TEST_F(ConversationRules, APostcodeOutsideTheMunicipalityIsRefusedWhereItIsUsed) {
  say("stuur me een herinnering als het afval wordt opgehaald");
  const Reply amsterdam = say("1012 AB");
  EXPECT_EQ("postcode", amsterdam.expecting);
  EXPECT_NE(std::string::npos, text(amsterdam).find("niet in de gemeente"));
  EXPECT_EQ("confirmation", say("9708 AB").expecting);
}

TEST_F(ConversationRules, AValueIsAskedTwiceMoreThenTopicsAndAPersonAreOffered) {
  say("ik wil bericht over wegwerkzaamheden in mijn straat");
  EXPECT_EQ("postcode", say("1012 AB").expecting);
  EXPECT_EQ("postcode", say("3011 AA").expecting);
  const Reply gave_up = say("2511 CV");
  EXPECT_TRUE(gave_up.expecting.empty());
  EXPECT_TRUE(gave_up.intent.empty());
  EXPECT_TRUE(suggests(gave_up, "medewerker-spreken"));
}

TEST_F(ConversationRules, StopInADialogueEndsOnlyThatDialogue) {
  say("stuur me een herinnering als het afval wordt opgehaald");
  const Reply stop = say("stop");
  EXPECT_EQ("end-dialogue", stop.intent);
  EXPECT_FALSE(stop.action);
  EXPECT_TRUE(stop.expecting.empty());
}

TEST_F(ConversationRules, StopOutsideADialogueAsksFirst) {
  const Reply stop = say("stop");
  EXPECT_EQ("confirmation", stop.expecting);
  EXPECT_FALSE(stop.action);
  const Reply yes = say("ja");
  ASSERT_TRUE(yes.action);
  EXPECT_EQ(config::Action::Kind::unsubscribe, yes.action->kind);
}

TEST_F(ConversationRules, ThePlatformsStopAndAfmeldenUnsubscribeAtOnceASentenceAsksFirst) {
  ASSERT_TRUE(say("", Message::Kind::stop).action);
  ASSERT_TRUE(say("afmelden").action);
  const Reply asked = say("ik wil geen meldingen meer");
  EXPECT_FALSE(asked.action);
  EXPECT_EQ("confirmation", asked.expecting);
  EXPECT_TRUE(say("ja").action);
  EXPECT_FALSE(say("Ich möchte meinen Hund abmelden").action);
}

TEST_F(ConversationRules, ARememberedPostcodeIsUsedAgain) {
  say("wanneer wordt het afval opgehaald");
  say("9705 AB");
  const Reply next = say("wanneer moet de groene bak aan de straat");
  EXPECT_EQ("afvalkalender", next.intent);
  EXPECT_TRUE(next.expecting.empty()) << "not asked again";
  EXPECT_NE(std::string::npos, text(next).find("9705AB"));
}

TEST_F(ConversationRules, AFollowUpIsResolvedAgainstThePreviousQuestion) {
  EXPECT_EQ("paspoort-aanvragen", say("hoe vraag ik een paspoort aan").intent);
  EXPECT_EQ("paspoort-aanvragen", say("en hoe lang duurt dat?").intent);
  EXPECT_TRUE(say("wie wint de champions league").intent.empty())
      << "a message that does not read as a follow-up is not joined to the question before";
}

TEST_F(ConversationRules, IDontKnowAtAPromptGetsHelpAndThePromptAgain) {
  say("when is garbage collection");
  const Reply help = say("i don't know");
  EXPECT_EQ("postcode", help.expecting);
  EXPECT_NE(std::string::npos, text(help).find("letter"));
}

TEST_F(ConversationRules, FourDigitsAnswerATableByLeadingDigitsButNotAnAlert) {
  EXPECT_EQ("postcode", say("wanneer wordt het afval opgehaald").expecting);
  const Reply digits = say(" 9701 ");
  EXPECT_EQ("afvalkalender", digits.intent);
  EXPECT_NE(std::string::npos, text(digits).find("Binnenstad")) << text(digits);
  EXPECT_EQ("postcode", say("stuur me een herinnering als het afval wordt opgehaald").expecting)
      << "an alert needs the whole postcode";
  EXPECT_EQ("postcode", say("9701").expecting);
  EXPECT_NE(std::string::npos, text(say("afvalkalender")).find("Binnenstad"))
      << "but they are remembered for the table";
  EXPECT_EQ("confirmation", say("ik wil bericht over nieuwe regelingen").expecting);
  const Reply yes = say("ja");
  ASSERT_TRUE(yes.action);
  EXPECT_FALSE(yes.action->postcode) << "nor do they become the resident's postcode";
  session_ += "-zero";
  say("wanneer wordt het afval opgehaald");
  const Reply zero = say("0701");
  EXPECT_EQ("postcode", zero.expecting);
  EXPECT_EQ(std::string::npos, text(zero).find("ligt niet in de gemeente"))
      << "no postcode starts with 0, so it is no answer to look up: " << text(zero);
}

TEST_F(ConversationRules, AQuestionAsideKeepsTheValueQuestionForLater) {
  say("wanneer wordt het afval opgehaald");
  EXPECT_EQ("openingstijden", say("wat zijn de openingstijden van het gemeentehuis").intent);
  const Reply later = say("9701 AB");
  EXPECT_EQ("afvalkalender", later.intent);
  EXPECT_NE(std::string::npos, text(later).find("Binnenstad"));
}

TEST_F(ConversationRules, GreetingsAreInTheMunicipalitysLanguage) {
  for (const char* hello : {"hallo", "hoi", "goedemorgen"}) {
    const Reply r = say(hello);
    EXPECT_EQ("greeting", r.intent) << hello;
    EXPECT_EQ("nl", r.lang) << hello;
  }
  EXPECT_EQ("en", say("good morning").lang);
  // A language the client names wins.
  Message m;
  m.session = session_ + "-de";
  m.text = "hallo";
  m.lang = "de";
  const Reply german = chat_->answer(m);
  EXPECT_EQ("greeting", german.intent);
  EXPECT_EQ("de", german.lang);
  m.lang = "en";
  EXPECT_EQ("en", chat_->answer(m).lang) << "on the English page, whatever language the word is";
}

TEST_F(ConversationRules, YesOrOkWithoutAQuestionIsAcknowledged) {
  for (const char* word : {"ja", "nee", "ok"}) {
    const Reply r = say(word);
    EXPECT_EQ("acknowledgement", r.intent) << word;
    EXPECT_FALSE(r.action);
  }
}

TEST_F(ConversationRules, WhichLanguagesIsAnsweredInTheAskersLanguage) {
  const Reply de = say("Sprechen Sie Deutsch?");
  EXPECT_EQ("languages", de.intent);
  EXPECT_EQ("de", de.lang);
  EXPECT_NE(std::string::npos, text(de).find("Niederländisch, Englisch und Deutsch")) << text(de);
  const Reply nl = say("welke talen spreek je?");
  EXPECT_NE(std::string::npos, text(nl).find("Nederlands, Engels en Duits")) << text(nl);
}

TEST_F(ConversationRules, AQuestionInALanguageNotServedIsToldWhichAre) {
  const Reply fr = say("Comment puis-je demander un nouveau passeport ?");
  EXPECT_TRUE(fr.intent.empty());
  EXPECT_NE(std::string::npos, text(fr).find("en néerlandais, anglais ou allemand")) << text(fr);
  EXPECT_EQ("nl", say("ok").lang) << "the conversation's language stays one the bot speaks";
}

TEST_F(ConversationRules, AbuseGetsTheContentsCalmReplyNotATopic) {
  const Reply r = say("kut gemeente jullie zijn allemaal oplichters");
  EXPECT_EQ("abuse", r.intent);
  EXPECT_NE(std::string::npos, text(r).find("14 0123")) << "the example's own answer";
}

TEST_F(ConversationRules, NearMissesAreOffered) {
  const Reply r = say("lanteerpaal kappot");
  EXPECT_TRUE(suggests(r, "melding-openbare-ruimte"));
  EXPECT_FALSE(suggests(say("qwxz blorp fnargl"), "paspoort-aanvragen"))
      << "gibberish is corrected into nothing";
}

TEST_F(ConversationRules, WithoutTheStoreAlertsSaySoAtOnce) {
  store_on_ = false;
  const Reply r = say("stuur me een herinnering als het afval wordt opgehaald");
  EXPECT_TRUE(r.expecting.empty()) << "no postcode asked for alerts that cannot be made";
  EXPECT_FALSE(r.action);
  EXPECT_NE(std::string::npos, text(r).find("niet bereikbaar"));
}

TEST_F(ConversationRules, AFollowUpNotUnderstoodOffersTheTopicBeforeFirst) {
  ASSERT_EQ("id-kaart-aanvragen", say("ik wil een id kaart").intent);
  const Reply urgent = say("is er een spoedprocedure?");
  EXPECT_EQ("", urgent.intent) << "the answer says nothing of it";
  ASSERT_FALSE(urgent.suggestions.empty());
  EXPECT_EQ("id-kaart-aanvragen", urgent.suggestions[0].intent);
  // A part ("hoe lang") with words the answer before has nothing of is a question of its own.
  ASSERT_EQ("paspoort-aanvragen", say("ik wil een nieuw paspoort aanvragen").intent);
  EXPECT_EQ("", say("hoe lang moet een kip in de oven?").intent);
  const Reply rejected = say("dat is het niet");
  EXPECT_TRUE(rejected.suggestions.empty() ||
              rejected.suggestions[0].intent != "paspoort-aanvragen")
      << "not offered again to a resident who says it was not that";
}

}  // namespace
}  // namespace loket::dialogue

namespace loket::dialogue {
namespace {

// A Dutch-only municipality without intents yet.
config::Config teststad() {
  config::Config c;
  c.municipality = "Teststad";
  c.default_language = "nl";
  c.languages = {"nl"};
  c.matcher.threshold = 0.2;
  c.messages.fallback = {{"nl", "Dat begreep ik niet."}};
  return c;
}

// A municipality of two intents that need a postcode and do not name it in their answers.
config::Config two_postcode_intents() {
  config::Config c = teststad();
  const auto intent = [](std::string id, std::vector<std::string> examples, std::string answer) {
    config::Intent i;
    i.id = std::move(id);
    i.title = {{"nl", i.id}};
    i.examples["nl"] = std::move(examples);
    i.answer = {{"nl", std::move(answer)}};
    i.slots.push_back({"postcode", "postcode", {{"nl", "Wat is uw postcode?"}}});
    return i;
  };
  c.intents.push_back(intent("container",
                             {"ik wil een container aanvragen", "nieuwe container bestellen",
                              "container voor mijn huis", "kliko aanvragen"},
                             "U krijgt binnen een week een container."));
  c.intents.push_back(intent("snoeiafval",
                             {"snoeiafval laten ophalen", "takken ophalen", "tuinafval ophalen",
                              "wanneer halen jullie snoeiafval"},
                             "Snoeiafval halen we op afspraak op."));
  return c;
}

TEST(ConversationValues, AReusedValueIsNamedWhenTheAnswerDoesNotSayIt) {
  Dialogue chat(two_postcode_intents());
  Message m;
  m.session = "reused";
  const auto say = [&](std::string text) {
    m.text = std::move(text);
    std::string out;
    for (const auto& said : chat.answer(m).messages) out += said.text + "\n";
    return out;
  };
  EXPECT_NE(std::string::npos, say("ik wil een container aanvragen").find("postcode"));
  EXPECT_EQ(std::string::npos, say("9701 AB").find("eerder")) << "told just now: not named";
  const std::string later = say("snoeiafval laten ophalen");
  EXPECT_NE(std::string::npos, later.find("Snoeiafval"));
  EXPECT_NE(std::string::npos, later.find("Voor 9701AB, zoals u eerder schreef")) << later;
}

TEST(ConversationValues, AnAnswerWithoutTheValueIsAskedAgainSayingWhatIsWanted) {
  Dialogue chat(two_postcode_intents());
  Message m;
  m.session = "again";
  m.text = "ik wil een container aanvragen";
  chat.answer(m);
  m.text = "bij de kerk";
  const Reply again = chat.answer(m);
  EXPECT_EQ("postcode", again.expecting);
  ASSERT_EQ(2u, again.messages.size());
  EXPECT_NE(std::string::npos, again.messages[0].text.find("herken ik niet"));
  EXPECT_NE(std::string::npos, again.messages[0].text.find("brieven")) << "where to find it";
}

// A municipality of one answer with its fee in a sentence of its own.
config::Config one_fee_answer(bool whole) {
  config::Config c = teststad();
  config::Intent i;
  i.id = "marktplaats";
  i.title = {{"nl", "Standplaats op de markt"}};
  i.examples["nl"] = {"standplaats op de markt", "marktkraam huren", "plek op de weekmarkt",
                      "ik wil op de markt staan"};
  i.answer = {{"nl",
               "Een standplaats vraagt u aan bij de marktmeester. Een plek kost € 12 per dag. "
               "U hoort binnen twee weken of er plaats is."}};
  i.whole_answer = whole;
  c.intents.push_back(std::move(i));
  return c;
}

TEST(ConversationAspects, AQuestionAboutAPartGetsThatPartAndTheWholeATapAway) {
  Dialogue chat(one_fee_answer(false));
  Message m;
  m.session = "part";
  m.text = "wat kost een standplaats op de markt";
  const Reply part = chat.answer(m);
  ASSERT_EQ(1u, part.messages.size());
  EXPECT_EQ("Een plek kost € 12 per dag.", part.messages[0].text);
  ASSERT_FALSE(part.suggestions.empty());
  EXPECT_EQ("marktplaats", part.suggestions[0].intent);
  EXPECT_EQ("Het hele antwoord", part.suggestions[0].title);
  m.text.clear();
  m.chosen_intent = "marktplaats";
  const Reply whole = chat.answer(m);
  EXPECT_NE(std::string::npos, whole.messages[0].text.find("marktmeester"));
  EXPECT_TRUE(whole.suggestions.empty());
}

TEST(ConversationAspects, StaffCanKeepAnAnswerWhole) {
  Dialogue chat(one_fee_answer(true));
  Message m;
  m.session = "whole";
  m.text = "wat kost een standplaats op de markt";
  const Reply reply = chat.answer(m);
  EXPECT_NE(std::string::npos, reply.messages[0].text.find("marktmeester"));
  EXPECT_TRUE(reply.suggestions.empty());
}

TEST(ConversationAspects, AnAnswerIsReadInTheLanguageItIsWrittenIn) {
  auto c = one_fee_answer(false);
  c.languages = {"nl", "de"};
  c.intents[0].examples["de"] = {"Standplatz auf dem Markt", "Marktstand mieten",
                                 "Platz auf dem Wochenmarkt", "ich will auf dem Markt stehen"};
  Dialogue chat(std::move(c));
  Message m;
  m.session = "de";
  m.text = "Wie lange dauert es, einen Standplatz auf dem Markt zu bekommen?";
  const Reply reply = chat.answer(m);
  ASSERT_EQ("de", reply.lang);
  ASSERT_EQ(1u, reply.messages.size());
  EXPECT_EQ("U hoort binnen twee weken of er plaats is.", reply.messages[0].text)
      << "the Dutch answer's sentences, read as Dutch";
}

// A municipality of one market answer, whose last sentence is about power for a stall.
config::Config market_with_power() {
  config::Config c = one_fee_answer(false);
  c.intents[0].answer["nl"] =
      "Een standplaats vraagt u aan bij de marktmeester. Een plek kost € 12 per dag. Stroom "
      "huurt u erbij voor € 5 per dag.";
  config::Intent passport;
  passport.id = "paspoort";
  passport.title = {{"nl", "Paspoort aanvragen"}};
  passport.examples["nl"] = {"paspoort aanvragen", "nieuw paspoort", "mijn paspoort is verlopen",
                             "reisdocument aanvragen"};
  passport.answer = {{"nl", "Een paspoort vraagt u aan op afspraak."}};
  c.intents.push_back(std::move(passport));
  return c;
}

TEST(ConversationFollowUps, AQuestionTheAnswerBeforeSpeaksOfGetsThatSentence) {
  Dialogue chat(market_with_power());
  Message m;
  m.session = "named";
  m.text = "ik wil op de markt staan";
  ASSERT_EQ("marktplaats", chat.answer(m).intent);
  m.text = "is er ook stroom?";
  const Reply power = chat.answer(m);
  EXPECT_EQ("marktplaats", power.intent);
  ASSERT_EQ(1u, power.messages.size());
  EXPECT_EQ("Stroom huurt u erbij voor € 5 per dag.", power.messages[0].text);
  ASSERT_FALSE(power.suggestions.empty());
  EXPECT_EQ("Het hele antwoord", power.suggestions[0].title);
}

}  // namespace
}  // namespace loket::dialogue
