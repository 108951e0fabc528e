// Required words: a phrase counts in a message by stem, in order, with at most one word between
// two of its words; a word ending in '*' counts where a message's word begins with it.
#include "intents/dialogue/required_words.h"

#include <gtest/gtest.h>

namespace loket::dialogue {
namespace {

using Written = std::map<std::string, std::vector<std::string>>;

bool found(const RequiredWords& required, std::string_view message) {
  return required.found_in(intents::tokenize(message));
}

TEST(RequiredWords, APhraseCountsByStemInItsOrder) {
  const RequiredWords required(
      {{"en", {"kill myself", "want to die"}}, {"de", {"nicht mehr leben", "umbringen"}}});
  EXPECT_TRUE(found(required, "I want to kill myself"));
  EXPECT_TRUE(found(required, "i WANTED to DIE"));
  EXPECT_TRUE(found(required, "ich will nicht mehr leben"));
  EXPECT_TRUE(found(required, "ich will mich umbringen"));
  EXPECT_FALSE(found(required, "ich will mich anmelden")) << "the look of a crisis is not one";
  EXPECT_FALSE(found(required, "I want to bring rubble myself"));
  EXPECT_FALSE(found(required, "myself kill")) << "in the phrase's order only";
  EXPECT_FALSE(found(required, ""));
}

TEST(RequiredWords, OneWordMayStandBetweenTwoOfAPhrase) {
  const RequiredWords required(Written{{"nl", {"ik wil dood"}}});
  EXPECT_TRUE(found(required, "ik wil dood"));
  EXPECT_TRUE(found(required, "ik wil echt dood"));
  EXPECT_FALSE(found(required, "ik wil mijn vaders dode hond melden")) << "two words between";
  EXPECT_FALSE(found(required, "dood"));
}

TEST(RequiredWords, AStarMatchesTheBeginningOfAWordAccentsAside) {
  const RequiredWords required({{"nl", {"zelfmoord*", "suicid*"}}});
  EXPECT_TRUE(found(required, "zelfmoordgedachten"));
  EXPECT_TRUE(found(required, "Zelfmoord"));
  EXPECT_TRUE(found(required, "ik ben suïcidaal"));
  EXPECT_FALSE(found(required, "moord op zelf")) << "a beginning, not a part";
}

TEST(RequiredWords, NoneWrittenIsEmpty) {
  EXPECT_TRUE(RequiredWords(Written{}).empty());
  EXPECT_TRUE(RequiredWords(Written{{"nl", {"", " * "}}}).empty()) << "nothing to look for";
  EXPECT_FALSE(RequiredWords(Written{{"nl", {"113"}}}).empty());
}

}  // namespace
}  // namespace loket::dialogue
