#include "intents/evaluation.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace loket::intents {
namespace {

const std::string kOutOfScope = "(out of scope)";

std::optional<double> ratio(std::size_t num, std::size_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

EvaluationReport evaluate(const std::vector<LabelledUtterance>& test,
                          const std::vector<Prediction>& predictions) {
  if (test.size() != predictions.size())
    throw std::invalid_argument("evaluate: one prediction per test utterance");
  EvaluationReport report;
  auto& s = report.scores;
  s.n = test.size();

  std::size_t in_scope = 0, in_scope_right = 0, top3_right = 0;
  std::size_t oos = 0, oos_caught = 0, declined = 0, declined_right = 0;
  std::size_t not_intent = 0, not_intent_right = 0;
  struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
  };
  std::map<std::string, Counts> per_class;
  std::map<std::pair<std::string, std::string>, std::size_t> confused;

  for (std::size_t i = 0; i < test.size(); ++i) {
    const auto& t = test[i];
    const auto& p = predictions[i];
    if (t.not_intent) {
      ++not_intent;
      if (p.intent != t.not_intent) ++not_intent_right;
      continue;
    }
    const std::string expected = t.intent.value_or(kOutOfScope);
    const std::string predicted = p.intent.value_or(kOutOfScope);
    if (!p.intent) {
      ++declined;
      if (!t.intent) ++declined_right;
    }
    if (t.intent) {
      ++in_scope;
      if (p.intent == t.intent) ++in_scope_right;
      auto end =
          p.top.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, p.top.size()));
      if (std::find(p.top.begin(), end, *t.intent) != end) ++top3_right;
    } else {
      ++oos;
      if (!p.intent) ++oos_caught;
    }
    if (expected == predicted) {
      ++per_class[expected].tp;
    } else {
      ++per_class[expected].fn;
      ++per_class[predicted].fp;
      ++confused[{expected, predicted}];
    }
  }

  s.in_scope_accuracy = ratio(in_scope_right, in_scope);
  s.top3_accuracy = ratio(top3_right, in_scope);
  s.oos_recall = ratio(oos_caught, oos);
  s.oos_precision = oos > 0 ? ratio(declined_right, declined) : std::nullopt;
  s.not_intent_accuracy = ratio(not_intent_right, not_intent);

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
      report.intents.push_back(r);
    }
  }
  if (classes > 0) s.macro_f1 = f1_sum / static_cast<double>(classes);
  std::sort(report.intents.begin(), report.intents.end(),
            [](const IntentReport& a, const IntentReport& b) {
              return a.f1 != b.f1 ? a.f1 < b.f1 : a.intent < b.intent;
            });
  for (const auto& [pair, count] : confused)
    report.confusions.push_back({pair.first, pair.second, count});
  std::sort(report.confusions.begin(), report.confusions.end(),
            [](const Confusion& a, const Confusion& b) {
              return a.count != b.count ? a.count > b.count : a.expected < b.expected;
            });
  return report;
}

}  // namespace loket::intents
