#include "intents/question_groups.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

TEST(QuestionGroups, AlikeQuestionsMakeOneGroupMostAskedFirst) {
  const auto groups = group_similar_questions({{"wie wint de champions league", 2},
                                               {"waar kan ik vissen", 5},
                                               {"wie gaat de champions league winnen", 4}},
                                              "nl");
  ASSERT_EQ(2u, groups.size());
  EXPECT_EQ(6, groups[0].times) << "the two football questions together";
  EXPECT_EQ("wie wint de champions league", groups[0].examples.at(0)) << "named by its first";
  EXPECT_EQ(2u, groups[0].examples.size());
  EXPECT_EQ(5, groups[1].times);
}

TEST(QuestionGroups, KeepsToItsLimits) {
  std::vector<AskedQuestion> asked;
  for (int i = 0; i < 30; ++i)
    asked.push_back({"vraag nummer " + std::to_string(i) + " over iets", 1});
  const auto groups = group_similar_questions(asked, "nl", 5, 3);
  EXPECT_LE(groups.size(), 5u);
  for (const auto& g : groups) EXPECT_LE(g.examples.size(), 3u);
}

TEST(QuestionGroups, NothingAskedNoGroups) {
  EXPECT_TRUE(group_similar_questions({}, "nl").empty());
}

}  // namespace
}  // namespace loket::intents
