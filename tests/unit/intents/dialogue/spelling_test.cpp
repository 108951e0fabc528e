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

}  // namespace
}  // namespace loket::dialogue
