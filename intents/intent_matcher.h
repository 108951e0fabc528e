// The intent matcher: learns from example questions (and answers) at start-up and ranks intents
// for a resident's message with a confidence in 0..1, and decides by itself below which
// confidence it should not answer. Statistical and self-contained: TF-IDF over stemmed words,
// word pairs and character n-grams, a softmax classifier blended with similarity to each
// intent's centroid; the threshold comes from cross-validation on the training examples.
// Immutable once trained; `rank` and `classify` are safe to call from many threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loket::intents {

struct Token;

struct TrainingExample {
  std::string text;
  std::string intent;  // empty: an out-of-scope example (something the bot must not answer)
  std::string lang;
  float weight = 1;  // answers and titles teach vocabulary but count less than questions
};

struct Candidate {
  std::size_t intent = 0;  // index into IntentMatcher::intents()
  double score = 0;        // 0..1, higher is closer
};

struct MatcherOptions {
  double classifier_weight = 0.5;   // share of the classifier's probability in the score
  int folds = 3;                    // cross-validation folds for choosing the threshold
  double negative_weight = 0.2;     // rejecting what should not be answered, against answering
  double left_out_weight = 0.1;     // the same, when the only negatives are left-out intents
  std::optional<double> threshold;  // fixed threshold instead of the cross-validated one
  int epochs = 8;
  float learning_rate = 1.0f;
  float l2 = 1e-5f;
};

class IntentMatcher {
 public:
  explicit IntentMatcher(const std::vector<TrainingExample>& examples,
                         const MatcherOptions& options = {});
  ~IntentMatcher();
  IntentMatcher(IntentMatcher&&) noexcept;
  IntentMatcher& operator=(IntentMatcher&&) noexcept;

  // The `k` best intents for `text` read as language `lang`, best first.
  std::vector<Candidate> rank(std::string_view text, std::string_view lang, std::size_t k) const;
  // The same from the message's tokens (see text_normalizer.h), made once per turn.
  std::vector<Candidate> rank(const std::vector<Token>& tokens, std::string_view lang,
                              std::size_t k) const;

  // Below this confidence the best intent should not be answered.
  double threshold() const;
  const std::vector<std::string>& intents() const;
  std::size_t feature_count() const;
  std::size_t memory_bytes() const;

 private:
  struct Model;
  std::unique_ptr<Model> model_;
};

}  // namespace loket::intents
