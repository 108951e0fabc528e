// What a question asks about a topic (the cost, how long it takes, how far ahead it must be done,
// how long the result is valid, what to bring) and the sentences of an answer about it, so that
// "wat kost het?" after the passport gets the fee rather than the whole answer again. Pure; safe
// from any thread.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

enum class Aspect { cost, duration, deadline, validity, documents };
inline constexpr std::size_t kAspects = 5;
using Aspects = std::bitset<kAspects>;

// The aspects the message asks about, in `lang` (none in a language without word lists).
// `follows_up`: the message leans on the question before it, where a bare "kosten?" asks for the
// cost; in a question of its own only a phrase that asks ("wat kost", "how long does it take")
// counts, because there a word like "kosten" may be the topic itself ("ik kan de kosten niet
// betalen"). A question with a condition ("wat kost het als ik te laat ben?") asks more than the
// part, and asks none. A cue whose words are in `title_words` (the topic's folded title words)
// names the topic, not an aspect of it ("Belasting betalen").
Aspects asked_aspects(const std::vector<intents::Token>& tokens, std::string_view lang,
                      bool follows_up, const std::vector<std::string>& title_words);

// Whether `word` (folded) is one a question about an aspect is asked with in `lang` ("hoe",
// "lang", "kost"): what such a question says besides them is what it is about.
bool asks_with(std::string_view word, std::string_view lang);

// The sentences of `answer` (in `lang`) about any of `aspects`, in their order, joined by a
// space, each with the one before when it points back at it ("Dat kost € 44,55."); empty when
// none is, or when every sentence is (then the whole answer is the answer).
std::string sentences_about(std::string_view answer, Aspects aspects, std::string_view lang);

}  // namespace loket::dialogue
