// Whether a resident's words say yes or no to a question the bot asked ("ja graag", "nee",
// "ok", "no thanks"), in the languages loket speaks. Pure; safe from any thread.
#pragma once

#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

enum class YesNo { yes, no, neither };

// A "no" anywhere wins ("ja, nee toch niet"): declining is the safe reading.
YesNo yes_or_no(const std::vector<intents::Token>& tokens);

}  // namespace loket::dialogue
