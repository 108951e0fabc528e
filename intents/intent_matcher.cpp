#include "intents/intent_matcher.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "intents/featurizer.h"

namespace loket::intents {
namespace {

// How much the single closest example counts against the intent's centroid. The nearest example
// rewards a paraphrase of one specific question; the centroid rewards words the intent's examples
// share, which is steadier when an intent has few or varied examples.
constexpr double kNearestWeight = 0.6;

struct Posting {
  std::uint32_t doc;
  float weight;
};

// Feature -> postings, stored flat (compressed sparse rows) so a query walks contiguous memory.
struct PostingIndex {
  std::vector<std::uint32_t> offsets;  // features + 1
  std::vector<Posting> postings;

  explicit PostingIndex(std::vector<std::vector<Posting>> lists) {
    offsets.reserve(lists.size() + 1);
    offsets.push_back(0);
    for (auto& list : lists) {
      postings.insert(postings.end(), list.begin(), list.end());
      offsets.push_back(static_cast<std::uint32_t>(postings.size()));
    }
  }
  PostingIndex() = default;

  template <typename F>
  void for_each(std::uint32_t feature, F&& f) const {
    for (auto i = offsets[feature]; i < offsets[feature + 1]; ++i) f(postings[i]);
  }
};

}  // namespace

struct IntentMatcher::Model {
  std::vector<std::string> intents;
  std::vector<std::uint32_t> example_intent;
  Featurizer featurizer;
  PostingIndex examples;   // feature -> examples
  PostingIndex centroids;  // feature -> intents

  explicit Model(std::vector<RawFeatures> raw) : featurizer(raw) {}
};

namespace {

std::vector<RawFeatures> extract_all(const std::vector<TrainingExample>& examples) {
  std::vector<RawFeatures> raw;
  raw.reserve(examples.size());
  for (const auto& e : examples) raw.push_back(extract_features(e.text, e.lang));
  return raw;
}

}  // namespace

IntentMatcher::IntentMatcher(const std::vector<TrainingExample>& examples) {
  auto raw = extract_all(examples);
  model_ = std::make_unique<Model>(raw);
  Model& m = *model_;
  std::unordered_map<std::string, std::uint32_t> index;
  for (const auto& e : examples) {
    auto [it, inserted] = index.try_emplace(e.intent, static_cast<std::uint32_t>(m.intents.size()));
    if (inserted) m.intents.push_back(e.intent);
    m.example_intent.push_back(it->second);
  }
  const std::size_t features = m.featurizer.size();
  std::vector<std::vector<Posting>> example_lists(features);
  std::vector<std::vector<Posting>> centroid_lists(features);
  std::vector<std::unordered_map<std::uint32_t, float>> centroids(m.intents.size());
  for (std::size_t d = 0; d < raw.size(); ++d) {
    auto v = m.featurizer.vectorize(raw[d]);
    auto& centroid = centroids[m.example_intent[d]];
    for (const auto& [f, w] : v.entries) {
      example_lists[f].push_back({static_cast<std::uint32_t>(d), w});
      centroid[f] += w;
    }
  }
  for (std::size_t i = 0; i < centroids.size(); ++i) {
    double norm = 0;
    for (const auto& [f, w] : centroids[i]) norm += static_cast<double>(w) * w;
    const float scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0;
    for (const auto& [f, w] : centroids[i])
      centroid_lists[f].push_back({static_cast<std::uint32_t>(i), w * scale});
  }
  m.examples = PostingIndex(std::move(example_lists));
  m.centroids = PostingIndex(std::move(centroid_lists));
}

IntentMatcher::~IntentMatcher() = default;
IntentMatcher::IntentMatcher(IntentMatcher&&) noexcept = default;
IntentMatcher& IntentMatcher::operator=(IntentMatcher&&) noexcept = default;

const std::vector<std::string>& IntentMatcher::intents() const { return model_->intents; }
std::size_t IntentMatcher::feature_count() const { return model_->featurizer.size(); }

std::vector<Candidate> IntentMatcher::rank(std::string_view text, std::string_view lang,
                                           std::size_t k) const {
  const Model& m = *model_;
  auto query = m.featurizer.vectorize(extract_features(text, lang));
  // Scratch per thread: a query allocates nothing proportional to the model.
  thread_local std::vector<float> example_score, centroid_score, nearest;
  example_score.assign(m.example_intent.size(), 0);
  centroid_score.assign(m.intents.size(), 0);
  nearest.assign(m.intents.size(), 0);
  for (const auto& [f, w] : query.entries) {
    m.examples.for_each(f, [&, w = w](const Posting& p) { example_score[p.doc] += w * p.weight; });
    m.centroids.for_each(f, [&, w = w](const Posting& p) { centroid_score[p.doc] += w * p.weight; });
  }
  for (std::size_t d = 0; d < example_score.size(); ++d) {
    auto& best = nearest[m.example_intent[d]];
    best = std::max(best, example_score[d]);
  }
  std::vector<Candidate> out;
  out.reserve(m.intents.size());
  for (std::size_t i = 0; i < m.intents.size(); ++i) {
    double s = kNearestWeight * nearest[i] + (1 - kNearestWeight) * centroid_score[i];
    out.push_back({i, std::clamp(s, 0.0, 1.0)});
  }
  k = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(k), out.end(),
                    [](const Candidate& a, const Candidate& b) {
                      return a.score != b.score ? a.score > b.score : a.intent < b.intent;
                    });
  out.resize(k);
  return out;
}

}  // namespace loket::intents
