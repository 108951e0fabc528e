#include "intents/evaluation.h"

#include <gtest/gtest.h>

namespace loket::intents {
namespace {

TEST(Evaluation, ScoresEachKindOfUtterance) {
  std::vector<LabelledUtterance> test = {
      {"a1", "a", {}},           {"a2", "a", {}},           {"b1", "b", {}},
      {"b2", "b", {}},           {"o1", std::nullopt, {}},  {"o2", std::nullopt, {}},
      {"n1", std::nullopt, "a"}, {"n2", std::nullopt, "b"},
  };
  std::vector<Prediction> predicted = {
      {"a", {"a", "b"}},       // right
      {std::nullopt, {"a"}},   // declined an in-scope question: wrong, but top-3 right
      {"b", {"b"}},            // right
      {"a", {"a", "c", "d"}},  // wrong, b not in the top 3
      {std::nullopt, {"a"}},   // out of scope, declined: right
      {"b", {"b"}},            // out of scope, answered: wrong
      {"b", {"b"}},            // not a: right
      {"b", {"b"}},            // not b: wrong
  };
  auto report = evaluate(test, predicted);
  const auto& s = report.scores;
  EXPECT_EQ(8u, s.n);
  EXPECT_DOUBLE_EQ(0.5, *s.in_scope_accuracy);
  EXPECT_DOUBLE_EQ(0.75, *s.top3_accuracy);
  EXPECT_DOUBLE_EQ(0.5, *s.oos_recall);
  EXPECT_DOUBLE_EQ(0.5, *s.oos_precision);  // declined twice, once rightly
  EXPECT_DOUBLE_EQ(0.5, *s.not_intent_accuracy);
  ASSERT_TRUE(s.macro_f1);
  ASSERT_FALSE(report.confusions.empty());
  EXPECT_EQ(1u, report.confusions[0].count);
}

TEST(Evaluation, LeavesMetricsThatDoNotApplyEmpty) {
  auto report = evaluate({{"a", "a", {}}}, {{"a", {"a"}}});
  EXPECT_DOUBLE_EQ(1.0, *report.scores.in_scope_accuracy);
  EXPECT_FALSE(report.scores.oos_recall);
  EXPECT_FALSE(report.scores.oos_precision);
  EXPECT_FALSE(report.scores.not_intent_accuracy);
  EXPECT_THROW(evaluate({{"a", "a", {}}}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace loket::intents
