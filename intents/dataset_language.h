// Which language a set of questions is in, by counting each language's commonest words ("de",
// "het", "the", "und", ...): for evaluation files that do not say. Pure; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace loket::intents {

// One of nl, de, en, da, sv, no, fr; "en" when nothing tells.
std::string guess_dataset_language(const std::vector<std::string>& texts);

}  // namespace loket::intents
