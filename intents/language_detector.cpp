#include "intents/language_detector.h"

#include <algorithm>
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
  return h == IdTable::kEmpty ? h - 1 : h;  // the table's empty mark is no gram
}

// Character 1- to 3-grams of the padded words (bytes of lower-case UTF-8, so accents and letters
// such as ø, ß and é count), plus the words themselves.
template <typename F>
void for_each_gram(const std::vector<Token>& tokens, F&& f) {
  std::size_t count = 0;
  std::string padded;
  for (const auto& token : tokens) {
    padded.assign(1, ' ');
    padded += token.lower;
    padded += ' ';
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
    : languages_(std::move(languages)), log_unseen_(languages_.size()) {
  const std::size_t n = languages_.size();
  std::vector<float> counts;  // gram offset + language
  std::vector<float> totals(n, 0);
  for (const auto& sample : samples) {
    auto lang = std::find(languages_.begin(), languages_.end(), sample.lang);
    if (lang == languages_.end()) continue;
    const auto l = static_cast<std::size_t>(lang - languages_.begin());
    for_each_gram(tokenize(sample.text), [&](std::uint64_t g) {
      const auto next = static_cast<std::uint32_t>(counts.size() / n);
      const std::uint32_t id = grams_.insert(g, next);
      if (id == next) counts.resize(counts.size() + n, 0);
      counts[id * n + l] += 1;
      totals[l] += 1;
    });
  }
  const float v = static_cast<float>(grams_.size()) + 1;
  log_prob_.resize(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i)
    log_prob_[i] = std::log((counts[i] + 1) / (totals[i % n] + v));
  for (std::size_t l = 0; l < n; ++l) log_unseen_[l] = std::log(1 / (totals[l] + v));
}

LanguageGuess LanguageDetector::detect(std::string_view text) const {
  return detect(tokenize(text));
}

std::vector<double> LanguageDetector::scores(const std::vector<Token>& tokens, std::size_t& grams,
                                             std::size_t& known_words) const {
  // The grams' hashes first, each table line prefetched as it is known: the lookups then find
  // most lines in the cache instead of waiting for each in turn.
  thread_local std::vector<std::uint64_t> hashes;
  hashes.clear();
  for_each_gram(tokens, [&](std::uint64_t g) {
    grams_.prefetch(g);
    hashes.push_back(g);
  });
  grams = hashes.size();
  known_words = 0;
  for (const auto& token : tokens) known_words += grams_.find(fnv(token.lower, 99)) != nullptr;
  if (grams == 0) return {};
  std::vector<double> score(languages_.size(), 0);
  for (const std::uint64_t g : hashes) {
    const std::uint32_t* id = grams_.find(g);
    const float* p = id != nullptr ? &log_prob_[*id * score.size()] : log_unseen_.data();
    for (std::size_t l = 0; l < score.size(); ++l) score[l] += p[l];
  }
  return score;
}

LanguageGuess LanguageDetector::detect(const std::vector<Token>& tokens) const {
  if (languages_.empty()) return {};
  std::size_t grams = 0, known_words = 0;
  const std::vector<double> score = scores(tokens, grams, known_words);
  if (score.empty()) return {languages_.front(), 0, 0};
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
  return {languages_[best], margin, known_words};
}

LanguageGuess LanguageDetector::detect_outside(const std::vector<Token>& tokens,
                                               const std::vector<std::string>& served) const {
  std::size_t grams = 0, known_words = 0;
  const std::vector<double> score = scores(tokens, grams, known_words);
  const double none = -std::numeric_limits<double>::infinity();
  double best_served = none, best_other = none;
  std::size_t other = 0;
  for (std::size_t l = 0; l < score.size(); ++l) {
    if (std::find(served.begin(), served.end(), languages_[l]) != served.end()) {
      best_served = std::max(best_served, score[l]);
    } else if (score[l] > best_other) {
      best_other = score[l];
      other = l;
    }
  }
  if (best_other == none || best_served == none || best_other <= best_served)
    return {{}, 0, known_words};
  return {languages_[other], (best_other - best_served) / static_cast<double>(grams), known_words};
}

}  // namespace loket::intents
