// Near misses: the edit distance, and a message's unknown words taken for the content's words.
#include "intents/dialogue/spelling.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

TEST(EditDistance, CountsEditsAndTranspositionsAndStopsPastTheLimit) {
  EXPECT_EQ(0, edit_distance("kapot", "kapot", 2));
  EXPECT_EQ(1, edit_distance("kappot", "kapot", 2));
  EXPECT_EQ(1, edit_distance("bewonres", "bewoners", 2)) << "a transposition is one edit";
  EXPECT_EQ(3, edit_distance("lanteerpaal", "lantaarnpaal", 3));
  EXPECT_EQ(3, edit_distance("abc", "xyzuvw", 2)) << "past the limit: limit + 1";
}

TEST(SpellingCorrector, TakesUnknownWordsForTheClosestContentWord) {
  config::Config config;
  config::Intent lamp;
  lamp.id = "lamp";
  lamp.examples["nl"] = {"lantaarnpaal kapot", "straatverlichting doet het niet"};
  config.intents.push_back(lamp);
  const SpellingCorrector corrector(config);
  EXPECT_EQ("lantaarnpaal kapot", corrector.correct(intents::tokenize("lanteerpaal kappot")));
  EXPECT_FALSE(corrector.correct(intents::tokenize("lantaarnpaal kapot"))) << "nothing to do";
  EXPECT_FALSE(corrector.correct(intents::tokenize("qwxz blorp"))) << "too far from any word";
}

TEST(SpellingCorrector, AWordOfItsOwnIsNoTypoOfAnother) {
  config::Config config;
  config::Intent graf;
  graf.id = "graf";
  graf.examples["nl"] = {"graf verlengen", "grafrecht verlengen"};
  config.intents.push_back(graf);
  const SpellingCorrector corrector(config);
  EXPECT_FALSE(corrector.correct(intents::tokenize("grap"))) << "four letters: another word";
  EXPECT_FALSE(corrector.correct(intents::tokenize("vertellen"))) << "three letters changed of 9";
  EXPECT_EQ("verlengen", corrector.correct(intents::tokenize("verlenegn"))) << "a real typo";
}

TEST(SpellingCorrector, CloselyTakesOnlyLongWordsATypoAway) {
  config::Config config;
  config::Intent afval;
  afval.id = "afval";
  afval.examples["nl"] = {"afvalkalender bekijken", "kapot", "straatverlichting kapot"};
  afval.examples["en"] = {"thank you"};
  config.intents.push_back(afval);
  const SpellingCorrector corrector(config);
  EXPECT_EQ("afvalkalender", corrector.correct(intents::tokenize("afvalkalnder"), true));
  EXPECT_EQ("straatverlichting", corrector.correct(intents::tokenize("straatverlichitng"), true))
      << "two typos from a word of 13 letters or more";
  EXPECT_FALSE(corrector.correct(intents::tokenize("afvlkalnder"), true)) << "two from 12 letters";
  EXPECT_FALSE(corrector.correct(intents::tokenize("kappot"), true)) << "short words stay";
  EXPECT_FALSE(corrector.correct(intents::tokenize("think"), true));
  EXPECT_EQ("thank", corrector.correct(intents::tokenize("think"))) << "offered, not answered";
}

TEST(SpellingCorrector, RespellsYAsIjOnlyWhereThatMakesAContentWord) {
  config::Config config;
  config::Intent lost;
  lost.id = "kwijt";
  lost.examples["nl"] = {"paspoort kwijt", "wanneer op vrijdag"};
  lost.examples["en"] = {"my passport is lost"};
  config.intents.push_back(lost);
  const SpellingCorrector corrector(config);
  auto tokens = intents::tokenize("Pasport KWYT vrydag");
  EXPECT_TRUE(corrector.respell_ij(tokens));
  EXPECT_EQ("kwijt", tokens[1].folded);
  EXPECT_EQ("kwijt", tokens[1].lower);
  EXPECT_EQ("vrijdag", tokens[2].folded);
  EXPECT_EQ("pasport", tokens[0].folded);
  auto english = intents::tokenize("my yellow passport");
  EXPECT_FALSE(corrector.respell_ij(english)) << "a word of its own, or no word with ij either";
  EXPECT_EQ("my", english[0].folded);
}

}  // namespace
}  // namespace loket::dialogue
