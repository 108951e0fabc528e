// Residents' questions grouped by likeness, for the staff's "what went unanswered": two
// questions are alike when most of their stemmed words are shared (Jaccard at least 0.5), so
// "wie wint de champions league" and "wie gaat de champions league winnen" make one group.
// Pure; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loket::intents {

struct AskedQuestion {
  std::string text;
  std::int64_t times = 0;  // how often it was asked
};

struct QuestionGroup {
  std::int64_t times = 0;             // all of its questions together
  std::vector<std::string> examples;  // the first is the group's name
};

// Most asked groups first, at most `max_groups`, each with at most `max_examples` examples.
std::vector<QuestionGroup> group_similar_questions(const std::vector<AskedQuestion>& asked,
                                                   std::string_view lang,
                                                   std::size_t max_groups = 50,
                                                   std::size_t max_examples = 10);

}  // namespace loket::intents
