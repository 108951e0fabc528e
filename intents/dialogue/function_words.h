// A message's language by the small words only one language has ("ist", "das" for German; "jeg",
// "hvor" for Danish): a vote that outweighs letter statistics, which a Dutch place name in a
// German question can tip ("Wie ist das Wetter morgen in Noorderhaven?"). Pure functions over
// immutable tables; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

// The language among `languages` whose own small words the message has clearly more of: at
// least two, and none of another's (or at least three and twice as many as the next). Nothing
// when no language wins so clearly, or when one of `languages` has no small words here (a
// Frisian question has Dutch ones).
std::optional<std::string> language_by_function_words(const std::vector<intents::Token>& tokens,
                                                      const std::vector<std::string>& languages);

// A language none of `served` whose small words the message has (at least two, none of a served
// language's): "Hvor kan jeg parkere?" is Danish or Norwegian, whichever has more of them.
std::optional<std::string> foreign_by_function_words(const std::vector<intents::Token>& tokens,
                                                     const std::vector<std::string>& served);

}  // namespace loket::dialogue
