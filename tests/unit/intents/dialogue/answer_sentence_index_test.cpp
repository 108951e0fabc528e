#include "intents/dialogue/answer_sentence_index.h"

#include <gtest/gtest.h>

#include "intents/dialogue/answer_aspects.h"

namespace loket::dialogue {
namespace {

config::Intent intent(std::string id, std::string title, std::string nl, std::string en = "") {
  config::Intent i;
  i.id = std::move(id);
  i.title = {{"nl", std::move(title)}};
  i.answer = {{"nl", std::move(nl)}};
  if (!en.empty()) i.answer["en"] = std::move(en);
  return i;
}

// A passport answer among a few others, which share "online", "afspraak" and "aanvragen".
std::vector<config::Intent> content() {
  return {intent("paspoort", "Paspoort aanvragen",
                 "Een paspoort vraagt u aan op afspraak. Een paspoort kost € 84,35 voor "
                 "volwassenen en € 64,10 voor kinderen. Uw paspoort is na 5 werkdagen klaar; u "
                 "haalt het zelf op of laat het thuis bezorgen. U kunt online een afspraak maken.",
                 "You apply for a passport by appointment. It is ready after 5 working days. "
                 "You report your move from 4 weeks before the moving date."),
          intent("uittreksel", "Uittreksel", "Een uittreksel vraagt u online aan of op afspraak."),
          intent("verhuizing", "Verhuizen",
                 "Uw verhuizing geeft u online door. Dat kan ook op afspraak."),
          intent("parkeren", "Parkeervergunning",
                 "Een vergunning vraagt u online aan. Een tweede "
                 "auto kan op een wachtlijst."),
          intent("afval", "Afvalkalender",
                 "De kalender staat online. Grofvuil ophalen kost € 30, op afspraak."),
          intent("melding", "Melding",
                 "Een melding doet u online. U kunt er een foto en een bericht bij zetten. Wij "
                 "houden u op de hoogte."),
          intent("graf", "Grafrechten", "Grafrechten verlengt u bij de beheerder.")};
}

std::optional<std::string> naming(const AnswerSentenceIndex& index,
                                  const std::vector<config::Intent>& intents, std::size_t which,
                                  const char* question, const char* lang = "nl") {
  return index.sentences_naming(intents[which], lang, intents::tokenize(question));
}

TEST(AnswerSentenceIndex, AFollowUpGetsTheSentenceItsOwnWordsName) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  EXPECT_EQ("Uw paspoort is na 5 werkdagen klaar; u haalt het zelf op of laat het thuis bezorgen.",
            naming(index, intents, 0, "kan ik het laten bezorgen?").value_or("(none)"));
  // "kind" names "kinderen": a word the answer's begins with.
  EXPECT_EQ("Een paspoort kost € 84,35 voor volwassenen en € 64,10 voor kinderen.",
            naming(index, intents, 0, "kan dat ook voor mijn kind?").value_or("(none)"));
}

TEST(AnswerSentenceIndex, AWordNoAnswerHasIsNotAnswered) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  // "bezorgen" is there, but nothing of iDEAL.
  EXPECT_FALSE(naming(index, intents, 0, "kan ik laten bezorgen en betalen met ideal?"));
  EXPECT_FALSE(naming(index, intents, 0, "kan ik een koelkast meegeven?"));
}

TEST(AnswerSentenceIndex, WordsMostAnswersHaveTellNothing) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  // "online" and "afspraak" are in more answers than the common share allows.
  EXPECT_FALSE(naming(index, intents, 0, "kan het online?"));
  EXPECT_FALSE(naming(index, intents, 0, "moet ik een afspraak maken?"));
  // Nor do general words: "krijgen", "jaar".
  EXPECT_FALSE(naming(index, intents, 0, "hoeveel krijg ik per jaar?"));
}

TEST(AnswerSentenceIndex, AWordPassedOverNeedsTwoTheAnswerHas) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  // "kost" is in other answers, not this one: beside "foto" alone, not enough.
  EXPECT_FALSE(naming(index, intents, 5, "kost een foto iets?"));
  EXPECT_EQ("U kunt er een foto en een bericht bij zetten.",
            naming(index, intents, 5, "kost een foto met een bericht iets?").value_or("(none)"));
}

TEST(AnswerSentenceIndex, TheTopicsOwnTitleIsNoWordOfTheQuestion) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  EXPECT_FALSE(naming(index, intents, 0, "paspoort?"));
  EXPECT_EQ("Uw paspoort is na 5 werkdagen klaar; u haalt het zelf op of laat het thuis bezorgen.",
            naming(index, intents, 0, "kan ik mijn paspoort laten bezorgen").value_or("(none)"));
}

TEST(AnswerSentenceIndex, OfTheSentencesWithItsWordTheOneWithMostOfTheRest) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  EXPECT_EQ("You report your move from 4 weeks before the moving date.",
            naming(index, intents, 0, "can I do it before I move?", "en").value_or("(none)"));
}

TEST(AnswerSentenceIndex, ASentencePointingBackComesWithTheOneBefore) {
  const std::vector<config::Intent> intents = {
      intent("vog", "VOG",
             "Een VOG vraagt u aan bij Justis. Zonder DigiD komt u langs. Dat kost "
             "€ 44,55 aan leges."),
      intent("a", "A", "Iets anders."), intent("b", "B", "Nog iets."), intent("c", "C", "En dit.")};
  const AnswerSentenceIndex index(intents);
  EXPECT_EQ("Zonder DigiD komt u langs. Dat kost € 44,55 aan leges.",
            naming(index, intents, 0, "en de leges?").value_or("(none)"));
}

TEST(AnswerSentenceIndex, EverySentenceIsTheWholeAnswer) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  EXPECT_EQ("", naming(index, intents, 6, "bij de beheerder?").value_or("(none)"))
      << "a one-sentence answer: all of it";
}

TEST(AnswerSentenceIndex, TheRestOfAQuestionAboutAPartMustBeInThatPart) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  const auto rest = [&](const char* question, const char* lang) {
    const auto tokens = intents::tokenize(question);
    const auto part =
        sentences_about(intents[0].answer.at(lang), asked_aspects(tokens, lang, false, {}), lang);
    return index.part_speaks_of_the_rest(
        intents[0], lang, tokens, [&](std::string_view w) { return asks_with(w, lang); }, part);
  };
  EXPECT_TRUE(rest("hoe lang moet ik wachten?", "nl")) << "nothing besides the part";
  EXPECT_TRUE(rest("hoe lang duurt het bezorgen?", "nl"));
  EXPECT_FALSE(rest("hoe lang duurt het voor kinderen?", "nl"))
      << "the answer speaks of children, but not where it says how long";
  EXPECT_FALSE(rest("how long should I cook a roast?", "en"));
  EXPECT_FALSE(rest("how much do I make in a year", "en")) << "only general words besides";
}

TEST(AnswerSentenceIndex, ALanguageWithoutWordListsOrAnAnswerGetsNothing) {
  const auto intents = content();
  const AnswerSentenceIndex index(intents);
  EXPECT_FALSE(naming(index, intents, 1, "can it be delivered?", "en")) << "no English answer";
  EXPECT_FALSE(naming(index, intents, 0, "kan jeg få det leveret?", "fr"));
}

}  // namespace
}  // namespace loket::dialogue
