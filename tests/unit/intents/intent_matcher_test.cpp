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

TEST(IntentMatcher, ScoresUnrelatedTextBelowItsThreshold) {
  IntentMatcher m(examples());
  EXPECT_GE(m.threshold(), 0.1);
  EXPECT_LE(m.threshold(), 0.6);
  EXPECT_GT(m.rank("hoe vraag ik een paspoort aan", "nl", 1).at(0).score, m.threshold());
  EXPECT_GT(m.rank("when is my bin collected", "en", 1).at(0).score, m.threshold());
  for (const char* text : {"wie wint de champions league dit jaar", "", "?!"})
    EXPECT_LT(m.rank(text, "nl", 1).at(0).score, m.threshold()) << text;
}

TEST(IntentMatcher, LearnsFromOutOfScopeExamples) {
  auto training = examples();
  for (const char* text : {"wat voor weer wordt het", "wie wint de wedstrijd", "vertel een mop",
                           "hoe laat gaat de trein", "wat eten we vanavond"})
    training.push_back({text, "", "nl"});
  IntentMatcher m(training);
  EXPECT_EQ(3u, m.intents().size()) << "out-of-scope examples are not an intent";
  auto plain = IntentMatcher(examples()).rank("wordt het morgen mooi weer", "nl", 1).at(0).score;
  EXPECT_LT(m.rank("wordt het morgen mooi weer", "nl", 1).at(0).score, plain);
}

TEST(IntentMatcher, UsesAFixedThresholdWhenGivenOne) {
  MatcherOptions options;
  options.threshold = 0.42;
  EXPECT_DOUBLE_EQ(0.42, IntentMatcher(examples(), options).threshold());
}

TEST(IntentMatcher, TrainingIsRepeatable) {
  IntentMatcher a(examples()), b(examples());
  EXPECT_DOUBLE_EQ(a.threshold(), b.threshold());
  EXPECT_DOUBLE_EQ(a.rank("afval", "nl", 1).at(0).score, b.rank("afval", "nl", 1).at(0).score);
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
