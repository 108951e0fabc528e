// An answer cut into its sentences, and some of them put together again as a part of it (what a
// question about one part of a topic gets). Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace loket::dialogue {

// The answer's sentences: cut after ".", "!" or "?" where a sentence ends (before a capital, or
// a number after a word of five letters or more: not "ca. 5"), and at line ends; a list item
// stays with the line that introduces it. Views into `text`.
std::vector<std::string_view> sentences_of(std::string_view text);

// The `chosen` of `sentences` in their order, joined by a space, each with the one before when
// it opens by pointing back at it in `lang` ("Dat kost € 44,55.", "Dann ..."); empty when none
// is chosen, or when every sentence is (then the whole answer is the answer).
std::string chosen_sentences(const std::vector<std::string_view>& sentences,
                             std::vector<bool> chosen, std::string_view lang);

}  // namespace loket::dialogue
