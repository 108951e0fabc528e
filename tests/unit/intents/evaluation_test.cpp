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

namespace loket::intents {
namespace {

TEST(OperatingCurve, AccuracyAtEachOutOfScopeRecallAndTheAreaUnderIt) {
  // Four in-scope questions (three right, at 0.9, 0.6 and 0.3; one wrong at 0.8) and four out of
  // scope (at 0.1, 0.2, 0.5 and 0.7).
  std::vector<LabelledUtterance> test = {{"a1", "a", {}},          {"a2", "a", {}},
                                         {"a3", "a", {}},          {"b1", "b", {}},
                                         {"o1", std::nullopt, {}}, {"o2", std::nullopt, {}},
                                         {"o3", std::nullopt, {}}, {"o4", std::nullopt, {}}};
  std::vector<Prediction> predicted = {
      {"a", {"a"}, 0.9}, {"a", {"a"}, 0.6}, {"a", {"a"}, 0.3}, {"a", {"a"}, 0.8},
      {"a", {"a"}, 0.1}, {"a", {"a"}, 0.2}, {"a", {"a"}, 0.5}, {"a", {"a"}, 0.7},
  };
  const auto curve = operating_curve(test, predicted);
  ASSERT_TRUE(curve);
  // Recall 0.25 declines the 0.1 one: all three right ones still clear it.
  EXPECT_DOUBLE_EQ(0.75, curve->accuracy_at_recall_25);
  // 0.5 declines up to 0.2: still three. 0.75 declines up to 0.5: the 0.3 one goes.
  EXPECT_DOUBLE_EQ(0.75, curve->accuracy_at_recall_50);
  EXPECT_DOUBLE_EQ(0.5, curve->accuracy_at_recall_75);
  // Points at recall 0, .25, .5, .75, 1: 0.75, 0.75, 0.75, 0.5, 0.25 (only 0.9 clears 0.7).
  // Trapezoids between them, a quarter wide each.
  EXPECT_DOUBLE_EQ((0.75 + 0.75 + 0.625 + 0.375) / 4, curve->area);
  // Without out-of-scope questions there is no curve.
  test.resize(4);
  predicted.resize(4);
  EXPECT_FALSE(operating_curve(test, predicted));
}

}  // namespace
}  // namespace loket::intents
