// What the dialogue says and recognises without the staff's content: greetings, thanks, "yes"
// or "ok" out of context, "who are you", "which languages", abuse, "I don't know",
// follow-ups ("and paper?"), and its own sentences (a dialogue stopped, a value reused, a
// language it does not speak) in every language loket knows. Content overrides the answers by
// intent id. Pure functions over immutable tables; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intents/text_normalizer.h"

namespace loket::dialogue {

// Built-in intents: each has an id content may use to override its answer.
enum class SmallTalk {
  greeting,
  thanks,
  goodbye,
  acknowledgement,
  unsure,  // "weet ik niet" with no question before: what to ask about
  opener,  // "ik heb een vraag": the question is still to come
  who_are_you,
  languages,
  abuse
};

std::string_view small_talk_id(SmallTalk kind);
// The reply's intent when "stop" ended the question under way.
inline constexpr std::string_view kEndDialogue = "end-dialogue";
// Every built-in intent id (kEndDialogue too), for checks of content and test files.
const std::vector<std::string_view>& small_talk_ids();

struct SmallTalkMatch {
  SmallTalk kind;
  // The languages whose phrase list holds the message ("hallo": nl and de), best first; empty
  // when recognised by words in no particular language (abuse).
  std::vector<std::string> langs;
};
// The built-in intent a message is, by its folded tokens, or nothing.
std::optional<SmallTalkMatch> recognise_small_talk(const std::vector<intents::Token>& tokens);
// How many of the first tokens are a greeting ("goedemorgen", "hallo daar"); 0 when none.
std::size_t leading_greeting(const std::vector<intents::Token>& tokens);

// The dialogue's own sentences.
enum class Sentence {
  end_dialogue,      // "stop" in the middle of a question: that question is dropped
  dont_know,         // help at a prompt, before the prompt again ({help})
  not_recognised,    // no value in the answer to a prompt ({help})
  reused_value,      // a value from earlier in the conversation is used ({value})
  not_in_area,       // a postcode outside the municipality
  gave_up,           // a value asked too often: topics and a person instead
  not_spoken,        // a message in a language the municipality does not serve ({languages})
  confirm_stop_all,  // "stop" outside a dialogue, when the content does not ask in its words
  declined,          // "no" to an offer whose content says nothing for it
  also_subscribed,   // {also} in a subscription's answer: the resident's other topics ({topics})
  postcode_letters,  // four digits given where the whole postcode is needed
  confirm_again,     // a yes with more after it: the question again, for a plain yes or no
  not_spoken_other,  // a language loket recognises but has no words in ({languages})
  postcode_noted,    // a postcode alone, asked for by nothing: kept for what needs it ({postcode})
  crisis_again,      // not understood after help in a crisis: that help again follows
  whole_answer,      // the button under the part of an answer that was asked about
};

// The built-in answer of `kind`, or a sentence, in `lang` (English when loket has none in it);
// {municipality} and {languages} are left for the caller.
const std::string& small_talk_answer(SmallTalk kind, std::string_view lang);
const std::string& sentence(Sentence which, std::string_view lang);
// Whether loket's own sentences are written in `lang` (the languages of its sentences); in any
// other it recognises (Polish, Arabic, ...) it answers in a served one.
bool has_own_words(std::string_view lang);
// Where to find a value of `entity` (postcode, house_number, date, email, phone), in `lang`.
const std::string& where_to_find(std::string_view entity, std::string_view lang);

// "Dutch and English" in `lang`: the names of `codes` joined with that language's "and" (with
// `either`, its "or": "write to me in Dutch or English").
std::string language_list(const std::vector<std::string>& codes, std::string_view lang,
                          bool either = false);

// "weet ik niet", "no idea", "keine Ahnung": the resident cannot give what was asked.
bool says_dont_know(const std::vector<intents::Token>& tokens);
// "en ...", "and ...", "what about ...", or a short message pointing back ("hoe lang duurt
// dat?"): a follow-up to the previous question.
bool is_follow_up(const std::vector<intents::Token>& tokens);
// "kosten?", "wanneer?", "how much?": what is asked about, without saying about what.
bool asks_only_about_an_aspect(const std::vector<intents::Token>& tokens);
// "open op zaterdag?", "hoe laat open?", "opening hours?": when something is open, not what.
bool asks_only_when_open(const std::vector<intents::Token>& tokens);
// Whether the words speak of opening ("open", "openingstijden", "Öffnungszeiten").
bool mentions_opening(const std::vector<intents::Token>& tokens);
// "dat is het niet", "that's not it", "das meine ich nicht": the answer before was not it, and
// the message asks nothing else.
bool rejects_the_answer(const std::vector<intents::Token>& tokens);
// The same words in a message of any length ("nein, das meine ich nicht, ich bin nicht
// behindert"); in a long one only those about what was meant.
bool says_the_answer_was_wrong(const std::vector<intents::Token>& tokens);
// "ik bedoel ...", "I meant ...", "ich meine ...": the question before, corrected.
bool is_correction(const std::vector<intents::Token>& tokens);
// "laat maar", "toch maar niet", "never mind", "schon gut": the question loket asked is off.
bool calls_off_the_question(const std::vector<intents::Token>& tokens);
// The message without its swear words ("die kut container is weer niet geleegd" still asks);
// empty for an insult ("jullie zijn idioten").
std::vector<intents::Token> without_swearing(const std::vector<intents::Token>& tokens);
// "in English, please", "und auf Deutsch?", "kan dat in het Engels": the language asked for
// (nl, en, de, da, sv, no, fr), when the message asks for nothing else.
std::optional<std::string> asked_language(const std::vector<intents::Token>& tokens);
// "stop", "stopp", "halt": the bare word, which ends a dialogue or asks what to stop.
bool is_stop_word(const std::vector<intents::Token>& tokens);

}  // namespace loket::dialogue
