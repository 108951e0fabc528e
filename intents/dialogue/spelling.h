// Near misses for the fallback: words of a message that are no word of the content's examples,
// replaced by the closest that starts with the same letter (by Damerau-Levenshtein distance,
// more allowed for longer words), so "lanteerpaal kappot" can be matched as "lantaarnpaal kapot"
// and offered. Built once from the content; `correct` is const and safe from many threads.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {

class SpellingCorrector {
 public:
  explicit SpellingCorrector(const config::Config& config);

  // The message with its unknown words corrected, or nothing when no word changed. `closely`:
  // only long words, a typo from the word (two for the longest), for a message loket is to
  // answer as corrected rather than offer topics for.
  std::optional<std::string> correct(const std::vector<intents::Token>& tokens,
                                     bool closely = false) const;
  // Dutch typed with "y" for "ij" ("kwyt", "tyd", "vrydag"), as many do: each word that is no
  // word of the content's examples but is one with "ij" in its place, so respelt. Whether any was.
  bool respell_ij(std::vector<intents::Token>& tokens) const;
  // Whether `folded` is a word of the content's examples or titles, begins one ("haal" of
  // "haalt": a verb's forms), or is a long one misspelt ("afvalkalnder").
  bool knows(std::string_view folded) const;

 private:
  std::map<std::string, int, std::less<>> counts_;  // folded word -> how often
  // First letter -> word length -> words: a misspelt word is compared with the words that start
  // as it does (few typos change the first letter), which keeps a fallback turn cheap.
  std::array<std::vector<std::vector<const std::string*>>, 256> by_start_;
};

// Edit distance with adjacent transpositions, stopping early past `limit` (then limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace loket::dialogue
