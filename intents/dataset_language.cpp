#include "intents/dataset_language.h"

#include <map>
#include <set>

#include "intents/text_normalizer.h"

namespace loket::intents {

std::string guess_dataset_language(const std::vector<std::string>& texts) {
  static const std::map<std::string, std::set<std::string>> kFunctionWords = {
      {"nl",
       {"de", "het", "een", "ik", "is", "van", "en", "wat", "hoe", "mijn", "voor", "niet", "wordt",
        "naar", "kan"}},
      {"de",
       {"der", "die", "das", "ich", "ist", "und", "wie", "ein", "eine", "nicht", "mein", "für",
        "zu", "wird", "kann"}},
      {"en",
       {"the", "a", "is", "i", "my", "what", "how", "to", "of", "and", "can", "you", "for", "do",
        "it"}},
      {"da",
       {"jeg", "er", "og", "det", "en", "hvad", "hvordan", "min", "til", "af", "kan", "ikke", "på",
        "med", "har"}},
      {"sv",
       {"jag", "är", "och", "det", "en", "vad", "hur", "min", "till", "av", "kan", "inte", "på",
        "med", "har"}},
      {"no",
       {"jeg", "er", "og", "det", "en", "hva", "hvordan", "min", "til", "av", "kan", "ikke", "på",
        "med", "har"}},
      {"fr",
       {"le", "la", "les", "je", "est", "et", "un", "une", "comment", "mon", "pour", "ne", "pas",
        "de", "que"}},
  };
  std::map<std::string, std::size_t> hits;
  for (const auto& text : texts)
    for (const auto& token : tokenize(text))
      for (const auto& [lang, words] : kFunctionWords) hits[lang] += words.count(token.lower);
  std::string best = "en";
  for (const auto& [lang, n] : hits)
    if (n > hits[best]) best = lang;
  return best;
}

}  // namespace loket::intents
