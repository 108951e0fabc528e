// What loket says itself while it hands a resident to a person: the buttons, the queue, a person
// joining or leaving, office hours, and a callback request, in every language it has sentences
// in (English when it has none in the language asked). Pure functions over immutable tables;
// safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "config/office_hours.h"

namespace loket::dialogue {

// The built-in intents of a handoff: the offer's button, and ending the conversation with a
// person (or the wait for one).
inline constexpr std::string_view kHandoffIntent = "handoff";
inline constexpr std::string_view kEndHandoffIntent = "end-handoff";

enum class HandoffSentence {
  talk_button,      // the offer's button while staff are in
  callback_button,  // the offer's button while they are not: leave a question to be answered
  end_button,       // ends the wait or the conversation with a person
  waiting,          // {position} in the queue, about {minutes} minutes
  still_waiting,    // a message while waiting: passed on ({position}, {minutes})
  joined,           // {name} joined
  ended_by_resident,
  ended_by_staff,   // {name} ended it
  back_to_bot,      // staff handed the conversation back to the bot
  closed,           // staff are not in: back {when}; what is the question?
  closed_long,      // not in for the next two weeks; what is the question?
  queue_full,       // too many waiting: what is the question, to call back?
  ask_contact,      // e-mail or phone
  contact_invalid,  // that was neither
  callback_saved,   // we contact you from {when}
  callback_saved_soon,
  callback_dropped,  // asked too often, or "stop": no callback request
  unreachable,       // no person in this chat now (no database): how else to reach one follows
};

const std::string& handoff_sentence(HandoffSentence which, std::string_view lang);

// "maandag 7 december om 8.30 uur", "Monday 7 December at 8:30": when staff are in again, in
// `lang`.
std::string opening_phrase(const config::Opening& opening, std::string_view lang);
// "2026-12-06" as residents write it in `lang`: "6 december 2026", "6. Dezember 2026" (the
// neighbourhood page's alerts too). Anything else is returned as it is.
std::string spelled_date(const std::string& iso, std::string_view lang);

// Whole minutes, at least one: what "about N minutes" says for `seconds`.
long long wait_minutes(long long seconds);

}  // namespace loket::dialogue
