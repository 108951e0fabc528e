#include "intents/dialogue/required_words.h"

#include <algorithm>
#include <sstream>

#include "intents/stemmer.h"

namespace loket::dialogue {
namespace {

// Words allowed between two of a phrase's words.
constexpr std::size_t kMaxGap = 1;

std::string folded_stem(const std::string& lang, const intents::Token& token) {
  return intents::fold_accents(intents::stem(lang, token.lower));
}

}  // namespace

RequiredWords::RequiredWords(const std::map<std::string, std::vector<std::string>>& by_language) {
  for (const auto& [lang, phrases] : by_language) {
    const std::size_t language = languages_.size();
    languages_.push_back(lang);
    for (const std::string& written : phrases) {
      Phrase phrase{language, {}};
      std::istringstream pieces(written);
      for (std::string piece; pieces >> piece;) {
        const bool prefix = piece.ends_with('*');
        const auto tokens = intents::tokenize(prefix ? piece.substr(0, piece.size() - 1) : piece);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
          const bool last = i + 1 == tokens.size();
          phrase.words.push_back(prefix && last ? Word{tokens[i].folded, true}
                                                : Word{folded_stem(lang, tokens[i]), false});
        }
      }
      if (!phrase.words.empty()) phrases_.push_back(std::move(phrase));
    }
  }
}

const std::vector<std::string>& MessageStems::in(const std::string& lang) {
  for (const auto& [language, stems] : by_language_)
    if (language == lang) return stems;
  std::vector<std::string> stems;
  stems.reserve(tokens_.size());
  for (const auto& token : tokens_) stems.push_back(folded_stem(lang, token));
  return by_language_.emplace_back(lang, std::move(stems)).second;
}

bool RequiredWords::found_in(MessageStems& message) const {
  const auto& tokens = message.tokens();
  // Stemmed only for the languages a phrase is tried in.
  std::vector<const std::vector<std::string>*> stems(languages_.size(), nullptr);
  const auto counts = [&](const Word& word, std::size_t language, std::size_t at) {
    if (word.prefix) return tokens[at].folded.starts_with(word.stem);
    auto& of_language = stems[language];
    if (of_language == nullptr) of_language = &message.in(languages_[language]);
    return (*of_language)[at] == word.stem;
  };
  for (const Phrase& phrase : phrases_) {
    for (std::size_t start = 0; start < tokens.size(); ++start) {
      if (!counts(phrase.words[0], phrase.language, start)) continue;
      std::size_t at = start;
      bool whole = true;
      for (std::size_t w = 1; w < phrase.words.size() && whole; ++w) {
        whole = false;
        const std::size_t last = std::min(tokens.size() - 1, at + kMaxGap + 1);
        for (std::size_t next = at + 1; next <= last; ++next)
          if (counts(phrase.words[w], phrase.language, next)) {
            at = next;
            whole = true;
            break;
          }
      }
      if (whole) return true;
    }
  }
  return false;
}

}  // namespace loket::dialogue
