#include "intents/dialogue/answer_aspects.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

constexpr const char* kPassport =
    "Een paspoort vraagt u persoonlijk aan bij de Stadswinkel, Stadhuisplein 1, op afspraak. "
    "Neem uw huidige paspoort of ID-kaart mee en een recente pasfoto. Een paspoort kost in 2026 "
    "€ 84,35 voor volwassenen (10 jaar geldig). Uw paspoort is na ongeveer 5 werkdagen klaar. "
    "Vraag op tijd een nieuw paspoort aan als u op reis gaat.";

Aspects asked(const char* text, const char* lang = "nl", bool follows_up = false,
              std::vector<std::string> title_words = {}) {
  return asked_aspects(intents::tokenize(text), lang, follows_up, title_words);
}

Aspects only(Aspect aspect) {
  return Aspects().set(static_cast<std::size_t>(aspect));
}

TEST(AnswerAspects, AQuestionThatAsksIsReadInAnyMessage) {
  EXPECT_EQ(only(Aspect::cost), asked("wat kost een paspoort?"));
  EXPECT_EQ(only(Aspect::duration), asked("hoe lang duurt een omgevingsvergunning"));
  EXPECT_EQ(only(Aspect::documents), asked("wat moet ik allemaal meenemen voor mijn paspoort"));
  EXPECT_EQ(only(Aspect::cost), asked("Was kostet ein Personalausweis?", "de"));
  EXPECT_EQ(only(Aspect::duration), asked("how long does it take to get a passport", "en"));
  EXPECT_EQ(only(Aspect::cost), asked("hvad koster et pas", "da"));
}

TEST(AnswerAspects, ABareWordAsksOnlyAfterAQuestion) {
  // "ik kan de kosten niet betalen" is about the costs themselves, not what something costs.
  EXPECT_TRUE(asked("ik kan de kosten niet betalen").none());
  EXPECT_EQ(only(Aspect::cost), asked("en de kosten?", "nl", true));
  EXPECT_EQ(only(Aspect::duration), asked("hoe lang?", "nl", true));
}

TEST(AnswerAspects, HowLongValidIsNotHowLongItTakes) {
  EXPECT_EQ(only(Aspect::validity), asked("hoe lang is die geldig?", "nl", true));
  EXPECT_EQ(only(Aspect::validity), asked("how long is it valid", "en"));
}

TEST(AnswerAspects, ACueInTheTitleNamesTheTopic) {
  EXPECT_EQ(only(Aspect::cost), asked("moet ik betalen voor een parkeervergunning"));
  EXPECT_TRUE(asked("moet ik betalen", "nl", true, {"belasting", "betalen"}).none());
}

TEST(AnswerAspects, NoWordListsNoAspects) {
  EXPECT_TRUE(asked("combien coûte un passeport", "fr").none());
  EXPECT_EQ("", sentences_about(kPassport, only(Aspect::cost), "fr"));
}

TEST(AnswerAspects, TheSentencesAboutTheAspectInTheirOrder) {
  EXPECT_EQ("Een paspoort kost in 2026 € 84,35 voor volwassenen (10 jaar geldig).",
            sentences_about(kPassport, only(Aspect::cost), "nl"));
  EXPECT_EQ("Uw paspoort is na ongeveer 5 werkdagen klaar.",
            sentences_about(kPassport, only(Aspect::duration), "nl"));
  EXPECT_EQ(
      "Neem uw huidige paspoort of ID-kaart mee en een recente pasfoto. Uw paspoort is na "
      "ongeveer 5 werkdagen klaar.",
      sentences_about(kPassport, only(Aspect::documents) | only(Aspect::duration), "nl"));
}

TEST(AnswerAspects, NoPartWhenNoneOrEverySentenceIsAboutIt) {
  EXPECT_EQ("",
            sentences_about("U kunt dit online regelen. Dat is handig.", only(Aspect::cost), "nl"));
  EXPECT_EQ("", sentences_about("Het kost € 5. Gratis voor kinderen.", only(Aspect::cost), "nl"));
  EXPECT_EQ("", sentences_about(kPassport, Aspects(), "nl"));
}

TEST(AnswerAspects, SentencesEndWhereACapitalFollows) {
  // "8.00" and "www.noorderhaven.nl/tarieven" hold points that end nothing.
  const char* text =
      "Open van 8.00 tot 16.30 uur. Tarieven staan op www.noorderhaven.nl/tarieven. Puin kost "
      "€ 15 per m³.\n\nDaarna nog iets.";
  EXPECT_EQ("Tarieven staan op www.noorderhaven.nl/tarieven. Puin kost € 15 per m³.",
            sentences_about(text, only(Aspect::cost), "nl"));
}

TEST(AnswerAspects, ANumberAfterAWordStartsASentence) {
  EXPECT_EQ("2026 kost een hond € 92.",
            sentences_about("U meldt uw hond aan op de website. 2026 kost een hond € 92.",
                            only(Aspect::cost), "nl"));
  EXPECT_EQ("", sentences_about("Dat duurt ca. 5 dagen.", only(Aspect::duration), "nl"))
      << "one sentence, all about it";
}

TEST(AnswerAspects, ASentencePointingBackTakesTheOneBefore) {
  const char* text =
      "Meestal start uw werkgever de aanvraag. Heeft u geen DigiD, dan gaat u naar de "
      "Stadswinkel. Dat kost € 44,55. Vrijwilligers krijgen hem vaak gratis van hun "
      "organisatie? Niet altijd.";
  EXPECT_EQ(
      "Heeft u geen DigiD, dan gaat u naar de Stadswinkel. Dat kost € 44,55. Vrijwilligers "
      "krijgen hem vaak gratis van hun organisatie?",
      sentences_about(text, only(Aspect::cost), "nl"));
}

TEST(AnswerAspects, ValidForHowLongNotAValidDocument) {
  const char* text =
      "Neem een geldig identiteitsbewijs mee. De kaart kost € 10 en is 5 jaar geldig. Tot "
      "ziens.";
  EXPECT_EQ("De kaart kost € 10 en is 5 jaar geldig.",
            sentences_about(text, only(Aspect::validity), "nl"));
  EXPECT_EQ("", sentences_about("Neem een geldig identiteitsbewijs mee. Tot ziens.",
                                only(Aspect::validity), "nl"));
}

TEST(AnswerAspects, AConditionAsksMoreThanAPart) {
  EXPECT_TRUE(asked("wat kost het als ik te laat ben met mijn verhuizing").none());
  EXPECT_TRUE(asked("how much is it if I am late", "en").none());
}

TEST(AnswerAspects, HowFarAheadIsADeadline) {
  EXPECT_EQ(only(Aspect::deadline), asked("hoe lang van tevoren moet ik trouwen melden"));
  EXPECT_EQ(only(Aspect::deadline), asked("bis wann muss ich das beantragen", "de"));
  EXPECT_EQ(only(Aspect::validity), asked("how long is an ID card valid", "en"));
  EXPECT_EQ(only(Aspect::deadline), asked("binnen hoeveel dagen moet dat?", "nl", true))
      << "not what it costs";
  EXPECT_EQ("Vraag het aan tot en met 31 december.",
            sentences_about("Vraag het aan tot en met 31 december. Het geld komt snel.",
                            only(Aspect::deadline), "nl"))
      << "a date is a deadline";
}

TEST(AnswerAspects, AListStaysWithTheLineThatIntroducesIt) {
  const char* text = "Neem mee:\n- uw paspoort\n- een pasfoto\nDe aanvraag kost € 20.";
  EXPECT_EQ("Neem mee:\n- uw paspoort\n- een pasfoto",
            sentences_about(text, only(Aspect::documents), "nl"));
}

}  // namespace
}  // namespace loket::dialogue
