// loket's own phrases: small talk, "I don't know", follow-ups, "stop", and language names.
#include "intents/dialogue/small_talk.h"

#include <gtest/gtest.h>

#include "config/config.h"

namespace loket::dialogue {
namespace {

std::optional<SmallTalkMatch> talk(std::string_view text) {
  return recognise_small_talk(intents::tokenize(text));
}

TEST(SmallTalk, RecognisesGreetingsWithTheirLanguages) {
  auto hallo = talk("Hallo!");
  ASSERT_TRUE(hallo);
  EXPECT_EQ(SmallTalk::greeting, hallo->kind);
  EXPECT_NE(std::find(hallo->langs.begin(), hallo->langs.end(), "nl"), hallo->langs.end());
  EXPECT_EQ(std::vector<std::string>{"en"}, talk("good morning")->langs);
  EXPECT_EQ(SmallTalk::greeting, talk("hoi daar")->kind) << "a greeting may go on a little";
  EXPECT_EQ(SmallTalk::greeting, talk("Moi!")->kind) << "the north's own hello";
}

TEST(SmallTalk, KnowsThanksMetaQuestionsAndAcknowledgements) {
  EXPECT_EQ(SmallTalk::thanks, talk("dank je wel")->kind);
  EXPECT_EQ(SmallTalk::who_are_you, talk("Are you a robot?")->kind);
  EXPECT_EQ(SmallTalk::who_are_you, talk("wat kan je allemaal?")->kind);
  EXPECT_FALSE(talk("wat kun je doen tegen ratten in de tuin")) << "a question about rats";
  EXPECT_FALSE(talk("what can you do about noise from the neighbours"));
  EXPECT_EQ(SmallTalk::goodbye, talk("thanks, bye")->kind) << "thanks on the way out";
  EXPECT_EQ(SmallTalk::goodbye, talk("bedankt, doei")->kind);
  EXPECT_EQ(SmallTalk::languages, talk("Sprechen Sie Deutsch?")->kind);
  EXPECT_EQ(SmallTalk::acknowledgement, talk("oké")->kind);
  EXPECT_EQ(SmallTalk::unsure, talk("Weet ik niet.")->kind);
  EXPECT_EQ(SmallTalk::unsure, talk("keine Ahnung")->kind);
  EXPECT_EQ(SmallTalk::opener, talk("Ik heb een vraag")->kind);
  EXPECT_EQ(SmallTalk::opener, talk("I have a question.")->kind);
  // As it is spoken; an apostrophe inside a word goes ("I've" is "ive").
  for (const char* spoken : {"ich hab eine Frage", "kurze Frage", "I've got a question"}) {
    const auto said = talk(spoken);
    ASSERT_TRUE(said) << spoken;
    EXPECT_EQ(SmallTalk::opener, said->kind) << spoken;
  }
  EXPECT_FALSE(talk("ik heb een vraag over mijn paspoort")) << "the question itself";
  EXPECT_FALSE(talk("ik weet niet hoe ik een paspoort aanvraag"))
      << "not knowing how is a question";
  EXPECT_FALSE(talk("hallo, wanneer wordt het afval opgehaald bij mij in de straat"))
      << "a question after a greeting is a question";
  EXPECT_FALSE(talk("hallo ik wil een paspoort")) << "however short";
  EXPECT_FALSE(talk("hi, parking permit"));
  EXPECT_FALSE(talk("ja maar wanneer komt het papier"));
}

TEST(SmallTalk, AbuseWinsWhateverElseIsSaid) {
  EXPECT_EQ(SmallTalk::abuse, talk("kutgemeente, mijn afval is niet opgehaald")->kind);
  EXPECT_EQ(SmallTalk::abuse, talk("you useless idiots")->kind);
  EXPECT_FALSE(talk("ik heb kanker, krijg ik hulp")) << "an illness is not abuse";
}

TEST(SmallTalk, EveryBuiltinIdIsOneContentMayOverride) {
  for (auto id : small_talk_ids()) EXPECT_TRUE(config::is_builtin_intent(id)) << id;
}

TEST(SmallTalk, EverySentenceAndAnswerIsInEveryLanguageLoketKnows) {
  for (const char* lang : {"nl", "de", "da", "sv", "no", "fr"}) {
    for (auto which :
         {Sentence::end_dialogue, Sentence::dont_know, Sentence::not_recognised,
          Sentence::reused_value, Sentence::not_in_area, Sentence::gave_up, Sentence::not_spoken,
          Sentence::confirm_stop_all, Sentence::declined, Sentence::also_subscribed,
          Sentence::postcode_letters, Sentence::confirm_again, Sentence::not_spoken_other,
          Sentence::postcode_noted, Sentence::crisis_again})
      EXPECT_NE(&sentence(which, "en"), &sentence(which, lang))
          << "sentence " << static_cast<int>(which) << " falls back to English in " << lang;
    for (auto kind : {SmallTalk::greeting, SmallTalk::thanks, SmallTalk::goodbye,
                      SmallTalk::acknowledgement, SmallTalk::unsure, SmallTalk::opener,
                      SmallTalk::who_are_you, SmallTalk::languages, SmallTalk::abuse})
      EXPECT_NE(&small_talk_answer(kind, "en"), &small_talk_answer(kind, lang))
          << small_talk_id(kind) << " falls back to English in " << lang;
    EXPECT_NE(&where_to_find("postcode", "en"), &where_to_find("postcode", lang)) << lang;
  }
}

TEST(SmallTalk, NamesLanguagesInEachLanguage) {
  EXPECT_EQ("Nederlands en Engels", language_list({"nl", "en"}, "nl"));
  EXPECT_EQ("Dutch, German and English", language_list({"nl", "de", "en"}, "en"));
  EXPECT_EQ("Niederländisch und Englisch", language_list({"nl", "en"}, "de"));
}

TEST(SmallTalk, AskingForALanguageNamesIt) {
  const auto asked = [](std::string_view text) { return asked_language(intents::tokenize(text)); };
  EXPECT_EQ("en", asked("and in English?"));
  EXPECT_EQ("en", asked("English please"));
  EXPECT_EQ("de", asked("und auf Deutsch?"));
  EXPECT_EQ("nl", asked("kan dat in het Nederlands"));
  EXPECT_EQ("fr", asked("en français s'il vous plaît"));
  EXPECT_EQ("en", asked("sorry, can you say that in English please?"));
  EXPECT_EQ("de", asked("Könnten Sie das bitte auf Deutsch wiederholen?"));
  EXPECT_EQ("en", asked("kunt u dat in het Engels zeggen?"));
  EXPECT_EQ("en", asked("kan du tale engelsk?"));
  EXPECT_EQ("fy", asked("can you speak Frisian?"));
  EXPECT_FALSE(asked("fries please")) << "English 'fries' are chips";
  EXPECT_NE(&sentence(Sentence::not_spoken, "nl"), &sentence(Sentence::not_spoken, "fy"))
      << "asked for Frisian, loket does not say it speaks no Dutch";
  EXPECT_FALSE(asked("Dutch or English?")) << "two languages: which one?";
  EXPECT_FALSE(asked("engelse les voor kinderen")) << "a question that names a language";
  EXPECT_FALSE(asked("hoe vraag ik een paspoort aan"));
}

TEST(SmallTalk, CallingOffAndSwearing) {
  const auto tokens = [](std::string_view text) { return intents::tokenize(text); };
  EXPECT_TRUE(calls_off_the_question(tokens("laat maar")));
  EXPECT_TRUE(calls_off_the_question(tokens("oh wacht, toch maar niet")));
  EXPECT_TRUE(calls_off_the_question(tokens("never mind")));
  EXPECT_FALSE(calls_off_the_question(tokens("laat maar weten wanneer het afval wordt opgehaald")))
      << "a question of its own";
  EXPECT_EQ(4u, without_swearing(tokens("die kut container is weer")).size());
  EXPECT_TRUE(without_swearing(tokens("jullie zijn idioten")).empty()) << "an insult";
  EXPECT_TRUE(without_swearing(tokens("fuck you")).empty()) << "sworn at someone";
  EXPECT_TRUE(without_swearing(tokens("jullie zijn kut")).empty()) << "nothing asked";
  EXPECT_EQ(7u,
            without_swearing(tokens("waarom hebben jullie de kut container niet geleegd")).size())
      << "the municipality asked something, angrily";
  EXPECT_TRUE(is_follow_up(tokens("how do I get a new one")));
  EXPECT_TRUE(is_follow_up(tokens("hoe krijg ik een nieuwe?")));
  EXPECT_TRUE(is_correction(tokens("nee ik bedoel het zwembad")));
}

TEST(SmallTalk, DontKnowFollowUpsAndStop) {
  EXPECT_TRUE(says_dont_know(intents::tokenize("Weet ik niet")));
  EXPECT_TRUE(says_dont_know(intents::tokenize("I don't know")));
  EXPECT_FALSE(
      says_dont_know(intents::tokenize("ik weet niet waar ik mijn paspoort kan halen "
                                       "en ook niet wanneer")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("and paper?")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("hoe lang duurt dat?")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("wie wint de champions league")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("nee sorry, 9702 CD bedoel ik")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("I meant 9701 AB")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("Ich habe meine Geldbörse verloren")))
      << "German 'meine' is also 'my'";
  EXPECT_FALSE(is_follow_up(intents::tokenize("Jeg mener at skatten er for høj")));
  // Only what is asked about, not about what: the question before says what.
  for (const char* aspect : {"kosten?", "waar dan?", "how much?", "wann?", "hoe lang?", "Prijs"})
    EXPECT_TRUE(is_follow_up(intents::tokenize(aspect))) << aspect;
  EXPECT_FALSE(is_follow_up(intents::tokenize("parkeervergunning")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("kosten paspoort")));
  // A detail with no subject of its own; "die" after a verb points back, after a noun it begins
  // a clause.
  for (const char* detail : {"wat moet ik meenemen?", "where do I go?", "Was muss ich mitbringen?",
                             "is die zaterdag open?", "hoe lang is die geldig?",
                             "how much does it cost?", "is het open op zondag?"})
    EXPECT_TRUE(is_follow_up(intents::tokenize(detail))) << detail;
  // How far ahead, from what age, what to bring, who does it, how long until: about the topic
  // before.
  for (const char* detail :
       {"hoe lang van tevoren?", "vanaf welke leeftijd", "moet ik een foto meenemen",
        "do I need to bring a photo", "hoe vraag ik die aan", "waar haal ik die op",
        "muss ich das selbst melden?", "moet ik het zelf doen", "moet ik zelf aangifte doen?",
        "how much does a new one cost", "hoe lang duurt het voordat ik antwoord krijg",
        "wie lange dauert es bis ich Antwort bekomme"})
    EXPECT_TRUE(is_follow_up(intents::tokenize(detail))) << detail;
  for (const char* own :
       {"hoe lang duurt het om te trouwen", "hoe lang duurt het tot de kermis",
        "mag ik mijn hond meenemen in de bus", "ik wil meenemen wat ik kan",
        "ik wil een nieuwe container", "ich möchte eine neue Mülltonne", "die aan"})
    EXPECT_FALSE(is_follow_up(intents::tokenize(own))) << own;
  EXPECT_FALSE(is_follow_up(intents::tokenize("mijn container die kapot is")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("Die Tonne ist kaputt"))) << "German";
  EXPECT_FALSE(is_follow_up(intents::tokenize("I want to die"))) << "English";
  EXPECT_FALSE(is_follow_up(intents::tokenize("is het paspoort duur")));
  // Dutch "het" points back at the end or before a particle, not as an article.
  EXPECT_TRUE(is_follow_up(intents::tokenize("wat kost het?")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("waar haal ik het op?")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("waar is het stadhuis")));
  EXPECT_FALSE(is_follow_up(intents::tokenize("wanneer wordt het afval opgehaald")));
  // "it", "das" and "es" the same: pointing back at the end or before a particle only.
  EXPECT_TRUE(is_follow_up(intents::tokenize("and where do I pick it up?")));
  EXPECT_TRUE(is_follow_up(intents::tokenize("was kostet das?")));
  for (const char* own : {"it is about my bin", "wo ist das Rathaus?", "was kostet es zu heiraten?",
                          "es geht um meine Mülltonne", "hoe laat is het?", "hoe gaat het?",
                          "dat is het niet", "nee, dat bedoel ik niet"})
    EXPECT_FALSE(is_follow_up(intents::tokenize(own))) << own;
  EXPECT_TRUE(rejects_the_answer(intents::tokenize("Nee, dat bedoel ik niet")));
  EXPECT_TRUE(rejects_the_answer(intents::tokenize("No, that's not it")));
  EXPECT_TRUE(rejects_the_answer(intents::tokenize("that’s wrong")));
  EXPECT_TRUE(asks_only_about_an_aspect(intents::tokenize("wanneer?")));
  EXPECT_FALSE(asks_only_about_an_aspect(intents::tokenize("wanneer komt het afval")));
  EXPECT_TRUE(is_stop_word(intents::tokenize("Stop!")));
  EXPECT_FALSE(is_stop_word(intents::tokenize("stop meldingen")));
}

}  // namespace
}  // namespace loket::dialogue
