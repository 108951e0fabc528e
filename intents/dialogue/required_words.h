// The words an intent needs in a message before it may answer it (`required_words:` in content):
// help lines in a crisis answer "ich will mich umbringen", never "ich will mich anmelden".
// Immutable after construction; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

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
  bool found_in(const std::vector<intents::Token>& tokens) const;

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
