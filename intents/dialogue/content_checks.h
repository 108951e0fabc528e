// Checks on content beyond syntax, for `loket check-config`: what is valid YAML but will confuse
// residents or staff (the same example under two intents, a language left out, answers due for
// review, plain-http links, answers too long for a channel: warnings, which --strict turns into
// errors), and the examples the matcher files under another intent (notes). Pure.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/config.h"

namespace loket::dialogue {

std::vector<config::Diagnostic> content_warnings(const config::Config& config,
                                                 std::chrono::year_month_day today);

// The intent other than `intent_id` that has `example` already (as the matcher reads text: case
// and punctuation aside), or null: one question can lead to one answer only.
const config::Intent* other_intent_with_example(const config::Config& config,
                                                std::string_view intent_id,
                                                std::string_view example);

// The examples that the matcher, trained without them (5-fold cross-validation), files under
// another intent; at most 50. Notes, not warnings: a statistical matcher misfiles a few in any
// real content, so they cannot be a gate. Takes as long as training a few times.
std::vector<config::Diagnostic> misfiled_examples(const config::Config& config);

// What a configured language costs that nothing in the content can change (no stemmer, no
// widget words of loket's own): notes for check-config, not warnings, so --strict still passes.
std::vector<std::string> language_notes(const config::Config& config);

}  // namespace loket::dialogue
