// The words an intent needs in a message before it may answer it (`required_words:` in content):
// help lines in a crisis answer "ich will mich umbringen", never "ich will mich anmelden".
// Immutable after construction; safe to share between threads.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

// A message's stems in each language, made once for all the intents that look for their words
// in it (stemming is most of that look). One per message; not shared between threads.
class MessageStems {
 public:
  explicit MessageStems(const std::vector<intents::Token>& tokens) : tokens_(tokens) {}
  MessageStems(std::vector<intents::Token>&&) = delete;  // it keeps the tokens by reference
  const std::vector<intents::Token>& tokens() const { return tokens_; }
  // The folded stem of each token in `lang`.
  const std::vector<std::string>& in(const std::string& lang);

 private:
  const std::vector<intents::Token>& tokens_;
  std::deque<std::pair<std::string, std::vector<std::string>>> by_language_;  // stable
};

class RequiredWords {
 public:
  RequiredWords() = default;
  // Language -> words or phrases as staff wrote them. A word counts in a message where it has
  // the same stem in that language; one ending in '*' counts where a word begins with it
  // ("zelfmoord*" in "zelfmoordgedachten").
  explicit RequiredWords(const std::map<std::string, std::vector<std::string>>& by_language);

  bool empty() const { return phrases_.empty(); }

  // True when the words of one phrase are all in the message, in their order, with at most
  // one other word between one and the next ("ik wil echt dood" has "wil dood").
  bool found_in(MessageStems& message) const;
  bool found_in(const std::vector<intents::Token>& tokens) const {
    MessageStems message(tokens);
    return found_in(message);
  }

 private:
  struct Word {
    std::string stem;  // folded; the beginning itself for a prefix
    bool prefix = false;
  };
  struct Phrase {
    std::size_t language = 0;  // index into languages_
    std::vector<Word> words;
  };
  std::vector<std::string> languages_;
  std::vector<Phrase> phrases_;
};

}  // namespace loket::dialogue
