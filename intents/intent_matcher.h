// The intent matcher: learns from example questions at start-up and ranks intents for a
// resident's message with a confidence in 0..1. Statistical (TF-IDF over stemmed words, word
// pairs and character n-grams; nearest examples blended with intent centroids); no external model.
// Immutable once trained; `rank` is safe to call from many threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace loket::intents {

struct TrainingExample {
  std::string text;
  std::string intent;
  std::string lang;
};

struct Candidate {
  std::size_t intent = 0;  // index into IntentMatcher::intents()
  double score = 0;        // 0..1, higher is closer
};

class IntentMatcher {
 public:
  // Intents are numbered in order of first appearance in `examples`.
  explicit IntentMatcher(const std::vector<TrainingExample>& examples);
  ~IntentMatcher();
  IntentMatcher(IntentMatcher&&) noexcept;
  IntentMatcher& operator=(IntentMatcher&&) noexcept;

  // The `k` best intents for `text` read as language `lang`, best first.
  std::vector<Candidate> rank(std::string_view text, std::string_view lang, std::size_t k) const;

  const std::vector<std::string>& intents() const;
  std::size_t feature_count() const;

 private:
  struct Model;
  std::unique_ptr<Model> model_;
};

}  // namespace loket::intents
