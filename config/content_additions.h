// The additions file's text with more examples for an intent: what the dashboard writes when
// staff add unanswered questions as examples. The file is loket's (its comments are not kept);
// each intent in it is an override that adds examples. Pure function; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace loket::config {

struct AddedExamples {
  std::string text;       // the whole new file
  std::size_t added = 0;  // examples that were not in it yet
};

// `current`: the file as loaded (a map with `intents`, or empty). Throws std::invalid_argument
// when it is not such a file.
AddedExamples with_added_examples(const std::string& current, const std::string& intent,
                                  const std::map<std::string, std::vector<std::string>>& examples);

}  // namespace loket::config
