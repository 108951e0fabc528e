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

TEST(RequiredWords, IntentsInSeveralLanguagesShareOneMessagesStems) {
  const RequiredWords dutch(Written{{"nl", {"ik wil dood"}}});
  const RequiredWords english(Written{{"en", {"want to die"}}});
  const RequiredWords german(Written{{"de", {"nicht mehr leben"}}});
  const auto tokens = intents::tokenize("ik wil dood, I wanted to die, ich will nicht mehr leben");
  MessageStems stems(tokens);
  // Each language's stems are made once and kept while later languages are added.
  EXPECT_TRUE(dutch.found_in(stems));
  EXPECT_TRUE(english.found_in(stems));
  EXPECT_TRUE(german.found_in(stems));
  EXPECT_TRUE(dutch.found_in(stems));
  EXPECT_EQ(stems.in("nl").size(), tokens.size());
  const auto other = intents::tokenize("ik wil een paspoort");
  MessageStems other_stems(other);
  EXPECT_FALSE(english.found_in(other_stems));
  EXPECT_FALSE(dutch.found_in(other_stems));
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
