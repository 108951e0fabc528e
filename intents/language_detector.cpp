#include "intents/language_detector.h"

#include <cmath>
#include <limits>

#include "intents/text_normalizer.h"

namespace loket::intents {
namespace {

constexpr std::size_t kMaxGrams = 2000;  // a long message says enough in its first part

std::uint64_t fnv(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Character 1- to 3-grams of the padded words (bytes of lower-case UTF-8, so accents and letters
// such as ø, ß and é count), plus the words themselves.
template <typename F>
void for_each_gram(std::string_view text, F&& f) {
  std::size_t count = 0;
  for (const auto& token : tokenize(text)) {
    std::string padded = " " + token.lower + " ";
    for (std::size_t n = 1; n <= 3; ++n)
      for (std::size_t i = 0; i + n <= padded.size(); ++i) {
        f(fnv(std::string_view(padded).substr(i, n), n));
        if (++count >= kMaxGrams) return;
      }
    f(fnv(token.lower, 99));
  }
}

}  // namespace

LanguageDetector::LanguageDetector(const std::vector<Sample>& samples,
                                   std::vector<std::string> languages)
    : languages_(std::move(languages)), models_(languages_.size()) {
  std::vector<std::unordered_map<std::uint64_t, float>> counts(languages_.size());
  std::unordered_map<std::uint64_t, int> vocabulary;
  for (const auto& sample : samples) {
    for (std::size_t l = 0; l < languages_.size(); ++l) {
      if (languages_[l] != sample.lang) continue;
      for_each_gram(sample.text, [&](std::uint64_t g) {
        counts[l][g] += 1;
        vocabulary[g] = 1;
      });
    }
  }
  const float v = static_cast<float>(vocabulary.size()) + 1;
  for (std::size_t l = 0; l < languages_.size(); ++l) {
    float total = 0;
    for (const auto& [g, c] : counts[l]) total += c;
    for (const auto& [g, c] : counts[l]) models_[l].log_prob[g] = std::log((c + 1) / (total + v));
    models_[l].log_unseen = std::log(1 / (total + v));
  }
}

LanguageGuess LanguageDetector::detect(std::string_view text) const {
  if (languages_.empty()) return {};
  std::vector<double> score(languages_.size(), 0);
  std::size_t grams = 0;
  for_each_gram(text, [&](std::uint64_t g) {
    ++grams;
    for (std::size_t l = 0; l < models_.size(); ++l) {
      auto it = models_[l].log_prob.find(g);
      score[l] += it != models_[l].log_prob.end() ? it->second : models_[l].log_unseen;
    }
  });
  if (grams == 0) return {languages_.front(), 0};
  std::size_t best = 0;
  double runner_up = -std::numeric_limits<double>::infinity();
  for (std::size_t l = 1; l < score.size(); ++l) {
    if (score[l] > score[best]) {
      runner_up = score[best];
      best = l;
    } else {
      runner_up = std::max(runner_up, score[l]);
    }
  }
  double margin = score.size() > 1 ? (score[best] - runner_up) / static_cast<double>(grams) : 1;
  return {languages_[best], margin};
}

}  // namespace loket::intents
