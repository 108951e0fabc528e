// The dialogue's answer to one Message, typed: what to say (with links), what to suggest, what
// the bot expects next, and what to carry out (a subscription change). Each edge renders it in
// its own format (the chat API's JSON, a platform's message and buttons). A plain value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/office_hours.h"

namespace loket::dialogue {

struct Link {
  std::string title, url;
};

struct Said {
  std::string text;
  std::vector<Link> links;
};

struct Suggestion {
  std::string intent;
  std::string title;  // in the reply's language
};

// A subscription change the resident asked for. The dialogue decides it; the caller carries it
// out against the store and hands the outcome to Dialogue::finish_action().
struct Action {
  config::Action::Kind kind = config::Action::Kind::subscribe;
  std::string topic;  // empty for "all" (unsubscribe) and for listing
  std::string lang;
  std::optional<std::string> postcode;
  std::map<std::string, std::string> values;  // the slots' values, for the answer's placeholders
};

struct ActionResult {
  bool ok = false;                  // false: the store could not be reached
  std::vector<std::string> topics;  // the resident's topics afterwards
};

// Where handing the resident to a person stands, for the resident's client.
struct HandoffStatus {
  enum class Phase { offered, waiting, active, callback, closed };
  Phase phase = Phase::offered;
  int position = 0;               // waiting: the place in the queue, 1 first
  long long expected_wait_s = 0;  // waiting: an estimate
};

// "offered", "waiting", "active", "callback", "closed": the phase as the chat API names it.
inline const char* handoff_phase_name(HandoffStatus::Phase phase) {
  constexpr const char* kNames[] = {"offered", "waiting", "active", "callback", "closed"};
  return kNames[static_cast<int>(phase)];
}

// A handoff step the dialogue decided on, for the caller to carry out (in the store) and to hand
// back to Dialogue::finish_handoff().
struct HandoffRequest {
  enum class Kind { start, callback };
  Kind kind = Kind::start;
  std::string question;                      // callback: what the resident left
  std::string contact;                       // callback: an e-mail address or phone number
  std::optional<config::Opening> next_open;  // callback: when staff are in again (none: now)
};

struct HandoffOutcome {
  enum class Kind { waiting, queue_full, saved, failed };
  Kind kind = Kind::failed;
  std::int64_t id = 0;  // the handoff, when stored
  int position = 0;
  long long expected_wait_s = 0;
};

struct Reply {
  std::string lang;
  std::string intent;  // empty: not understood (the fallback)
  // Not understood: the intent it came nearest to (offered first), for the statistics; else empty.
  std::string nearest;
  double confidence = 0;
  std::vector<Said> messages;
  std::vector<Suggestion> suggestions;
  std::string expecting;         // the slot asked for ("postcode"), "confirmation", or empty
  std::optional<Action> action;  // set: messages follow from finish_action()
  std::optional<HandoffStatus> handoff;           // while a handoff is offered or under way
  std::optional<HandoffRequest> handoff_request;  // set: messages follow from finish_handoff()
  // The message answered a question about the resident's circumstances (income, household):
  // its text is not logged.
  bool private_text = false;
};

}  // namespace loket::dialogue
