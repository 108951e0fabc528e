#include "server/cli/nlu_eval.h"

#include <algorithm>
#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <set>

#include "config/config.h"
#include "intents/dataset_language.h"
#include "intents/dialogue/training_data.h"
#include "intents/evaluation.h"
#include "intents/intent_matcher.h"
#include "intents/text_normalizer.h"

namespace loket::server {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLineBytes = 64 * 1024;
constexpr std::size_t kMaxLines = 2'000'000;

struct Record {
  std::string text;
  std::optional<std::string> intent;
  std::optional<std::string> not_intent;
  std::optional<std::string> answer;
  std::optional<std::string> lang;
};

std::optional<std::string> optional_string(const json::object& o, const char* key,
                                           const std::string& where) {
  auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) throw std::runtime_error(where + ": '" + key + "' must be a string or null");
  return std::string(v->get_string());
}

std::vector<Record> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::vector<Record> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.size() > kMaxLineBytes) throw std::runtime_error(where + ": line longer than 64 KiB");
    if (out.size() >= kMaxLines) throw std::runtime_error(where + ": more than 2,000,000 lines");
    boost::system::error_code ec;
    auto value = json::parse(line, ec);
    if (ec) throw std::runtime_error(where + ": not valid JSON: " + ec.message());
    if (!value.is_object()) throw std::runtime_error(where + ": each line must be a JSON object");
    const auto& o = value.as_object();
    Record r;
    auto text = optional_string(o, "text", where);
    if (!text || text->empty()) throw std::runtime_error(where + ": 'text' is missing or empty");
    r.text = *text;
    r.intent = optional_string(o, "intent", where);
    r.not_intent = optional_string(o, "not_intent", where);
    r.answer = optional_string(o, "answer", where);
    r.lang = optional_string(o, "lang", where);
    out.push_back(std::move(r));
  }
  return out;
}

// Function words are the surest sign of a language in a few hundred sentences.
std::string guess_language(const std::vector<Record>& records) {
  std::vector<std::string> texts;
  texts.reserve(records.size());
  for (const auto& r : records) texts.push_back(r.text);
  return intents::guess_dataset_language(texts);
}

std::vector<intents::TrainingExample> to_training(const std::vector<Record>& records,
                                                  const std::string& lang) {
  std::vector<intents::TrainingExample> out;
  std::set<std::pair<std::string, std::string>> answers;
  for (const auto& r : records) {
    const std::string l = r.lang.value_or(lang);
    out.push_back({r.text, r.intent.value_or(""), l, 1.0f});
    if (r.answer && r.intent && answers.insert({*r.intent, *r.answer}).second)
      out.push_back({*r.answer, *r.intent, l, dialogue::kAnswerWeight});
  }
  return out;
}

intents::MatcherOptions options_from_environment() {
  // A tuning aid for developers: LOKET_MATCHER_OPTIONS="classifier_weight=0.5,epochs=8".
  intents::MatcherOptions options;
  const char* env = std::getenv("LOKET_MATCHER_OPTIONS");
  if (env == nullptr) return options;
  std::string spec = env;
  std::size_t start = 0;
  while (start < spec.size()) {
    auto end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    auto item = spec.substr(start, end - start);
    auto eq = item.find('=');
    if (eq != std::string::npos) {
      auto key = item.substr(0, eq);
      double v = std::stod(item.substr(eq + 1));
      if (key == "classifier_weight")
        options.classifier_weight = v;
      else if (key == "folds")
        options.folds = static_cast<int>(v);
      else if (key == "epochs")
        options.epochs = static_cast<int>(v);
      else if (key == "threshold")
        options.threshold = v;
      else if (key == "learning_rate")
        options.learning_rate = static_cast<float>(v);
      else if (key == "l2")
        options.l2 = static_cast<float>(v);
      else if (key == "negative_weight")
        options.negative_weight = v;
      else if (key == "left_out_weight")
        options.left_out_weight = v;
      else
        throw std::runtime_error("LOKET_MATCHER_OPTIONS: unknown option " + key);
    }
    start = end + 1;
  }
  return options;
}

json::value number_or_null(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10000) / 10000;
}

// Boost.JSON writes 0.686 as 6.86E-1; people read these figures, so plain decimals.
std::string format_flat(const json::object& o) {
  std::string line = "{";
  for (const auto& [key, value] : o) {
    if (line.size() > 1) line += ", ";
    line += json::serialize(json::string(key)) + ": ";
    if (value.is_double()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", value.as_double());
      std::string number = buf;
      while (number.back() == '0') number.pop_back();
      if (number.back() == '.') number.pop_back();
      line += number;
    } else {
      line += json::serialize(value);
    }
  }
  return line + "}";
}

struct Run {
  std::vector<intents::Prediction> predictions;
  double train_s = 0;
  double classify_s = 0;
  double threshold = 0;
  std::size_t memory_bytes = 0;
  std::size_t features = 0;
};

// `threshold`: score at this one instead of the matcher's own (chosen by cross-validation).
Run train_and_predict(const std::vector<intents::TrainingExample>& train,
                      const std::vector<Record>& test, const std::string& lang,
                      const intents::MatcherOptions& options,
                      std::optional<double> threshold = std::nullopt) {
  Run run;
  auto t0 = Clock::now();
  intents::IntentMatcher matcher(train, options);
  run.train_s = std::chrono::duration<double>(Clock::now() - t0).count();
  run.threshold = threshold.value_or(matcher.threshold());
  run.memory_bytes = matcher.memory_bytes();
  run.features = matcher.feature_count();
  std::vector<std::vector<intents::Candidate>> ranked(test.size());
  // The speed is the median of several passes over the test set: one pass of a few thousand
  // lines takes milliseconds, and a single one moves with whatever else the machine does.
  std::vector<double> passes;
  double timed = 0;
  while (passes.size() < 3 || (timed < 0.3 && passes.size() < 50)) {
    auto t1 = Clock::now();
    for (std::size_t i = 0; i < test.size(); ++i)
      ranked[i] = matcher.rank(test[i].text, test[i].lang ? *test[i].lang : lang, 3);
    passes.push_back(std::chrono::duration<double>(Clock::now() - t1).count());
    timed += passes.back();
  }
  std::nth_element(passes.begin(), passes.begin() + passes.size() / 2, passes.end());
  run.classify_s = passes[passes.size() / 2];
  run.predictions.reserve(test.size());
  for (const auto& candidates : ranked) {
    intents::Prediction p;
    for (const auto& c : candidates) p.top.push_back(matcher.intents()[c.intent]);
    if (!candidates.empty()) p.score = candidates[0].score;
    if (!candidates.empty() && candidates[0].score >= run.threshold) p.intent = p.top[0];
    run.predictions.push_back(std::move(p));
  }
  return run;
}

void write_report(const std::string& path, const intents::EvaluationReport& report) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error(path + ": cannot write the report");
  out << "# Per intent (worst F1 first)\n\n| intent | support | precision | recall | F1 |\n"
         "|---|---|---|---|---|\n";
  char buf[64];
  for (const auto& r : report.intents) {
    std::snprintf(buf, sizeof buf, "| %zu | %.3f | %.3f | %.3f |", r.support, r.precision, r.recall,
                  r.f1);
    out << "| " << r.intent << " " << buf << "\n";
  }
  out << "\n# Most confused (expected -> predicted)\n\n| expected | predicted | count |\n"
         "|---|---|---|\n";
  for (std::size_t i = 0; i < report.confusions.size() && i < 50; ++i) {
    const auto& c = report.confusions[i];
    out << "| " << c.expected << " | " << c.predicted << " | " << c.count << " |\n";
  }
}

// For --cv: the config's questions alone, as a training file would give them.
std::vector<Record> question_records(const config::Config& config) {
  std::vector<Record> out;
  for (const auto& intent : config.intents)
    for (const auto& [l, texts] : intent.examples)
      for (const auto& text : texts) out.push_back({text, intent.id, {}, {}, l});
  for (const auto& [l, texts] : config.out_of_scope)
    for (const auto& text : texts) out.push_back({text, std::nullopt, {}, {}, l});
  return out;
}

// K-fold cross-validation over the training file: every line is tested once, by a model that did
// not see it.
Run cross_validate(const std::vector<Record>& records, int folds, const std::string& lang,
                   const intents::MatcherOptions& options, std::optional<double> threshold) {
  Run run;
  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(11));
  std::vector<intents::Prediction> predictions(records.size());
  for (int k = 0; k < folds; ++k) {
    std::vector<Record> part_train, part_test;
    std::vector<std::size_t> test_index;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (static_cast<int>(i % static_cast<std::size_t>(folds)) == k) {
        part_test.push_back(records[order[i]]);
        test_index.push_back(order[i]);
      } else {
        part_train.push_back(records[order[i]]);
      }
    }
    auto fold_run =
        train_and_predict(to_training(part_train, lang), part_test, lang, options, threshold);
    for (std::size_t j = 0; j < test_index.size(); ++j)
      predictions[test_index[j]] = std::move(fold_run.predictions[j]);
    run.train_s += fold_run.train_s / folds;
    run.classify_s += fold_run.classify_s;
    run.threshold += fold_run.threshold / folds;
    run.memory_bytes = std::max(run.memory_bytes, fold_run.memory_bytes);
    run.features = std::max(run.features, fold_run.features);
  }
  run.predictions = std::move(predictions);
  return run;
}

json::object summary(const intents::EvaluationScores& s,
                     const std::optional<intents::OperatingCurve>& curve, const Run& run,
                     std::size_t tested, const std::string& lang) {
  const auto point = [&](double intents::OperatingCurve::*at) {
    return curve ? number_or_null((*curve).*at) : json::value(nullptr);
  };
  return json::object{
      {"n", s.n},
      {"in_scope_accuracy", number_or_null(s.in_scope_accuracy)},
      {"oos_recall", number_or_null(s.oos_recall)},
      {"oos_precision", number_or_null(s.oos_precision)},
      {"top3_accuracy", number_or_null(s.top3_accuracy)},
      {"macro_f1", number_or_null(s.macro_f1)},
      {"not_intent_accuracy", number_or_null(s.not_intent_accuracy)},
      {"train_s", number_or_null(run.train_s)},
      {"classify_per_s", run.classify_s > 0
                             ? json::value(std::round(static_cast<double>(tested) / run.classify_s))
                             : json::value(nullptr)},
      {"threshold", number_or_null(run.threshold)},
      // The operating curve, to set beside published figures at the same operating point.
      {"accuracy_at_oos_recall_0.25", point(&intents::OperatingCurve::accuracy_at_recall_25)},
      {"accuracy_at_oos_recall_0.5", point(&intents::OperatingCurve::accuracy_at_recall_50)},
      {"accuracy_at_oos_recall_0.75", point(&intents::OperatingCurve::accuracy_at_recall_75)},
      {"oos_curve_auc", point(&intents::OperatingCurve::area)},
      {"lang", lang},
      {"model_mb", std::round(static_cast<double>(run.memory_bytes) / 1e5) / 10},
      {"features", run.features},
  };
}

}  // namespace

int run_nlu_eval(const std::map<std::string, std::string>& flags) {
  try {
    auto get = [&](const char* key) -> std::optional<std::string> {
      auto it = flags.find(key);
      return it == flags.end() ? std::nullopt : std::optional(it->second);
    };
    if (get("train").has_value() == get("config").has_value())
      throw std::runtime_error("give exactly one of --train FILE and --config PATH");
    if (!get("test") && !get("cv")) throw std::runtime_error("give --test FILE or --cv FOLDS");

    std::vector<Record> train_records;
    std::vector<intents::TrainingExample> train;
    std::string lang;
    if (auto path = get("config")) {
      auto loaded = config::load_config(*path);
      if (!loaded.config) {
        for (const auto& d : loaded.errors) std::cerr << d.to_string() << "\n";
        return 1;
      }
      train = dialogue::training_examples(*loaded.config);
      lang = get("lang").value_or(loaded.config->default_language);
      train_records = question_records(*loaded.config);
      // --cv with a language: that language's questions alone, a figure per language.
      if (get("lang") && get("cv"))
        std::erase_if(train_records, [&](const Record& r) { return r.lang != lang; });
    } else {
      train_records = read_jsonl(*get("train"));
      lang = get("lang").value_or(guess_language(train_records));
    }
    if (!config::is_supported_language(lang))
      throw std::runtime_error("--lang '" + lang + "' is not a language code (nl, en, fy, ...)");
    const auto options = options_from_environment();
    std::optional<double> threshold;
    if (auto t = get("threshold")) {
      std::size_t used = 0;
      double v = -1;
      try {
        v = std::stod(*t, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != t->size() || !(v >= 0 && v <= 1))
        throw std::runtime_error("--threshold must be a number from 0 to 1");
      threshold = v;
    }

    std::vector<Record> test;
    Run run;
    if (auto path = get("test")) {
      if (!get("config")) train = to_training(train_records, lang);
      test = read_jsonl(*path);
      run = train_and_predict(train, test, lang, options, threshold);
    } else {
      if (train_records.empty()) throw std::runtime_error("--cv: no training examples");
      const int folds = std::stoi(*get("cv"));
      if (folds < 2 || folds > 20) throw std::runtime_error("--cv must be between 2 and 20");
      run = cross_validate(train_records, folds, lang, options, threshold);
      test = train_records;
    }

    std::vector<intents::LabelledUtterance> labelled;
    for (const auto& r : test) labelled.push_back({r.text, r.intent, r.not_intent});
    auto report = intents::evaluate(labelled, run.predictions);
    const auto curve = intents::operating_curve(labelled, run.predictions);
    std::cout << format_flat(summary(report.scores, curve, run, test.size(), lang)) << "\n";
    if (auto path = get("report")) write_report(*path, report);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "loket nlu-eval: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace loket::server
