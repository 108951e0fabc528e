#include "intents/intent_matcher.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

std::vector<TrainingExample> examples() {
  return {
      {"hoe vraag ik een paspoort aan", "passport", "nl"},
      {"paspoort verlengen", "passport", "nl"},
      {"mijn paspoort is verlopen", "passport", "nl"},
      {"how do i get a passport", "passport", "en"},
      {"renew my passport", "passport", "en"},
      {"wanneer wordt het afval opgehaald", "waste", "nl"},
      {"afvalkalender", "waste", "nl"},
      {"welke dag komt de vuilniswagen", "waste", "nl"},
      {"when is my bin collected", "waste", "en"},
      {"ik wil een boom kappen", "tree", "nl"},
      {"vergunning om een boom om te zagen", "tree", "nl"},
      {"can i cut down the tree in my garden", "tree", "en"},
  };
}

const std::string& best(const IntentMatcher& m, std::string_view text, std::string_view lang) {
  return m.intents()[m.rank(text, lang, 1).at(0).intent];
}

TEST(IntentMatcher, FindsParaphrasesInEachLanguage) {
  IntentMatcher m(examples());
  EXPECT_EQ("passport", best(m, "Hoe kan ik mijn paspoort vernieuwen?", "nl"));
  EXPECT_EQ("passport", best(m, "How do I renew my passport?", "en"));
  EXPECT_EQ("waste", best(m, "wanneer halen jullie het afval op", "nl"));
  EXPECT_EQ("tree", best(m, "mag ik die boom kappen", "nl"));
}

TEST(IntentMatcher, ToleratesTyposAndCompounds) {
  IntentMatcher m(examples());
  EXPECT_EQ("passport", best(m, "paspoord verlengen", "nl"));
  EXPECT_EQ("waste", best(m, "afval kalender", "nl"));
  EXPECT_EQ("tree", best(m, "boomkap vergunning", "nl"));
}

TEST(IntentMatcher, ScoresUnrelatedTextLow) {
  IntentMatcher m(examples());
  auto related = m.rank("hoe vraag ik een paspoort aan", "nl", 1).at(0).score;
  auto unrelated = m.rank("wie wint de champions league dit jaar", "nl", 1).at(0).score;
  EXPECT_GT(related, 0.7);
  EXPECT_LT(unrelated, 0.2);
  EXPECT_TRUE(m.rank("", "nl", 3).empty() || m.rank("", "nl", 3).at(0).score == 0);
}

TEST(IntentMatcher, RanksCandidatesBestFirst) {
  IntentMatcher m(examples());
  auto ranked = m.rank("paspoort", "nl", 3);
  ASSERT_EQ(3u, ranked.size());
  EXPECT_EQ("passport", m.intents()[ranked[0].intent]);
  EXPECT_GE(ranked[0].score, ranked[1].score);
  EXPECT_GE(ranked[1].score, ranked[2].score);
  EXPECT_EQ(3u, m.rank("paspoort", "nl", 10).size()) << "k is capped at the number of intents";
}

}  // namespace
}  // namespace loket::intents
