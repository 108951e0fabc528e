// The content's answers as stemmed sentences, to find the ones a follow-up's own words name:
// "kan ik het laten bezorgen?" after the passport gets "... of laat het voor € 8,50 thuis
// bezorgen." Built once per content; read-only after, safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {

// Whether `folded` is a small word (a pronoun, an article, "kan ik") or a general one ("krijgen",
// "jaar") of `lang`: it says nothing of what a question is about.
bool says_nothing_of_the_subject(std::string_view lang, std::string_view folded);

class AnswerSentenceIndex {
 public:
  explicit AnswerSentenceIndex(const std::vector<config::Intent>& intents);

  // The sentences of `intent`'s answer in `lang` that speak of the words the question (`tokens`,
  // in `lang`) asks about: its words less small and general ones ("kan", "ik", "het", "krijgen",
  // "jaar") and the topic's title. Those naming most of its telling words (in a tenth of the
  // answers at most), with a sentence they point back at; "" when that is the whole answer.
  // Nothing when it has no telling word the answer has, or lacks more than one of its words (or
  // one no answer has: "koelkast", "iDEAL").
  std::optional<std::string> sentences_naming(const config::Intent& intent, std::string_view lang,
                                              const std::vector<intents::Token>& tokens) const;

  // Whether `part` of the answer (its sentences about what a question asks: "Binnen 3 werkdagen
  // heeft u een eerste gesprek") speaks of the question's words but the small ones and those
  // `skipped` (the "hoe lang" of the question): the answer has all of them, and the part one
  // telling; or the question has no others ("hoe lang moet ik wachten?"). Not "hoe lang duurt
  // een schuldregeling?" (the part is about something else), "how long should I cook a roast",
  // "how much do I make in a year".
  bool part_speaks_of_the_rest(const config::Intent& intent, std::string_view lang,
                               const std::vector<intents::Token>& tokens,
                               const std::function<bool(std::string_view)>& skipped,
                               std::string_view part) const;

  // Whether the question names a matter this answer does not speak of but a few others do
  // ("overleden" in "mijn hond is overleden, moet ik nog hondenbelasting betalen?"): it asks more
  // than a part of this answer. Words but the small, general and `skipped` ones; a word no
  // answer has ("zoontje") or many have tells nothing.
  bool names_another_matter(const config::Intent& intent, std::string_view lang,
                            const std::vector<intents::Token>& tokens,
                            const std::function<bool(std::string_view)>& skipped) const;

  // Whether the question names a word no answer in `lang` has ("hot", "umbrella", "rain"): the
  // content knows nothing of what it asks. The small, general and number words, those of
  // `intent`'s title and those `known` (from the content's questions) do not count.
  bool names_what_no_answer_has(const config::Intent& intent, std::string_view lang,
                                const std::vector<intents::Token>& tokens,
                                const std::function<bool(std::string_view)>& known) const;

 private:
  struct Sentence {
    std::string_view text;  // into the intent's answer
    std::vector<std::string> stems;
  };
  struct Answer {
    const config::Intent* intent;
    std::string lang;
    std::vector<Sentence> sentences;
  };
  const Answer* find(const config::Intent& intent, std::string_view lang) const;
  struct Reading {
    std::vector<std::size_t> telling;  // per sentence, the question's rarer words it names
    std::vector<std::size_t> named;    // and all its words it names but the general ones
    std::size_t found = 0;             // the question's words the answer has
    std::size_t missing = 0;           // and those it lacks but other answers have
  };
  // How the answer speaks of the question's words but the small ones, those `skipped` and, unless
  // `general_words_count`, the general ones (which never tell); none when it lacks more than one
  // of them, or one no answer has.
  std::optional<Reading> read(const Answer& answer, const config::Intent& intent,
                              const std::vector<intents::Token>& tokens,
                              const std::function<bool(std::string_view)>& skipped,
                              bool general_words_count) const;
  // The stems of the question's words that can say what it asks of `answer`: not the small ones,
  // numbers, those `skipped`, the general ones unless `general_words_count`, nor the words of the
  // intent's title (which names the topic, not a part of it).
  struct QuestionWord {
    std::string stem;
    bool general = false;
  };
  std::vector<QuestionWord> question_words(const Answer& answer, const config::Intent& intent,
                                           const std::vector<intents::Token>& tokens,
                                           const std::function<bool(std::string_view)>& skipped,
                                           bool general_words_count) const;
  // A word in more answers than this tells nothing.
  std::size_t common_count() const;
  // How many of the answers in `lang` have a word `stem` names.
  std::size_t answers_naming(std::string_view lang, std::string_view stem) const;

  std::vector<Answer> answers_;
  std::size_t answers_per_language_ = 0;  // the most in any one language
  // Per language, each stem of its answers with the answer it is in (an index into answers_),
  // sorted, once each: the answers naming a stem are a range of it.
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>, std::less<>>
      stems_by_language_;
};

}  // namespace loket::dialogue
