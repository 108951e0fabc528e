#include "intents/dialogue/function_words.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace loket::dialogue {
namespace {

// Per language, its small words (folded: no accents). A word in several of the languages asked
// about tells nothing; those in several of these and in others' everyday use are left out
// ("wie", "in", "is", "die", "kan", "er", "min", "will", "also", "an", "am", "af", "i").
const std::map<std::string, std::set<std::string_view>, std::less<>>& own_words() {
  static const std::map<std::string, std::set<std::string_view>, std::less<>> kWords = {
      {"nl", {"ik",     "het",    "een",   "niet",    "hoe",   "waar", "wanneer", "mijn", "ben",
              "heb",    "moet",   "wordt", "ook",     "van",   "voor", "naar",    "bij",  "met",
              "jij",    "uw",     "welke", "hoeveel", "graag", "geen", "deze",    "dit",  "zijn",
              "hebben", "kunnen", "wij",   "jullie",  "zij",   "dat",  "wat"}},
      {"de",
       {"ich",    "ist",    "das",     "nicht",  "wo",   "wann",   "mein",   "meine",  "meinen",
        "habe",   "kann",   "muss",    "wird",   "auch", "dass",   "fur",    "nach",   "bei",
        "mit",    "du",     "ihr",     "welche", "gibt", "es",     "und",    "oder",   "ein",
        "eine",   "einen",  "kein",    "keine",  "sind", "haben",  "wir",    "sie",    "der",
        "dem",    "bitte",  "wieviel", "warum",  "zu",   "meiner", "meinem", "meines", "diese",
        "dieser", "dieses", "auf",     "aus",    "wenn"}},
      {"en", {"the", "what", "how", "where", "when",   "my",   "have",  "must", "that",
              "of",  "to",   "at",  "with",  "you",    "your", "which", "does", "do",
              "it",  "and",  "or",  "can",   "please", "why",  "there", "this"}},
      {"da",
       {"jeg", "ikke", "hvad", "hvor", "hvordan", "hvornar", "hvem", "mit", "har", "skal", "ogsa",
        "mig", "dig", "nogen", "noget", "hvilken", "hvilke", "tak", "og"}},
      {"sv", {"jag",   "inte", "vad", "hur", "var",   "nar",   "vem",    "mitt",  "har",  "ska",
              "ocksa", "av",   "mig", "dig", "nagon", "nagot", "vilken", "vilka", "tack", "och"}},
      {"no", {"jeg",  "ikke", "hva", "hvor", "hvordan", "nar", "hvem",    "mitt",   "har",  "skal",
              "ogsa", "av",   "meg", "deg",  "noen",    "noe", "hvilken", "hvilke", "takk", "og"}},
      {"fr",
       {"je",   "le",     "la",    "les", "est",  "pas",   "quoi", "comment", "quand", "mon",
        "ma",   "mes",    "suis",  "ai",  "dois", "aussi", "pour", "avec",    "vous",  "votre",
        "quel", "quelle", "merci", "et",  "ou",   "une",   "des",  "du"}}};
  return kWords;
}

}  // namespace

std::optional<std::string> foreign_by_function_words(const std::vector<intents::Token>& tokens,
                                                     const std::vector<std::string>& served) {
  int ours = 0;
  std::map<std::string_view, int> theirs;
  for (const auto& token : tokens) {
    bool served_word = false;
    for (const auto& lang : served) {
      const auto words = own_words().find(lang);
      served_word =
          served_word || (words != own_words().end() && words->second.contains(token.folded));
    }
    if (served_word) {
      ++ours;
      continue;
    }
    for (const auto& [lang, words] : own_words())
      if (words.contains(token.folded)) ++theirs[lang];
  }
  constexpr int kEnough = 2;
  const auto best =
      std::max_element(theirs.begin(), theirs.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  if (ours > 0 || best == theirs.end() || best->second < kEnough) return std::nullopt;
  return std::string(best->first);
}

std::optional<std::string> language_by_function_words(const std::vector<intents::Token>& tokens,
                                                      const std::vector<std::string>& languages) {
  // A language without a list here shares small words with one that has ("ik", "hoe" are
  // Frisian too): with such a language among them, the words cannot tell.
  if (std::any_of(languages.begin(), languages.end(),
                  [](const std::string& lang) { return !own_words().contains(lang); }))
    return std::nullopt;
  // Words several of these languages share count for none of them: what tells is a word only
  // one of them has.
  std::map<std::string_view, int> counts;
  for (const auto& token : tokens) {
    std::vector<std::string_view> having;
    for (const auto& lang : languages) {
      const auto words = own_words().find(lang);
      if (words != own_words().end() && words->second.contains(token.folded))
        having.push_back(lang);
    }
    if (having.size() == 1) ++counts[having.front()];
  }
  std::string_view best;
  int first = 0, second = 0;
  for (const auto& [lang, count] : counts) {
    if (count > first) {
      second = first;
      first = count;
      best = lang;
    } else if (count > second) {
      second = count;
    }
  }
  constexpr int kAlone = 2, kAmongOthers = 3;
  if ((first >= kAlone && second == 0) || (first >= kAmongOthers && first >= 2 * second))
    return std::string(best);
  return std::nullopt;
}

}  // namespace loket::dialogue
