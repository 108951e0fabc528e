// Guesses which of the configured languages a message is written in, from character n-gram and
// word statistics of the content itself (examples, titles, answers): no external model.
// Immutable once built; safe to use from many threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "intents/id_table.h"
#include "intents/text_normalizer.h"

namespace loket::intents {

struct LanguageGuess {
  std::string lang;
  double margin = 0;  // log-likelihood lead over the runner-up per n-gram; 0 when unsure
  // The message's words seen in the samples: with none ("asdfgh", "qwerty uiop") the letter
  // groups alone decide, which say little.
  std::size_t known_words = 0;
};

class LanguageDetector {
 public:
  struct Sample {
    std::string text;
    std::string lang;
  };
  // `languages` in order of preference: the first wins ties and texts without letters.
  LanguageDetector(const std::vector<Sample>& samples, std::vector<std::string> languages);

  LanguageGuess detect(std::string_view text) const;
  // The same from the message's tokens, made once per turn.
  LanguageGuess detect(const std::vector<Token>& tokens) const;
  // The likeliest language not in `served`, with its lead over the likeliest in `served` as
  // the margin (0, and no language, when one of `served` is likelier): whether a message is
  // clearly in none of them, however close two others are (Danish and Norwegian).
  LanguageGuess detect_outside(const std::vector<Token>& tokens,
                               const std::vector<std::string>& served) const;
  const std::vector<std::string>& languages() const { return languages_; }

 private:
  // Each language's log-likelihood of `tokens`, in languages_'s order; empty without grams.
  std::vector<double> scores(const std::vector<Token>& tokens, std::size_t& grams,
                             std::size_t& known_words) const;

  std::vector<std::string> languages_;
  // gram -> its index; its log-probabilities (one per language) start at index * languages in
  // log_prob_: one lookup a gram.
  IdTable grams_;
  std::vector<float> log_prob_;
  std::vector<float> log_unseen_;  // per language
};

}  // namespace loket::intents
