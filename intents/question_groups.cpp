#include "intents/question_groups.h"

#include <algorithm>
#include <set>

#include "intents/stemmer.h"
#include "intents/text_normalizer.h"

namespace loket::intents {

std::vector<QuestionGroup> group_similar_questions(const std::vector<AskedQuestion>& asked,
                                                   std::string_view lang, std::size_t max_groups,
                                                   std::size_t max_examples) {
  struct Group {
    std::set<std::string> words;
    QuestionGroup out;
  };
  std::vector<Group> groups;
  for (const auto& question : asked) {
    std::set<std::string> words;
    // Words of two letters or fewer ("de", "ik") say nothing about what was asked.
    for (const auto& t : tokenize(question.text))
      if (t.folded.size() > 2) words.insert(fold_accents(stem(lang, t.lower)));
    auto home = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      std::size_t shared = 0;
      for (const auto& w : words) shared += g.words.count(w);
      const std::size_t all = words.size() + g.words.size() - shared;
      return all > 0 && 2 * shared >= all;
    });
    if (home == groups.end()) home = groups.insert(groups.end(), Group{std::move(words), {}});
    home->out.times += question.times;
    if (home->out.examples.size() < max_examples) home->out.examples.push_back(question.text);
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.out.times > b.out.times; });
  std::vector<QuestionGroup> out;
  for (std::size_t i = 0; i < groups.size() && i < max_groups; ++i)
    out.push_back(std::move(groups[i].out));
  return out;
}

}  // namespace loket::intents
