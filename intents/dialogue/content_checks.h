// Checks on content beyond syntax, for `loket check-config`: what is valid YAML but will confuse
// residents or staff (the same example under two intents, examples the matcher files under
// another intent, a language left out, answers due for review, plain-http links, answers too long
// for a channel). Warnings, which --strict turns into errors. Pure; runs the matcher's
// cross-validation, so it takes as long as training a few times.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::dialogue {

std::vector<config::Diagnostic> content_warnings(const config::Config& config,
                                                 std::chrono::year_month_day today);

// What a configured language costs that nothing in the content can change (no stemmer, no
// widget words of loket's own): notes for check-config, not warnings, so --strict still passes.
std::vector<std::string> language_notes(const config::Config& config);

}  // namespace loket::dialogue
