#include "intents/dialogue/training_data.h"

namespace loket::dialogue {

std::vector<intents::TrainingExample> training_examples(const config::Config& config) {
  std::vector<intents::TrainingExample> out;
  for (const auto& intent : config.intents) {
    // An override of a built-in intent with an answer alone is found by loket's own phrases,
    // never by the matcher.
    if (intent.examples.empty()) continue;
    for (const auto& [lang, examples] : intent.examples)
      for (const auto& text : examples) out.push_back({text, intent.id, lang, 1.0f});
    for (const auto& [lang, title] : intent.title)
      out.push_back({title, intent.id, lang, kTitleWeight});
    for (const auto& [lang, answer] : intent.answer)
      out.push_back({answer, intent.id, lang, kAnswerWeight});
  }
  for (const auto& [lang, questions] : config.out_of_scope)
    for (const auto& text : questions) out.push_back({text, "", lang, 1.0f});
  return out;
}

}  // namespace loket::dialogue
