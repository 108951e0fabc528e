#include "intents/intent_matcher.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <unordered_map>

#include "intents/featurizer.h"
#include "intents/linear_model.h"

namespace loket::intents {
namespace {

// Used when cross-validation cannot say anything (too few examples): a blend score this low
// means the message shares little with any intent.
constexpr double kDefaultThreshold = 0.35;
constexpr double kMinThreshold = 0.1;
constexpr double kMaxThreshold = 0.6;
// Centroid weights below this take part in no ranking worth changing, but make every query walk
// long posting lists (measured on all evaluation sets: no accuracy change, a tenth faster).
constexpr float kCentroidPrune = 0.01f;

struct Posting {
  std::uint32_t doc;
  float weight;
};

// Feature -> postings, stored flat (compressed sparse rows) so a query walks contiguous memory.
class PostingIndex {
 public:
  PostingIndex() = default;
  explicit PostingIndex(std::vector<std::vector<Posting>> lists) {
    offsets_.reserve(lists.size() + 1);
    offsets_.push_back(0);
    for (auto& list : lists) {
      postings_.insert(postings_.end(), list.begin(), list.end());
      offsets_.push_back(static_cast<std::uint32_t>(postings_.size()));
    }
  }
  template <typename F>
  void for_each(std::uint32_t feature, F&& f) const {
    for (auto i = offsets_[feature]; i < offsets_[feature + 1]; ++i) f(postings_[i]);
  }
  std::size_t memory_bytes() const {
    return postings_.size() * sizeof(Posting) + offsets_.size() * sizeof(std::uint32_t);
  }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<Posting> postings_;
};

// Everything learnt from one set of examples: used once for the served model and once per
// cross-validation fold.
class Scorer {
 public:
  // `labels[i]` is the class of raw[i]; class `intents` (one past the last intent) marks an
  // out-of-scope example.
  Scorer(const std::vector<RawFeatures>& raw, const std::vector<std::uint32_t>& labels,
         const std::vector<float>& weights, std::size_t intents, const MatcherOptions& options,
         std::size_t min_steps = 0)
      : featurizer_(raw), intents_(intents), options_(options) {
    std::vector<SparseVector> vectors;
    vectors.reserve(raw.size());
    for (const auto& r : raw) vectors.push_back(featurizer_.vectorize(r));
    const bool has_oos = std::find(labels.begin(), labels.end(),
                                   static_cast<std::uint32_t>(intents)) != labels.end();
    LinearModelOptions linear;
    linear.epochs = options.epochs;
    linear.learning_rate = options.learning_rate;
    linear.l2 = options.l2;
    linear.min_steps = min_steps;
    classifier_ = LinearModel(vectors, labels, weights, intents + (has_oos ? 1 : 0),
                              featurizer_.size(), linear);

    const std::size_t features = featurizer_.size();
    std::vector<std::vector<Posting>> centroid_lists(features);
    std::vector<std::unordered_map<std::uint32_t, float>> centroids(intents);
    for (std::size_t d = 0; d < vectors.size(); ++d) {
      if (labels[d] >= intents) continue;
      for (const auto& [f, w] : vectors[d].entries) centroids[labels[d]][f] += w * weights[d];
    }
    for (std::size_t i = 0; i < centroids.size(); ++i) {
      double norm = 0;
      for (const auto& [f, w] : centroids[i]) norm += static_cast<double>(w) * w;
      const float scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0;
      for (const auto& [f, w] : centroids[i])
        if (w * scale >= kCentroidPrune)
          centroid_lists[f].push_back({static_cast<std::uint32_t>(i), w * scale});
    }
    centroids_ = PostingIndex(std::move(centroid_lists));
  }

  // Blended score per intent into `out` (size intents).
  void score(const RawFeatures& raw, std::vector<float>& out) const {
    thread_local SparseVector query;
    featurizer_.vectorize(raw, query);
    thread_local std::vector<float> probability;
    probability.resize(classifier_.classes());
    out.assign(intents_, 0);
    for (const auto& [f, w] : query.entries)
      centroids_.for_each(f, [&, w = w](const Posting& p) { out[p.doc] += w * p.weight; });
    classifier_.probabilities(query, probability.data());
    const auto a = static_cast<float>(options_.classifier_weight);
    for (std::size_t i = 0; i < intents_; ++i)
      out[i] = std::clamp(a * probability[i] + (1 - a) * out[i], 0.0f, 1.0f);
  }

  std::size_t feature_count() const { return featurizer_.size(); }
  std::size_t memory_bytes() const {
    return classifier_.memory_bytes() + centroids_.memory_bytes() + featurizer_.size() * 24;
  }

 private:
  Featurizer featurizer_;
  std::size_t intents_;
  MatcherOptions options_;
  LinearModel classifier_;
  PostingIndex centroids_;
};

struct HeldOut {
  double score;   // best intent's score
  bool positive;  // answerable and answered rightly; otherwise it should not be answered
  bool out_of_scope_example = false;
};

// Real out-of-scope examples, when there are enough, say more about what residents ask that the
// content does not cover than questions of left-out intents do.
constexpr std::size_t kEnoughOutOfScope = 20;

// Picks the threshold that best separates held-out questions the matcher answers rightly from
// questions it should not answer (out-of-scope examples, and questions about intents that were
// left out of training: a stand-in for what the content does not cover). Maximises the sum of
// both rates, so neither side's size decides. Misclassified questions take no part: they are
// wrong whether answered or not.
double choose_threshold(std::vector<HeldOut> held, double negative_weight) {
  std::size_t positives = 0;
  for (const auto& h : held) positives += h.positive;
  const std::size_t negatives = held.size() - positives;
  if (positives == 0 || negatives == 0) return kDefaultThreshold;
  std::sort(held.begin(), held.end(),
            [](const HeldOut& a, const HeldOut& b) { return a.score < b.score; });
  // A threshold just above held[i].score rejects held[0..i].
  double best_value = 1, best_threshold = 0;  // rejecting nothing scores 1 + 0
  std::size_t rejected_pos = 0, rejected_neg = 0;
  for (std::size_t i = 0; i < held.size(); ++i) {
    (held[i].positive ? rejected_pos : rejected_neg) += 1;
    if (i + 1 < held.size() && held[i + 1].score == held[i].score) continue;
    const double value =
        static_cast<double>(positives - rejected_pos) / static_cast<double>(positives) +
        negative_weight * static_cast<double>(rejected_neg) / static_cast<double>(negatives);
    if (value > best_value) {
      best_value = value;
      best_threshold =
          i + 1 < held.size() ? (held[i].score + held[i + 1].score) / 2 : held[i].score;
    }
  }
  return std::clamp(best_threshold, kMinThreshold, kMaxThreshold);
}

}  // namespace

struct IntentMatcher::Model {
  std::vector<std::string> intents;
  std::unique_ptr<Scorer> scorer;
  double threshold = kDefaultThreshold;
};

namespace {

std::vector<std::uint32_t> fold_of(const std::vector<std::uint32_t>& labels, int folds,
                                   std::uint64_t seed) {
  // Stratified: each class's examples are dealt round the folds from a random start.
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> order(labels.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  std::unordered_map<std::uint32_t, std::uint32_t> next;
  std::vector<std::uint32_t> fold(labels.size());
  for (std::size_t i : order) {
    auto [it, inserted] = next.try_emplace(labels[i], static_cast<std::uint32_t>(rng() % folds));
    fold[i] = it->second;
    it->second = (it->second + 1) % static_cast<std::uint32_t>(folds);
  }
  return fold;
}

// Every example as the scorer takes it: a class, a weight and raw features.
struct LabelledExamples {
  std::vector<std::uint32_t> labels;
  std::vector<float> weights;
  std::vector<RawFeatures> raw;
};

// Fills `intents` in order of first appearance; an example without intent gets the class one past
// the last intent (out of scope).
LabelledExamples label_examples(const std::vector<TrainingExample>& examples,
                                std::vector<std::string>& intents) {
  std::unordered_map<std::string, std::uint32_t> index;
  for (const auto& e : examples)
    if (!e.intent.empty() &&
        index.try_emplace(e.intent, static_cast<std::uint32_t>(intents.size())).second)
      intents.push_back(e.intent);
  const auto oos = static_cast<std::uint32_t>(intents.size());
  LabelledExamples out;
  out.labels.reserve(examples.size());
  for (const auto& e : examples) {
    out.labels.push_back(e.intent.empty() ? oos : index.at(e.intent));
    out.weights.push_back(e.weight);
    out.raw.push_back(extract_features(e.text, e.lang));
  }
  return out;
}

// Each intent's group: the intents left out of training together in one fold.
std::vector<std::uint32_t> group_of(std::size_t intents, int folds) {
  std::vector<std::uint32_t> group(intents);
  std::mt19937_64 rng(13);
  std::vector<std::uint32_t> order(intents);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t i = 0; i < order.size(); ++i)
    group[order[i]] = static_cast<std::uint32_t>(i % static_cast<std::size_t>(folds));
  return group;
}

// Trains without fold k's questions and without group k's intents, and scores the questions of
// fold k. Answers and titles always stay in training (unless their intent is left out): they are
// not what residents type.
std::vector<HeldOut> held_out_scores(const LabelledExamples& data, std::size_t intents,
                                     const MatcherOptions& options, int k,
                                     const std::vector<std::uint32_t>& fold,
                                     const std::vector<std::uint32_t>& group) {
  const auto oos = static_cast<std::uint32_t>(intents);
  const auto kk = static_cast<std::uint32_t>(k);
  const auto& [labels, weights, raw] = data;
  auto left_out = [&](std::uint32_t label) { return label != oos && group[label] == kk; };
  std::vector<RawFeatures> train_raw;
  std::vector<std::uint32_t> train_labels;
  std::vector<float> train_weights;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const bool question = weights[i] >= 1;
    if ((question && fold[i] == kk) || left_out(labels[i])) continue;
    train_raw.push_back(raw[i]);
    train_labels.push_back(labels[i]);
    train_weights.push_back(weights[i]);
  }
  std::vector<HeldOut> held;
  if (train_raw.empty()) return held;
  Scorer scorer(train_raw, train_labels, train_weights, intents, options,
                static_cast<std::size_t>(options.epochs) * raw.size());
  std::vector<float> scores;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (fold[i] != kk || weights[i] < 1) continue;
    scorer.score(raw[i], scores);
    std::size_t best = 0;
    for (std::size_t c = 1; c < scores.size(); ++c)
      if (scores[c] > scores[best]) best = c;
    const double top = scores.empty() ? 0.0 : scores[best];
    if (labels[i] == oos || left_out(labels[i]))
      held.push_back({top, false, labels[i] == oos});
    else if (best == labels[i])
      held.push_back({top, true});
  }
  return held;
}

// Runs `fold(k)` for every fold, on the other cores too, while this thread also does `alongside`.
template <typename Fold, typename Work>
void run_folds(int folds, Fold&& fold, Work&& alongside) {
  std::atomic<int> next_fold{0};
  std::vector<std::thread> workers;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 0; t + 1 < threads && t < static_cast<unsigned>(folds); ++t)
    workers.emplace_back([&] {
      for (int k; (k = next_fold++) < folds;) fold(k);
    });
  alongside();
  for (int k; (k = next_fold++) < folds;) fold(k);
  for (auto& w : workers) w.join();
}

double threshold_from_held_out(const std::vector<std::vector<HeldOut>>& held,
                               const MatcherOptions& options) {
  std::vector<HeldOut> all;
  for (auto& h : held) all.insert(all.end(), h.begin(), h.end());
  const auto oos_examples = std::count_if(all.begin(), all.end(),
                                          [](const HeldOut& h) { return h.out_of_scope_example; });
  const bool real_negatives = static_cast<std::size_t>(oos_examples) >= kEnoughOutOfScope;
  if (real_negatives)
    std::erase_if(all, [](const HeldOut& h) { return !h.positive && !h.out_of_scope_example; });
  return choose_threshold(std::move(all),
                          real_negatives ? options.negative_weight : options.left_out_weight);
}

}  // namespace

IntentMatcher::IntentMatcher(const std::vector<TrainingExample>& examples,
                             const MatcherOptions& options)
    : model_(std::make_unique<Model>()) {
  Model& m = *model_;
  const auto data = label_examples(examples, m.intents);
  auto train_served = [&] {
    m.scorer =
        std::make_unique<Scorer>(data.raw, data.labels, data.weights, m.intents.size(), options);
  };
  // Cross-validation for the threshold. In fold k a share of the questions is held out, and so
  // is every example of one group of intents, so that held-out questions include some the
  // content "does not cover".
  const bool cross_validate = !options.threshold && options.folds >= 2 && m.intents.size() >= 2;
  if (!cross_validate) {
    train_served();
    m.threshold = options.threshold.value_or(kDefaultThreshold);
    return;
  }
  std::vector<std::vector<HeldOut>> held(static_cast<std::size_t>(options.folds));
  const auto fold = fold_of(data.labels, options.folds, 7);
  const auto group = group_of(m.intents.size(), options.folds);
  // Folds run on the other cores while this thread trains the served model.
  run_folds(
      options.folds,
      [&](int k) {
        held[static_cast<std::size_t>(k)] =
            held_out_scores(data, m.intents.size(), options, k, fold, group);
      },
      train_served);
  m.threshold = threshold_from_held_out(held, options);
}

IntentMatcher::~IntentMatcher() = default;
IntentMatcher::IntentMatcher(IntentMatcher&&) noexcept = default;
IntentMatcher& IntentMatcher::operator=(IntentMatcher&&) noexcept = default;

const std::vector<std::string>& IntentMatcher::intents() const {
  return model_->intents;
}
std::size_t IntentMatcher::feature_count() const {
  return model_->scorer->feature_count();
}
std::size_t IntentMatcher::memory_bytes() const {
  return model_->scorer->memory_bytes();
}
double IntentMatcher::threshold() const {
  return model_->threshold;
}

std::vector<Candidate> IntentMatcher::rank(std::string_view text, std::string_view lang,
                                           std::size_t k) const {
  return rank(tokenize(text), lang, k);
}

std::vector<Candidate> IntentMatcher::rank(const std::vector<Token>& tokens, std::string_view lang,
                                           std::size_t k) const {
  thread_local std::vector<float> scores;
  thread_local RawFeatures raw;
  extract_features(tokens, lang, raw);
  model_->scorer->score(raw, scores);
  k = std::min(k, scores.size());
  // Insertion into a short sorted list: k is a handful, the intents may be hundreds.
  std::vector<Candidate> out;
  out.reserve(k + 1);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (out.size() == k && (k == 0 || scores[i] <= out.back().score)) continue;
    auto at = std::find_if(out.begin(), out.end(),
                           [&](const Candidate& c) { return scores[i] > c.score; });
    out.insert(at, Candidate{i, scores[i]});
    if (out.size() > k) out.pop_back();
  }
  return out;
}

}  // namespace loket::intents
