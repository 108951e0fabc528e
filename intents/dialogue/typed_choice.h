// A button chosen by typing instead of tapping: its label typed ("iemand anders laten stemmen"),
// or its place among the buttons ("de eerste", "nummer 2", "the last one", "die zweite").
// Stateless; thread-safe.
#pragma once

#include <vector>

#include "intents/dialogue/session_store.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {

// The button of `offered` that `tokens` choose, or null. By place only when `in_order` (the
// buttons in the order they were shown).
const SessionState::OfferedButton* typed_choice(
    const std::vector<intents::Token>& tokens,
    const std::vector<SessionState::OfferedButton>& offered, bool in_order = true);

}  // namespace loket::dialogue
