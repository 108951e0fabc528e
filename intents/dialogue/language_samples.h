// A few sentences in every language loket knows (nl, en, de, da, sv, no, fr), about what residents
// ask a municipality: enough to tell which language a message is in when the municipality does
// not serve it, so the bot can say which languages it does speak. Immutable; thread-safe.
#pragma once

#include <vector>

#include "intents/language_detector.h"

namespace loket::dialogue {

const std::vector<intents::LanguageDetector::Sample>& builtin_language_samples();

}  // namespace loket::dialogue
