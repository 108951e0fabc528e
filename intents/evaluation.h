// Scores an intent matcher's predictions against labelled test utterances: in-scope accuracy,
// out-of-scope recall and precision, top-3 accuracy, macro F1, "not this intent" accuracy, a
// per-intent report with the most confused pairs, and the operating curve (in-scope accuracy
// against out-of-scope recall as the threshold moves). Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace loket::intents {

struct LabelledUtterance {
  std::string text;
  std::optional<std::string> intent;      // nullopt: out of scope
  std::optional<std::string> not_intent;  // set instead of intent: anything but this is right
};

struct Prediction {
  std::optional<std::string> intent;  // nullopt: the matcher declined (fallback)
  std::vector<std::string> top;       // best candidates regardless of the threshold, best first
  double score = 0;                   // the best candidate's score
};

struct EvaluationScores {
  std::size_t n = 0;
  std::optional<double> in_scope_accuracy;
  std::optional<double> oos_recall;
  std::optional<double> oos_precision;
  std::optional<double> top3_accuracy;
  std::optional<double> macro_f1;
  std::optional<double> not_intent_accuracy;
};

struct IntentReport {
  std::string intent;  // "(out of scope)" for the fallback class
  std::size_t support = 0;
  double precision = 0, recall = 0, f1 = 0;
};

struct Confusion {
  std::string expected, predicted;
  std::size_t count = 0;
};

struct EvaluationReport {
  EvaluationScores scores;
  std::vector<IntentReport> intents;  // worst F1 first
  std::vector<Confusion> confusions;  // most frequent first
};

// In-scope accuracy (the best candidate is right and clears the threshold) against out-of-scope
// recall (the best candidate does not clear it) for every threshold: at the thresholds that
// first reach out-of-scope recall 0.25, 0.5 and 0.75, and the area under the whole curve. Set
// only when the test has both in-scope and out-of-scope utterances.
struct OperatingCurve {
  double accuracy_at_recall_25 = 0, accuracy_at_recall_50 = 0, accuracy_at_recall_75 = 0;
  double area = 0;
};
std::optional<OperatingCurve> operating_curve(const std::vector<LabelledUtterance>& test,
                                              const std::vector<Prediction>& predictions);

// `predictions[i]` belongs to `test[i]`.
EvaluationReport evaluate(const std::vector<LabelledUtterance>& test,
                          const std::vector<Prediction>& predictions);

}  // namespace loket::intents
