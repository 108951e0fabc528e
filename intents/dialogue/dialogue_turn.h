// Internal to the dialogue: one resident message being answered, and the matcher's ranking of
// it, shared by the files that implement Dialogue. Not shared between threads.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intents/dialogue/dialogue.h"
#include "intents/entities.h"
#include "intents/intent_matcher.h"
#include "intents/text_normalizer.h"

namespace loket::dialogue {

// The row of `lookup`'s table for `key` (upper-cased, spaces removed; the longest leading part
// with a row when the lookup matches by prefix); null when there is none.
const std::vector<std::string>* find_row(const config::Lookup& lookup, std::string key);

// The ways a scheme's name may be written in a message, as folded words that must all be in it:
// "Meedoenregeling voor kinderen" -> {meedoenregeling, kinderen} (small words aside); a bracketed
// part is a name of its own ("Energiezuschuss (energietoeslag)" -> {energietoeslag} too).
std::vector<std::vector<std::string>> scheme_name_words(const std::string& name);
// Whether `intent`'s title is one of `scheme`'s names: then the intent answers it.
bool titled_like(const config::Intent& intent, const config::Scheme& scheme);
// Whether `intent`'s title shares a word with one of `scheme`'s names ("Bijstand aanvragen" and
// "Bijzondere bijstand"): a matcher that chose it may have been drawn by the name's words.
bool titled_with_a_word_of(const config::Intent& intent, const config::Scheme& scheme);

// Postcode, house number, date, e-mail, phone (intents::EntityType).
inline constexpr std::size_t kEntityTypes = 5;

// The message, its tokens (made once, for every step), the session's memory and the reply under
// construction.
struct Dialogue::Turn {
  const Message& message;
  std::string_view text;  // what is read: the message's, or the command's word
  std::string chosen_intent;
  std::vector<intents::Token> tokens;
  SessionState& state;
  Reply& reply;
  std::bitset<kEntityTypes> told_types;  // entity types the resident gave in this message
  // "en in 9702?": the four digits a postcode starts with, said in this message on their own;
  // a table looked up by them answers for them rather than for a postcode told before.
  std::string postcode_digits;
  // The message was read together with the question before it ("en wat kost dat?").
  bool joined = false;
  // The sentences of the answer that the message's own words name, to answer with instead of
  // the whole ("" for the whole); none when the message did not lean on them.
  std::optional<std::string> named_part;
  // The topic the question before was about (Dialogue::answered_before), found once a turn.
  mutable std::optional<std::optional<std::size_t>> topic_before;

  // Whether the resident gave a value of `entity` (a slot's entity name) in this message.
  bool told(std::string_view entity) const {
    const auto type = intents::parse_entity_type(entity);
    return type && told_types.test(static_cast<std::size_t>(*type));
  }
};

// What the matcher says, and whether it is sure enough to answer.
struct Dialogue::Ranking {
  std::vector<intents::Candidate> candidates;
  double best = 0;
  bool confident = false;
  std::string joined;  // the previous question with the message, when that was ranked
  bool is_joined = false;
};

}  // namespace loket::dialogue
