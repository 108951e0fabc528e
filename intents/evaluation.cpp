#include "intents/evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace loket::intents {
namespace {

const std::string kOutOfScope = "(out of scope)";

std::optional<double> ratio(std::size_t num, std::size_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

struct ClassCounts {
  std::size_t tp = 0, fp = 0, fn = 0;
};

struct Tally {
  std::size_t in_scope = 0, in_scope_right = 0, top3_right = 0;
  std::size_t oos = 0, oos_caught = 0, declined = 0, declined_right = 0;
  std::size_t not_intent = 0, not_intent_right = 0;
  std::map<std::string, ClassCounts> per_class;
  std::map<std::pair<std::string, std::string>, std::size_t> confused;
};

void add_to_tally(const LabelledUtterance& t, const Prediction& p, Tally& tally) {
  if (t.not_intent) {
    ++tally.not_intent;
    if (p.intent != t.not_intent) ++tally.not_intent_right;
    return;
  }
  const std::string expected = t.intent.value_or(kOutOfScope);
  const std::string predicted = p.intent.value_or(kOutOfScope);
  if (!p.intent) {
    ++tally.declined;
    if (!t.intent) ++tally.declined_right;
  }
  if (t.intent) {
    ++tally.in_scope;
    if (p.intent == t.intent) ++tally.in_scope_right;
    auto end = p.top.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, p.top.size()));
    if (std::find(p.top.begin(), end, *t.intent) != end) ++tally.top3_right;
  } else {
    ++tally.oos;
    if (!p.intent) ++tally.oos_caught;
  }
  if (expected == predicted) {
    ++tally.per_class[expected].tp;
  } else {
    ++tally.per_class[expected].fn;
    ++tally.per_class[predicted].fp;
    ++tally.confused[{expected, predicted}];
  }
}

// Fills the per-intent reports, worst first, and returns their macro F1.
std::optional<double> report_intents(const std::map<std::string, ClassCounts>& per_class,
                                     std::vector<IntentReport>& out) {
  double f1_sum = 0;
  std::size_t classes = 0;
  for (const auto& [name, c] : per_class) {
    IntentReport r;
    r.intent = name;
    r.support = c.tp + c.fn;
    r.precision = c.tp + c.fp ? static_cast<double>(c.tp) / static_cast<double>(c.tp + c.fp) : 0;
    r.recall = r.support ? static_cast<double>(c.tp) / static_cast<double>(r.support) : 0;
    r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
    if (r.support > 0) {  // a class only ever predicted, never expected, has no F1 of its own
      f1_sum += r.f1;
      ++classes;
      out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end(), [](const IntentReport& a, const IntentReport& b) {
    return a.f1 != b.f1 ? a.f1 < b.f1 : a.intent < b.intent;
  });
  if (classes == 0) return std::nullopt;
  return f1_sum / static_cast<double>(classes);
}

std::vector<Confusion> most_confused(
    const std::map<std::pair<std::string, std::string>, std::size_t>& confused) {
  std::vector<Confusion> out;
  for (const auto& [pair, count] : confused) out.push_back({pair.first, pair.second, count});
  std::sort(out.begin(), out.end(), [](const Confusion& a, const Confusion& b) {
    return a.count != b.count ? a.count > b.count : a.expected < b.expected;
  });
  return out;
}

}  // namespace

EvaluationReport evaluate(const std::vector<LabelledUtterance>& test,
                          const std::vector<Prediction>& predictions) {
  if (test.size() != predictions.size())
    throw std::invalid_argument("evaluate: one prediction per test utterance");
  Tally tally;
  for (std::size_t i = 0; i < test.size(); ++i) add_to_tally(test[i], predictions[i], tally);

  EvaluationReport report;
  auto& s = report.scores;
  s.n = test.size();
  s.in_scope_accuracy = ratio(tally.in_scope_right, tally.in_scope);
  s.top3_accuracy = ratio(tally.top3_right, tally.in_scope);
  s.oos_recall = ratio(tally.oos_caught, tally.oos);
  s.oos_precision = tally.oos > 0 ? ratio(tally.declined_right, tally.declined) : std::nullopt;
  s.not_intent_accuracy = ratio(tally.not_intent_right, tally.not_intent);
  s.macro_f1 = report_intents(tally.per_class, report.intents);
  report.confusions = most_confused(tally.confused);
  return report;
}

std::optional<OperatingCurve> operating_curve(const std::vector<LabelledUtterance>& test,
                                              const std::vector<Prediction>& predictions) {
  if (test.size() != predictions.size())
    throw std::invalid_argument("operating_curve: one prediction per test utterance");
  std::vector<double> right;  // scores of in-scope utterances whose best candidate is right
  std::vector<double> oos;    // scores of out-of-scope utterances
  std::size_t in_scope = 0;
  for (std::size_t i = 0; i < test.size(); ++i) {
    const auto& t = test[i];
    const auto& p = predictions[i];
    if (t.not_intent) continue;
    if (!t.intent) {
      oos.push_back(p.score);
      continue;
    }
    ++in_scope;
    if (!p.top.empty() && p.top[0] == *t.intent) right.push_back(p.score);
  }
  if (in_scope == 0 || oos.empty()) return std::nullopt;
  std::sort(right.begin(), right.end());
  std::sort(oos.begin(), oos.end());
  // Declining the k lowest-scoring out-of-scope utterances takes a threshold just above the k-th
  // one's score: the in-scope ones right and above it are still answered.
  const auto accuracy_declining = [&](std::size_t k) {
    if (k == 0) return static_cast<double>(right.size()) / static_cast<double>(in_scope);
    const auto above = right.end() - std::upper_bound(right.begin(), right.end(), oos[k - 1]);
    return static_cast<double>(above) / static_cast<double>(in_scope);
  };
  const auto at_recall = [&](double recall) {
    const auto k = static_cast<std::size_t>(std::ceil(recall * static_cast<double>(oos.size())));
    return accuracy_declining(std::min(k, oos.size()));
  };
  OperatingCurve curve;
  curve.accuracy_at_recall_25 = at_recall(0.25);
  curve.accuracy_at_recall_50 = at_recall(0.5);
  curve.accuracy_at_recall_75 = at_recall(0.75);
  double previous = accuracy_declining(0);
  for (std::size_t k = 1; k <= oos.size(); ++k) {
    const double current = accuracy_declining(k);
    curve.area += (previous + current) / 2 / static_cast<double>(oos.size());
    previous = current;
  }
  return curve;
}

}  // namespace loket::intents
