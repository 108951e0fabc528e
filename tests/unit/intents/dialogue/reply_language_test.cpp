// Which language a reply is in, on the example municipality (Dutch first, English, German): a
// question in a language it does not serve is told so in that language, never given the Dutch
// fallback; a message that is in no language (an e-mail address, letters typed at random)
// keeps the conversation's language, or the municipality's own at the start.
#include <gtest/gtest.h>

#include <algorithm>

#include "example_dialogue.h"
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/language_samples.h"
#include "intents/language_detector.h"

namespace loket::dialogue {
namespace {

class ReplyLanguageTest : public ExampleDialogue {
 protected:
  Reply say(const std::string& text) {
    Message m;
    m.session = "reply-language";
    m.text = text;
    EXPECT_FALSE(chat_->refusal(m)) << *chat_->refusal(m);
    return chat_->answer(m, state_);
  }

  SessionState state_;
};

TEST_F(ReplyLanguageTest, DanishAndNorwegianAreToldTheLanguagesServed) {
  for (const std::string question :
       {"Jeg skal flytte, hva må jeg gjøre?", "Jeg vil snakke med et menneske",
        "Kan jeg få parkeringstillatelse?", "Hvordan søker jeg om pass?",
        "Jeg flytter, hvad skal jeg gøre?", "Hvordan får jeg et nyt pas?",
        "Hvornår bliver mit affald hentet?", "Når blir søppelet hentet?"}) {
    state_ = {};
    const Reply r = say(question);
    EXPECT_TRUE(r.lang == "da" || r.lang == "no") << question << ": " << r.lang;
    EXPECT_TRUE(r.intent.empty()) << question << ": " << r.intent;
    EXPECT_NE(std::string::npos, text(r).find("nederlandsk")) << question << ": " << text(r);
    // No topics to read in Danish, but a way on: a person, the contact details, in English.
    for (const auto& s : r.suggestions) {
      if (s.intent == "medewerker-spreken") {
        EXPECT_EQ("Talk to an employee", s.title);
      }
    }
    EXPECT_TRUE(std::any_of(r.suggestions.begin(), r.suggestions.end(), [](const auto& s) {
      return s.intent == "medewerker-spreken";
    })) << question;
  }
}

TEST_F(ReplyLanguageTest, SwedishAndFrenchToo) {
  const std::pair<std::string, std::string> cases[] = {
      {"När hämtas soporna hos mig?", "sv"},
      {"Jag vill prata med en människa", "sv"},
      {"Quand est-ce que les poubelles sont collectées ?", "fr"},
      {"Je voudrais parler à quelqu'un", "fr"}};
  for (const auto& [question, lang] : cases) {
    state_ = {};
    EXPECT_EQ(lang, say(question).lang) << question;
  }
}

TEST_F(ReplyLanguageTest, LanguagesLoketHasNoWordsInAreToldInEnglish) {
  for (const std::string question :
       {"Dzień dobry, jak mogę zgłosić przeprowadzkę?", "Merhaba, çöpler ne zaman toplanıyor?",
        "¿Cuándo recogen la basura en mi calle?", "Здравствуйте, когда вывозят мусор?", "Привет",
        "مرحبا", "Добрий день, де отримати паспорт?"}) {
    state_ = {};
    const Reply r = say(question);
    EXPECT_EQ("en", r.lang) << question;
    EXPECT_TRUE(r.intent.empty()) << question << ": " << r.intent;
    EXPECT_NE(std::string::npos, text(r).find("I do not speak that language")) << question;
    EXPECT_NE(std::string::npos, text(r).find("Dutch, English or German")) << text(r);
    EXPECT_NE(std::string::npos, text(r).find("In an emergency, call 112.")) << text(r);
  }
  state_ = {};
  EXPECT_EQ(std::string::npos, text(say("👍")).find("language")) << "an emoji is in no language";
}

TEST_F(ReplyLanguageTest, QuestionsNotUnderstoodInTheLanguagesServedGetTheirOwnFallback) {
  const std::pair<std::string, std::string> cases[] = {
      {"ik heb een vraag over iets heel anders", "nl"}, {"waarom is de lucht blauw", "nl"},
      {"kunt u mij vertellen hoe laat het is", "nl"},   {"what is the meaning of life", "en"},
      {"can you tell me a joke please", "en"},          {"wie spät ist es jetzt bitte", "de"},
      {"ich habe eine ganz andere Frage", "de"}};
  for (const auto& [question, lang] : cases) {
    state_ = {};
    EXPECT_EQ(lang, say(question).lang) << question;
  }
}

TEST_F(ReplyLanguageTest, AnEmailAddressKeepsTheConversationsLanguage) {
  say("wanneer wordt het afval opgehaald");
  ASSERT_EQ("nl", state_.lang);
  EXPECT_EQ("nl", say("jan@example.nl").lang);
  EXPECT_EQ("nl", say("www.example.com/contact").lang);
  EXPECT_EQ("nl", state_.lang);
}

TEST_F(ReplyLanguageTest, RandomLettersAtTheStartGetTheMunicipalitysLanguage) {
  for (const std::string typed : {"asdfgh", "blargh foo", "qwerty uiop"}) {
    state_ = {};
    EXPECT_EQ("nl", say(typed).lang) << typed;
  }
}

// The content's own questions are the widest sample at hand of how residents write in the
// languages served: almost none may look like another language.
TEST_F(ReplyLanguageTest, TheContentsQuestionsAreAlmostNeverTakenForALanguageNotServed) {
  const auto& config = chat_->config();
  std::vector<std::string> every = config.languages;
  for (const auto& sample : builtin_language_samples())
    if (std::find(every.begin(), every.end(), sample.lang) == every.end())
      every.push_back(sample.lang);
  const intents::LanguageDetector any(builtin_language_samples(), every);
  std::size_t questions = 0, foreign = 0;
  std::string seen;
  for (const auto& intent : config.intents)
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& example : examples) {
        const auto tokens = intents::tokenize(example);
        if (tokens.size() < 3) continue;  // too short to be called foreign at all
        ++questions;
        const auto guess = any.detect_outside(tokens, config.languages);
        if (!guess.lang.empty() && guess.margin >= 0.15) {
          ++foreign;
          seen += lang + " '" + example + "' as " + guess.lang + "\n";
        }
      }
  EXPECT_GT(questions, 1500u);
  EXPECT_LE(foreign * 200, questions) << foreign << " of " << questions << ":\n" << seen;
}

}  // namespace
}  // namespace loket::dialogue
