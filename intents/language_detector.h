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
  const std::vector<std::string>& languages() const { return languages_; }

 private:
  std::vector<std::string> languages_;
  // gram -> its index; its log-probabilities (one per language) start at index * languages in
  // log_prob_: one lookup a gram.
  IdTable grams_;
  std::vector<float> log_prob_;
  std::vector<float> log_unseen_;  // per language
};

}  // namespace loket::intents
