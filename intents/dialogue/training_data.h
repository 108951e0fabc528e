// Turns a municipality's content into the matcher's training examples: the example questions,
// and (with less weight) intent titles and answers, which carry the words residents use too.
// Pure function; safe from any thread.
#pragma once

#include <vector>

#include "config/config.h"
#include "intents/intent_matcher.h"

namespace loket::dialogue {

inline constexpr float kTitleWeight = 0.9f;
inline constexpr float kAnswerWeight = 0.3f;

std::vector<intents::TrainingExample> training_examples(const config::Config& config);

}  // namespace loket::dialogue
